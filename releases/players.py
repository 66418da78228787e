"""External video players without third-party cookies until the reader asks for them.

A YouTube or Vimeo link on an asset is shown as a still tile with a play button; only a press
of the button (static/newsroom/player.js) puts the provider's player in the page, from its
privacy-enhanced host (youtube-nocookie.com; Vimeo with dnt=1, "do not track"), so reading a
release never contacts the provider. Without JavaScript the button is a plain link to the video.
The hosts are in the Content-Security-Policy's frame-src (pressroom/settings.py) and nowhere
else."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}?autoplay=1&rel=0"
VIMEO_EMBED = "https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"
FRAME_SOURCES = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_VIMEO_ID = re.compile(r"[0-9]{1,12}")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}  # fmt: skip


@dataclass(frozen=True)
class Player:
    provider: str  # shown: "YouTube", "Vimeo"
    embed_url: str


def external_player(url: str) -> Player | None:
    """The privacy-enhanced player of a YouTube or Vimeo link, or None for any other link."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    video_id = ""
    if host in _YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            video_id = segments[1]
    elif host == "youtu.be" and segments:
        video_id = segments[0]
    if video_id:
        if _YOUTUBE_ID.fullmatch(video_id):
            return Player("YouTube", YOUTUBE_EMBED.format(id=video_id))
        return None
    if host in {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}:
        numbers = [s for s in segments if _VIMEO_ID.fullmatch(s)]
        if numbers:
            return Player("Vimeo", VIMEO_EMBED.format(id=numbers[0]))
    return None

"""A story's snapshot, fetched: the page as published (kept as the item's capture, a saved
HTML file served only as a download), its title and its first paragraph, so the record of what
ran survives the outlet moving or deleting it. Fetched through the guarded fetcher
(`coverage.fetch`: public addresses only, time-out, size limit, no cookies), on a worker."""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

import httpx
from django.core.files.base import ContentFile
from django.db.models import QuerySet

from coverage.fetch import FetchFailed, FetchRefused, fetch, new_client
from coverage.models import CoverageItem

# A line break between two Chinese characters (or their punctuation) is no space.
_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")
# A first paragraph shorter than this is a caption or a byline, not the story's opening.
PARAGRAPH_MIN_CHARS = 40


@dataclass
class Snapshot:
    title: str
    paragraph: str


class _Reader(HTMLParser):
    """The page's title (its og:title if it has one), its description and first paragraph."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.og_title, self.description = "", "", ""
        self.paragraphs: list[str] = []
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            content = attributes.get("content") or ""
            if key == "og:title":
                self.og_title = self.og_title or content
            elif key in ("og:description", "description"):
                self.description = self.description or content
        elif tag in ("title", "p") and self._in is None:
            self._in, self._text = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag != self._in:
            return
        text = _CJK_GAP.sub("", " ".join("".join(self._text).split()))
        if tag == "title":
            self.title = self.title or text
        elif text:
            self.paragraphs.append(text)
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)


def read_snapshot(html: str) -> Snapshot:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    opening = next((p for p in reader.paragraphs if len(p) >= PARAGRAPH_MIN_CHARS), "")
    return Snapshot(
        title=unescape(reader.og_title or reader.title).strip()[:500],
        paragraph=(opening or unescape(reader.description)).strip()[:2000],
    )


def _decode(body: bytes) -> str:
    for codec in ("utf-8", "big5hkscs"):
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode("utf-8", errors="replace")


def snapshot_fetch(item: CoverageItem, *, client: httpx.Client) -> str:
    """Fetch the item's page and keep its snapshot; the title and paragraph an officer typed
    stay. Returns "" when kept, else why not (refused address, time-out, too large, HTTP)."""
    try:
        fetched = fetch(item.url, client=client)
    except (FetchRefused, FetchFailed) as error:
        return str(error)
    html = _decode(fetched.body)
    found = read_snapshot(html)
    item.snapshot_title = item.snapshot_title or found.title
    item.snapshot_paragraph = item.snapshot_paragraph or found.paragraph
    item.capture.save(f"snapshot-{item.pk}.html", ContentFile(fetched.body), save=False)
    item.save(update_fields=["snapshot_title", "snapshot_paragraph", "capture"])
    return ""


def snapshots_fetch(items: QuerySet[CoverageItem]) -> dict[int, str]:
    """Each item's outcome by id: "" for a snapshot kept, else the reason."""
    with new_client() as client:
        return {item.pk: snapshot_fetch(item, client=client) for item in items}

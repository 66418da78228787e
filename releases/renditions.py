"""The images the newsroom makes of an asset: for the web (480 and 1,200 pixels wide), for social
cards (exactly 1,200 × 630, what Facebook, LinkedIn and X show for a shared link), and for print
(full resolution). Each is a JPEG without EXIF (no camera, no GPS position), made from an
uploaded photo or, for an uploaded video, from its poster frame (its first key frame from one
second in, decoded by PyAV's FFmpeg), so a video has a still on the newsroom, in the gallery and
on a social card like a photo.

A rendition is made on first use, or ahead of the embargo by the newsroom tick, and kept under
MEDIA_ROOT/thumbnails/<asset>/ (never served from there directly: only through the newsroom's
embargo-checked views). Its name includes the stored file's name, which has a random folder per
upload, so a new upload never shows an old rendition."""

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO

import av
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from PIL import Image, ImageOps

from releases.models import Asset

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendition:
    box: tuple[int, int] | None  # fitted inside (never enlarged); None: full size
    crop: bool = False  # filled exactly, cut to the box's shape (enlarged if it must)
    quality: int = 82


# Only these are made: any other name is a 404, so nobody can make the server resize at will.
RENDITIONS: dict[str, Rendition] = {
    "w480": Rendition(box=(480, 480 * 4)),  # galleries and lists
    "w1200": Rendition(box=(1200, 1200 * 4)),  # the asset page, a video's poster
    "social": Rendition(box=(1200, 630), crop=True),  # Open Graph and X cards
    "print": Rendition(box=None, quality=92),  # full resolution, a download
}
# The ones shown in pages (newsroom_urls.RenditionConverter); print has its own address.
SHOWN = ("w480", "w1200", "social")
# Where the social card is cut from a photo of another shape: the middle across, a little above
# the middle down, where faces in press photos mostly are.
SOCIAL_CENTRE = (0.5, 0.4)
# A video's poster frame: the first key frame from this many seconds in (the very first frame
# is often black, a fade-in).
POSTER_AT_SECONDS = 1.0


def print_filename(asset: Asset) -> str:
    """The print rendition's download name: the original's, as a JPEG (chairman.tif →
    chairman-print.jpg)."""
    return f"{PurePath(asset.filename).stem or asset.pk}-print.jpg"


def rendition_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "thumbnails"


def rendition_path(asset: Asset, name: str) -> Path:
    digest = hashlib.sha256(asset.file.name.encode()).hexdigest()[:20]
    return rendition_root() / str(asset.pk) / f"{digest}-{name}.jpg"


def asset_rendition(*, asset: Asset, name: str) -> Path | None:
    """The JPEG of that rendition of the asset, made now unless kept; None if the name is not
    offered, the asset has no image, or its file is not a readable image or video."""
    rendition = RENDITIONS.get(name)
    if rendition is None or not asset.has_image():
        return None
    target = rendition_path(asset, name)
    if target.exists():
        return target
    try:
        with asset.file.open("rb") as source:
            if asset.kind == Asset.Kind.VIDEO:
                image = poster_frame(source)
            else:
                image = _photo(source, rendition)
        _save(_shaped(image, rendition), target, quality=rendition.quality)
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        Image.DecompressionBombError,
        SuspiciousFileOperation,
        av.FFmpegError,
    ):
        logger.warning("No %s of asset %s (%s)", name, asset.pk, asset.file.name, exc_info=True)
        return None
    return target


def poster_frame(source: IO[bytes]) -> Image.Image:
    """The video's poster frame as a picture: its first key frame at or after POSTER_AT_SECONDS
    (only key frames are decoded, so it is fast), else the last before, else the first of a
    shorter clip. ValueError when the file has no video stream or no frame decodes."""
    with av.open(source, mode="r") as container:
        if not container.streams.video:
            raise ValueError("No video stream.")
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        earlier = None
        if stream.time_base:  # to the key frame at or before that moment
            container.seek(int(POSTER_AT_SECONDS / stream.time_base), stream=stream)
        for frame in container.decode(stream):
            if frame.time is None or frame.time >= POSTER_AT_SECONDS:
                return frame.to_image()
            earlier = earlier or frame.to_image()
        if earlier is not None:
            return earlier
    raise ValueError("No frame could be decoded.")


def _photo(source: IO[bytes], rendition: Rendition) -> Image.Image:
    with Image.open(source) as original:
        if rendition.box and not rendition.crop:
            original.draft("RGB", rendition.box)  # JPEG: decode at a reduced size, faster
        icc = original.info.get("icc_profile")
        image = ImageOps.exif_transpose(original)  # upright, as the camera meant it
        image.load()
    if icc:
        image.info["icc_profile"] = icc  # colours stay as shot; EXIF does not travel
    return image


def _shaped(image: Image.Image, rendition: Rendition) -> Image.Image:
    icc = image.info.get("icc_profile")
    if image.mode in {"RGBA", "LA", "P", "PA"}:
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")  # transparency onto white
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    image = image.convert("RGB")
    if rendition.box and rendition.crop:
        image = ImageOps.fit(
            image, rendition.box, Image.Resampling.LANCZOS, centering=SOCIAL_CENTRE
        )
    elif rendition.box:
        image.thumbnail(rendition.box, Image.Resampling.LANCZOS)  # never enlarges
    if icc:
        image.info["icc_profile"] = icc
    return image


def _save(image: Image.Image, target: Path, *, quality: int) -> None:
    """Written beside the target and renamed, so a reader never sees half a file and two
    requests making the same rendition do not corrupt each other. No EXIF is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            image.save(
                out,
                "JPEG",
                quality=quality,
                optimize=True,
                progressive=True,
                icc_profile=image.info.get("icc_profile"),
            )
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

"""A release's press kit: one ZIP of every uploaded original whose licence runs, and a bilingual
captions file (caption, credit, licence, and the links of assets that are not files).

Built by a worker ahead of the embargo (the newsroom tick, for releases lifting within the hour
and those just lifted) and kept under MEDIA_ROOT/presskits by a digest of what it holds, so an
edited caption or a new photo makes a new kit and an unchanged release never builds twice. The
newsroom serves it only while the release is public, as every other file; a kit asked for before
the worker made it is built at once when its originals are small (PRESSKIT_INLINE_BYTES), else
the reader is asked to come back in a minute while a worker builds it."""

import hashlib
import logging
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from releases.models import Asset, Release

logger = logging.getLogger(__name__)


def presskit_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "presskits"


def _assets(release: Release, at: datetime) -> list[Asset]:
    return list(Asset.objects.licensed(at).filter(release=release).order_by("order", "pk"))


def presskit_path(release: Release, *, at: datetime | None = None) -> Path:
    """Where the kit of the release as it is now is (or will be) kept."""
    assets = _assets(release, at or timezone.now())
    headlines = sorted(release.translations.values_list("language", "headline"))
    digest = hashlib.sha256()
    digest.update(repr(headlines).encode())
    for a in assets:
        parts = (a.pk, a.file.name, a.external_url, a.caption_en, a.caption_zh_hant, a.credit,
                 a.licence, a.licence_expires)  # fmt: skip
        digest.update(repr(parts).encode())
    return presskit_root() / str(release.pk) / f"{digest.hexdigest()[:20]}.zip"


def presskit_size(release: Release, *, at: datetime | None = None) -> int:
    """The bytes of the originals the kit would hold."""
    total = 0
    for asset in _assets(release, at or timezone.now()):
        if asset.file:
            try:
                total += asset.file.size
            except OSError:
                continue
    return total


def _captions(release: Release, assets: list[Asset], names: dict[int, str]) -> str:
    lines: list[str] = []
    for language in ("zh-hant", "en"):
        with translation.override(language):
            headline = next(
                (t.headline for t in release.translations.all() if t.language == language), ""
            )
            lines += [headline or release.slug, ""]
            for number, asset in enumerate(assets, start=1):
                what = names.get(asset.pk) or asset.external_url
                terms = [str(asset.get_licence_display())]
                if asset.credit:
                    terms.insert(0, asset.credit)
                if asset.licence_expires:
                    terms.append(asset.licence_expires.isoformat())
                lines.append(f"{number}. {what}")
                lines.append(f"   {asset.caption(language)}")
                lines.append(f"   {' · '.join(terms)}")
            lines.append("")
    return "\n".join(lines)


def presskit_build(
    release: Release, *, at: datetime | None = None, target: Path | None = None
) -> Path:
    """Write the kit if it is not there yet; its path (`target`: its `presskit_path`, when the
    caller has it). Written to a temporary file and renamed, so a reader never gets half a ZIP."""
    at = at or timezone.now()
    target = target or presskit_path(release, at=at)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    assets = _assets(release, at)
    names: dict[int, str] = {}
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, zipfile.ZipFile(out, "w") as archive:
            for number, asset in enumerate(assets, start=1):
                if not asset.file:
                    continue
                name = f"{number:02d}-{asset.filename}"
                try:
                    with asset.file.open("rb") as original:
                        # Photos and videos are compressed already: stored, not deflated.
                        archive.writestr(zipfile.ZipInfo(name, at.timetuple()[:6]), original.read())
                except OSError:
                    logger.warning(
                        "press kit of release %s: asset %s unreadable", release.pk, asset.pk
                    )
                    continue
                names[asset.pk] = name
            archive.writestr(
                "captions.txt",
                _captions(release, assets, names),
                compress_type=zipfile.ZIP_DEFLATED,
            )
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    logger.info("press kit of release %s: %s files", release.pk, len(names))
    return target

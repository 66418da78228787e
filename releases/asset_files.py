"""Which uploaded files a release may carry, and how every one of them leaves the site.

An asset is accepted only when its content (its first bytes, read by `filetype`'s magic-number
table, never its name or the browser's claim) is one of the types a press kit needs: photos,
video, PDF, office documents, ZIP. HTML, SVG and scripts are refused: served from this origin
they would run as pages of the site. Whatever is in the store (files from before this check
included), an original always leaves as a download of its detected type, or of
application/octet-stream, with `nosniff` and a sandboxing Content-Security-Policy, so no
browser renders or executes it as ours.
"""

from pathlib import PurePath
from typing import IO

import filetype
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _

# Detected MIME type -> the file name extensions that may carry it.
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "image/jpeg": frozenset({"jpg", "jpeg"}),
    "image/png": frozenset({"png"}),
    "image/gif": frozenset({"gif"}),
    "image/webp": frozenset({"webp"}),
    "image/tiff": frozenset({"tif", "tiff"}),
    "image/heic": frozenset({"heic"}),
    "video/mp4": frozenset({"mp4", "m4v"}),
    "video/x-m4v": frozenset({"m4v", "mp4"}),
    "video/quicktime": frozenset({"mov"}),
    "video/webm": frozenset({"webm"}),
    "application/pdf": frozenset({"pdf"}),
    "application/zip": frozenset({"zip"}),
    "application/msword": frozenset({"doc"}),
    "application/vnd.ms-excel": frozenset({"xls"}),
    "application/vnd.ms-powerpoint": frozenset({"ppt"}),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": frozenset({"docx"}),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": frozenset({"xlsx"}),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": frozenset(
        {"pptx"}
    ),
}
ALLOWED_EXTENSIONS = frozenset().union(*ALLOWED_TYPES.values())

# `filetype` reads at most this many bytes: every signature it knows lies within them.
_HEAD_BYTES = 8192


def detected_type(handle: IO[bytes]) -> str | None:
    """The allow-listed MIME type the content starts with, else None. Leaves the position as
    it found it."""
    start = handle.tell()
    try:
        head = handle.read(_HEAD_BYTES)
    finally:
        handle.seek(start)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return None
    return str(kind.mime)


def validate_asset_file(upload: File) -> None:
    """The form's check of an uploaded asset: an allowed type by content, under a name that
    says the same type. A file already in the store is not read again: it passed when it was
    uploaded, or predates the check and leaves as an inert download (original_download)."""
    if getattr(upload, "_committed", False):
        return
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "Files of type “.%(extension)s” cannot be attached. Attach photos (JPEG, PNG, "
                "GIF, WebP, TIFF, HEIC), video (MP4, MOV, WebM), PDF, Word, Excel, PowerPoint "
                "or ZIP files."
            ),
            code="asset_type",
            params={"extension": extension},
        )
    upload.open("rb")
    mime = detected_type(upload.file)  # type: ignore[arg-type]
    if mime is None or extension not in ALLOWED_TYPES[mime]:
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a .%(extension)s file (or is damaged). "
                "Save it again from the program that made it and upload that."
            ),
            code="asset_content",
            params={"name": PurePath(upload.name or "").name, "extension": extension},
        )


def original_download(stored: FieldFile, *, filename: str) -> FileResponse:
    """An uploaded original as a download: of its detected type when that is allowed, else an
    opaque byte stream; never sniffed, never run as a document of this origin. The file is
    opened through the storage by the name in the database, never by anything in a URL."""
    try:
        handle = stored.open("rb")
    except (OSError, ValueError, SuspiciousFileOperation) as error:  # missing, or outside the store
        raise Http404("No such file.") from error
    content_type = detected_type(handle) or "application/octet-stream"
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response

"""The embedded default email backend: each message is written to OUTBOX_DIR as an .eml file,
which the PR officer can open in any mail program or in the admin's outbox browser (which reads
them back with the helpers below). Nothing leaves the machine."""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage as ParsedMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args: object, outbox_dir: Path | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.outbox_dir = Path(outbox_dir or settings.OUTBOX_DIR)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
        count = 0
        for message in email_messages:
            path = self.outbox_dir / f"{stamp}-{uuid.uuid4().hex[:12]}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            count += 1
        return count


# --- Reading the outbox back (the admin's outbox browser) ----------------------------------

# What the backend writes, and all a request may name: no separators, no leading dot.
OUTBOX_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.eml$")
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class OutboxEntry:
    name: str
    subject: str
    to: str
    date: datetime | None
    size: int
    message_id: str = ""


def outbox_names(*, folder: Path) -> list[str]:
    """The message files in the outbox, newest first (their names start with a UTC stamp)."""
    if not folder.is_dir():
        return []
    names = [
        path.name
        for path in folder.iterdir()
        if OUTBOX_NAME.match(path.name) and path.is_file() and not path.is_symlink()
    ]
    return sorted(names, reverse=True)


def outbox_path(*, folder: Path, name: str) -> Path | None:
    """The file `name` in the outbox, or None for a name that is not a message file directly
    inside it (a path, a symlink leading elsewhere, a file that is not there)."""
    if not OUTBOX_NAME.match(name):
        return None
    root = folder.resolve()
    path = root / name
    if path.is_symlink() or not path.is_file() or path.resolve().parent != root:
        return None
    return path


def outbox_entry(*, path: Path) -> OutboxEntry:
    """Subject, To and Date from the head of the file, without reading the whole message."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    head = re.split(rb"\r?\n\r?\n", head, maxsplit=1)[0]
    headers = BytesHeaderParser(policy=policy.default).parsebytes(head)
    try:
        date = parsedate_to_datetime(str(headers["Date"])) if headers["Date"] else None
    except (TypeError, ValueError):
        date = None
    if date is not None and date.tzinfo is None:
        date = date.replace(tzinfo=UTC)  # "-0000": UTC, the sender's zone unknown (RFC 5322)
    return OutboxEntry(
        name=path.name,
        subject=str(headers["Subject"] or ""),
        to=str(headers["To"] or ""),
        date=date,
        size=path.stat().st_size,
        message_id=str(headers["Message-ID"] or "").strip(),
    )


def outbox_read(*, path: Path) -> ParsedMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, ParsedMessage)
    return message

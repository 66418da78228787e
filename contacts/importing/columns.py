"""Which column of the officer's sheet is which field (English or Chinese headers, in any
order), and the small readers of a cell: one line, several lines, a name's matching key, an
email address."""

import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext
from openpyxl.utils import get_column_letter

from contacts.resources import (
    IGNORED_HEADERS,
    Column,
    header_key,
    unneutralise,
)


class ImportRefused(Exception):
    """The whole file is refused (no email column, two columns for one field…). The message is
    for the PR officer; nothing has been written."""


# --- Columns -----------------------------------------------------------------------------------


@dataclass
class ColumnMatch:
    index: dict[str, int]
    used: list[dict[str, str]]
    ignored: list[dict[str, str]]


def match_columns(
    header: list[str], columns: list[Column], *, required: tuple[str, ...]
) -> ColumnMatch:
    """Which spreadsheet column holds which field. Refuses a file with none of the `required`
    columns, or with two columns for one field."""
    by_key = {header_key(text): column for column in columns for text in column.accepted()}
    index: dict[str, int] = {}
    used: list[dict[str, str]] = []
    ignored: list[dict[str, str]] = []
    for position, text in enumerate(header):
        letter = get_column_letter(position + 1)
        if not text:
            continue
        column = by_key.get(header_key(text)) or _bilingual_header(text, by_key)
        if column is None:
            why = (
                "rows are matched by email address or name, never by an id in a file"
                if header_key(text) in {header_key("ID"), header_key("編號")}
                else "not imported"
                if header_key(text) in IGNORED_HEADERS
                else "not a column Pressroom knows"
            )
            ignored.append({"column": letter, "header": text, "why": why})
            continue
        if column.key in index:
            first = get_column_letter(index[column.key] + 1)
            raise ImportRefused(
                gettext(
                    "Columns %(first)s and %(second)s are both read as “%(field)s” "
                    "(%(first_header)s / %(second_header)s). Keep one of them and upload again."
                )
                % {
                    "first": first,
                    "second": letter,
                    "field": column.header,
                    "first_header": header[index[column.key]],
                    "second_header": text,
                }
            )
        index[column.key] = position
        used.append({"column": letter, "header": text, "field": column.header})
    if not any(key in index for key in required):
        wanted = [column for column in columns if column.key in required]
        examples = [text for column in wanted for text in column.accepted()[:3]]
        found = ", ".join(f"“{text}”" for text in header if text) or gettext("none")
        raise ImportRefused(
            gettext(
                "The file has no %(field)s column. Pressroom looks for a header such as "
                "%(examples)s. Headers found: %(found)s."
            )
            % {"field": wanted[0].header, "examples": ", ".join(examples), "found": found}
        )
    return ColumnMatch(index=index, used=used, ignored=ignored)


_HEADER_PARTS = re.compile(r"[A-Za-z][A-Za-z0-9\s()_\-.]*|[\u3400-\u9fff\uf900-\ufaff]+")


def _bilingual_header(text: str, by_key: dict[str, Column]) -> Column | None:
    """ "電郵 Email", "Email / 電郵", "姓名Name": a header written in both languages, as Hong
    Kong spreadsheets often have them, read as the column both halves name."""
    found = {
        by_key[key] for part in _HEADER_PARTS.findall(text) if (key := header_key(part)) in by_key
    }
    return found.pop() if len(found) == 1 else None


def single_line(value: str) -> str:
    """A cell as one line: spaces trimmed and runs of whitespace (a line break typed into a
    name) made one space; an export's formula guard taken off."""
    if not value:
        return ""
    value = value.strip()
    if "  " in value or "\n" in value or "\r" in value or "\t" in value:
        value = " ".join(value.split())
    return unneutralise(value) if value[:1] == "'" else value


def multi_line(value: str) -> str:
    return unneutralise(value.replace("\r\n", "\n").replace("\r", "\n").strip())


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """How names of outlets, beats and lists, and values such as languages, are compared. The
    same few values fill a whole column, so each is folded once."""
    return header_key(name) if name else ""


# Django's own email patterns, compiled once: an address they accept is accepted here without the
# validator's per-call overhead; anything else gets the validator's full verdict (IDN, literals).
_email_validator = EmailValidator()
_USER = re.compile(EmailValidator.user_regex.pattern, re.IGNORECASE)
_DOMAIN = re.compile(EmailValidator.domain_regex.pattern, re.IGNORECASE)


def is_email(value: str) -> bool:
    user, at, domain = value.rpartition("@")
    if at and len(value) <= 254 and _USER.match(user) and _DOMAIN.match(domain):
        return True
    try:
        _email_validator(value)
    except ValidationError:
        return False
    return len(value) <= 254

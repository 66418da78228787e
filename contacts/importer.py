"""The import engine behind `contacts_import` and `outlets_import` (services.py).

Fast because it works in bulk: the file is parsed and every row validated in Python, the
database is asked about existing addresses a few thousand at a time, and writes are bulk
inserts and updates in one transaction (many-to-many rows with ignore_conflicts), never one
query per row. Forgiving because a bad row is reported with its row number and reason and the
good rows still go in. Safe because rows are matched by normalised email (contacts) or name
(outlets) only: an id in the file is ignored; an agency officer's import never changes a record
the agency does not maintain and only fills its own lists; and an address on the suppression
list stays suppressed."""

import functools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from contacts import bulk
from contacts.models import (
    Beat,
    DistributionList,
    Language,
    MediaContact,
    Organisation,
    Outlet,
    StaffUser,
    Suppression,
    agency_of,
    normalise_email,
    organisation_of,
)
from contacts.resources import (
    CONTACT_COLUMNS,
    IGNORED_HEADERS,
    LANGUAGE_VALUES,
    OUTLET_COLUMNS,
    OUTLET_KIND_VALUES,
    Column,
    header_key,
    is_chinese,
    split_lists,
    split_tags,
    unneutralise,
)
from contacts.scoping import media_contacts_visible_to
from contacts.tabular import Table

Progress = Callable[[str, int, int], None]

# How much of each list a report keeps; the counts are always exact.
REPORT_LIMIT = 500
LOOKUP_CHUNK = 20_000
WRITE_BATCH = 2000

# The status a new contact gets when its address is already on the suppression list.
STATUS_FOR_SUPPRESSION: dict[str, str] = {
    Suppression.Reason.UNSUBSCRIBE: MediaContact.Status.UNSUBSCRIBED,
    Suppression.Reason.HARD_BOUNCE: MediaContact.Status.BOUNCED,
    Suppression.Reason.COMPLAINT: MediaContact.Status.DO_NOT_CONTACT,
    Suppression.Reason.MANUAL: MediaContact.Status.DO_NOT_CONTACT,
}

_email_validator = EmailValidator()


class ImportRefused(Exception):
    """The whole file is refused (no email column, two columns for one field…). The message is
    for the PR officer; nothing has been written."""


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


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


def _single_line(value: str) -> str:
    """A cell as one line: spaces trimmed and runs of whitespace (a line break typed into a
    name) made one space; an export's formula guard taken off."""
    if not value:
        return ""
    value = value.strip()
    if "  " in value or "\n" in value or "\r" in value or "\t" in value:
        value = " ".join(value.split())
    return unneutralise(value) if value[:1] == "'" else value


def _multi_line(value: str) -> str:
    return unneutralise(value.replace("\r\n", "\n").replace("\r", "\n").strip())


@functools.lru_cache(maxsize=65536)
def _name_key(name: str) -> str:
    """How names of outlets, beats and lists, and values such as languages, are compared. The
    same few values fill a whole column, so each is folded once."""
    return header_key(name) if name else ""


# Django's own email patterns, compiled once: an address they accept is accepted here without the
# validator's per-call overhead; anything else gets the validator's full verdict (IDN, literals).
_USER = re.compile(EmailValidator.user_regex.pattern, re.IGNORECASE)
_DOMAIN = re.compile(EmailValidator.domain_regex.pattern, re.IGNORECASE)


def _is_email(value: str) -> bool:
    user, at, domain = value.rpartition("@")
    if at and len(value) <= 254 and _USER.match(user) and _DOMAIN.match(domain):
        return True
    try:
        _email_validator(value)
    except ValidationError:
        return False
    return len(value) <= 254


# --- The report a PR officer reads -------------------------------------------------------------


@dataclass
class Report:
    kind: str
    dry_run: bool
    file_name: str
    counts: Counter[str] = field(default_factory=Counter)
    invalid: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)
    suppressed: list[dict[str, Any]] = field(default_factory=list)
    not_editable: list[dict[str, Any]] = field(default_factory=list)
    # Rows naming a contact the importer may not see: only their row number, never why (that
    # would tell an agency the in-house team's contacts exist).
    not_imported: list[dict[str, Any]] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)
    new_outlets: list[str] = field(default_factory=list)
    new_beats: list[str] = field(default_factory=list)
    new_lists: list[str] = field(default_factory=list)
    list_additions: list[dict[str, Any]] = field(default_factory=list)
    preview: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    columns: list[dict[str, str]] = field(default_factory=list)
    ignored_columns: list[dict[str, str]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def add(self, bucket: list[dict[str, Any]], count: str, entry: dict[str, Any]) -> None:
        self.counts[count] += 1
        if len(bucket) < REPORT_LIMIT:
            bucket.append(entry)

    def reject(self, row: int, email: str, reason: str) -> None:
        self.add(self.invalid, "invalid", {"row": row, "email": email, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        counts = {
            name: self.counts[name]
            for name in (
                "rows", "blank", "valid_rows", "new", "updated", "unchanged", "invalid",
                "merged", "suppressed", "not_editable", "not_imported", "kept",
            )
        }  # fmt: skip
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "file_name": self.file_name,
            "counts": counts,
            "invalid": sorted(self.invalid, key=lambda entry: entry["row"]),
            "merged": self.merged,
            "suppressed": self.suppressed,
            "not_editable": self.not_editable,
            "not_imported": self.not_imported,
            "kept": self.kept,
            "new_outlets": self.new_outlets[:REPORT_LIMIT],
            "new_outlet_count": len(self.new_outlets),
            "new_beats": self.new_beats[:REPORT_LIMIT],
            "new_beat_count": len(self.new_beats),
            "new_lists": self.new_lists,
            "list_additions": self.list_additions,
            "preview": self.preview,
            "notes": self.notes,
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "limit": REPORT_LIMIT,
            "timings": {name: round(seconds, 3) for name, seconds in self.timings.items()},
        }


def _start_report(
    kind: str, table: Table, match: ColumnMatch, *, dry_run: bool, file_name: str
) -> Report:
    report = Report(kind=kind, dry_run=dry_run, file_name=file_name)
    report.counts["rows"] = len(table.rows)
    report.counts["blank"] = table.blank_rows
    report.columns = match.used
    report.ignored_columns = match.ignored
    report.notes.extend(table.notes)
    read_as = table.file_format
    if table.file_format == "CSV":
        read_as += f", {table.encoding_label}"
    report.notes.append(
        gettext("Read as %(format)s; the header is row %(row)s.")
        % {"format": read_as, "row": table.header_row}
    )
    return report


class _Timer:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.started = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.timings[name] = self.report.timings.get(name, 0.0) + now - self.started
        self.started = now


# --- Reference data: outlets, beats, lists -----------------------------------------------------


@dataclass
class _NewOutlet:
    name_en: str
    name_zh_hant: str
    kind: str
    language: str = Language.BOTH
    region: str = "Hong Kong"
    website: str = ""
    pk: int | None = None


# "Kowloon Business Times / 九龍商報", "九龍商報 (Kowloon Business Times)": an outlet named in both
# languages in one cell, split where a slash, bar or bracket says so. Names run together with a
# space only are left whole: "TVB 翡翠台", "HK01" and "Now新聞台" are single names.
_BILINGUAL_NAME = re.compile(
    r"^(?P<first>[^/／|｜(（]+?)\s*(?:[/／|｜]\s*(?P<second>[^/／|｜]+)|[(（](?P<inner>[^)）]+)[)）])$"
)


def outlet_names(cell: str) -> tuple[str, str]:
    """(English, Chinese) of an outlet cell; one of them empty when the cell gives one name."""
    found = _BILINGUAL_NAME.match(cell.strip())
    if found:
        first = found.group("first").strip()
        second = (found.group("second") or found.group("inner") or "").strip()
        if is_chinese(first) != is_chinese(second):
            return (second, first) if is_chinese(first) else (first, second)
    return ("", cell) if is_chinese(cell) else (cell, "")


class _Outlets:
    """Every outlet, by either name, folded: one query, outlets are hundreds not millions. New
    outlets are kept by either name too: a cell naming one in both languages links the rows
    that name it in one language, whichever comes first in the file."""

    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        for pk, name_en, name_zh_hant in Outlet.objects.values_list(
            "pk", "name_en", "name_zh_hant"
        ):
            for name in (name_en, name_zh_hant):
                if name:
                    self.by_name.setdefault(_name_key(name), pk)
        self.new: dict[str, _NewOutlet] = {}

    def resolve(self, name: str, kind: str) -> tuple[int | None, str]:
        """(pk, "") for a known outlet, (None, key) for one to create."""
        english, chinese = outlet_names(name)
        keys = [_name_key(each) for each in (english, chinese) if each]
        for key in keys:
            pk = self.by_name.get(key)
            if pk is not None:
                return pk, ""
        specs = [self.new[key] for key in keys if key in self.new]
        if not specs:
            spec = _NewOutlet(name_en=english or chinese, name_zh_hant=chinese, kind=kind)
        else:
            spec = specs[0]
            for other in specs[1:]:
                if other is not spec:  # one name each so far: now one outlet
                    self._merge(other, into=spec)
            if english and spec.name_en == spec.name_zh_hant:
                spec.name_en = english
            spec.name_zh_hant = spec.name_zh_hant or chinese
        for key in keys:
            self.new[key] = spec
        return None, keys[0]

    def _merge(self, other: _NewOutlet, *, into: _NewOutlet) -> None:
        if into.name_en == into.name_zh_hant and other.name_en != other.name_zh_hant:
            into.name_en = other.name_en
        into.name_zh_hant = into.name_zh_hant or other.name_zh_hant
        into.kind = into.kind or other.kind
        for key, spec in self.new.items():
            if spec is other:
                self.new[key] = into

    def specs(self) -> list[_NewOutlet]:
        return list({id(spec): spec for spec in self.new.values()}.values())

    def keep(self, used: set[str]) -> None:
        """Forget the new names no imported row ended up using (rows found invalid later)."""
        kept = {id(self.new[key]) for key in used if key in self.new}
        self.new = {key: spec for key, spec in self.new.items() if id(spec) in kept}

    def create(self) -> None:
        specs = self.specs()
        if not specs:
            return
        created = Outlet.objects.bulk_create(
            [
                Outlet(
                    name_en=spec.name_en,
                    name_zh_hant=spec.name_zh_hant,
                    kind=spec.kind,
                    language=spec.language,
                    region=spec.region,
                    website=spec.website,
                )
                for spec in specs
            ]
        )
        for spec, outlet in zip(specs, created, strict=True):
            spec.pk = outlet.pk

    def pk_of(self, known: int | None, new_key: str) -> int | None:
        if known is not None or not new_key:
            return known
        return self.new[new_key].pk


class _Beats:
    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        self.slugs: set[str] = set()
        for pk, slug, name_en, name_zh_hant in Beat.objects.values_list(
            "pk", "slug", "name_en", "name_zh_hant"
        ):
            self.slugs.add(slug)
            for name in (slug, name_en, name_zh_hant):
                if name:
                    self.by_name.setdefault(_name_key(name), pk)
        self.new: dict[str, str] = {}  # key -> name as first written
        self.new_pks: dict[str, int] = {}

    def resolve(self, name: str) -> int | str:
        """A known beat's pk, or the key of one to create."""
        key = _name_key(name)
        pk = self.by_name.get(key)
        if pk is not None:
            return pk
        self.new.setdefault(key, name)
        return key

    def keep(self, used: set[str]) -> None:
        """Forget the new names no imported row ended up using (rows found invalid later)."""
        self.new = {key: value for key, value in self.new.items() if key in used}

    def create(self) -> None:
        beats = []
        for name in self.new.values():
            base = slugify(name)[:40] or "beat"
            slug, suffix = base, 2
            while slug in self.slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            self.slugs.add(slug)
            beats.append(
                Beat(
                    slug=slug,
                    name_en=name[:100],
                    name_zh_hant=name[:100] if is_chinese(name) else "",
                )
            )
        for key, beat in zip(self.new, Beat.objects.bulk_create(beats), strict=True):
            self.new_pks[key] = beat.pk

    def pk_of(self, ref: int | str) -> int:
        return ref if isinstance(ref, int) else self.new_pks[ref]


class _Lists:
    """The lists the importer may fill, by name; names it does not have become new lists of the
    importer's organisation."""

    def __init__(self, user: StaffUser, organisation: Organisation | None) -> None:
        self.organisation = organisation
        self.names: dict[int, str] = {}
        candidates: dict[str, list[tuple[int, int]]] = {}
        for pk, name, owner_id in DistributionList.objects.editable_by(user).values_list(
            "pk", "name", "owner_id"
        ):
            self.names[pk] = name
            candidates.setdefault(_name_key(name), []).append((pk, owner_id))
        self.candidates = candidates
        self.new: dict[str, str] = {}
        self.new_pks: dict[str, int] = {}

    def resolve(self, name: str) -> tuple[int | str | None, str]:
        """(pk or key of a list to create, "") or (None, why the name cannot be used)."""
        key = _name_key(name)
        found = self.candidates.get(key, [])
        if len(found) > 1 and self.organisation is not None:
            found = [item for item in found if item[1] == self.organisation.pk] or found
        if len(found) == 1:
            return found[0][0], ""
        if found:
            return None, gettext(
                "“%(name)s” is the name of lists of several organisations: choose the list on "
                "the import page instead"
            ) % {"name": name}
        if self.organisation is None:
            return None, gettext(
                "unknown list “%(name)s” (you belong to no organisation, so Pressroom cannot "
                "create it)"
            ) % {"name": name}
        self.new.setdefault(key, name[:200])
        return key, ""

    def keep(self, used: set[str]) -> None:
        """Forget the new names no imported row ended up using (rows found invalid later)."""
        self.new = {key: value for key, value in self.new.items() if key in used}

    def create(self) -> None:
        if not self.new:
            return
        assert self.organisation is not None
        created = DistributionList.objects.bulk_create(
            [DistributionList(owner=self.organisation, name=name) for name in self.new.values()]
        )
        for key, distribution_list in zip(self.new, created, strict=True):
            self.new_pks[key] = distribution_list.pk
            self.names[distribution_list.pk] = distribution_list.name

    def pk_of(self, ref: int | str) -> int:
        return ref if isinstance(ref, int) else self.new_pks[ref]

    def name_of(self, ref: int | str) -> str:
        return self.names[ref] if isinstance(ref, int) else self.new[ref]


# --- Contacts ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Contact:
    """One address from the file: its first valid row, with blanks filled from later rows."""

    rows: list[int]
    email: str
    name_en: str
    name_zh_hant: str
    outlet: int | None
    new_outlet: str
    job_title: str
    language: str
    phone: str
    notes: str
    beats: list[int | str]
    lists: list[int | str]

    def merge(self, other: "_Contact") -> None:
        self.rows.extend(other.rows)
        for name in ("name_en", "name_zh_hant", "job_title", "language", "phone", "notes"):
            if not getattr(self, name) and getattr(other, name):
                setattr(self, name, getattr(other, name))
        if self.outlet is None and not self.new_outlet:
            self.outlet, self.new_outlet = other.outlet, other.new_outlet
        self.beats.extend(ref for ref in other.beats if ref not in self.beats)
        self.lists.extend(ref for ref in other.lists if ref not in self.lists)


def _too_long(
    email: str, name_en: str, name_zh_hant: str, job_title: str, phone: str, outlet: str
) -> str:
    """Why a cell is too long for its field, so it is a reported row and not a database error."""
    for label, value, limit in (
        (_("Email"), email, 254),
        (_("Name (English)"), name_en, 200),
        (_("Name (Chinese)"), name_zh_hant, 200),
        (_("Job title"), job_title, 200),
        (_("Phone"), phone, 50),
        (_("Outlet"), outlet, 200),
    ):
        if len(value) > limit:
            return gettext("%(field)s is longer than %(limit)s characters") % {
                "field": label,
                "limit": limit,
            }
    return ""


def _fill_blanks(values: dict[str, Any], more: dict[str, Any]) -> None:
    """What a later row (or a merged group) says that the earlier left blank."""
    for name, value in more.items():
        if value and not values[name]:
            values[name] = value


def _resolve_lists(lists: "_Lists", text: str) -> tuple[list[int | str], str]:
    refs: list[int | str] = []
    for name in split_lists(unneutralise(text.strip())):
        ref, problem = lists.resolve(name)
        if ref is None:
            return [], problem
        refs.append(ref)
    return refs, ""


_MERGE_FIELDS = ("name_en", "name_zh_hant", "job_title", "phone", "notes")


def import_contacts_table(
    table: Table,
    *,
    by: StaffUser,
    distribution_list: DistributionList | None,
    file_name: str,
    dry_run: bool,
    progress: Progress = _no_progress,
) -> dict[str, Any]:
    """Check (dry_run) or import a sheet of media contacts. Returns the report."""
    match = match_columns(table.header, CONTACT_COLUMNS, required=("email",))
    report = _start_report("contacts", table, match, dry_run=dry_run, file_name=file_name)
    timer = _Timer(report)
    organisation = organisation_of(by)
    agency = agency_of(by)
    outlets, beats, lists = _Outlets(), _Beats(), _Lists(by, organisation)
    chosen: list[int | str] = []
    if distribution_list is not None:
        if not DistributionList.objects.editable_by(by).filter(pk=distribution_list.pk).exists():
            raise ImportRefused(
                gettext("You may not add contacts to the list “%(list)s”.")
                % {"list": distribution_list}
            )
        chosen = [distribution_list.pk]
    timer.lap("reference_data")

    contacts = _parse_contacts(table, match, report, outlets, beats, lists, progress)
    timer.lap("parse")

    # Progress is written before the transaction: inside it, no one else would see it.
    if dry_run:
        phase = gettext("Comparing with the media database")
    else:
        phase = gettext("Writing (one transaction)")
    progress(phase, 0, len(contacts))
    with nullcontext() if dry_run else transaction.atomic():
        existing = _existing_contacts(list(contacts))
        suppressed = _suppressed(list(contacts))
        timer.lap("lookup")
        plan = _plan(contacts, existing, suppressed, report)
        if agency is not None:
            _set_aside_hidden(plan, report, by=by)
        existing_beats = _existing_beats([plan_item[1]["pk"] for plan_item in plan.updates])
        existing_members = _existing_members(
            [plan_item[1]["pk"] for plan_item in plan.updates],
            {ref for contact in contacts.values() for ref in contact.lists if isinstance(ref, int)}
            | {ref for ref in chosen if isinstance(ref, int)},
        )
        changes = _changes(plan, existing_beats, report, beats=beats, agency=agency)
        _keep_used(plan, changes, outlets=outlets, beats=beats, lists=lists, chosen=chosen)
        timer.lap("plan")
        if not dry_run:
            _write_contacts(
                plan,
                changes,
                outlets=outlets,
                beats=beats,
                lists=lists,
                chosen=chosen,
                agency=agency,
                file_name=file_name,
                by=by,
                timer=timer,
            )
        _count_list_additions(plan, changes, existing_members, report, lists=lists, chosen=chosen)
    if not dry_run:
        timer.lap("commit")

    report.new_outlets = [spec.name_en for spec in outlets.specs()]
    report.new_beats = list(beats.new.values())
    report.new_lists = list(lists.new.values())
    return report.as_dict()


def _parse_contacts(
    table: Table,
    match: ColumnMatch,
    report: Report,
    outlets: _Outlets,
    beats: _Beats,
    lists: _Lists,
    progress: Progress,
) -> dict[str, _Contact]:
    """Every row read, checked and folded into one entry per address. The same few outlets,
    beats and lists fill whole columns, so each distinct cell is resolved once."""
    index = match.index
    total = len(table.rows)
    keys = ("email", "name", "name_en", "name_zh_hant", "outlet", "outlet_kind", "job_title",
            "beats", "language", "phone", "lists", "notes")  # fmt: skip
    positions = [index.get(key, -1) for key in keys]
    contacts: dict[str, _Contact] = {}
    beat_cells: dict[str, list[int | str]] = {}
    list_cells: dict[str, tuple[list[int | str], str]] = {}
    outlet_cells: dict[tuple[str, str], tuple[int | None, str]] = {}
    valid_rows = 0
    for done, (row, cells) in enumerate(table.rows):
        if done % 5000 == 0:
            progress(gettext("Reading the rows"), done, total)
        width = len(cells)
        (email_text, name, name_en, name_zh_hant, outlet_name, kind_text, job_title, beat_text,
         language_text, phone, list_text, notes) = [
            cells[position] if 0 <= position < width else "" for position in positions
        ]  # fmt: skip
        email_text = _single_line(email_text)
        if row in table.refused:
            report.reject(row, email_text[:254], table.refused[row])
            continue
        if not email_text:
            report.reject(row, "", gettext("no email address"))
            continue
        # Most addresses are plain ASCII, which needs no Unicode folding.
        email = email_text.lower() if email_text.isascii() else normalise_email(email_text)
        if not _is_email(email):
            report.reject(
                row,
                email_text,
                gettext("“%(email)s” is not a valid email address") % {"email": email_text},
            )
            continue
        name = _single_line(name)
        name_en = _single_line(name_en)
        name_zh_hant = _single_line(name_zh_hant)
        if name:
            if is_chinese(name):
                name_zh_hant = name_zh_hant or name
            else:
                name_en = name_en or name
        language = ""
        if language_text:
            language_text = _single_line(language_text)
            language = LANGUAGE_VALUES.get(_name_key(language_text), "") if language_text else ""
            if language_text and not language:
                report.reject(
                    row,
                    email,
                    gettext(
                        "unknown language “%(language)s”: use English, Chinese or Both "
                        "(英文、中文、中英)"
                    )
                    % {"language": language_text},
                )
                continue
        kind = ""
        if kind_text:
            kind_text = _single_line(kind_text)
            kind = OUTLET_KIND_VALUES.get(_name_key(kind_text), "") if kind_text else ""
            if kind_text and not kind:
                report.reject(
                    row,
                    email,
                    gettext(
                        "unknown outlet type “%(kind)s”: use newspaper, TV, radio, online, "
                        "wire, magazine, trade or blog"
                    )
                    % {"kind": kind_text},
                )
                continue
        job_title = _single_line(job_title)
        phone = _single_line(phone)
        outlet_name = _single_line(outlet_name)
        too_long = _too_long(email, name_en, name_zh_hant, job_title, phone, outlet_name)
        if too_long:
            report.reject(row, email, too_long)
            continue
        list_refs: list[int | str] = []
        if list_text:
            found = list_cells.get(list_text)
            if found is None:
                found = _resolve_lists(lists, list_text)
                list_cells[list_text] = found
            list_refs, list_problem = found
            if list_problem:
                report.reject(row, email, list_problem)
                continue
        outlet_pk, new_outlet = None, ""
        if outlet_name:
            outlet = outlet_cells.get((outlet_name, kind))
            if outlet is None:
                outlet = outlets.resolve(outlet_name, kind)
                outlet_cells[(outlet_name, kind)] = outlet
            outlet_pk, new_outlet = outlet
        beat_refs: list[int | str] = []
        if beat_text:
            cached = beat_cells.get(beat_text)
            if cached is None:
                tags = split_tags(unneutralise(beat_text.strip()))
                cached = [beats.resolve(tag[:100]) for tag in tags]
                beat_cells[beat_text] = cached
            beat_refs = cached
        contact = _Contact(
            rows=[row],
            email=email,
            name_en=name_en,
            name_zh_hant=name_zh_hant,
            outlet=outlet_pk,
            new_outlet=new_outlet,
            job_title=job_title,
            language=language,
            phone=phone,
            notes=_multi_line(notes) if notes else "",
            beats=list(beat_refs),
            lists=list(list_refs),
        )
        valid_rows += 1
        if len(report.preview) < 5:
            report.preview.append(
                {
                    "row": str(row),
                    "email": email,
                    "name_en": name_en,
                    "name_zh_hant": name_zh_hant,
                    "outlet": outlet_name,
                    "language": str(Language(language).label) if language else "",
                }
            )
        first = contacts.get(email)
        if first is None:
            contacts[email] = contact
        else:
            first.merge(contact)
    report.counts["valid_rows"] += valid_rows
    progress(gettext("Reading the rows"), total, total)
    return contacts


_EXISTING_FIELDS = ("pk", "email", "name_en", "name_zh_hant", "outlet_id", "job_title", "phone",
                    "notes", "preferred_language", "status", "maintained_by_id",
                    "maintained_by__name_en")  # fmt: skip


def _existing_contacts(emails: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(emails), LOOKUP_CHUNK):
        chunk = emails[start : start + LOOKUP_CHUNK]
        for row in MediaContact.objects.filter(email__in_array=set(chunk)).values(
            *_EXISTING_FIELDS
        ):
            found[row["email"]] = row
    return found


def _suppressed(emails: list[str]) -> dict[str, str]:
    """{email: reason} for the suppressed among addresses already normalised."""
    found: dict[str, str] = {}
    for start in range(0, len(emails), LOOKUP_CHUNK):
        chunk = emails[start : start + LOOKUP_CHUNK]
        found.update(
            Suppression.objects.filter(email__in_array=set(chunk)).values_list("email", "reason")
        )
    return found


def _existing_beats(contact_ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    through = MediaContact.beats.through.objects
    for start in range(0, len(contact_ids), LOOKUP_CHUNK):
        chunk = contact_ids[start : start + LOOKUP_CHUNK]
        for contact_id, beat_id in through.filter(mediacontact_id__in=chunk).values_list(
            "mediacontact_id", "beat_id"
        ):
            found.setdefault(contact_id, set()).add(beat_id)
    return found


def _existing_members(contact_ids: list[int], list_ids: set[int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    if not list_ids:
        return found
    through = DistributionList.members.through.objects
    for start in range(0, len(contact_ids), LOOKUP_CHUNK):
        chunk = contact_ids[start : start + LOOKUP_CHUNK]
        found.update(
            through.filter(mediacontact_id__in=chunk, distributionlist_id__in=list_ids).values_list(
                "distributionlist_id", "mediacontact_id"
            )
        )
    return found


@dataclass
class _Plan:
    new: list[tuple[_Contact, str]] = field(default_factory=list)  # contact, status
    updates: list[tuple[_Contact, dict[str, Any]]] = field(default_factory=list)


def _plan(
    contacts: dict[str, _Contact],
    existing: dict[str, dict[str, Any]],
    suppressed: dict[str, str],
    report: Report,
) -> _Plan:
    plan = _Plan()
    status_labels = dict(MediaContact.Status.choices)
    reason_labels = dict(Suppression.Reason.choices)
    for email, contact in contacts.items():
        known = existing.get(email)
        if known is None and not (contact.name_en or contact.name_zh_hant):
            report.counts["valid_rows"] -= len(contact.rows)
            for row in contact.rows:
                report.reject(
                    row,
                    email,
                    gettext("missing name: a new contact needs a name in English or Chinese"),
                )
            continue
        reason = suppressed.get(email)
        if reason is not None:
            report.add(
                report.suppressed,
                "suppressed",
                {
                    "row": contact.rows[0],
                    "email": email,
                    "reason": str(reason_labels.get(reason, reason)),
                },
            )
        elif known is not None and known["status"] != MediaContact.Status.ACTIVE:
            report.add(
                report.suppressed,
                "suppressed",
                {
                    "row": contact.rows[0],
                    "email": email,
                    "reason": str(status_labels.get(known["status"], known["status"])),
                },
            )
        if len(contact.rows) > 1:
            report.counts["merged"] += len(contact.rows) - 1
            if len(report.merged) < REPORT_LIMIT:
                report.merged.append({"email": email, "rows": contact.rows})
        if known is None:
            status = STATUS_FOR_SUPPRESSION.get(reason or "", MediaContact.Status.ACTIVE)
            plan.new.append((contact, status))
        else:
            plan.updates.append((contact, known))
    return plan


@dataclass
class _Changes:
    fields: dict[int, dict[str, Any]] = field(default_factory=dict)  # contact pk -> changes
    beats: dict[int, list[int | str]] = field(default_factory=dict)  # contact pk -> beats to add


def _changes(
    plan: _Plan,
    existing_beats: dict[int, set[int]],
    report: Report,
    *,
    beats: _Beats,
    agency: Organisation | None,
) -> _Changes:
    """What each known contact gains: blanks filled, beats added. Nothing is erased and a value
    already there is kept (and reported when the file says otherwise)."""
    changes = _Changes()
    report.counts["new"] = len(plan.new)
    for contact, known in plan.updates:
        pk = known["pk"]
        fill: dict[str, Any] = {}
        kept: list[tuple[str, str, str]] = []
        for name in _MERGE_FIELDS:
            incoming = getattr(contact, name)
            if not incoming:
                continue
            if not known[name]:
                fill[name] = incoming
            elif known[name] != incoming:
                kept.append((name, known[name], incoming))
        if contact.outlet is not None or contact.new_outlet:
            if known["outlet_id"] is None:
                fill["outlet"] = (contact.outlet, contact.new_outlet)
            elif contact.outlet != known["outlet_id"]:
                kept.append(("outlet", "(another outlet)", "(the file's outlet)"))
        if contact.language and contact.language != known["preferred_language"]:
            kept.append(("preferred_language", known["preferred_language"], contact.language))
        have = existing_beats.get(pk, set())
        add_beats = [ref for ref in contact.beats if not (isinstance(ref, int) and ref in have)]
        if agency is not None and known["maintained_by_id"] != agency.pk:
            if fill or add_beats:
                report.add(
                    report.not_editable,
                    "not_editable",
                    {
                        "row": contact.rows[0],
                        "email": contact.email,
                        "maintained_by": known["maintained_by__name_en"] or "the in-house team",
                    },
                )
            report.counts["unchanged"] += 1
            continue
        for name, had, offered in kept:
            report.add(
                report.kept,
                "kept",
                {"row": contact.rows[0], "email": contact.email, "field": name, "kept": had,
                 "file": offered},
            )  # fmt: skip
        if fill or add_beats:
            report.counts["updated"] += 1
            if fill:
                changes.fields[pk] = fill
            if add_beats:
                changes.beats[pk] = add_beats
        else:
            report.counts["unchanged"] += 1
    return changes


def _keep_used(
    plan: _Plan,
    changes: _Changes,
    *,
    outlets: _Outlets,
    beats: _Beats,
    lists: _Lists,
    chosen: list[int | str],
) -> None:
    new_contacts = [contact for contact, _ in plan.new]
    outlet_keys = {contact.new_outlet for contact in new_contacts if contact.new_outlet}
    outlet_keys |= {
        fill["outlet"][1]
        for fill in changes.fields.values()
        if "outlet" in fill and fill["outlet"][1]
    }
    beat_keys = {ref for contact in new_contacts for ref in contact.beats if isinstance(ref, str)}
    beat_keys |= {ref for refs in changes.beats.values() for ref in refs if isinstance(ref, str)}
    list_keys = {
        ref
        for contact, _ in _all_contact_pks(plan)
        for ref in _target_lists(contact, chosen)
        if isinstance(ref, str)
    }
    outlets.keep(outlet_keys)
    beats.keep(beat_keys)
    lists.keep(list_keys)


def _source(file_name: str, by: StaffUser) -> str:
    when = timezone.localtime().strftime("%Y-%m-%d")
    who = getattr(by, "get_username", lambda: "")()
    return f"Import of {file_name} on {when} by {who}"[:200]


def _write_contacts(
    plan: _Plan,
    changes: _Changes,
    *,
    outlets: _Outlets,
    beats: _Beats,
    lists: _Lists,
    chosen: list[int | str],
    agency: Organisation | None,
    file_name: str,
    by: StaffUser,
    timer: _Timer,
) -> None:
    """Everything in bulk, in the caller's transaction: new outlets, beats and lists, then new
    contacts, then the blanks of known ones, then beats and list memberships."""
    bulk.check_constraints_now()
    outlets.create()
    beats.create()
    lists.create()
    source = _source(file_name, by)
    now = timezone.now()
    # A contact an agency adds is the agency's to maintain; everyone else's are the in-house
    # team's, which an empty maintained_by means.
    maintained_by = agency.pk if agency else None
    new_ids = bulk.insert_rows(
        MediaContact,
        ["email", "name_en", "name_zh_hant", "outlet_id", "job_title", "preferred_language",
         "phone", "notes", "source", "status", "maintained_by_id", "created_at", "updated_at"],
        [
            (contact.email, contact.name_en, contact.name_zh_hant,
             outlets.pk_of(contact.outlet, contact.new_outlet), contact.job_title,
             contact.language or Language.BOTH, contact.phone, contact.notes, source, status,
             maintained_by, now, now)
            for contact, status in plan.new
        ],
        returning="email",
    )  # fmt: skip
    timer.lap("write_new")

    # Known contacts: one bulk UPDATE per combination of fields that change, so a field this
    # import does not fill is never written back with the value read a moment ago.
    by_fields: dict[tuple[str, ...], list[tuple[int, list[Any]]]] = {}
    for pk, fill in changes.fields.items():
        names = tuple(sorted(fill))
        values = [outlets.pk_of(*fill[name]) if name == "outlet" else fill[name] for name in names]
        columns = tuple("outlet_id" if name == "outlet" else name for name in names)
        by_fields.setdefault((*columns, "updated_at"), []).append((pk, [*values, now]))
    for pk in changes.beats:
        if pk not in changes.fields:
            by_fields.setdefault(("updated_at",), []).append((pk, [now]))
    for columns, rows in by_fields.items():
        bulk.update_rows(MediaContact, columns, rows)
    timer.lap("write_updates")

    # Beats and list memberships: plain inserts for new contacts (nothing to collide with), and
    # inserts that skip what is already there for known ones.
    beat_rows = MediaContact.beats.through
    bulk.insert_rows(
        beat_rows,
        ["mediacontact_id", "beat_id"],
        [
            (new_id, beats.pk_of(ref))
            for (contact, _), new_id in zip(plan.new, new_ids, strict=True)
            for ref in contact.beats
        ],
    )
    bulk.insert_pairs(
        beat_rows,
        "mediacontact",
        "beat",
        [(pk, beats.pk_of(ref)) for pk, refs in changes.beats.items() for ref in refs],
    )
    timer.lap("write_beats")

    member_rows = DistributionList.members.through
    bulk.insert_rows(
        member_rows,
        ["distributionlist_id", "mediacontact_id"],
        [
            (lists.pk_of(ref), new_id)
            for (contact, _), new_id in zip(plan.new, new_ids, strict=True)
            for ref in _target_lists(contact, chosen)
        ],
    )
    bulk.insert_pairs(
        member_rows,
        "distributionlist",
        "mediacontact",
        [
            (lists.pk_of(ref), known["pk"])
            for contact, known in plan.updates
            for ref in _target_lists(contact, chosen)
        ],
    )
    timer.lap("write_lists")


def _target_lists(contact: _Contact, chosen: list[int | str]) -> list[int | str]:
    return contact.lists + [ref for ref in chosen if ref not in contact.lists]


def _all_contact_pks(plan: _Plan) -> Iterator[tuple[_Contact, int | None]]:
    """Every contact the import keeps, with its pk (None for a new one)."""
    for contact, _known in plan.new:
        yield contact, None
    for contact, known in plan.updates:
        yield contact, known["pk"]


def _set_aside_hidden(plan: _Plan, report: Report, *, by: Any) -> None:
    """An agency's file names an address the agency may not see (an in-house-only contact,
    contacts.scoping): the record is neither changed nor put on the agency's lists, where the
    agency would then see it. Reported only as a row not imported: saying why, or whose it is,
    would tell the agency what search and the contact pages deny exists."""
    known = [item[1]["pk"] for item in plan.updates]
    if not known:
        return
    visible: set[int] = set()
    for start in range(0, len(known), 1000):  # bounded parameters per query (SQLite)
        candidates = MediaContact.objects.filter(pk__in=known[start : start + 1000])
        visible.update(media_contacts_visible_to(by, candidates).values_list("pk", flat=True))
    kept = []
    for contact, item in plan.updates:
        if item["pk"] in visible:
            kept.append((contact, item))
            continue
        report.add(report.not_imported, "not_imported", {"row": contact.rows[0]})
    plan.updates = kept


def _count_list_additions(
    plan: _Plan,
    changes: _Changes,
    existing_members: set[tuple[int, int]],
    report: Report,
    *,
    lists: _Lists,
    chosen: list[int | str],
) -> None:
    added: Counter[int | str] = Counter()
    already: Counter[int | str] = Counter()
    for contact, pk in _all_contact_pks(plan):
        for ref in _target_lists(contact, chosen):
            if pk is not None and isinstance(ref, int) and (ref, pk) in existing_members:
                already[ref] += 1
            else:
                added[ref] += 1
    report.list_additions = [
        {"list": lists.name_of(ref), "added": added[ref], "already": already[ref]}
        for ref in sorted(set(added) | set(already), key=lambda ref: lists.name_of(ref))
    ]


# --- Outlets -----------------------------------------------------------------------------------


_url_validator = URLValidator(schemes=["http", "https"])
OUTLET_NAME_COLUMNS = ("name", "name_en", "name_zh_hant")
_OUTLET_FILL = ("name_zh_hant", "region", "website")


def import_outlets_table(
    table: Table,
    *,
    by: StaffUser,
    file_name: str,
    dry_run: bool,
    progress: Progress = _no_progress,
) -> dict[str, Any]:
    """Check (dry_run) or import a sheet of outlets, matched by English or Chinese name whatever
    the case. Known outlets get their blanks filled; an agency officer's file only adds outlets."""
    match = match_columns(table.header, OUTLET_COLUMNS, required=OUTLET_NAME_COLUMNS)
    report = _start_report("outlets", table, match, dry_run=dry_run, file_name=file_name)
    agency = agency_of(by)
    index = match.index
    known: dict[str, dict[str, Any]] = {}
    for outlet in Outlet.objects.values(
        "pk", "name_en", "name_zh_hant", "kind", "language", "region", "website"
    ):
        for name in (outlet["name_en"], outlet["name_zh_hant"]):
            if name:
                known.setdefault(_name_key(name), dict(outlet))
    incoming: dict[str, dict[str, Any]] = {}
    rows_of: dict[str, list[int]] = {}
    alias: dict[str, str] = {}  # each name's key -> the key its outlet is kept under

    def cell(cells: list[str], key: str) -> str:
        position = index.get(key, -1)
        return _single_line(cells[position]) if 0 <= position < len(cells) else ""

    for row, cells in table.rows:
        name, name_en, name_zh_hant = (
            cell(cells, "name"),
            cell(cells, "name_en"),
            cell(cells, "name_zh_hant"),
        )
        if name:
            english, chinese = outlet_names(name)
            name_en, name_zh_hant = name_en or english, name_zh_hant or chinese
        if row in table.refused:
            report.reject(row, (name_en or name_zh_hant)[:200], table.refused[row])
            continue
        if not (name_en or name_zh_hant):
            report.reject(
                row, "", gettext("missing name: an outlet needs a name in English or Chinese")
            )
            continue
        kind_text, language_text = cell(cells, "kind"), cell(cells, "language")
        kind = OUTLET_KIND_VALUES.get(header_key(kind_text), "") if kind_text else ""
        if kind_text and not kind:
            report.reject(
                row,
                name_en or name_zh_hant,
                gettext("unknown outlet type “%(kind)s”") % {"kind": kind_text},
            )
            continue
        language = LANGUAGE_VALUES.get(header_key(language_text), "") if language_text else ""
        if language_text and not language:
            report.reject(
                row,
                name_en or name_zh_hant,
                gettext("unknown language “%(language)s”: use English, Chinese or Both")
                % {"language": language_text},
            )
            continue
        website = cell(cells, "website")
        if website and "://" not in website:
            website = f"https://{website}"
        if website:
            try:
                _url_validator(website)
            except ValidationError:
                report.reject(
                    row,
                    name_en or name_zh_hant,
                    gettext("“%(website)s” is not a web address") % {"website": website},
                )
                continue
        values = {
            "name_en": name_en[:200],  # the Chinese one stands in, below, when there is none
            "name_zh_hant": name_zh_hant[:200],
            "kind": kind,
            "language": language,
            "region": cell(cells, "region")[:100],
            "website": website[:200],
        }
        keys = [_name_key(each) for each in (name_en, name_zh_hant) if each]
        report.counts["valid_rows"] += 1
        if len(report.preview) < 5:
            report.preview.append(
                {
                    "row": str(row),
                    "name_en": values["name_en"] or name_zh_hant,
                    "name_zh_hant": name_zh_hant,
                    "outlet": "",
                    "email": "",
                    "language": str(Language(language).label) if language else "",
                }
            )
        # Rows naming the same outlet in either language are one outlet: each name points to it.
        groups = list(dict.fromkeys(alias[k] for k in keys if k in alias))
        key = groups[0] if groups else keys[0]
        if key not in incoming:
            incoming[key], rows_of[key] = {name_: "" for name_ in values}, []
        for other in groups[1:]:
            _fill_blanks(incoming[key], incoming.pop(other))
            rows_of[key] += rows_of.pop(other)
            alias.update({k: key for k, group in alias.items() if group == other})
        _fill_blanks(incoming[key], values)
        rows_of[key].append(row)
        alias.update({k: key for k in keys})

    new: list[dict[str, Any]] = []
    updates: dict[int, dict[str, Any]] = {}
    for key, values in incoming.items():
        values["name_en"] = values["name_en"] or values["name_zh_hant"]
        rows = sorted(rows_of[key])
        existing = known.get(_name_key(values["name_en"])) or (
            known.get(_name_key(values["name_zh_hant"])) if values["name_zh_hant"] else None
        )
        if len(rows) > 1:
            report.counts["merged"] += len(rows) - 1
            report.merged.append({"email": values["name_en"], "rows": rows})
        if existing is None:
            new.append(values)
            continue
        fill = {name: values[name] for name in _OUTLET_FILL if values[name] and not existing[name]}
        if values["kind"] and not existing["kind"]:
            fill["kind"] = values["kind"]
        if not fill:
            report.counts["unchanged"] += 1
        elif agency is not None:
            report.counts["unchanged"] += 1
            report.add(
                report.not_editable,
                "not_editable",
                {
                    "row": rows[0],
                    "email": existing["name_en"],
                    "maintained_by": "the in-house team",
                },
            )
        else:
            report.counts["updated"] += 1
            updates[existing["pk"]] = fill
    report.counts["new"] = len(new)
    report.new_outlets = [values["name_en"] for values in new]
    if not dry_run:
        with transaction.atomic():
            Outlet.objects.bulk_create(
                [
                    Outlet(
                        name_en=values["name_en"],
                        name_zh_hant=values["name_zh_hant"],
                        kind=values["kind"],
                        language=values["language"] or Language.BOTH,
                        region=values["region"] or "Hong Kong",
                        website=values["website"],
                    )
                    for values in new
                ],
                batch_size=WRITE_BATCH,
            )
            by_fields: dict[tuple[str, ...], list[Outlet]] = {}
            for pk, fill in updates.items():
                by_fields.setdefault(tuple(sorted(fill)), []).append(Outlet(pk=pk, **fill))
            for names, group in by_fields.items():
                Outlet.objects.bulk_update(group, list(names), batch_size=WRITE_BATCH)
    return report.as_dict()

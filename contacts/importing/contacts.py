"""The contact import behind `contacts_import` (services.py); outlets are `importing.outlets`.

Fast because it works in bulk: the file is parsed and every row validated in Python, the
database is asked about existing addresses a few thousand at a time, and writes are bulk
inserts and updates in one transaction (many-to-many rows with ignore_conflicts), never one
query per row. Forgiving because a bad row is reported with its row number and reason and the
good rows still go in. Safe because rows are matched by normalised email (contacts) or name
(outlets) only: an id in the file is ignored; an agency officer's import never changes a record
the agency does not maintain and only fills its own lists; and an address on the suppression
list stays suppressed."""

from collections import Counter
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts import bulk
from contacts.importing.columns import (
    ColumnMatch,
    ImportRefused,
    is_email,
    match_columns,
    multi_line,
    name_key,
    single_line,
)
from contacts.importing.outlets import Outlets
from contacts.importing.reading import Table
from contacts.importing.references import Beats, Lists, resolve_lists
from contacts.importing.report import (
    REPORT_LIMIT,
    Progress,
    Report,
    Timer,
    no_progress,
    start_report,
)
from contacts.models import (
    DistributionList,
    ErasedAddress,
    Language,
    MediaContact,
    Organisation,
    StaffUser,
    Suppression,
    address_digest,
    agency_of,
    normalise_email,
    organisation_of,
)
from contacts.resources import (
    BASIS_VALUES,
    CONTACT_COLUMNS,
    LANGUAGE_VALUES,
    OUTLET_KIND_VALUES,
    is_chinese,
    split_tags,
    unneutralise,
)
from contacts.scoping import media_contacts_visible_to

LOOKUP_CHUNK = 20_000

# The status a new contact gets when its address is already on the suppression list.
STATUS_FOR_SUPPRESSION: dict[str, str] = {
    Suppression.Reason.UNSUBSCRIBE: MediaContact.Status.UNSUBSCRIBED,
    Suppression.Reason.HARD_BOUNCE: MediaContact.Status.BOUNCED,
    Suppression.Reason.COMPLAINT: MediaContact.Status.DO_NOT_CONTACT,
    Suppression.Reason.MANUAL: MediaContact.Status.DO_NOT_CONTACT,
}


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
    basis: str = ""
    source: str = ""

    def merge(self, other: "_Contact") -> None:
        self.rows.extend(other.rows)
        for name in _FILLED_FROM_LATER_ROWS:
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


_MERGE_FIELDS = ("name_en", "name_zh_hant", "job_title", "phone", "notes")
_FILLED_FROM_LATER_ROWS = (
    "name_en", "name_zh_hant", "job_title", "language", "phone", "notes", "basis", "source"
)  # fmt: skip


def _basis_value(text: str) -> str:
    """The legal basis a cell names, in English or Chinese (the export's labels included, in
    either language); "" for one we do not know."""
    key = name_key(text)
    found = BASIS_VALUES.get(key, "")
    if found:
        return found
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in MediaContact.ConsentBasis.choices:
                if name_key(str(label)) == key:
                    return str(value)
    return ""


def import_contacts_table(
    table: Table,
    *,
    by: StaffUser,
    distribution_list: DistributionList | None,
    file_name: str,
    dry_run: bool,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Check (dry_run) or import a sheet of media contacts. Returns the report."""
    match = match_columns(table.header, CONTACT_COLUMNS, required=("email",))
    report = start_report("contacts", table, match, dry_run=dry_run, file_name=file_name)
    timer = Timer(report)
    organisation = organisation_of(by)
    agency = agency_of(by)
    outlets, beats, lists = Outlets(), Beats(), Lists(by, organisation)
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
    outlets: Outlets,
    beats: Beats,
    lists: Lists,
    progress: Progress,
) -> dict[str, _Contact]:
    """Every row read, checked and folded into one entry per address. The same few outlets,
    beats and lists fill whole columns, so each distinct cell is resolved once."""
    index = match.index
    total = len(table.rows)
    keys = ("email", "name", "name_en", "name_zh_hant", "outlet", "outlet_kind", "job_title",
            "beats", "language", "phone", "lists", "notes", "basis", "source")  # fmt: skip
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
         language_text, phone, list_text, notes, basis_text, source_text) = [
            cells[position] if 0 <= position < width else "" for position in positions
        ]  # fmt: skip
        email_text = single_line(email_text)
        if row in table.refused:
            report.reject(row, email_text[:254], table.refused[row])
            continue
        if not email_text:
            report.reject(row, "", gettext("no email address"))
            continue
        # Most addresses are plain ASCII, which needs no Unicode folding.
        email = email_text.lower() if email_text.isascii() else normalise_email(email_text)
        if not is_email(email):
            report.reject(
                row,
                email_text,
                gettext("“%(email)s” is not a valid email address") % {"email": email_text},
            )
            continue
        name = single_line(name)
        name_en = single_line(name_en)
        name_zh_hant = single_line(name_zh_hant)
        if name:
            if is_chinese(name):
                name_zh_hant = name_zh_hant or name
            else:
                name_en = name_en or name
        language = ""
        if language_text:
            language_text = single_line(language_text)
            language = LANGUAGE_VALUES.get(name_key(language_text), "") if language_text else ""
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
        basis = ""
        if basis_text:
            basis_text = single_line(basis_text)
            basis = _basis_value(basis_text) if basis_text else ""
            if basis_text and not basis:
                report.reject(
                    row,
                    email,
                    gettext(
                        "unknown legal basis “%(basis)s”: use legitimate interest, consent or "
                        "contract (正當權益、同意、合約)"
                    )
                    % {"basis": basis_text},
                )
                continue
        kind = ""
        if kind_text:
            kind_text = single_line(kind_text)
            kind = OUTLET_KIND_VALUES.get(name_key(kind_text), "") if kind_text else ""
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
        job_title = single_line(job_title)
        phone = single_line(phone)
        outlet_name = single_line(outlet_name)
        too_long = _too_long(email, name_en, name_zh_hant, job_title, phone, outlet_name)
        if too_long:
            report.reject(row, email, too_long)
            continue
        list_refs: list[int | str] = []
        if list_text:
            found = list_cells.get(list_text)
            if found is None:
                found = resolve_lists(lists, list_text)
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
            notes=multi_line(notes) if notes else "",
            beats=list(beat_refs),
            lists=list(list_refs),
            basis=basis,
            source=single_line(source_text)[:120] if source_text else "",
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
                    "notes", "preferred_language", "consent_basis", "status", "maintained_by_id",
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


def _erased(emails: list[str]) -> set[str]:
    """The addresses among `emails` whose person asked to be erased."""
    digests = {address_digest(email): email for email in emails}
    found: set[str] = set()
    keys = list(digests)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        chunk = keys[start : start + LOOKUP_CHUNK]
        found.update(
            digests[digest]
            for digest in ErasedAddress.objects.filter(digest__in=chunk).values_list(
                "digest", flat=True
            )
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
    erased = _erased(list(contacts))
    for email, contact in contacts.items():
        known = existing.get(email)
        if known is None and email in erased:
            report.counts["valid_rows"] -= len(contact.rows)
            for row in contact.rows:
                report.reject(
                    row,
                    email,
                    gettext(
                        "held: this person asked to be erased; add them by hand only if they "
                        "asked to be added again"
                    ),
                )
            continue
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
    beats: Beats,
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
        if contact.basis and contact.basis != known["consent_basis"]:
            # The file is the newer record of why we may mail them: it is written, with the date.
            fill["consent_basis"] = contact.basis
            fill["basis_recorded_at"] = timezone.now()
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
    outlets: Outlets,
    beats: Beats,
    lists: Lists,
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


def _source(file_name: str, by: StaffUser, given: str = "") -> str:
    """Where a new contact came from: what the file's Source column says, then the import."""
    when = timezone.localtime().strftime("%Y-%m-%d")
    who = getattr(by, "get_username", lambda: "")()
    imported = f"import of {file_name} on {when} by {who}"
    return (f"{given} ({imported})" if given else imported.capitalize())[:200]


def _write_contacts(
    plan: _Plan,
    changes: _Changes,
    *,
    outlets: Outlets,
    beats: Beats,
    lists: Lists,
    chosen: list[int | str],
    agency: Organisation | None,
    file_name: str,
    by: StaffUser,
    timer: Timer,
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
         "phone", "notes", "source", "consent_basis", "basis_recorded_at", "status",
         "maintained_by_id", "created_at", "updated_at"],
        [
            (contact.email, contact.name_en, contact.name_zh_hant,
             outlets.pk_of(contact.outlet, contact.new_outlet), contact.job_title,
             contact.language or Language.BOTH, contact.phone, contact.notes,
             _source(file_name, by, contact.source) if contact.source else source,
             contact.basis or MediaContact.ConsentBasis.LEGITIMATE_INTEREST, now, status,
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
    lists: Lists,
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

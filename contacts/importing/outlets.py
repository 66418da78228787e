"""Outlets in an import: the outlets a contact file names, found by either name or kept to
create; and the import of a sheet of outlets."""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext

from contacts.importing.columns import match_columns, name_key, single_line
from contacts.importing.reading import Table
from contacts.importing.report import Progress, no_progress, start_report
from contacts.models import (
    Language,
    Outlet,
    StaffUser,
    agency_of,
)
from contacts.resources import (
    LANGUAGE_VALUES,
    OUTLET_COLUMNS,
    OUTLET_KIND_VALUES,
    header_key,
    is_chinese,
)

# --- Reference data: outlets, beats, lists -----------------------------------------------------


@dataclass
class NewOutlet:
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


class Outlets:
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
                    self.by_name.setdefault(name_key(name), pk)
        self.new: dict[str, NewOutlet] = {}

    def resolve(self, name: str, kind: str) -> tuple[int | None, str]:
        """(pk, "") for a known outlet, (None, key) for one to create."""
        english, chinese = outlet_names(name)
        keys = [name_key(each) for each in (english, chinese) if each]
        for key in keys:
            pk = self.by_name.get(key)
            if pk is not None:
                return pk, ""
        specs = [self.new[key] for key in keys if key in self.new]
        if not specs:
            spec = NewOutlet(name_en=english or chinese, name_zh_hant=chinese, kind=kind)
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

    def _merge(self, other: NewOutlet, *, into: NewOutlet) -> None:
        if into.name_en == into.name_zh_hant and other.name_en != other.name_zh_hant:
            into.name_en = other.name_en
        into.name_zh_hant = into.name_zh_hant or other.name_zh_hant
        into.kind = into.kind or other.kind
        for key, spec in self.new.items():
            if spec is other:
                self.new[key] = into

    def specs(self) -> list[NewOutlet]:
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


def fill_blanks(values: dict[str, Any], more: dict[str, Any]) -> None:
    """What a later row (or a merged group) says that the earlier left blank."""
    for name, value in more.items():
        if value and not values[name]:
            values[name] = value


# --- Outlets -----------------------------------------------------------------------------------


WRITE_BATCH = 2000
_url_validator = URLValidator(schemes=["http", "https"])
OUTLET_NAME_COLUMNS = ("name", "name_en", "name_zh_hant")
_OUTLET_FILL = ("name_zh_hant", "region", "website")


def import_outlets_table(
    table: Table,
    *,
    by: StaffUser,
    file_name: str,
    dry_run: bool,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    """Check (dry_run) or import a sheet of outlets, matched by English or Chinese name whatever
    the case. Known outlets get their blanks filled; an agency officer's file only adds outlets."""
    match = match_columns(table.header, OUTLET_COLUMNS, required=OUTLET_NAME_COLUMNS)
    report = start_report("outlets", table, match, dry_run=dry_run, file_name=file_name)
    agency = agency_of(by)
    index = match.index
    known: dict[str, dict[str, Any]] = {}
    for outlet in Outlet.objects.values(
        "pk", "name_en", "name_zh_hant", "kind", "language", "region", "website"
    ):
        for name in (outlet["name_en"], outlet["name_zh_hant"]):
            if name:
                known.setdefault(name_key(name), dict(outlet))
    incoming: dict[str, dict[str, Any]] = {}
    rows_of: dict[str, list[int]] = {}
    alias: dict[str, str] = {}  # each name's key -> the key its outlet is kept under

    def cell(cells: list[str], key: str) -> str:
        position = index.get(key, -1)
        return single_line(cells[position]) if 0 <= position < len(cells) else ""

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
        keys = [name_key(each) for each in (name_en, name_zh_hant) if each]
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
            fill_blanks(incoming[key], incoming.pop(other))
            rows_of[key] += rows_of.pop(other)
            alias.update({k: key for k, group in alias.items() if group == other})
        fill_blanks(incoming[key], values)
        rows_of[key].append(row)
        alias.update({k: key for k in keys})

    new: list[dict[str, Any]] = []
    updates: dict[int, dict[str, Any]] = {}
    for key, values in incoming.items():
        values["name_en"] = values["name_en"] or values["name_zh_hant"]
        rows = sorted(rows_of[key])
        existing = known.get(name_key(values["name_en"])) or (
            known.get(name_key(values["name_zh_hant"])) if values["name_zh_hant"] else None
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

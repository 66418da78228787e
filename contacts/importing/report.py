"""The report a PR officer reads after a check or an import: counts, the rows refused
with their reason, merged rows, and what it would create; and how long each phase took."""

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from contacts.importing.columns import ColumnMatch
from contacts.importing.reading import Table

Progress = Callable[[str, int, int], None]

# How much of each list a report keeps; the counts are always exact.
REPORT_LIMIT = 500


def no_progress(phase: str, done: int, total: int) -> None:
    return None


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


def start_report(
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


class Timer:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.started = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.report.timings[name] = self.report.timings.get(name, 0.0) + now - self.started
        self.started = now

import csv
import io
import json
import zoneinfo
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils import translation

from audit.models import Action, AuditEntry


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one entry. `actor` is a user (or None for the system); `request` gives where from."""
    user = actor if getattr(actor, "pk", None) else None
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else (str(actor) if actor else "system"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=in_english(lambda: obj)[:300] if obj is not None else "",
        summary=summary[:500],
        changes=changes or {},
        ip_address=_client_ip(request),
        user_agent=(request.headers.get("User-Agent", "")[:300] if request is not None else ""),
    )


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


# --- Export ---------------------------------------------------------------------------------

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets
# (OWASP "CSV injection"); the full-width forms are what a Chinese input method types. The same
# rule as contacts.resources.neutralise, kept here because audit imports no other app.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
EXPORT_HEADERS = [
    "When",
    "Who",
    "Action",
    "Object type",
    "Object id",
    "Object",
    "Summary",
    "Changes",
    "IP address",
    "User agent",
]


def formula_safe(text: str) -> str:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)": a leading apostrophe keeps a spreadsheet from
    running the cell as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def audit_export_csv(
    *, entries: models.QuerySet[AuditEntry], by: Any, request: HttpRequest | None = None
) -> bytes:
    """The entries as CSV for Excel (UTF-8 with a BOM, so Chinese opens correctly; times in the
    site's zone with its name; every cell formula-safe). The export itself goes on the log."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADERS)
    count = 0
    for entry in entries.select_related("content_type").order_by("created_at", "pk").iterator():
        local = entry.created_at.astimezone(zone)
        cells = [
            f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()}",
            entry.actor_name,
            entry.get_action_display(),
            entry.content_type.model if entry.content_type else "",
            entry.object_id,
            entry.object_repr,
            entry.summary,
            json.dumps(entry.changes, ensure_ascii=False) if entry.changes else "",
            entry.ip_address or "",
            entry.user_agent,
        ]
        writer.writerow([formula_safe(str(cell)) for cell in cells])
        count += 1
    audit_record(
        action=Action.EXPORTED,
        actor=by,
        summary=f"Audit log exported: {count} entries",
        changes={"entries": count},
        request=request,
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


__all__ = ["Action", "audit_export_csv", "audit_for", "audit_record", "formula_safe"]


def audit_time(moment: datetime) -> str:
    """A time in a summary: '2026-12-03 02:57 HKT', the same whoever acts and in whatever
    language their admin is."""
    local = moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def in_english(make: Callable[[], Any]) -> str:
    """The log is written in one language, whoever acts: a summary or a name built from a
    status or kind (a send's "For immediate release: …") reads in English."""
    with translation.override("en"):
        return str(make())

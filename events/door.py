"""At the door: who is expected (the replies attending), the ticks the door page sends (each
recorded once, by the id the page gave it when it was made, so a queue resent after the venue's
Wi-Fi came back counts nobody twice), walk-ins, and the attendance list as a spreadsheet."""

import io
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from openpyxl import Workbook

from audit.services import formula_safe
from contacts.models import name_in_active_language
from events.models import Attendance, Event, Rsvp
from releases.models import format_in_zone


@dataclass(frozen=True)
class Expected:
    rsvp_id: int
    name: str
    outlet: str
    attendees: int
    role: str
    arrived: bool


def door_list(event: Event) -> list[Expected]:
    """Those who said they come, by name, with whether they have arrived."""
    arrived = set(
        Attendance.objects.filter(event=event, rsvp__isnull=False).values_list("rsvp_id", flat=True)
    )
    replies = (
        Rsvp.objects.filter(event=event, answer=Rsvp.Answer.ACCEPTED)
        .select_related("delivery__contact__outlet")
        .order_by("email")
    )
    expected = []
    for rsvp in replies:
        name, outlet = _who(rsvp)
        expected.append(
            Expected(
                rsvp.pk, name, outlet, rsvp.attendees, rsvp.get_role_display(), rsvp.pk in arrived
            )
        )
    return sorted(expected, key=lambda person: (person.name.lower(), person.rsvp_id))


def _who(rsvp: Rsvp) -> tuple[str, str]:
    contact = rsvp.delivery.contact if rsvp.delivery else None
    if contact is None:
        return rsvp.email, ""
    name = name_in_active_language(contact.name_en, contact.name_zh_hant) or rsvp.email
    outlet = str(contact.outlet) if contact.outlet else ""
    return name, outlet


class TickRefused(Exception):
    """Why a tick cannot be recorded, in the door staff's words."""


def ticks_record(
    *, event: Event, ticks: Any, by: Any, now: datetime
) -> tuple[list[str], dict[str, str]]:
    """Record each tick once. Returns the ids recorded (now or before) and, for each tick that
    cannot be, why: the page forgets both, and shows the reasons."""
    if not isinstance(ticks, list):
        raise TickRefused(gettext("The page sent no list of ticks."))
    recorded: list[str] = []
    refused: dict[str, str] = {}
    for tick in ticks:
        client_id = str(tick.get("id", "")) if isinstance(tick, dict) else ""
        try:
            recorded.append(str(_record(event, tick, by=by, now=now)))
        except TickRefused as why:
            refused[client_id] = str(why)
    return recorded, refused


def _record(event: Event, tick: Any, *, by: Any, now: datetime) -> uuid.UUID:
    if not isinstance(tick, dict):
        raise TickRefused(gettext("A tick the page sent was not one."))
    try:
        client_id = uuid.UUID(str(tick.get("id", "")))
    except ValueError as error:
        raise TickRefused(gettext("A tick the page sent had no id.")) from error
    if Attendance.objects.filter(client_id=client_id).exists():
        return client_id  # sent again: recorded the first time
    at = parse_datetime(str(tick.get("at", ""))) or now
    if at.tzinfo is None or at > now:
        at = now
    fields = _fields(event, tick)
    try:
        with transaction.atomic():
            Attendance.objects.create(
                event=event, client_id=client_id, arrived_at=at,
                checked_in_by=by if getattr(by, "pk", None) else None, **fields,
            )  # fmt: skip
    except IntegrityError:
        # Ticked on two phones: the first tick stands, the second is done.
        pass
    return client_id


def _fields(event: Event, tick: dict[str, Any]) -> dict[str, Any]:
    if tick.get("rsvp") is not None:
        rsvp = Rsvp.objects.filter(
            pk=_number(tick["rsvp"]), event=event, answer=Rsvp.Answer.ACCEPTED
        ).first()
        if rsvp is None:
            raise TickRefused(gettext("That reply is not one of this event's guests."))
        name, outlet = _who(rsvp)
        return {"rsvp": rsvp, "name": name, "outlet": outlet, "email": rsvp.email,
                "role": rsvp.role, "attendees": rsvp.attendees}  # fmt: skip
    name = " ".join(str(tick.get("name", "")).split())[:200]
    if not name:
        raise TickRefused(gettext("A walk-in needs a name."))
    email = str(tick.get("email", "")).strip()[:254]
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise TickRefused(
                gettext("“%(email)s” is not an email address.") % {"email": email}
            ) from error
    role = str(tick.get("role", ""))
    return {
        "name": name,
        "outlet": " ".join(str(tick.get("outlet", "")).split())[:200],
        "email": email,
        "role": role if role in Rsvp.Role.values else "",
        "walk_in": True,
    }


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def attendance_workbook(event: Event) -> bytes:
    """The attendance list: who came, from which outlet, as what, how many, when (HKT)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = gettext("Attendance")[:31]
    sheet.append([gettext("Name"), gettext("Outlet"), gettext("Attending as"),
                  gettext("Number attending"), gettext("Arrived (HKT)"),
                  gettext("Walk-in"), gettext("Email")])  # fmt: skip
    for person in event.attendances.order_by("arrived_at", "pk"):
        sheet.append([
            formula_safe(person.name), formula_safe(person.outlet), person.get_role_display(),
            person.attendees,
            format_in_zone(person.arrived_at, event.issuer.time_zone),
            gettext("yes") if person.walk_in else gettext("no"), formula_safe(person.email),
        ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

"""The door pages of an event, for the staff at the venue: the check-in page (made for a phone,
working offline: static/pressroom/door.js queues the ticks and sends them when the network is
back), the endpoint its ticks go to, and the attendance list as a spreadsheet.

Registered by `EventAdmin.get_urls()`, so every page runs inside `admin_site.admin_view` (staff
only; the ticks' POST carries the CSRF token). The event is looked up through the admin's own
queryset: a user reaches only events the admin shows them."""

import json
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from events.admin_pages import event_of
from events.door import TickRefused, attendance_workbook, door_list, ticks_record
from events.models import Attendance, Event, Rsvp

if TYPE_CHECKING:
    from events.admin import EventAdmin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_TICKS_BODY = 256 * 1024  # a few thousand ticks: more than any door sends at once


def _door_event(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> Event:
    event = event_of(model_admin, request, event_id)
    if not request.user.has_perm("events.change_event"):
        raise PermissionDenied
    return event


def door(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> HttpResponse:
    event = _door_event(model_admin, request, event_id)
    expected = door_list(event)
    walk_ins = event.attendances.filter(walk_in=True).order_by("arrived_at")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": event,
        "title": gettext("At the door"),
        "expected": expected,
        "walk_ins": walk_ins,
        "roles": Rsvp.Role.choices,
        "arrived": sum(1 for person in expected if person.arrived) + walk_ins.count(),
    }
    return render(request, "admin/events/event/door.html", context)


def door_ticks(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> JsonResponse:
    """POST {"ticks": [...]}: each tick recorded once. Answers which were recorded and which
    were refused (and why), so the page forgets both; a body that is not JSON is a 400."""
    event = _door_event(model_admin, request, event_id)
    if request.method != "POST":
        return JsonResponse({"error": gettext("Send the ticks with POST.")}, status=405)
    if len(request.body) > MAX_TICKS_BODY:
        return JsonResponse({"error": gettext("Too many ticks at once.")}, status=413)
    try:
        body = json.loads(request.body or b"{}")
        ticks = body.get("ticks") if isinstance(body, dict) else None
        recorded, refused = ticks_record(
            event=event, ticks=ticks, by=request.user, now=timezone.now()
        )
    except (ValueError, TickRefused) as error:
        message = str(error) if isinstance(error, TickRefused) else gettext("That was not JSON.")
        return JsonResponse({"error": message}, status=400)
    arrived = Attendance.objects.filter(event=event).count()
    return JsonResponse({"recorded": recorded, "refused": refused, "arrived": arrived})


def attendance_xlsx(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> HttpResponse:
    event = event_of(model_admin, request, event_id)
    response = HttpResponse(attendance_workbook(event), content_type=XLSX)
    name = slugify(event.title_en) or f"event-{event.pk}"
    response["Content-Disposition"] = f'attachment; filename="attendance-{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response

"""The emails after the invitation: an update when the time or venue changes, a cancellation,
a reminder to those attending, and the news that a place on the wait list has come free.
Each is a send of the "media invitation" kind whose recipients were chosen when it was
scheduled (distribution's follow-up path: each address once, suppressions and inactive
contacts left out when it starts), threaded under the last email the journalist had about the
event, with the calendar entry at the event's current version."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import Action
from audit.services import audit_record
from distribution.models import Delivery, Send, message_id_for
from distribution.recipients import NOT_RECEIVED, Row, SendRefused, name_for_variant
from distribution.services import send_save_once
from events.models import Event, Invitation, Rsvp

logger = logging.getLogger(__name__)

Purpose = Invitation.Purpose


def invited_rows(
    event: Event, *, emails: Iterable[str] | None = None
) -> tuple[Send | None, list[Row]]:
    """Everyone an email about the event reached (each address once, threaded under the last
    one they had), or only `emails` of them; and the first invitation send, their parent."""
    deliveries = (
        Delivery.objects.filter(send__invitation__event=event)
        .exclude(status__in=NOT_RECEIVED)
        .order_by("pk")
    )
    if emails is not None:
        deliveries = deliveries.filter(email__in=list(emails))
    latest: dict[str, Row] = {}
    parent_id = None
    rows = deliveries.values_list(
        "pk", "send_id", "contact_id", "email", "language", "contact__name_en",
        "contact__name_zh_hant",
    )  # fmt: skip
    for pk, send_id, contact_id, email, variant, name_en, name_zh in rows:
        parent_id = parent_id or send_id
        name = name_for_variant(variant, name_en or "", name_zh or "")
        latest[email] = (contact_id, email, variant, name, message_id_for(pk, send_id))
    parent = Send.objects.filter(pk=parent_id).first() if parent_id else None
    return parent, list(latest.values())


def notice_schedule(
    *, event: Event, purpose: str, by: Any, emails: Iterable[str] | None = None,
    at: datetime | None = None,
) -> Send:  # fmt: skip
    """Schedule a notice of `purpose` to those invited (or to `emails` of them) for now.
    Refused, with the reason, when no one was invited."""
    parent, rows = invited_rows(event, emails=emails)
    if parent is None or not rows:
        raise SendRefused(gettext("No one has been invited to this event yet."))
    at = at or timezone.now()
    send = Send(
        release_id=parent.release_id,
        kind=Send.Kind.MEDIA_INVITATION,
        scheduled_at=at,
        status=Send.Status.SCHEDULED,
        parent=parent,
        chosen_recipients=[list(row) for row in rows],
        recipients_count=len(rows),
        created_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        send_save_once(send)
        Invitation.objects.create(
            event=event, send=send, sequence=event.sequence, purpose=purpose,
            announced=event.announced(),
        )  # fmt: skip
        audit_record(
            action=Action.SEND_SCHEDULED, actor=by, obj=send,
            summary=f"{Purpose(purpose).label} of {event.title_en} to {len(rows)} recipients",
        )  # fmt: skip
    logger.info("event %s: %s %s to %s recipients", event.pk, purpose, send.pk, len(rows))
    return send


def update_due(event: Event) -> bool:
    """Whether what the invitations announced of when and where is no longer so."""
    last = event.invitations.exclude(purpose=Purpose.REMINDER).order_by("-pk").first()
    return (
        event.status == Event.Status.APPROVED
        and last is not None
        and last.announced != event.announced()
    )


def update_schedule(*, event: Event, by: Any) -> Send:
    """The new time or venue to everyone invited, with the calendar entry a version on."""
    if not update_due(event):
        raise SendRefused(gettext("Nothing to announce: the time and venue are as invited."))
    Event.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
    event.refresh_from_db()
    return notice_schedule(event=event, purpose=Purpose.UPDATE, by=by)


def cancellation_schedule(*, event: Event, by: Any) -> Send | None:
    """The cancellation to everyone invited (None when no one was)."""
    try:
        return notice_schedule(event=event, purpose=Purpose.CANCELLATION, by=by)
    except SendRefused:
        return None


def reminders_schedule(now: datetime) -> list[int]:
    """A reminder for each approved event whose reminder moment has come, to those attending;
    one per event (a unique constraint decides between two beat processes)."""
    scheduled = []
    upcoming = Event.objects.filter(
        status=Event.Status.APPROVED, starts_at__gt=now, remind_hours_before__isnull=False
    ).exclude(invitations__purpose=Purpose.REMINDER)
    for event in upcoming:
        assert event.remind_hours_before is not None
        if now < event.starts_at - timedelta(hours=event.remind_hours_before):
            continue
        attending = Rsvp.objects.filter(event=event, answer=Rsvp.Answer.ACCEPTED)
        emails = list(attending.values_list("email", flat=True))
        if not emails:
            continue
        try:
            send = notice_schedule(
                event=event, purpose=Purpose.REMINDER, by=None, emails=emails, at=now
            )
        except (SendRefused, IntegrityError):
            continue
        scheduled.append(send.pk)
    return scheduled


def refusal(invitation: Invitation, at: datetime) -> str | None:
    """Why a notice may not go out at `at` (the invitation itself: `event_refusal`)."""
    event = invitation.event
    if at >= event.starts_at:
        return gettext("The event has started: invitations can no longer go out.")
    if invitation.purpose == Purpose.CANCELLATION:
        return (
            None
            if event.status == Event.Status.CANCELLED
            else gettext("The event is no longer cancelled.")
        )
    if event.status != Event.Status.APPROVED:
        return gettext("The event is %(status)s, not approved.") % {
            "status": event.get_status_display().lower()
        }
    return None

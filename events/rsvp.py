"""A journalist's answer to an invitation, recorded from their signed link: one answer per
event and address (a second replaces the first), taken only while answers are open, and an
acceptance only while places remain (the event row is locked while the places are counted,
so two acceptances for the last place cannot both be taken)."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Sum

from distribution.models import Delivery
from distribution.recipients import SendRefused
from events.models import Event, Invitation, Rsvp
from events.notices import notice_schedule

logger = logging.getLogger(__name__)

MAX_ATTENDEES = 6


class AnswerRefused(Exception):
    """Why the answer was not taken: `reason` names it for the page ("closed", "full")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Answer:
    answer: str
    attendees: int = 1
    role: str = ""
    equipment: str = ""


def invitation_of(delivery_id: int) -> tuple[Delivery, Event] | None:
    """The delivery and its event, or None if the delivery is gone or was not an invitation."""
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None:
        return None
    invitation = (
        Invitation.objects.select_related("event__issuer").filter(send_id=delivery.send_id).first()
    )
    if invitation is None:
        return None
    return delivery, invitation.event


def places_taken(event: Event, *, leaving_out: str = "") -> int:
    accepted = Rsvp.objects.filter(event=event, answer=Rsvp.Answer.ACCEPTED)
    if leaving_out:
        accepted = accepted.exclude(email=leaving_out)
    return accepted.aggregate(total=Sum("attendees"))["total"] or 0


def rsvp_record(*, delivery: Delivery, event: Event, answer: Answer, now: datetime) -> Rsvp:
    """Record the answer. An acceptance when the places are taken goes on the wait list; a
    place given up goes to the wait list in the order they answered, and those it reaches are
    told by email (scheduled once the answer is committed)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.answers_open(now):
            raise AnswerRefused("closed")
        status = answer.answer
        if status == Rsvp.Answer.ACCEPTED and locked.capacity is not None:
            taken = places_taken(locked, leaving_out=delivery.email)
            if taken + answer.attendees > locked.capacity:
                status = Rsvp.Answer.WAITLISTED
        coming = status != Rsvp.Answer.DECLINED
        rsvp, _created = Rsvp.objects.update_or_create(
            event=locked,
            email=delivery.email,
            defaults={
                "delivery": delivery,
                "answer": status,
                "attendees": answer.attendees if coming else 0,
                "role": answer.role if coming else "",
                "equipment": answer.equipment if coming else "",
                "answered_at": now,
            },
        )
        given_places = _places_given(locked)
        if given_places:
            transaction.on_commit(lambda: _tell_them(locked, given_places))
    return rsvp


def _places_given(event: Event) -> list[str]:
    """Move those waiting into the places now free, in the order they answered (a party too
    big for what is free waits, and a smaller one after it may come in)."""
    if event.capacity is None:
        return []
    free = event.capacity - places_taken(event)
    given = []
    waiting = Rsvp.objects.filter(event=event, answer=Rsvp.Answer.WAITLISTED)
    for rsvp in waiting.order_by("answered_at", "pk"):
        if rsvp.attendees <= free:
            free -= rsvp.attendees
            given.append(rsvp.pk)
    if not given:
        return []
    Rsvp.objects.filter(pk__in=given).update(answer=Rsvp.Answer.ACCEPTED)
    return list(Rsvp.objects.filter(pk__in=given).values_list("email", flat=True))


def _tell_them(event: Event, emails: list[str]) -> None:
    """The email saying the place is theirs. Their place is taken whether or not it can go (an
    address that bounced since): the journalist who answered must not get an error for it."""
    try:
        notice_schedule(event=event, purpose=Invitation.Purpose.PLACE, by=None, emails=emails)
    except SendRefused as refused:
        logger.warning("event %s: places given to %s, not told: %s", event.pk, emails, refused)

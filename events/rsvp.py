"""A journalist's answer to an invitation, recorded from their signed link: one answer per
event and address (a second replaces the first), taken only while answers are open, and an
acceptance only while places remain (the event row is locked while the places are counted,
so two acceptances for the last place cannot both be taken)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Sum

from distribution.models import Delivery
from events.models import Event, Invitation, Rsvp

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
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.answers_open(now):
            raise AnswerRefused("closed")
        if answer.answer == Rsvp.Answer.ACCEPTED and locked.capacity is not None:
            taken = places_taken(locked, leaving_out=delivery.email)
            if taken + answer.attendees > locked.capacity:
                raise AnswerRefused("full")
        accepted = answer.answer == Rsvp.Answer.ACCEPTED
        rsvp, _created = Rsvp.objects.update_or_create(
            event=locked,
            email=delivery.email,
            defaults={
                "delivery": delivery,
                "answer": answer.answer,
                "attendees": answer.attendees if accepted else 0,
                "role": answer.role if accepted else "",
                "equipment": answer.equipment if accepted else "",
                "answered_at": now,
            },
        )
    return rsvp

"""After the event: the release it announced, to those who came (walk-ins who gave an address
included) or to those who said they would come and did not. A follow-up send of the release
(distribution's engine: one email per address, and nobody who already has the release gets it
again), threaded under their invitation, at the embargo if it has not lifted yet."""

import logging
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import audit_record
from distribution.models import Send, message_id_for
from distribution.recipients import Row, SendRefused, name_for_variant, release_holders
from distribution.render import variant_for
from distribution.services import send_save_once
from events.models import Attendance, Event, Invitation, Rsvp

logger = logging.getLogger(__name__)


class Guests(models.TextChoices):
    ATTENDED = "attended", _("Those who came")
    NO_SHOW = "no_show", _("Those who said they would come and did not")


def guest_rows(event: Event, guests: str) -> list[Row]:
    """Each guest once: (contact, address, language version, name, the invitation to thread
    under)."""
    assert event.release is not None
    languages = list(event.release.translations.values_list("language", flat=True))
    replies: list[tuple[Rsvp | None, Attendance | None]]
    if guests == Guests.ATTENDED:
        came = Attendance.objects.filter(event=event).select_related("rsvp__delivery__contact")
        replies = [(person.rsvp, person) for person in came.order_by("arrived_at", "pk")]
    else:
        waited = Rsvp.objects.filter(
            event=event, answer=Rsvp.Answer.ACCEPTED, attendance__isnull=True
        )
        replies = [(rsvp, None) for rsvp in waited.select_related("delivery__contact")]
    rows: dict[str, Row] = {}
    for rsvp, person in replies:
        delivery = rsvp.delivery if rsvp is not None else None
        if delivery is not None:
            contact = delivery.contact
            variant = variant_for(delivery.language, languages)
            name = (
                name_for_variant(variant, contact.name_en, contact.name_zh_hant) if contact else ""
            )
            reply_to = message_id_for(delivery.pk, delivery.send_id)
            row: Row = (delivery.contact_id, delivery.email, variant, name, reply_to)
        elif person is not None and person.email:  # a walk-in who gave their address
            row = (None, person.email, variant_for("both", languages), person.name, "")
        else:
            continue
        rows.setdefault(row[1].lower(), row)
    return list(rows.values())


def guests_count(event: Event, guests: str) -> int:
    return len(guest_rows(event, guests)) if event.release is not None else 0


def release_to_guests(*, event: Event, guests: str, by: Any, now: datetime) -> Send:
    """Schedule the release for `guests`: now, or at its embargo. Refused, with the reason, when
    the release may not go or no one would receive it."""
    release = event.release
    if release is None:
        raise SendRefused(gettext("The event announces no release."))
    parent = (
        Send.objects.filter(
            invitation__event=event, invitation__purpose=Invitation.Purpose.INVITATION
        )
        .order_by("pk")
        .first()
    )
    if parent is None:
        raise SendRefused(gettext("No one has been invited to this event yet."))
    rows = guest_rows(event, guests)
    if not rows:
        raise SendRefused(gettext("No one to send it to: no guest gave an address."))
    holders = release_holders(release_id=release.pk)
    rows = [row for row in rows if not holders.has(row[0], row[1])]
    if not rows:
        raise SendRefused(gettext("Every one of them has the release already."))
    at = max(now, release.embargo_until) if release.embargo_until else now
    send = Send(
        release=release, kind=Send.Kind.FOLLOW_UP, parent=parent, audience=Send.Audience.CHOSEN,
        status=Send.Status.SCHEDULED, scheduled_at=at, recipients_count=len(rows),
        chosen_recipients=[list(row) for row in rows],
        created_by=by if getattr(by, "pk", None) else None,
    )  # fmt: skip
    refusal = send.refusal(at)
    if refusal:
        raise SendRefused(refusal)
    with transaction.atomic():
        send_save_once(send)
        audit_record(
            action=Action.SEND_SCHEDULED, actor=by, obj=send,
            summary=f"The release to {Guests(guests).label.lower()} at {event.title_en}: "
            f"{len(rows)} recipients",
        )  # fmt: skip
    logger.info("event %s: release %s to %s guests (%s)", event.pk, release.pk, len(rows), guests)
    return send

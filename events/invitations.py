"""Media invitations: a send of the "media invitation" kind through distribution's engine (the
schedule, one delivery per address exactly once, batches, transports, tracking), whose email
is the event in each recipient's language with their own signed Accept and Decline links and
the event's calendar entry (.ics) attached. The event, not the release, decides when it may go:
approved, not cancelled, not started."""

import dataclasses
import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import audit_record
from contacts.models import DistributionList
from distribution.kinds import SendKind
from distribution.models import Send
from distribution.recipients import SendRefused, recipients_expand
from distribution.render import (
    BOTH,
    Outgoing,
    Recipient,
    SendRenderer,
    _Variant,
    moment_label,
)
from distribution.services import confirmation_check, send_save_once
from events import notices
from events.calendar import event_ics
from events.models import Event, Invitation
from events.tokens import rsvp_token

logger = logging.getLogger(__name__)

ICS_NAME = "invitation.ics"
ICS_TYPE = "text/calendar; method=PUBLISH"


def invitation_refusal(send: Send, at: datetime) -> str | None:
    invitation = Invitation.objects.select_related("event").filter(send_id=send.pk).first()
    if invitation is None:
        return gettext("This invitation names no event.")
    if invitation.purpose != Invitation.Purpose.INVITATION:
        return notices.refusal(invitation, at)
    return event_refusal(invitation.event, at)


def event_refusal(event: Event, at: datetime) -> str | None:
    """Why invitations to `event` may not go out at `at`, or None."""
    if event.status != Event.Status.APPROVED:
        return gettext("The event is %(status)s, not approved.") % {
            "status": event.get_status_display().lower()
        }
    if at >= event.starts_at:
        return gettext("The event has started: invitations can no longer go out.")
    if event.release_id is None:
        return gettext(
            "Link the event to the release it announces: invitations go out with that release."
        )
    return None


def _in(language: str, text: Any) -> str:
    with translation.override(language):
        return str(text)


class InvitationRenderer(SendRenderer):
    """The release renderer's engine (variants rendered once, slots filled per recipient, lean
    MIME) with the event's text, the Accept and Decline links and the calendar entry."""

    attaches_files = True

    def __init__(self, send: Send) -> None:
        super().__init__(send, advance=False)
        invitation = Invitation.objects.select_related("event__issuer").get(send_id=send.pk)
        self.event = invitation.event
        self.sequence = invitation.sequence
        self.purpose = invitation.purpose
        self.stamp = send.scheduled_at or timezone.now()
        self._ics: dict[str, bytes] = {}

    def _event_section(self, language: str) -> dict[str, object]:
        event, zh = self.event, language.startswith("zh")
        zone = event.issuer.time_zone
        return {
            "language": language,
            "zh": zh,
            "purpose": self.purpose,
            "label": _in(language, NOTICE_LABELS[Invitation.Purpose(self.purpose)]),
            "lead": _in(language, NOTICE_LEADS.get(Invitation.Purpose(self.purpose), "")),
            # Answers are asked for in the invitation and its update; a reminder and a place
            # from the wait list offer only "cannot come after all"; a cancellation, nothing.
            "asks": self.purpose in {Invitation.Purpose.INVITATION, Invitation.Purpose.UPDATE},
            "may_decline": self.purpose != Invitation.Purpose.CANCELLATION,
            "issuer": event.issuer.name(language),
            "kind": _kind_label(event, zh),
            "title": event.title(language),
            "description": event.description(language),
            "starts": moment_label(event.starts_at, zone, language),
            "ends": moment_label(event.ends_at, zone, language),
            "venue": event.venue(language),
            "address": event.address(language),
            "map_url": event.map_url,
            "deadline": moment_label(event.rsvp_deadline, zone, language)
            if event.rsvp_deadline
            else "",
            "embargo": moment_label(event.embargo_until, zone, language)
            if event.embargo_until
            else "",
            "accept_url": "\x1fACCEPT\x1f",
            "decline_url": "\x1fDECLINE\x1f",
            "enquiries": [
                {
                    "name": (contact.name_zh_hant if zh else "") or contact.name_en,
                    "phone": contact.phone,
                    "email": contact.email,
                }
                for contact in event.enquiry_contacts.all()
            ],
        }

    def _render_variant(self, variant: str) -> _Variant:
        codes = ["zh-hant", "en"] if variant == BOTH else [variant]
        sections = [self._event_section(code) for code in codes]
        return self._fill("emails/media_invitation", sections, codes, assets=[])

    def slot_values(self, recipient: Recipient) -> dict[str, str]:
        values = super().slot_values(recipient)
        page = f"{self.site_url}/events/rsvp/{rsvp_token(recipient.delivery_id)}/"
        values["ACCEPT"] = f"{page}?answer=accepted"
        values["DECLINE"] = f"{page}?answer=declined"
        return values

    def ics(self, variant: str) -> bytes:
        if variant not in self._ics:
            self._ics[variant] = event_ics(
                self.event, language=variant, stamp=self.stamp, sequence=self.sequence
            )
        return self._ics[variant]

    def outgoing(self, recipient: Recipient) -> Outgoing:
        message = super().outgoing(recipient)
        attachment = (ICS_NAME, self.ics(recipient.variant), ICS_TYPE)
        return dataclasses.replace(message, attachments=(attachment,))


def _kind_label(event: Event, zh: bool) -> str:
    with translation.override("zh-hant" if zh else "en"):
        return str(Event.Kind(event.kind).label)


# What each kind of email about an event says it is, and its first sentence.
NOTICE_LABELS = {
    Invitation.Purpose.INVITATION: pgettext_lazy("event email", "Media invitation"),
    Invitation.Purpose.UPDATE: pgettext_lazy("event email", "Updated media invitation"),
    Invitation.Purpose.CANCELLATION: pgettext_lazy("event email", "Cancelled"),
    Invitation.Purpose.REMINDER: pgettext_lazy("event email", "Reminder"),
    Invitation.Purpose.PLACE: pgettext_lazy("event email", "Your place is confirmed"),
}
NOTICE_LEADS = {
    Invitation.Purpose.UPDATE: _(
        "The time or venue has changed: see below. The calendar entry attached updates the one "
        "in your calendar."
    ),
    Invitation.Purpose.CANCELLATION: _(
        "This event is cancelled. The calendar entry attached removes it from your calendar."
    ),
    Invitation.Purpose.REMINDER: _("You said you are coming: a reminder that the event is soon."),
    Invitation.Purpose.PLACE: _(
        "A place has come free, and it is yours: we look forward to seeing you."
    ),
}


INVITATION_KIND = SendKind(
    kind=Send.Kind.MEDIA_INVITATION, refusal=invitation_refusal, renderer=InvitationRenderer
)


def invitation_schedule(
    *,
    event: Event,
    lists: list[DistributionList],
    at: datetime,
    by: Any,
    confirmation: str | None = None,
) -> Send:
    """Record a media invitation to `lists` for `at`. Refused, with the reason, if the event may
    not be invited to then or no one would receive it. `confirmation` is recorded unique, as a
    release send's is: the same confirmation page schedules once."""
    confirmation_check(confirmation)
    refusal = event_refusal(event, at)
    if refusal:
        raise SendRefused(refusal)
    if not lists:
        raise SendRefused(gettext("Choose at least one distribution list."))
    assert event.release is not None
    expansion = recipients_expand(release=event.release, lists=lists)
    if not expansion.recipients and not expansion.invalid:
        raise SendRefused(gettext("No one to invite: every contact is suppressed or inactive."))
    send = Send(
        release=event.release,
        kind=Send.Kind.MEDIA_INVITATION,
        scheduled_at=at,
        status=Send.Status.SCHEDULED,
        confirmation=confirmation,
        recipients_count=len(expansion.recipients) + len(expansion.invalid),
        suppressed_count=expansion.excluded_total,
        created_by=by if getattr(by, "pk", None) else None,
    )
    with transaction.atomic():
        send_save_once(send)
        send.lists.set(lists)
        Invitation.objects.create(
            event=event, send=send, sequence=event.sequence, announced=event.announced()
        )
        audit_record(
            action=Action.SEND_SCHEDULED,
            actor=by,
            obj=send,
            summary=f"Media invitation to {event.title_en} for {at.isoformat()} to "
            f"{send.recipients_count} recipients",
        )
    logger.info("invitation %s to event %s scheduled for %s", send.pk, event.pk, at.isoformat())
    return send

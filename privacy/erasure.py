"""Erasing a person (PDPO s.26, GDPR art. 17): everything that identifies them goes, and what
Pressroom must keep stays without them. Their contact records and suppressions are deleted;
the emails sent to them keep their place in each send's figures but lose the address, the
contact, the ESP's raw payloads and the clicks' network hashes; their replies to invitations
and arrivals at the door lose the address and name; coverage forgets them as its journalist;
the audit log's text loses the address. What stays is the address as a keyed hash
(`ErasedAddress`), so a later import holds them for a person to decide instead of bringing them
back. One transaction: erased entirely, or not at all."""

from typing import Any

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace

from audit.models import Action, AuditEntry
from audit.services import audit_record
from contacts.models import (
    ErasedAddress,
    MediaContact,
    Suppression,
    address_digest,
    normalise_email,
)
from coverage.models import CoverageItem
from distribution.models import AssetClick, Delivery, DeliveryEvent
from events.models import Attendance, Rsvp
from privacy.models import AccessRequest
from subscriptions.models import Subscriber

ERASED_DOMAIN = "erased.invalid"


def _placeholder(kind: str, pk: int) -> str:
    return f"erased-{kind}-{pk}@{ERASED_DOMAIN}"


def erase_address(*, email: str, by: Any) -> dict[str, int]:
    """Erase the person at `email`; returns how many records of each kind changed."""
    address = normalise_email(email)
    digest = address_digest(address)
    counts: dict[str, int] = {}
    with transaction.atomic():
        contacts = list(MediaContact.objects.filter(email=address).values_list("pk", flat=True))
        deliveries = list(Delivery.objects.filter(email=address).values_list("pk", flat=True))
        for pk in deliveries:  # each its own placeholder: (send, address) is unique
            Delivery.objects.filter(pk=pk).update(
                email=_placeholder("delivery", pk), contact=None, error=""
            )
        counts["emails"] = len(deliveries)
        counts["tracking_events"] = DeliveryEvent.objects.filter(delivery__in=deliveries).update(
            recipient="", payload={}, user_agent="", description=""
        )
        counts["clicks"] = AssetClick.objects.filter(delivery__in=deliveries).update(
            ip_hash="", network_hash="", user_agent=""
        )
        replies = list(Rsvp.objects.filter(email=address).values_list("pk", flat=True))
        for pk in replies:
            Rsvp.objects.filter(pk=pk).update(email=_placeholder("reply", pk), equipment="")
        counts["event_replies"] = len(replies)
        counts["arrivals"] = Attendance.objects.filter(email=address).update(
            email="", name="—"
        ) + Attendance.objects.filter(rsvp__in=replies).update(email="", name="—")
        counts["coverage"] = CoverageItem.objects.filter(journalist__in=contacts).update(
            journalist=None
        )
        counts["contacts"] = MediaContact.objects.filter(pk__in=contacts).delete()[0]
        counts["suppressions"] = Suppression.objects.filter(email=address).delete()[0]
        counts["subscriptions"] = Subscriber.objects.filter(email=address).delete()[0]
        # The log keeps what happened, not to whom: the entries about their records lose the
        # name and the changes; any other entry loses the address from its text.
        about = AuditEntry.objects.filter(
            Q(content_type__app_label="contacts", content_type__model="mediacontact",
              object_id__in=[str(pk) for pk in contacts])
            | Q(content_type__app_label="privacy", object_repr__icontains=address)
        )  # fmt: skip
        counts["audit_entries"] = about.update(object_repr="[erased]", changes={})
        counts["audit_entries"] += AuditEntry.objects.filter(summary__icontains=address).update(
            summary=Replace("summary", Value(address), Value("[erased]"))
        )
        for pk in AccessRequest.objects.filter(email=address).values_list("pk", flat=True):
            AccessRequest.objects.filter(pk=pk).update(email=_placeholder("request", pk))
        ErasedAddress.objects.get_or_create(digest=digest)
        audit_record(
            action=Action.DELETED, actor=by,
            summary=f"Personal data erased on request (address kept as hash {digest[:12]}…): "
            + ", ".join(f"{kind} {count}" for kind, count in counts.items() if count),
        )  # fmt: skip
    return counts

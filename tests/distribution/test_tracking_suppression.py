"""What a webhook does to the suppression list: a hard bounce, a complaint or an unsubscribe
suppresses the address and marks the contact, and the next send leaves it out; a soft bounce or
a deferral does not. Posted in each ESP's own format."""

from collections.abc import Callable

import pytest

from contacts.models import MediaContact, Suppression
from distribution.models import Delivery, DeliveryEvent
from distribution.recipients import recipients_expand
from tests.distribution import esp_payloads as esp
from tests.distribution.officers import a_list
from tests.distribution.tracking_helpers import LATER, a_sent_delivery, deliver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracking", "webhook_server")]

Reason = Suppression.Reason
HARD: dict[str, Callable[[Delivery], esp.Post]] = {
    "amazon_ses": lambda d: esp.ses(d, "Bounce", LATER),
    "mailgun": lambda d: esp.mailgun(d, "failed", LATER),
    "postmark": lambda d: esp.postmark(d, "Bounce", LATER),
    "brevo": lambda d: esp.brevo(d, "hard_bounce", LATER),
    "brevo-invalid": lambda d: esp.brevo(d, "invalid_email", LATER),
    "resend": lambda d: esp.resend(d, "email.bounced", LATER),
    "mailersend": lambda d: esp.mailersend(d, "hard_bounced", LATER),
    "postal": lambda d: esp.postal(d, "MessageBounced", LATER),
    "postal-hardfail": lambda d: esp.postal(d, "MessageDeliveryFailed", LATER, status="HardFail"),
}
SOFT: dict[str, Callable[[Delivery], esp.Post]] = {
    "amazon_ses": lambda d: esp.ses(d, "Bounce", LATER, bounce_type="Transient"),
    "mailgun": lambda d: esp.mailgun(d, "failed", LATER, severity="temporary", reason="generic"),
    "postmark": lambda d: esp.postmark(d, "Bounce", LATER, type="SoftBounce"),
    "brevo": lambda d: esp.brevo(d, "soft_bounce", LATER),
    "brevo-deferred": lambda d: esp.brevo(d, "deferred", LATER),
    "resend": lambda d: esp.resend(d, "email.bounced", LATER, bounce_type="Transient"),
    "mailersend": lambda d: esp.mailersend(d, "soft_bounced", LATER),
    "postal": lambda d: esp.postal(d, "MessageDelayed", LATER, status="SoftFail"),
}


def next_send_leaves_out(delivery: Delivery) -> dict[str, int]:
    assert delivery.contact is not None
    expansion = recipients_expand(
        release=delivery.send.release, lists=[a_list("Next time", [delivery.contact])]
    )
    assert expansion.recipients == []
    return dict(expansion.excluded)


@pytest.mark.parametrize("name", list(HARD))
def test_a_hard_bounce_suppresses_the_address_and_the_next_send_skips_it(name: str) -> None:
    delivery = a_sent_delivery()

    deliver(HARD[name](delivery))

    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == (delivery.email, Reason.HARD_BOUNCE)
    assert f"send {delivery.send_id}" in suppression.source
    assert suppression.can_lift()
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.BOUNCED
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
    assert next_send_leaves_out(delivery) == {"suppressed: Hard bounce": 1}


@pytest.mark.parametrize("name", list(SOFT))
def test_a_soft_bounce_or_a_deferral_suppresses_nothing(name: str) -> None:
    delivery = a_sent_delivery()

    deliver(SOFT[name](delivery))

    assert DeliveryEvent.objects.count() == 1  # recorded, for the per-recipient history
    assert not Suppression.objects.exists()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.ACTIVE


@pytest.mark.parametrize(
    "complaint",
    [
        pytest.param(lambda d: esp.ses(d, "Complaint", LATER), id="amazon_ses"),
        pytest.param(lambda d: esp.postmark(d, "SpamComplaint", LATER), id="postmark"),
        pytest.param(lambda d: esp.mailgun(d, "complained", LATER), id="mailgun"),
        pytest.param(lambda d: esp.brevo(d, "spam", LATER), id="brevo"),
        pytest.param(lambda d: esp.resend(d, "email.complained", LATER), id="resend"),
    ],
)
def test_a_complaint_suppresses_for_good(complaint: Callable[[Delivery], esp.Post]) -> None:
    delivery = a_sent_delivery()

    deliver(complaint(delivery))

    suppression = Suppression.objects.get()
    assert suppression.reason == Reason.COMPLAINT
    assert not suppression.can_lift()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.COMPLAINED
    assert next_send_leaves_out(delivery) == {"suppressed: Spam complaint": 1}


def test_a_complaint_after_a_bounce_makes_the_suppression_permanent() -> None:
    delivery = a_sent_delivery()

    deliver(esp.postmark(delivery, "Bounce", LATER))
    deliver(esp.postmark(delivery, "SpamComplaint", LATER))

    assert Suppression.objects.get().reason == Reason.COMPLAINT


def test_an_unsubscribe_reported_by_the_esp_suppresses_and_is_counted() -> None:
    delivery = a_sent_delivery()

    deliver(esp.postmark(delivery, "SubscriptionChange", LATER))

    assert Suppression.objects.get().reason == Reason.UNSUBSCRIBE
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at == LATER
    assert delivery.status == Delivery.Status.SENT
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.UNSUBSCRIBED


def test_an_old_bounce_replayed_after_the_suppression_was_lifted_does_not_return() -> None:
    from contacts.services import suppression_lift

    delivery = a_sent_delivery()
    bounce = esp.postmark(delivery, "Bounce", LATER)
    deliver(bounce)
    assert suppression_lift(suppression=Suppression.objects.get(), by=None)

    assert deliver(bounce) == [200]

    assert not Suppression.objects.exists()
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.ACTIVE

"""ESP tracking webhooks, posted in each ESP's own format to anymail's real views, through the
guard, onto the real Redis stream, drained into the database: authentication (basic auth with a
rotating secret, plus the ESP's signature), one row per event however often it is posted, the
delivery moved forward only, whatever the order, and the unknown answered 200."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from distribution.models import Delivery, DeliveryEvent
from tests.distribution import esp_payloads as esp
from tests.distribution.tracking_helpers import LATER, a_sent_delivery, deliver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracking", "webhook_server")]

Status = Delivery.Status

# For each ESP: how it reports delivered, opened and a hard bounce.
DELIVERED: dict[str, Callable[..., esp.Post]] = {
    "amazon_ses": lambda d, at, **kw: esp.ses(d, "Delivery", at, **kw),
    "mailgun": lambda d, at, **kw: esp.mailgun(d, "delivered", at, **kw),
    "postmark": lambda d, at, **kw: esp.postmark(d, "Delivery", at, **kw),
    "brevo": lambda d, at, **kw: esp.brevo(d, "delivered", at, **kw),
    "resend": lambda d, at, **kw: esp.resend(d, "email.delivered", at, **kw),
    "mailersend": lambda d, at, **kw: esp.mailersend(d, "delivered", at, **kw),
    "postal": lambda d, at, **kw: esp.postal(d, "MessageSent", at, **kw),
}
# Postal reports no opens anymail can read.
OPENED: dict[str, Callable[..., esp.Post]] = {
    "amazon_ses": lambda d, at: esp.ses(d, "Open", at),
    "mailgun": lambda d, at: esp.mailgun(d, "opened", at),
    "postmark": lambda d, at: esp.postmark(d, "Open", at),
    "brevo": lambda d, at: esp.brevo(d, "unique_opened", at),
    "resend": lambda d, at: esp.resend(d, "email.opened", at),
    "mailersend": lambda d, at: esp.mailersend(d, "opened", at),
}
BOUNCED: dict[str, Callable[..., esp.Post]] = {
    "amazon_ses": lambda d, at: esp.ses(d, "Bounce", at),
    "mailgun": lambda d, at: esp.mailgun(d, "failed", at),
    "postmark": lambda d, at: esp.postmark(d, "Bounce", at),
    "brevo": lambda d, at: esp.brevo(d, "hard_bounce", at),
    "resend": lambda d, at: esp.resend(d, "email.bounced", at),
    "mailersend": lambda d, at: esp.mailersend(d, "hard_bounced", at),
    "postal": lambda d, at: esp.postal(d, "MessageBounced", at),
}
ESPS = list(DELIVERED)


def status_of(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.status


@pytest.mark.parametrize("name", ESPS)
def test_it_stores_a_delivered_event_and_moves_the_delivery(name: str) -> None:
    delivery = a_sent_delivery()

    assert deliver(DELIVERED[name](delivery, LATER)) == [200]

    [event] = DeliveryEvent.objects.all()
    assert event.delivery == delivery
    assert event.event_type == "delivered"
    assert event.occurred_at == LATER
    assert event.recipient == delivery.email
    assert event.payload  # the ESP's own event, for the record
    assert status_of(delivery) == Status.DELIVERED


@pytest.mark.parametrize("name", ESPS)
def test_it_stores_an_event_once_however_often_it_is_posted(name: str) -> None:
    delivery = a_sent_delivery()
    webhook = DELIVERED[name](delivery, LATER)

    assert deliver(webhook, webhook) == [200, 200]
    assert deliver(webhook) == [200]  # and again, after the first two were applied

    assert DeliveryEvent.objects.count() == 1
    assert status_of(delivery) == Status.DELIVERED


@pytest.mark.parametrize("name", list(OPENED))
def test_events_out_of_order_end_at_the_furthest_status(name: str) -> None:
    delivery = a_sent_delivery()
    opened = OPENED[name](delivery, LATER + timedelta(minutes=2))
    delivered = DELIVERED[name](delivery, LATER)

    deliver(opened)
    deliver(delivered)  # late: changes nothing

    assert status_of(delivery) == Status.OPENED
    assert DeliveryEvent.objects.count() == 2
    delivery.refresh_from_db()
    assert delivery.opened_at == LATER + timedelta(minutes=2)


@pytest.mark.parametrize("name", ESPS)
def test_a_bounce_is_final_whatever_comes_after(name: str) -> None:
    delivery = a_sent_delivery()

    deliver(BOUNCED[name](delivery, LATER), DELIVERED[name](delivery, LATER))
    deliver(DELIVERED[name](delivery, LATER + timedelta(minutes=1)))

    assert status_of(delivery) == Status.BOUNCED


def test_events_in_one_chunk_in_any_order_end_at_the_furthest_status() -> None:
    delivery = a_sent_delivery()
    at = LATER
    webhooks = [
        esp.postmark(delivery, "Open", at + timedelta(minutes=3)),
        esp.postmark(delivery, "Delivery", at),
    ]

    deliver(*webhooks)

    assert status_of(delivery) == Status.OPENED


# --- Authentication ---------------------------------------------------------------------------


def _any(name: str, delivery: Delivery) -> esp.Post:
    return DELIVERED[name](delivery, LATER)


@pytest.mark.parametrize("name", ESPS)
def test_a_post_without_the_password_is_refused_and_stores_nothing(name: str) -> None:
    delivery = a_sent_delivery()

    [status] = deliver(_any(name, delivery), auth=None)

    # SNS needs a 401 challenge before it sends the password; the others get 400.
    assert status == (401 if name == "amazon_ses" else 400)
    assert not DeliveryEvent.objects.exists()
    assert status_of(delivery) == Status.SENT


@pytest.mark.parametrize("name", ESPS)
def test_a_post_with_a_wrong_password_is_refused_and_stores_nothing(name: str) -> None:
    delivery = a_sent_delivery()

    assert deliver(_any(name, delivery), auth="pressroom:guessed") == [400]

    assert not DeliveryEvent.objects.exists()


@pytest.mark.parametrize("name", ESPS)
def test_both_the_old_and_the_new_secret_work_while_it_rotates(name: str) -> None:
    delivery = a_sent_delivery()

    assert deliver(_any(name, delivery), auth=esp.OLD_SECRET) == [200]
    assert deliver(DELIVERED[name](delivery, LATER + timedelta(seconds=1)), auth=esp.SECRET) == [
        200
    ]

    assert DeliveryEvent.objects.count() == 2


def test_a_mailgun_post_with_a_wrong_signature_is_refused() -> None:
    delivery = a_sent_delivery()
    forged = esp.mailgun(delivery, "failed", LATER, signing_key="key-someone-else")

    assert deliver(forged) == [400]  # the password alone is not enough

    assert not DeliveryEvent.objects.exists()


def test_a_resend_post_with_a_wrong_or_missing_signature_is_refused() -> None:
    delivery = a_sent_delivery()
    good = esp.resend(delivery, "email.bounced", LATER)
    forged = esp.Post(
        "resend",
        good.body,
        good.content_type,
        esp.svix_headers(good.body, secret="whsec_" + "QUJD" * 8),
    )
    unsigned = esp.Post("resend", good.body, good.content_type)
    tampered = esp.Post("resend", good.body.replace(b"bounced", b"opened!"), "application/json")
    tampered.headers = good.headers

    assert deliver(forged, unsigned, tampered) == [400, 400, 400]

    assert not DeliveryEvent.objects.exists()
    assert status_of(delivery) == Status.SENT


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("postmark", "WEBHOOK_SECRET"),
        ("mailgun", "MAILGUN_WEBHOOK_SIGNING_KEY"),
        ("resend", "RESEND_SIGNING_SECRET"),
        ("mailersend", "MAILERSEND_SIGNING_SECRET"),
        ("postal", "POSTAL_WEBHOOK_KEY"),
    ],
)
def test_tracking_is_off_until_its_secrets_are_set(name: str, missing: str, settings: Any) -> None:
    delivery = a_sent_delivery()
    settings.ANYMAIL = {key: value for key, value in settings.ANYMAIL.items() if key != missing}

    assert deliver(_any(name, delivery)) == [404]

    assert not DeliveryEvent.objects.exists()


# --- What cannot be matched -------------------------------------------------------------------


def test_an_event_for_an_unknown_message_is_answered_200_and_kept_unmatched(
    caplog: pytest.LogCaptureFixture,
) -> None:
    delivery = a_sent_delivery()
    stranger = Delivery(pk=delivery.pk + 1000, send_id=delivery.send_id, email="x@example.com")
    stranger.esp_message_id = "0100019a-not-ours"

    assert deliver(esp.ses(stranger, "Delivery", LATER)) == [200]

    [event] = DeliveryEvent.objects.all()
    assert event.delivery is None
    assert "unknown message" in caplog.text
    assert status_of(delivery) == Status.SENT


def test_an_event_without_our_metadata_is_matched_by_the_esp_message_id() -> None:
    delivery = a_sent_delivery(esp_message_id="4ef9a417-02e9-4d39-ad75-9611e0fcc33c")

    deliver(esp.resend(delivery, "email.delivered", LATER, with_metadata=False))

    [event] = DeliveryEvent.objects.all()
    assert event.delivery == delivery
    assert status_of(delivery) == Status.DELIVERED


def test_metadata_naming_a_delivery_to_another_address_is_not_trusted() -> None:
    ours = a_sent_delivery()
    other = a_sent_delivery()
    lying = esp.postmark(ours, "Bounce", LATER)
    body = lying.body.replace(ours.email.encode(), other.email.encode())
    body = body.replace(ours.esp_message_id.encode(), b"not-a-known-id")

    deliver(esp.Post("postmark", body, "application/json"))

    assert status_of(ours) == Status.SENT
    assert status_of(other) == Status.SENT
    assert DeliveryEvent.objects.get().delivery is None


def test_a_mailersend_or_postal_post_with_a_wrong_signature_is_refused() -> None:
    delivery = a_sent_delivery(esp_message_id="1234")
    forged_mailersend = esp.mailersend(delivery, "hard_bounced", LATER, secret="not-it")
    other_key, _public = esp._postal_keys()
    forged_postal = esp.postal(delivery, "MessageBounced", LATER, private_key=other_key)
    unsigned_postal = esp.postal(delivery, "MessageBounced", LATER)
    unsigned_postal.headers = {}

    assert deliver(forged_mailersend, forged_postal, unsigned_postal) == [400, 400, 400]

    assert not DeliveryEvent.objects.exists()
    assert status_of(delivery) == Status.SENT


@pytest.mark.parametrize("forged", ["99999999999999999999999", "١٢", "-1", "1e3", ""])
def test_metadata_that_names_no_possible_delivery_is_unmatched_not_an_error(forged: str) -> None:
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    body = webhook.body.replace(
        f'"delivery_id": "{delivery.pk}"'.encode(), f'"delivery_id": "{forged}"'.encode()
    ).replace(delivery.esp_message_id.encode(), b"unknown-id")

    assert deliver(esp.Post("postmark", body, "application/json")) == [200]

    assert DeliveryEvent.objects.get().delivery is None

"""A send through the ESPs' batch APIs (Postmark, Mailgun, Resend, Brevo, Amazon SES's
SendBulkEmail: many messages per call, each its own) and over several
SMTP connections at once: what each recipient gets, what is recorded, and that a retried batch
sends nothing the ESP or the mail server already accepted."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings

from distribution import transport
from distribution.models import Delivery, Send
from distribution.services import deliveries_send_batch, sends_tick
from distribution.tokens import unsubscribe_token
from tests.distribution.conftest import Sink
from tests.distribution.esp_standins import AmazonSES, Brevo, Mailgun, Postmark, Resend, serving
from tests.distribution.test_esp_real_backends import NOW, asset_links, send_to, use

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def postmark(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Postmark]:
    with serving("postmark") as stand_in:
        assert isinstance(stand_in, Postmark)
        use(stand_in, settings, monkeypatch)
        yield stand_in


BatchESP = Postmark | Mailgun | Resend | Brevo | AmazonSES


@pytest.fixture(params=["postmark", "mailgun", "resend", "brevo", "amazon_ses"])
def batch_esp(
    request: pytest.FixtureRequest, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[BatchESP]:
    with serving(request.param) as stand_in:
        assert isinstance(stand_in, BatchESP)
        use(stand_in, settings, monkeypatch)
        yield stand_in


# How each ESP says it refused a recipient.
REFUSED = {
    "postmark": "marked as inactive",
    "mailgun": "not a valid address",
    "resend": "Invalid `to` field",
    "brevo": "email is not valid",
    "amazon_ses": "Amazon SES: MESSAGE_REJECTED: Email address is not verified",
}


def addresses(count: int) -> list[str]:
    return [f"reporter{n}@desk{n % 3}.example.com" for n in range(count)]


def test_one_batch_call_carries_every_recipient_with_their_own_links(
    batch_esp: BatchESP,
) -> None:
    send = send_to(addresses(12), with_asset=True)

    assert send.status == Send.Status.SENT, send.reason
    assert batch_esp.batch_calls == 1  # twelve messages, one call
    asked = {message.to[0]: message for message in batch_esp.asked()}
    site = django_settings.SITE_URL
    for delivery in Delivery.objects.filter(send=send):
        message = asked[delivery.email]
        unsubscribe = f"{site}/u/{unsubscribe_token(delivery.pk)}/"
        assert unsubscribe in message.text
        assert unsubscribe in message.html
        assert (
            asset_links(message.text)
            == asset_links(message.html)
            == {(delivery.pk, send.release.assets.get().pk)}
        )
        assert delivery.contact is not None
        name = delivery.contact.name_en
        assert name in message.text
        assert name in message.html
        assert message.headers["list-unsubscribe"] == f"<{unsubscribe}>"
        assert message.headers["message-id"] == delivery.message_id
        assert message.metadata == {"delivery_id": str(delivery.pk), "send_id": str(send.pk)}
        assert delivery.status == Delivery.Status.SENT
    # Each delivery keeps the id Postmark gave its own message.
    recorded = dict(Delivery.objects.filter(send=send).values_list("email", "esp_message_id"))
    answered = dict(zip([m.to[0] for m in batch_esp.asked()], batch_esp.answered_ids, strict=True))
    assert recorded == answered


def test_recipients_refused_within_a_batch_fail_and_the_rest_are_sent(
    batch_esp: BatchESP,
) -> None:
    everyone = addresses(6)
    batch_esp.refused_recipients = {everyone[1], everyone[4]}
    send = send_to(everyone)

    # Postmark answers per message; Mailgun refuses the call for the first bad address, which
    # then goes again without it; Resend and Brevo refuse the whole call, and its emails then go
    # one call each; Amazon SES answers per entry.
    calls = {"postmark": 1, "mailgun": 3, "resend": 1, "brevo": 1, "amazon_ses": 1}
    assert batch_esp.batch_calls == calls[batch_esp.name]
    assert send.status == Send.Status.SENT
    assert (send.sent_count, send.failed_count) == (4, 2)
    deliveries = {d.email: d for d in Delivery.objects.filter(send=send)}
    for address in everyone:
        delivery = deliveries[address]
        if address in batch_esp.refused_recipients:
            assert delivery.status == Delivery.Status.FAILED
            assert REFUSED[batch_esp.name] in delivery.error
            assert not delivery.esp_message_id
        else:
            assert delivery.status == Delivery.Status.SENT
            assert delivery.esp_message_id
    assert sorted(message.to[0] for message in batch_esp.asked()) == sorted(
        set(everyone) - batch_esp.refused_recipients
    )


def test_a_retried_batch_sends_nothing_postmark_already_accepted(
    postmark: Postmark, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Calls of two messages; the second call finds Postmark unavailable (HTTP 503).
    monkeypatch.setattr(transport, "POSTMARK_BATCH_LIMIT", 2)
    monkeypatch.setattr(transport.PostmarkBatchTransport, "chunk", 2)
    postmark.unavailable_batch_calls = {2}
    everyone = addresses(6)
    send = send_to(everyone)

    statuses = dict(Delivery.objects.filter(send=send).values_list("email", "status"))
    assert sorted(statuses.values()).count(Delivery.Status.QUEUED) == 2  # to be tried again
    assert len(postmark.asked()) == 4

    # The task delivered again (or the retry after the back-off) sends the two Postmark never
    # took, and nothing it accepted.
    every_id = list(Delivery.objects.filter(send=send).values_list("pk", flat=True))
    with time_machine.travel(NOW + timedelta(seconds=1), tick=True):
        deliveries_send_batch(send_id=send.pk, delivery_ids=every_id)
    later = NOW + timedelta(seconds=django_settings.SEND_RETRY_BACKOFF_SECONDS * 2 + 5)
    with time_machine.travel(later, tick=True):
        sends_tick()
    send.refresh_from_db()
    assert send.status == Send.Status.SENT, send.reason
    sent_to = [message.to[0] for message in postmark.asked()]
    assert sorted(sent_to) == sorted(everyone)  # each exactly once
    assert set(Delivery.objects.filter(send=send).values_list("status", flat=True)) == {
        Delivery.Status.SENT
    }


def test_several_smtp_connections_send_each_delivery_exactly_once(
    smtp_sink: Sink, settings: Any
) -> None:
    settings.SEND_CONCURRENCY = 4
    everyone = addresses(40)
    send = send_to(everyone)

    assert send.status == Send.Status.SENT, send.reason
    assert smtp_sink.by_address() == {address: 1 for address in everyone}
    deliveries = {d.email: d.message_id for d in Delivery.objects.filter(send=send)}
    assert smtp_sink.message_ids() == {
        address: {message_id} for address, message_id in deliveries.items()
    }
    with smtp_sink.lock:
        connections = {item.peer for item in smtp_sink.received}
    assert 1 < len(connections) <= 4  # several in flight, never more than SEND_CONCURRENCY


def test_the_connections_of_a_batch_close_together_not_one_after_another() -> None:
    """Each SMTP lane waits on its server to close; one after another, 32 lanes 80 ms away took
    2.6 s a batch. Every lane's close here waits for all the others to have started closing: in
    turn, the first would wait in vain and the barrier break."""
    lanes = 4
    everyone_closing = threading.Barrier(lanes, timeout=5)
    closed: list[bool] = []

    class Lane:
        def send(self, messages: list[Any]) -> list[Any]:
            return []

        def close(self) -> None:
            everyone_closing.wait()
            closed.append(True)

    concurrent = transport.ConcurrentTransport(Lane, lanes)
    for index in range(lanes):
        concurrent._lane(index)

    concurrent.close()

    assert closed == [True] * lanes

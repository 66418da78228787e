"""The drain: events wait in the Redis stream until a transaction has applied them, so a drainer
that dies loses nothing; a chunk of a thousand events costs a handful of queries; opens by
privacy proxies and scanners are recorded as machines' and move nothing."""

import json
from datetime import timedelta
from typing import Any

import pytest
from django.conf import LazySettings
from django.db import connection

from distribution.models import Delivery, DeliveryEvent
from distribution.tasks import tracking_drain as tracking_drain_task
from distribution.tracking import GROUP, tracking_drain, tracking_redis
from tests.distribution import esp_payloads as esp
from tests.distribution.tracking_helpers import LATER, SENT_AT, a_sent_delivery, deliver, post
from tests.factories import DeliveryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracking")]


def test_nothing_is_applied_until_the_drain_runs_and_then_all_of_it(tracking: str) -> None:
    delivery = a_sent_delivery()

    assert post(esp.postmark(delivery, "Delivery", LATER)).status_code == 200
    assert not DeliveryEvent.objects.exists()
    assert tracking_redis().xlen(tracking) == 1

    tracking_drain_task.apply()  # what beat runs every second

    assert DeliveryEvent.objects.count() == 1
    assert tracking_redis().xlen(tracking) == 0  # acknowledged and deleted once applied


def test_events_a_dead_drainer_took_are_taken_over(tracking: str, settings: LazySettings) -> None:
    delivery = a_sent_delivery()
    post(esp.postmark(delivery, "Delivery", LATER))
    client = tracking_redis()
    tracking_drain(limit=0)  # makes the consumer group
    # Another drainer reads the entry and dies before applying it.
    taken: Any = client.xreadgroup(GROUP, "dead-drainer", {tracking: ">"}, count=10)
    assert len(taken[0][1]) == 1
    settings.TRACKING_RECLAIM_SECONDS = 3600

    assert tracking_drain() == 0  # not yet: it may only be slow
    assert not DeliveryEvent.objects.exists()

    settings.TRACKING_RECLAIM_SECONDS = 0
    assert tracking_drain() == 1

    assert DeliveryEvent.objects.get().delivery == delivery
    assert client.xpending(tracking, GROUP)["pending"] == 0


def test_a_chunk_of_a_thousand_events_costs_a_handful_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    first = a_sent_delivery()
    send = first.send
    deliveries = [first] + [
        DeliveryFactory.create(
            send=send,
            contact=None,
            email=f"reader{n}@example.com",
            status=Delivery.Status.SENT,
            sent_at=SENT_AT,
            esp_message_id=f"esp-{n}",
        )
        for n in range(249)
    ]
    for delivery in deliveries:  # 250 deliveries × 4 events, one of them a hard bounce
        post(esp.postmark(delivery, "Delivery", LATER))
        post(esp.postmark(delivery, "Open", LATER + timedelta(minutes=1)))
        post(esp.brevo(delivery, "click", LATER + timedelta(minutes=2)))
        post(esp.postmark(delivery, "Open", LATER + timedelta(minutes=3)))
    post(esp.postmark(first, "Bounce", LATER))

    # About a dozen statements whatever the chunk size (a savepoint and its release among
    # them); SQLite splits the one bulk insert by its limit on variables.
    with django_assert_max_num_queries(15 if connection.vendor == "postgresql" else 30):
        assert tracking_drain(chunk=1001) == 1001

    assert DeliveryEvent.objects.count() == 1001
    statuses = set(Delivery.objects.exclude(pk=first.pk).values_list("status", flat=True))
    assert statuses == {Delivery.Status.CLICKED}
    first.refresh_from_db()
    assert first.status == Delivery.Status.BOUNCED


@pytest.mark.parametrize(
    ("webhook", "reason"),
    [
        pytest.param(
            lambda d: esp.brevo(d, "unique_proxy_open", LATER), "privacy proxy", id="brevo-proxy"
        ),
        pytest.param(
            lambda d: esp.ses(d, "Open", LATER, user_agent="Mozilla/5.0"),
            "privacy proxy",
            id="apple-mpp",
        ),
        pytest.param(
            lambda d: esp.mailgun(d, "clicked", LATER, user_agent="Barracuda Sentinel (EE)"),
            "scanner",
            id="scanner-agent",
        ),
        pytest.param(
            lambda d: esp.postmark(d, "Open", SENT_AT + timedelta(seconds=2)),
            "within",
            id="seconds-after-sending",
        ),
    ],
)
def test_a_machine_open_or_click_is_recorded_apart_and_moves_nothing(
    webhook: Any, reason: str
) -> None:
    delivery = a_sent_delivery()

    deliver(webhook(delivery))

    event = DeliveryEvent.objects.get()
    assert event.is_machine
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert delivery.opened_at is None
    assert delivery.clicked_at is None
    assert (delivery.machine_opened_at or delivery.machine_clicked_at) is not None


def test_a_person_s_open_after_a_machine_s_is_counted_as_the_person_s() -> None:
    delivery = a_sent_delivery()

    deliver(esp.brevo(delivery, "unique_proxy_open", LATER))
    deliver(esp.brevo(delivery, "opened", LATER + timedelta(hours=2)))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.OPENED
    assert delivery.machine_opened_at == LATER
    assert delivery.opened_at == LATER + timedelta(hours=2)


def test_an_event_before_the_batch_recorded_the_send_keeps_the_esp_id() -> None:
    delivery = a_sent_delivery()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, sent_at=None, esp_message_id=""
    )
    delivery.esp_message_id = "0100019a-arrived-first"

    deliver(esp.ses(delivery, "Delivery", LATER))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.sent_at == LATER
    assert delivery.esp_message_id == "0100019a-arrived-first"


def test_an_event_that_cannot_be_applied_is_set_aside_and_the_rest_go_on(
    tracking: str, caplog: pytest.LogCaptureFixture
) -> None:
    delivery = a_sent_delivery()
    client = tracking_redis()
    post(esp.postmark(delivery, "Delivery", LATER))
    broken = {"key": "test:broken", "type": "delivered", "at": "2025-13-45T99:00:00+00:00"}
    client.xadd(tracking, {"e": json.dumps(broken)})
    client.xadd(tracking, {"x": "not even a record"})
    post(esp.postmark(delivery, "Open", LATER + timedelta(minutes=1)))

    assert tracking_drain() == 4

    assert DeliveryEvent.objects.count() == 2
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.OPENED
    assert client.xlen(tracking) == 0
    assert client.xlen(f"{tracking}:failed") == 2  # kept for a person to look at
    assert "cannot be applied: set aside" in caplog.text

"""Retention, time frozen: raw ESP payloads go after 90 days, click network hashes and user
agents after a year, whole deliveries after three years, and nothing younger; a send keeps its
figures; a backlog larger than a run's batches is finished by the next run."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from distribution.retention import retention_apply
from tests.factories import AssetClickFactory, DeliveryEventFactory, DeliveryFactory, SendFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def sent(days_ago: int) -> Delivery:
    moment = NOW - timedelta(days=days_ago)
    send = SendFactory.create(scheduled_at=moment, status=Send.Status.SENT, sent_count=1)
    delivery = DeliveryFactory.create(send=send, email=f"reader{days_ago}@daily.example.com")
    with time_machine.travel(moment, tick=False):
        DeliveryEventFactory.create(
            delivery=delivery, payload={"recipient": delivery.email, "ip": "192.0.2.7"}
        )
    AssetClickFactory.create(
        delivery=delivery, clicked_at=moment, ip_hash="a" * 64, network_hash="b" * 32,
        user_agent="Mozilla/5.0",
    )  # fmt: skip
    return delivery


def test_each_kind_goes_after_its_period_and_nothing_younger(settings: Any) -> None:
    young, past_payload, past_network, past_all = sent(30), sent(100), sent(400), sent(1200)

    report = retention_apply(now=NOW)

    assert report.more == []
    payloads = dict(DeliveryEvent.objects.values_list("delivery_id", "payload"))
    assert payloads[young.pk] != {}
    assert payloads[past_payload.pk] == {}
    assert payloads[past_network.pk] == {}
    clicks = {c.delivery_id: c for c in AssetClick.objects.all()}
    assert clicks[past_payload.pk].network_hash == "b" * 32  # 100 days: still within a year
    assert (clicks[past_network.pk].ip_hash, clicks[past_network.pk].network_hash,
            clicks[past_network.pk].user_agent) == ("", "", "")  # fmt: skip
    assert not Delivery.objects.filter(pk=past_all.pk).exists()
    assert Send.objects.get(pk=past_all.send_id).sent_count == 1  # the figures stay
    assert retention_apply(now=NOW).payloads_emptied == 0  # nothing left to do


def test_a_backlog_is_worked_through_in_bounded_runs(settings: Any) -> None:
    settings.RETENTION_BATCH, settings.RETENTION_BATCHES = 2, 1
    for days in (100, 101, 102):
        sent(days)

    first = retention_apply(now=NOW)
    assert first.payloads_emptied == 2
    assert first.more == ["payloads"]
    assert retention_apply(now=NOW).payloads_emptied == 1


def test_zero_days_keeps_for_ever(settings: Any) -> None:
    settings.RETENTION_PAYLOAD_DAYS = 0
    settings.RETENTION_DELIVERY_DAYS = 0
    old = sent(2000)
    retention_apply(now=NOW)
    assert DeliveryEvent.objects.get(delivery=old).payload != {}
    assert Delivery.objects.filter(pk=old.pk).exists()

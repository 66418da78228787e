"""A week before a personal-data request falls due, the officer who recorded it is emailed
once, in her admin language, through real SMTP on loopback; an answered one is not."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine

from audit.preferences import user_language_set
from privacy.models import AccessRequest
from privacy.reminders import reminders_deliver
from tests.distribution.conftest import Sink

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2025, 10, 2, 2, 0, tzinfo=UTC)  # due 11 Nov 2025 10:00 HKT


def test_the_officer_is_reminded_once_a_week_before_the_due_date(
    wing: Any, smtp_sink: Sink
) -> None:
    with time_machine.travel(RECEIVED, tick=False):
        AccessRequest.objects.create(email="chan@daily.example.com", created_by=wing)
        answered = AccessRequest.objects.create(
            email="lee@wire.example.com", created_by=wing, status=AccessRequest.Status.ANSWERED
        )
    assert answered.pk
    assert reminders_deliver(now=RECEIVED + timedelta(days=32)) == 0  # 8 days before: not yet
    assert reminders_deliver(now=RECEIVED + timedelta(days=33)) == 1
    assert reminders_deliver(now=RECEIVED + timedelta(days=34)) == 0  # once

    (message,) = smtp_sink.messages_to(wing.email)
    assert str(message["Subject"]).strip().startswith("個人資料要求須於 2025年11月11日")
    assert "chan@daily.example.com" in message.get_content()


def test_in_english_for_an_officer_who_reads_english(alice: Any, smtp_sink: Sink) -> None:
    user_language_set(user=alice, language="en")
    with time_machine.travel(RECEIVED, tick=False):
        AccessRequest.objects.create(email="chan@daily.example.com", created_by=alice)
    reminders_deliver(now=RECEIVED + timedelta(days=35))
    (message,) = smtp_sink.messages_to(alice.email)
    assert str(message["Subject"]) == "A personal-data request is due on 11 Nov 2025 10:00 HKT"

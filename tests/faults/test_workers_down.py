"""Fault 6: no worker (and no beat) running across a send's moment, back only after the late
cutoff. The send is not sent late to anyone: it is marked missed and waits for a person, who
schedules it again."""

from dataclasses import replace
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from distribution.models import Delivery, Send
from distribution.services import send_schedule, sends_tick
from tests.faults.conftest import (
    FaultySink,
    Fleet,
    assert_exactly_once,
    blast_prepare,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def test_a_send_whose_moment_passed_while_workers_were_down_is_missed_not_sent_late(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    back = timezone.now()
    moment = back - timedelta(seconds=settings.SEND_LATE_CUTOFF_SECONDS + 60)
    with time_machine.travel(moment - timedelta(minutes=5), tick=False):
        blast = blast_prepare(at=moment)
    assert blast.send.scheduled_at == moment
    fleet.start(concurrency=2)
    fleet.start(concurrency=2)

    report = sends_tick()  # beat's first tick after the outage

    assert report.missed == [blast.send.pk]
    blast.send.refresh_from_db()
    assert blast.send.status == Send.Status.MISSED
    assert "while no worker was running" in blast.send.status_reason
    assert "waits for a person" in blast.send.status_reason
    assert sends_tick().started == []  # later ticks leave it to the person
    assert not Delivery.objects.filter(send=blast.send).exists()

    again = send_schedule(
        release=blast.send.release, lists=list(blast.send.lists.all()), kind=Send.Kind.IMMEDIATE
    )
    tick_until_finished(replace(blast, send=again), fleet, faulty_sink)

    # Once the person sent it again: everyone once, and nothing at all for the missed send.
    assert_exactly_once(replace(blast, send=again), faulty_sink, in_flight=0)
    blast.send.refresh_from_db()
    assert blast.send.status == Send.Status.MISSED

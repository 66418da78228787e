"""Fault 3: two celery beat schedulers at once (a second one started by mistake, or a failover
that overlaps), and a broker visibility_timeout of two seconds, so Redis hands every batch still
running after two seconds to a second worker. Both ticks race to claim the send and every batch
runs twice; the claims (skip_locked and a conditional UPDATE for the send, a conditional UPDATE
for each delivery) let exactly one of each win."""

import re
from collections import Counter

import pytest

from distribution.models import Delivery
from tests.faults.conftest import (
    FaultySink,
    Fleet,
    assert_exactly_once,
    blast_prepare,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def test_two_beats_and_a_short_visibility_timeout_send_each_message_once(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    fleet.env.update(SEND_TICK_SECONDS="0.25", FAULT_VISIBILITY_TIMEOUT="2", SEND_BATCH_SIZE="500")
    # A slow server (it answers one message at a time): 500 messages of a batch that shares it
    # with three others take about 6 s, well past the 2 s visibility timeout, on any machine.
    faulty_sink.delay = 0.003
    fleet.start(concurrency=2)
    fleet.start(concurrency=2)
    fleet.start_beat()
    fleet.start_beat()
    blast = blast_prepare()

    try:  # the beats tick; this process only watches
        tick_until_finished(blast, fleet, faulty_sink, timeout=120, beat=False)
    finally:
        print(fleet.logs())
    assert_exactly_once(blast, faulty_sink, in_flight=0)
    # The faults happened: ticks came from both beats, and batches were handed out twice.
    logs = "".join(path.read_text() for path in fleet.log_dir.glob("*.log"))
    batches = Counter(re.findall(r"deliver_batch\[([0-9a-f-]+)\] received", logs))
    print(f"{len(batches)} batch tasks, {sum(batches.values())} deliveries of them")
    assert max(batches.values()) >= 2, "no batch was redelivered"
    assert all(
        path.read_text().count("Sending due task distribution-tick")
        for path in fleet.log_dir.glob("beat-*.log")
    )
    assert Delivery.objects.filter(send=blast.send, attempts=1).count() == 5000

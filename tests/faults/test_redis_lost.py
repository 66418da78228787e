"""Fault 2: the broker loses every task mid-blast, once by a restart of Redis and once by a
FLUSHALL. The database still holds every delivery: those left queued are enqueued again once
their retry_at comes (SEND_REQUEUE_AFTER_SECONDS), and the batches running at the fault finish
and record what they sent."""

import pytest

from distribution.models import Delivery
from tests.faults.conftest import (
    IN_FLIGHT_PER_PROCESS,
    PROCESSES,
    FaultySink,
    Fleet,
    RedisServer,
    assert_exactly_once,
    blast_under_way,
    tick_until,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def test_redis_restarted_and_then_flushed_mid_blast_loses_nothing(
    fleet: Fleet, faulty_sink: FaultySink, own_redis: RedisServer
) -> None:
    blast = blast_under_way(fleet, faulty_sink, until=1200)

    own_redis.stop()  # every queued task is gone with it
    own_redis.start()
    tick_until(lambda: faulty_sink.count() >= 2800, timeout=60, what="the blast to go on")
    own_redis.client().flushall()
    assert Delivery.objects.filter(send=blast.send, status=Delivery.Status.QUEUED).exists()

    tick_until_finished(blast, fleet, faulty_sink)
    # Nothing is lost with the broker's tasks; a batch whose acknowledgement failed is not
    # delivered again, and if it were it would claim nothing.
    assert_exactly_once(blast, faulty_sink, in_flight=PROCESSES * IN_FLIGHT_PER_PROCESS)

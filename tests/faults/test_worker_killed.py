"""Fault 1: a worker SIGKILLed at a random point mid-blast, then started again. What it had
claimed stays 'sending' until its lease ends; the reaper gives it back, and only the messages
it had sent but not yet recorded go twice, with their original Message-ID."""

import random

import pytest

from tests.faults.conftest import (
    IN_FLIGHT_PER_PROCESS,
    RECIPIENTS,
    FaultySink,
    Fleet,
    assert_exactly_once,
    blast_under_way,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def test_a_worker_killed_at_a_random_moment_loses_nothing(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    seed = random.randrange(1_000_000)
    at = random.Random(seed).randrange(RECIPIENTS // 10, RECIPIENTS * 7 // 10)
    print(f"seed {seed}: the worker is killed once {at} messages have arrived")
    blast = blast_under_way(fleet, faulty_sink, until=at)

    fleet.kill(fleet.processes[0])
    assert faulty_sink.count() < RECIPIENTS, "the blast ended before the kill"
    fleet.start(concurrency=2)
    tick_until_finished(blast, fleet, faulty_sink)

    # In flight at the kill: at most one unrecorded chunk per pool process of that worker.
    assert_exactly_once(blast, faulty_sink, in_flight=2 * IN_FLIGHT_PER_PROCESS)

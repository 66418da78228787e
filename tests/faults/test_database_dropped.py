"""Fault 5: every worker's database connection is cut mid-batch (pg_terminate_backend, as a
PostgreSQL restart or failover does). A batch that loses its connection fails; the deliveries
it had claimed wait out their lease and the reaper gives them back. Only the chunk each batch
had sent and not yet recorded goes twice, with its Message-ID."""

from functools import partial

import pytest
from django.db import connection

from tests.conftest import IN_CI
from tests.faults.conftest import (
    IN_FLIGHT_PER_PROCESS,
    PROCESSES,
    FaultySink,
    Fleet,
    arrived,
    assert_exactly_once,
    blast_under_way,
    tick_until,
    tick_until_finished,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.redis,
    pytest.mark.timeout(150),
    pytest.mark.skipif(
        not IN_CI and connection.vendor != "postgresql",
        reason="terminates PostgreSQL backends: needs DATABASE_URL to name PostgreSQL",
    ),
]


def terminate_other_backends() -> int:
    """Cut every connection to the test database but this process's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    assert row is not None
    return int(row[0])


def test_database_connections_cut_mid_batch_lose_nothing(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    blast = blast_under_way(fleet, faulty_sink, until=1500)
    assert terminate_other_backends() >= 1
    tick_until(partial(arrived, faulty_sink, 3000), timeout=60, what="the blast to go on")
    assert terminate_other_backends() >= 1

    tick_until_finished(blast, fleet, faulty_sink)

    # Each cut loses at most the unrecorded chunk of every pool process.
    assert_exactly_once(blast, faulty_sink, in_flight=2 * PROCESSES * IN_FLIGHT_PER_PROCESS)

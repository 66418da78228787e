"""Fault 4: the mail server refuses for a while (421 closing the connection at MAIL FROM, then
451 at RCPT TO) and then recovers; later it takes a message and drops the connection before
saying so. Refusals are transient: each delivery is tried again after its back-off, never
failed for them. A message taken but not acknowledged is sent again, with its Message-ID."""

import pytest

from tests.faults.conftest import (
    FaultySink,
    Fleet,
    assert_exactly_once,
    blast_prepare,
    tick_until,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def test_a_server_refusing_for_a_while_and_dropping_connections_loses_nothing(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    faulty_sink.refusal = "421 4.7.0 Too many connections, closing"
    faulty_sink.refuse_mail = 300
    fleet.start(concurrency=2)
    fleet.start(concurrency=2)
    blast = blast_prepare()
    tick_until(lambda: faulty_sink.refuse_mail == 0, timeout=60, what="the 421s to be given")
    with faulty_sink.lock:
        faulty_sink.refusal = "451 4.3.0 Mailbox busy, try again later"
        faulty_sink.refuse_rcpt = 300
    tick_until(lambda: faulty_sink.refuse_rcpt == 0, timeout=60, what="the 451s to be given")
    with faulty_sink.lock:
        faulty_sink.drop_every = 97

    tick_until_finished(blast, fleet, faulty_sink)

    assert faulty_sink.dropped, "no connection was dropped after DATA"
    # The only copies sent twice are those the server took and never acknowledged.
    assert_exactly_once(blast, faulty_sink, in_flight=len(faulty_sink.dropped))
    assert set(faulty_sink.dropped) >= {
        address for address, count in faulty_sink.by_address().items() if count > 1
    }

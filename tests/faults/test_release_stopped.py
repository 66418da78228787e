"""Fault 7: the release changes under a send. Its embargo moved later after the send was
scheduled (and its batches prepared): nothing goes out at the old moment. The release withdrawn
mid-blast: nothing more goes out than the messages already in the hands of the mail server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from distribution.models import Delivery, Send
from distribution.services import sends_tick
from releases.models import Release
from releases.workflow import release_withdraw
from tests.factories import ReleaseFactory, UserFactory
from tests.faults.conftest import (
    IN_FLIGHT_PER_PROCESS,
    PROCESSES,
    RECIPIENTS,
    FaultySink,
    Fleet,
    blast_prepare,
    blast_under_way,
    tick_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(150)]


def stopped(send: Send) -> bool:
    send.refresh_from_db()
    return send.status == Send.Status.PAUSED and not (
        Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).exists()
    )


def test_an_embargo_moved_later_after_scheduling_holds_the_prepared_send(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    embargo = timezone.now() + timedelta(seconds=10)
    release = ReleaseFactory.create(
        status=Release.Status.APPROVED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=embargo,
        bilingual=True,
    )
    blast = blast_prepare(release=release)
    sends_tick()  # prepared ahead: deliveries made, batches waiting in the broker for the moment
    assert Delivery.objects.filter(send=blast.send).count() == RECIPIENTS

    release.embargo_until = embargo + timedelta(hours=1)
    release.save(update_fields=["embargo_until"])
    fleet.start(concurrency=2)
    tick_until(lambda: stopped(blast.send), timeout=60, what="the batches to refuse")

    assert timezone.now() > embargo
    assert faulty_sink.count() == 0
    assert "under embargo until" in blast.send.status_reason
    assert Delivery.objects.filter(send=blast.send, status=Delivery.Status.QUEUED).count() == (
        RECIPIENTS
    )
    release.refresh_from_db()
    assert not release.is_public(timezone.now())


def test_a_release_withdrawn_mid_blast_stops_what_has_not_gone(
    fleet: Fleet, faulty_sink: FaultySink
) -> None:
    blast = blast_under_way(fleet, faulty_sink, until=1500)

    release_withdraw(release=blast.send.release, by=UserFactory.create(is_superuser=True))
    withdrawn_at = faulty_sink.count()
    tick_until(lambda: stopped(blast.send), timeout=60, what="the send to stop")

    after = faulty_sink.count() - withdrawn_at
    # Only what each pool process was handing over in that moment: one chunk, not its batch.
    assert after <= PROCESSES * IN_FLIGHT_PER_PROCESS, f"{after} messages after the withdrawal"
    received = faulty_sink.by_address()
    assert max(received.values()) == 1
    assert not set(received) & blast.suppressed
    sent = set(
        Delivery.objects.filter(send=blast.send, status=Delivery.Status.SENT).values_list(
            "email", flat=True
        )
    )
    assert sent == set(received)  # what left is recorded; the rest waits, queued
    assert Delivery.objects.filter(send=blast.send, status=Delivery.Status.QUEUED).count() == (
        RECIPIENTS - len(sent)
    )
    assert "withdrawn" in blast.send.status_reason
    faulty_sink_before = faulty_sink.count()
    tick_until(lambda: True, timeout=5, what="a tick")
    assert faulty_sink.count() == faulty_sink_before

"""The whole pipeline with real parts: Redis, Celery worker processes, the database the test
uses, and an SMTP server on loopback. The test process plays celery beat: it runs the tick."""

from collections import Counter
from datetime import timedelta

import pytest
from django.conf import LazySettings
from django.utils import timezone

from contacts.models import Language
from distribution.models import Delivery, Send
from distribution.services import send_schedule, sends_tick
from distribution.transport import messages_per_chunk
from releases.models import Release
from tests.distribution.conftest import Sink, Workers, media_contacts, wait_until
from tests.factories import (
    DistributionListFactory,
    ReleaseFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.redis


def tick_until_sent(send: Send, *, timeout: float) -> None:
    def done() -> bool:
        sends_tick()
        send.refresh_from_db()
        return send.status == Send.Status.SENT

    try:
        wait_until(done, timeout=timeout, what=f"send {send.pk} to finish")
    except BaseException:
        states = Counter(Delivery.objects.filter(send=send).values_list("status", flat=True))
        print(f"send {send.status}: deliveries {dict(states)}")
        raise


def test_a_send_two_seconds_ahead_of_the_embargo_reaches_everyone_once_at_the_moment(
    workers: Workers, smtp_sink: Sink
) -> None:
    embargo = timezone.now().replace(microsecond=0) + timedelta(seconds=3)
    release = ReleaseFactory.create(
        status=Release.Status.APPROVED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=embargo,
        bilingual=True,
    )
    journalists = media_contacts(60)
    suppressed = journalists[:3]
    for contact in suppressed:
        SuppressionFactory.create(email=contact.email.upper())
    team = DistributionListFactory.create(members=journalists)
    send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
    assert send.scheduled_at == embargo
    workers.start(concurrency=2)

    tick_until_sent(send, timeout=60)

    expected = {contact.email for contact in journalists[3:]}
    assert smtp_sink.by_address() == Counter({email: 1 for email in expected}), workers.logs()
    assert smtp_sink.first_at() >= embargo.timestamp()  # nothing before the embargo lifted
    for contact in journalists[3:6]:
        (message,) = smtp_sink.messages_to(contact.email)
        delivery = Delivery.objects.get(send=send, email=contact.email)
        assert message["Message-ID"] == delivery.message_id
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        subjects: dict[str, str] = {
            Language.EN: "Innovation cluster ranked first in the world",
            Language.ZH_HANT: "創新集群奪全球第一",
            Language.BOTH: "創新集群奪全球第一 | Innovation cluster ranked first in the world",
        }
        assert message["Subject"] == subjects[contact.preferred_language]
    send.refresh_from_db()
    assert (send.recipients_count, send.suppressed_count, send.sent_count) == (57, 3, 57)


def test_a_worker_killed_mid_blast_loses_nothing_and_duplicates_only_what_was_in_flight(
    workers: Workers, smtp_sink: Sink, settings: LazySettings
) -> None:
    settings.SEND_LEASE_SECONDS = 4
    settings.SEND_REQUEUE_AFTER_SECONDS = 4
    settings.SEND_RECORD_EVERY = 20
    settings.SEND_BATCH_SIZE = 100
    smtp_sink.delay = 0.002  # a server slow enough that the blast is still going when we kill
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    journalists = media_contacts(1200)
    team = DistributionListFactory.create(members=journalists)
    send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
    workers.env.update(
        SEND_LEASE_SECONDS="4", SEND_REQUEUE_AFTER_SECONDS="4", SEND_RECORD_EVERY="20"
    )
    first = workers.start(concurrency=2)

    def part_way() -> bool:
        sends_tick()
        return smtp_sink.count() >= 300

    wait_until(part_way, timeout=60, what="the blast to be part-way")
    workers.kill(first)
    killed_at = smtp_sink.count()
    assert killed_at < 1200, "the blast ended before the kill; slow the sink down"
    workers.start(concurrency=2)
    tick_until_sent(send, timeout=120)

    received = smtp_sink.by_address()
    assert set(received) == {contact.email for contact in journalists}, "someone was lost"
    duplicated = [address for address, count in received.items() if count > 1]
    # In flight at the kill: at most one unrecorded chunk per pool process (a chunk spreads over
    # the SMTP connections each process keeps in flight).
    chunk = messages_per_chunk(settings.SEND_RECORD_EVERY, settings.SEND_CONCURRENCY)
    assert len(duplicated) <= 2 * chunk, duplicated
    ids = smtp_sink.message_ids()
    assert all(len(ids[address]) == 1 for address in duplicated), "a copy had a new Message-ID"
    assert max(received.values()) <= 2
    assert not Delivery.objects.filter(send=send).exclude(status=Delivery.Status.SENT).exists()
    send.refresh_from_db()
    assert send.sent_count == 1200

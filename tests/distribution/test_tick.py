"""The tick: the database row is the schedule; the tick claims what is due, checks it may still
go, and turns its lists into one delivery per address."""

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import close_old_connections, connection

from contacts.models import DistributionList, MediaContact
from distribution.models import Delivery, Send
from distribution.services import TickReport, send_schedule, sends_start_due, sends_tick
from releases.models import Release
from tests.factories import (
    DistributionListFactory,
    MediaContactFactory,
    ReleaseFactory,
    SuppressionFactory,
)

SCHEDULED = datetime(2025, 8, 31, 2, 0, tzinfo=UTC)
EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def release_and_lists(size: int = 4) -> tuple[Release, list[DistributionList]]:
    release = ReleaseFactory.create(
        status=Release.Status.APPROVED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=EMBARGO,
        bilingual=True,
    )
    shared = MediaContactFactory.create(email="both.lists@example.com")
    first = DistributionListFactory.create(
        members=[shared, *(MediaContactFactory.create() for _ in range(size))]
    )
    second = DistributionListFactory.create(members=[shared, MediaContactFactory.create()])
    return release, [first, second]


def scheduled(release: Release, lists: list[DistributionList], at: datetime = EMBARGO) -> Send:
    with time_machine.travel(SCHEDULED, tick=False):
        return send_schedule(release=release, lists=lists, kind=Send.Kind.IMMEDIATE, at=at)


@pytest.mark.django_db
def test_it_turns_a_due_send_into_one_delivery_per_address(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    release, lists = release_and_lists(size=4)
    suppressed = MediaContactFactory.create(email="left@example.com")
    lists[0].members.add(suppressed)
    SuppressionFactory.create(email="LEFT@example.com")
    send = scheduled(release, lists)

    with time_machine.travel(EMBARGO, tick=False), django_capture_on_commit_callbacks() as queued:  # type: ignore[attr-defined]
        report = sends_tick()

    assert report.started == [send.pk]
    send.refresh_from_db()
    assert send.status == Send.Status.SENDING
    emails = sorted(Delivery.objects.filter(send=send).values_list("email", flat=True))
    assert len(emails) == 6  # 4 + the shared one once + 1 from the second list
    assert emails.count("both.lists@example.com") == 1
    assert "left@example.com" not in emails
    assert (send.recipients_count, send.suppressed_count) == (6, 1)
    assert len(queued) == 1  # the batches are enqueued once the deliveries are committed
    release.refresh_from_db()
    assert release.status == Release.Status.SCHEDULED  # published by the first batch that sends


@pytest.mark.django_db
def test_a_send_not_yet_due_is_left_alone(settings: object) -> None:
    settings.SEND_PREPARE_AHEAD_SECONDS = 30  # type: ignore[attr-defined]
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    with time_machine.travel(EMBARGO - timedelta(seconds=31), tick=False):
        report = sends_tick()
    assert report.started == []
    send.refresh_from_db()
    assert send.status == Send.Status.SCHEDULED
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_send_prepared_ahead_starts_at_its_moment(settings: object) -> None:
    """Claimed 30 s early to have its deliveries ready, the send's page still says it started at
    the embargo, not when the tick came."""
    settings.SEND_PREPARE_AHEAD_SECONDS = 30  # type: ignore[attr-defined]
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    with time_machine.travel(EMBARGO - timedelta(seconds=29), tick=False):
        report = sends_tick()
    assert report.started == [send.pk]
    send.refresh_from_db()
    assert send.started_at == EMBARGO


@pytest.mark.django_db
def test_a_second_tick_finds_nothing_left_to_do() -> None:
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    with time_machine.travel(EMBARGO, tick=False):
        first = sends_tick()
        second = sends_tick()
    assert first.started == [send.pk]
    assert second.started == []
    assert Delivery.objects.filter(send=send).count() == 6


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("broker")
def test_two_ticks_at_the_same_moment_start_the_send_once() -> None:
    release, lists = release_and_lists(size=30)
    send = scheduled(release, lists)
    reports: list[TickReport] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def tick() -> None:
        try:
            barrier.wait(timeout=10)
            with time_machine.travel(EMBARGO, tick=False):
                reports.append(sends_start_due(now=EMBARGO))
        except BaseException as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(len(report.started) for report in reports) == [0, 1]
    assert Delivery.objects.filter(send=send).count() == 32


@pytest.mark.django_db
def test_an_embargo_moved_later_stops_the_send_at_the_old_moment() -> None:
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    Release.objects.filter(pk=release.pk).update(embargo_until=EMBARGO + timedelta(days=1))
    with time_machine.travel(EMBARGO, tick=False):
        report = sends_tick()
    assert report.refused == [send.pk]
    send.refresh_from_db()
    assert send.status == Send.Status.FAILED
    assert "under embargo until 2 Sep 2025 10:00 HKT" in send.status_reason
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_release_is_not_sent() -> None:
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    Release.objects.filter(pk=release.pk).update(status=Release.Status.WITHDRAWN)
    with time_machine.travel(EMBARGO, tick=False):
        sends_tick()
    send.refresh_from_db()
    assert send.status == Send.Status.FAILED
    assert "withdrawn, not approved" in send.status_reason
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_send_whose_moment_passed_while_workers_were_down_waits_for_a_person(
    settings: object,
) -> None:
    settings.SEND_LATE_CUTOFF_SECONDS = 600  # type: ignore[attr-defined]
    release, lists = release_and_lists()
    send = scheduled(release, lists)
    with time_machine.travel(EMBARGO + timedelta(minutes=11), tick=False):
        report = sends_tick()
    assert report.missed == [send.pk]
    send.refresh_from_db()
    assert send.status == Send.Status.MISSED
    assert "11 minutes ago" in send.status_reason
    assert send.can_cancel()
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_a_contact_with_an_invalid_address_fails_with_the_reason_and_the_rest_go() -> None:
    release, lists = release_and_lists()
    broken = MediaContactFactory.create(email="broken@example.com")
    MediaContact.objects.filter(pk=broken.pk).update(email="broken-at-example.com")
    lists[0].members.add(broken)
    send = scheduled(release, lists)
    with time_machine.travel(EMBARGO, tick=False):
        sends_tick()
    failed = Delivery.objects.get(send=send, email="broken-at-example.com")
    assert failed.status == Delivery.Status.FAILED
    assert "Not a valid email address" in failed.error
    assert Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).count() == 6

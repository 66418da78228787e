"""Scheduling a send: what the PR officer may schedule, and the clear refusals for what not."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from audit.models import Action, AuditEntry
from contacts.models import DistributionList, MediaContact
from distribution.models import Send
from distribution.services import SendRefused, send_cancel, send_schedule, sends_tick
from releases.models import Release
from tests.factories import (
    DistributionListFactory,
    MediaContactFactory,
    ReleaseFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 8, 31, 2, 0, tzinfo=UTC)
EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def approved_release(**kwargs: object) -> Release:
    defaults: dict[str, object] = {
        "status": Release.Status.APPROVED,
        "release_type": Release.ReleaseType.EMBARGOED,
        "embargo_until": EMBARGO,
        "bilingual": True,
    }
    defaults.update(kwargs)
    return ReleaseFactory.create(**defaults)


def a_list(*, trusted: bool = False, size: int = 3) -> DistributionList:
    return DistributionListFactory.create(
        trusted_for_embargo=trusted,
        members=[MediaContactFactory.create() for _ in range(size)],
    )


@time_machine.travel(NOW, tick=False)
def test_an_immediate_release_is_scheduled_for_the_embargo_by_default() -> None:
    release = approved_release()
    send = send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    assert send.status == Send.Status.SCHEDULED
    assert send.scheduled_at == EMBARGO
    assert send.recipients_count == 3
    release.refresh_from_db()
    assert release.status == Release.Status.SCHEDULED


@time_machine.travel(NOW, tick=False)
def test_a_release_without_an_embargo_goes_now_by_default() -> None:
    release = approved_release(release_type=Release.ReleaseType.IMMEDIATE, embargo_until=None)
    send = send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    assert send.scheduled_at == NOW


@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_release_that_is_not_approved() -> None:
    release = approved_release(status=Release.Status.IN_REVIEW)
    with pytest.raises(SendRefused, match="in review, not approved"):
        send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    assert not Send.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_it_refuses_an_immediate_send_before_the_embargo() -> None:
    release = approved_release()
    with pytest.raises(SendRefused, match="under embargo until 1 Sep 2025 10:00 HKT"):
        send_schedule(
            release=release,
            lists=[a_list()],
            kind=Send.Kind.IMMEDIATE,
            at=EMBARGO - timedelta(seconds=1),
        )
    assert not Send.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_an_advance_copy_goes_only_to_lists_trusted_for_embargo() -> None:
    release = approved_release()
    trusted, untrusted = a_list(trusted=True), a_list(trusted=False)
    with pytest.raises(SendRefused, match=f"not trusted: {untrusted.name}"):
        send_schedule(release=release, lists=[trusted, untrusted], kind=Send.Kind.ADVANCE)
    send = send_schedule(release=release, lists=[trusted], kind=Send.Kind.ADVANCE)
    assert send.scheduled_at == NOW
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED  # an advance copy publishes nothing


@time_machine.travel(EMBARGO, tick=False)
def test_an_advance_copy_is_refused_once_the_embargo_has_lifted() -> None:
    release = approved_release()
    with pytest.raises(SendRefused, match="embargo lifted"):
        send_schedule(release=release, lists=[a_list(trusted=True)], kind=Send.Kind.ADVANCE)


@time_machine.travel(NOW, tick=False)
def test_it_refuses_lists_with_no_one_to_send_to() -> None:
    release = approved_release()
    empty = DistributionListFactory.create()
    with pytest.raises(SendRefused, match="these lists have no contacts"):
        send_schedule(release=release, lists=[empty], kind=Send.Kind.IMMEDIATE)
    suppressed_only = a_list(size=2)
    for contact in suppressed_only.members.all():
        SuppressionFactory.create(email=contact.email)
    with pytest.raises(SendRefused, match="all 2 contacts on these lists are suppressed"):
        send_schedule(release=release, lists=[suppressed_only], kind=Send.Kind.IMMEDIATE)
    assert not Send.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_it_counts_suppressed_and_inactive_contacts_but_does_not_schedule_them() -> None:
    release = approved_release()
    team = a_list(size=3)
    SuppressionFactory.create(email=team.members.order_by("pk")[0].email)
    gone = MediaContactFactory.create(status=MediaContact.Status.DO_NOT_CONTACT)
    team.members.add(gone)
    send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
    assert (send.recipients_count, send.suppressed_count) == (2, 2)


@time_machine.travel(NOW, tick=False)
def test_cancelling_the_only_immediate_send_takes_the_release_back_to_approved() -> None:
    release = approved_release()
    send = send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    assert send_cancel(send=send)
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        Action.SEND_SCHEDULED,
        Action.SEND_CANCELLED,
    ]
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED  # not public at the embargo
    assert not release.is_public(EMBARGO + timedelta(days=1))
    assert not send_cancel(send=send)  # already cancelled: nothing to do


def test_a_send_prepared_ahead_of_its_moment_can_be_cancelled_until_the_moment(
    settings: object,
) -> None:
    settings.SEND_PREPARE_AHEAD_SECONDS = 30  # type: ignore[attr-defined]
    release = approved_release()
    with time_machine.travel(NOW, tick=False):
        send = send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    with time_machine.travel(EMBARGO - timedelta(seconds=20), tick=False):
        sends_tick()  # prepared: deliveries made, batches waiting for the moment
        send.refresh_from_db()
        assert send.status == Send.Status.SENDING
        assert send.can_cancel()
        assert send_cancel(send=send)
    send.refresh_from_db()
    assert send.status == Send.Status.CANCELLED
    assert not send.deliveries.exists()
    with time_machine.travel(EMBARGO - timedelta(seconds=20), tick=False):
        other = send_schedule(release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE)
    with time_machine.travel(EMBARGO + timedelta(seconds=1), tick=False):
        sends_tick()
        other.refresh_from_db()
        assert not other.can_cancel()  # under way: pause it instead
        assert not send_cancel(send=other)


@time_machine.travel(NOW, tick=False)
def test_a_release_without_an_embargo_stays_off_the_newsroom_until_its_send_goes() -> None:
    release = approved_release(release_type=Release.ReleaseType.IMMEDIATE, embargo_until=None)
    send_schedule(
        release=release, lists=[a_list()], kind=Send.Kind.IMMEDIATE, at=NOW + timedelta(hours=2)
    )
    release.refresh_from_db()
    assert release.status == Release.Status.APPROVED
    assert not release.is_public(NOW + timedelta(hours=1))

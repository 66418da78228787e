"""The embargo is one fact (DESIGN.md rule 2): before `embargo_until` nothing is public, whatever
the status; from that exact moment a scheduled or published release is."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from releases.models import Release
from tests.factories import IssuerFactory, ReleaseFactory

# 10:00 in Hong Kong on 1 September 2025.
EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)

Status = Release.Status


def embargoed_release(status: str = Status.SCHEDULED) -> Release:
    return ReleaseFactory.build(
        status=status, release_type=Release.ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )


@pytest.mark.parametrize(
    ("now", "public"),
    [
        pytest.param(EMBARGO - ONE_MICROSECOND, False, id="one microsecond before"),
        pytest.param(EMBARGO, True, id="exactly at the embargo"),
        pytest.param(EMBARGO + timedelta(minutes=1), True, id="a minute after"),
    ],
)
def test_it_becomes_public_at_the_exact_embargo_moment(now: datetime, public: bool) -> None:
    release = embargoed_release(Status.SCHEDULED)
    with time_machine.travel(now, tick=False):
        assert release.is_public(timezone.now()) is public
        assert release.is_embargoed(timezone.now()) is not public


@pytest.mark.parametrize(
    ("status", "public_after_embargo"),
    [
        (Status.DRAFT, False),
        (Status.IN_REVIEW, False),
        (Status.APPROVED, False),
        (Status.SCHEDULED, True),
        (Status.PUBLISHED, True),
        (Status.WITHDRAWN, False),
    ],
)
def test_it_is_public_after_the_embargo_only_when_scheduled_or_published(
    status: str, public_after_embargo: bool
) -> None:
    release = embargoed_release(status)
    with time_machine.travel(EMBARGO - ONE_MICROSECOND, tick=False):
        assert release.is_public(timezone.now()) is False
    with time_machine.travel(EMBARGO + timedelta(days=30), tick=False):
        assert release.is_public(timezone.now()) is public_after_embargo


@pytest.mark.parametrize("status", [Status.SCHEDULED, Status.PUBLISHED])
def test_it_is_public_at_once_when_there_is_no_embargo(status: str) -> None:
    release = ReleaseFactory.build(status=status, embargo_until=None)
    with time_machine.travel(EMBARGO, tick=False):
        assert release.is_embargoed(timezone.now()) is False
        assert release.is_public(timezone.now()) is True
    assert release.embargo_display() == ""


def test_it_keeps_a_release_with_no_embargo_private_until_it_is_scheduled() -> None:
    release = ReleaseFactory.build(status=Status.APPROVED, embargo_until=None)
    with time_machine.travel(EMBARGO, tick=False):
        assert release.is_public(timezone.now()) is False


def test_it_shows_the_embargo_in_hong_kong_time() -> None:
    release = embargoed_release()
    assert release.embargo_display() == "1 Sep 2025 10:00 HKT"


def test_it_shows_the_embargo_in_the_issuers_own_zone() -> None:
    issuer = IssuerFactory.build(time_zone="Europe/London")
    release = ReleaseFactory.build(
        issuer=issuer, release_type=Release.ReleaseType.EMBARGOED, embargo_until=EMBARGO
    )
    assert release.embargo_display() == "1 Sep 2025 03:00 BST"


@pytest.mark.django_db
def test_it_applies_the_rule_to_a_release_read_back_from_the_database() -> None:
    ReleaseFactory.create(
        status=Status.PUBLISHED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=EMBARGO,
    )
    release = Release.objects.select_related("issuer").get()
    with time_machine.travel(EMBARGO - ONE_MICROSECOND, tick=False):
        assert release.is_public(timezone.now()) is False
    with time_machine.travel(EMBARGO, tick=False):
        assert release.is_public(timezone.now()) is True
    assert release.embargo_display() == "1 Sep 2025 10:00 HKT"

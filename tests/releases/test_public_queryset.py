"""`ReleaseQuerySet.public(at)` is `Release.is_public(at)` in SQL: the lists (index, feeds,
sitemap, search) and the single-release pages must never disagree about what is public."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from releases.models import Release
from tests.factories import ReleaseFactory

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)


@pytest.fixture
def every_kind_of_release(db: None) -> list[Release]:
    """Each status, with an embargo a microsecond apart around EMBARGO, and with none."""
    releases = []
    with time_machine.travel(EMBARGO - timedelta(days=1), tick=False):
        for status in Release.Status:
            for embargo in (EMBARGO - MICROSECOND, EMBARGO, EMBARGO + MICROSECOND, None):
                releases.append(
                    ReleaseFactory.create(
                        status=status,
                        release_type=(
                            Release.ReleaseType.IMMEDIATE
                            if embargo is None
                            else Release.ReleaseType.EMBARGOED
                        ),
                        embargo_until=embargo,
                    )
                )
    return releases


@pytest.mark.parametrize(
    "moment",
    [
        pytest.param(EMBARGO - MICROSECOND, id="1 µs before"),
        pytest.param(EMBARGO, id="at"),
        pytest.param(EMBARGO + MICROSECOND, id="1 µs after"),
        pytest.param(EMBARGO + timedelta(days=365), id="a year after"),
    ],
)
def test_it_agrees_with_is_public_for_every_status_and_embargo(
    every_kind_of_release: list[Release], moment: datetime
) -> None:
    with time_machine.travel(moment, tick=False):
        now = timezone.now()
        expected = {release.pk for release in every_kind_of_release if release.is_public(now)}
        in_sql = set(Release.objects.public(now).values_list("pk", flat=True))
    assert in_sql == expected
    assert expected, "some release is public at every moment probed"


def test_it_lists_as_lifting_later_only_releases_that_will_become_public_by_themselves(
    every_kind_of_release: list[Release],
) -> None:
    lifting = set(Release.objects.lifting_after(EMBARGO).values_list("pk", flat=True))
    assert lifting == {
        r.pk
        for r in every_kind_of_release
        if r.status in Release.PUBLIC_STATUSES and r.embargo_until == EMBARGO + MICROSECOND
    }

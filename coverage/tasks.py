"""Celery executes what the database schedules: beat runs `poll_feeds` every
COVERAGE_CHECK_SECONDS; it claims the due feeds and hands them to workers in chunks."""

from celery import shared_task
from django.utils import timezone

CHUNK = 25


@shared_task(ignore_result=True)
def poll_feeds() -> int:
    from coverage.polling import feeds_claim

    ids = feeds_claim(now=timezone.now())
    for start in range(0, len(ids), CHUNK):
        poll_feed_chunk.delay(ids[start : start + CHUNK])
    return len(ids)


@shared_task(ignore_result=True)
def poll_feed_chunk(feed_ids: list[int]) -> None:
    from coverage.polling import feeds_poll

    feeds_poll(feed_ids=feed_ids)


@shared_task(ignore_result=True)
def fetch_snapshots(item_ids: list[int]) -> dict[int, str]:
    """The pages of these coverage items, kept as their snapshots (coverage.snapshots)."""
    from coverage.models import CoverageItem
    from coverage.snapshots import snapshots_fetch

    return snapshots_fetch(CoverageItem.objects.filter(pk__in=item_ids).order_by("pk"))

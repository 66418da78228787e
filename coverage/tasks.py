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

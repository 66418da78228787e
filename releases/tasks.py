"""Celery tasks of the release domain. Thin: each calls one service."""

from celery import shared_task
from django.utils import timezone

from releases import newsroom as services


@shared_task(ignore_result=True)
def newsroom_tick() -> None:
    """Every 30 s (CELERY_BEAT_SCHEDULE): warm thumbnails of releases about to lift and ping feed
    hubs for those that just did. It publishes nothing: a release is public because its embargo
    has passed, whether or not this ever runs."""
    services.newsroom_tick(at=timezone.now())

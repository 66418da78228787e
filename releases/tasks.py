"""Celery tasks of the release domain. Thin: each calls one service."""

from celery import shared_task
from django.utils import timezone

from releases import newsroom as services
from releases.models import Release
from releases.presskit import presskit_build


@shared_task(ignore_result=True)
def newsroom_tick() -> None:
    """Every 30 s (CELERY_BEAT_SCHEDULE): make the images and press kits of releases about to
    lift and ping feed hubs for those that just did. It publishes nothing: a release is public
    because its embargo has passed, whether or not this ever runs."""
    services.newsroom_tick(at=timezone.now())


@shared_task(ignore_result=True)
def presskit_build_later(release_id: int) -> None:
    """A press kit too large to build while a reader waits (releases/presskit.py)."""
    release = Release.objects.filter(pk=release_id).first()
    if release is not None:
        presskit_build(release)

"""Celery executes what the database schedules: beat runs `remind` every minute; it schedules
the reminders whose moment has come, and the send engine's tick sends them."""

from celery import shared_task
from django.utils import timezone

from events.notices import reminders_schedule


@shared_task(ignore_result=True)
def remind() -> list[int]:
    return reminders_schedule(timezone.now())

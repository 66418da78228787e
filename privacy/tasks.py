"""Celery executes what the database schedules: beat runs `remind` every hour."""

from celery import shared_task
from django.utils import timezone

from privacy.reminders import reminders_deliver


@shared_task(ignore_result=True)
def remind() -> int:
    return reminders_deliver(now=timezone.now())

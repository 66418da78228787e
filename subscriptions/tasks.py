from celery import shared_task

from subscriptions.announcements import announcements_schedule


@shared_task(name="subscriptions.tasks.announce", ignore_result=True)
def announce() -> int:
    """Every minute (beat): schedule the subscribers' send of each new release."""
    return len(announcements_schedule())

"""Thin Celery tasks: each parses its arguments and calls one service."""

from celery import shared_task
from django.utils import timezone

from distribution import services
from distribution.ops import worker_heartbeat
from distribution.retention import retention_apply


@shared_task(ignore_result=True)
def tick() -> None:
    """Run by celery beat every SEND_TICK_SECONDS: start due sends, requeue, reap, finish."""
    worker_heartbeat()  # for /healthz: a worker takes work (beat stamps its own, distribution.ops)
    services.sends_tick()


@shared_task(ignore_result=True, acks_late=True)
def deliver_batch(send_id: int, delivery_ids: list[int]) -> None:
    # Redelivered or enqueued twice, it claims nothing: deliveries move only queued -> sending.
    services.deliveries_send_batch(send_id=send_id, delivery_ids=delivery_ids)


@shared_task(ignore_result=True)
def tracking_drain() -> None:
    """Run by celery beat every TRACKING_DRAIN_SECONDS: apply the ESP events webhooks queued."""
    from distribution.tracking import tracking_drain as drain

    drain()


@shared_task(ignore_result=True)
def morning_after() -> None:
    """Run by celery beat every MORNING_AFTER_CHECK_SECONDS: send the reports that are due."""
    from distribution.report import morning_after_send

    morning_after_send()


@shared_task(ignore_result=True)
def send_alerts() -> None:
    """Run by celery beat every SEND_ALERT_CHECK_SECONDS: email officers whose sends need them."""
    from distribution.alerts import alerts_deliver

    alerts_deliver()


@shared_task(ignore_result=True)
def retention() -> None:
    """Run by celery beat every RETENTION_CHECK_SECONDS: forget what is past its period."""
    retention_apply(now=timezone.now())

"""What an operator watches (docs/deploy.md): `/healthz` for a load balancer or a process
supervisor, `/metrics` for Prometheus.

Liveness comes from heartbeats in the broker's Redis, so one request answers for every process
on every machine: celery beat stamps `pressroom:heartbeat:beat` each time it publishes the tick
(the `before_task_publish` signal runs in the publishing process, which for the tick is beat),
and the worker that runs the tick stamps `pressroom:heartbeat:workers` with its name. A stale
beat stamp: beat is down. A fresh beat stamp and stale worker stamps: every worker is down (or
stuck); jobs/__init__.py reads them (a job's progress page asks it too). Nothing here counts
per message in a process: every figure is read from PostgreSQL or Redis when asked, so it is
the same whichever web process answers."""

import hmac
import logging
import time
from collections.abc import Iterator
from typing import Any

import redis
from celery import current_task
from celery.signals import before_task_publish
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric

from distribution.models import Delivery, Send
from distribution.tracking import tracking_redis
from jobs import BEAT_KEY, WORKERS_KEY, broker_redis, heartbeat_age, queue_health

__all__ = ["BEAT_KEY", "WORKERS_KEY", "broker_redis", "health", "healthz"]

logger = logging.getLogger(__name__)

TICK_TASK = "distribution.tasks.tick"
UNSENT = [Send.Status.SCHEDULED, Send.Status.SENDING]


# --- Heartbeats -------------------------------------------------------------------------------


@before_task_publish.connect
def beat_heartbeat(sender: str | None = None, **kwargs: Any) -> None:
    if sender != TICK_TASK:
        return
    try:
        broker_redis().set(BEAT_KEY, f"{time.time():.3f}")
    except redis.RedisError:  # the publish itself will report the broker's trouble
        logger.warning("beat heartbeat not written: Redis unavailable")


def worker_heartbeat() -> None:
    """Called by the tick task: the worker running it is alive and taking work."""
    request = getattr(current_task, "request", None)  # None when called outside a worker
    hostname = getattr(request, "hostname", None) or "worker"
    try:
        broker_redis().hset(WORKERS_KEY, hostname, f"{time.time():.3f}")
    except redis.RedisError:  # the tick goes on: its work is in the database
        logger.warning("worker heartbeat not written: Redis unavailable")


# --- Health -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def health() -> dict[str, Any]:
    """Each check as {"ok": bool, …facts}; no URL, host name or error text (only its class)."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
    except Exception as error:
        checks["database"] = {"ok": False, "error": type(error).__name__}
    checks.update(queue_health())
    if checks["database"]["ok"]:
        oldest = oldest_due_unsent_seconds()
        checks["sends"] = {
            "ok": oldest is None or oldest <= settings.HEALTH_SEND_LAG_SECONDS,
            "oldest_due_unsent_s": oldest,
        }
    ok = all(check["ok"] for check in checks.values())
    return {"status": "ok" if ok else "failing", "checks": checks}


def oldest_due_unsent_seconds() -> float | None:
    """How long the oldest send whose moment has come has waited to finish: a send still
    scheduled or sending after its moment (paused and missed sends wait for a person instead)."""
    now = timezone.now()
    moment = Send.objects.filter(status__in=UNSENT, scheduled_at__lte=now).aggregate(
        oldest=Min("scheduled_at")
    )["oldest"]
    return None if moment is None else round((now - moment).total_seconds(), 1)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    report = health()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


# --- Metrics ----------------------------------------------------------------------------------


def esp_label() -> str:
    """The configured ESP's short name (mailgun, postmark, amazon_ses…), smtp or outbox."""
    backend = settings.EMAIL_BACKEND
    if backend.startswith("anymail.backends."):
        return backend.split(".")[2]
    return {
        "django.core.mail.backends.smtp.EmailBackend": "smtp",
        "distribution.outbox.EmailBackend": "outbox",
    }.get(backend, backend.rsplit(".", 2)[-2])


class PressroomCollector:
    """Read on each scrape: deliveries by status, the broker's queue depth, the tracking
    stream's backlog and its oldest event's age, the heartbeats' ages, the oldest due send."""

    def collect(self) -> Iterator[Metric]:
        esp = esp_label()
        messages = GaugeMetricFamily(
            "pressroom_deliveries",
            "Deliveries by status, through the configured ESP (sent counts every message handed "
            "over, whatever happened after).",
            labels=["esp", "status"],
        )
        by_status = dict(
            Delivery.objects.values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
        for status in Delivery.Status.values:
            messages.add_metric([esp, status], by_status.get(status, 0))
        yield messages
        handed = Delivery.objects.filter(sent_at__isnull=False).count()
        yield _counter("pressroom_messages_sent", "Messages handed to the ESP.", esp, handed)
        failed = by_status.get(Delivery.Status.FAILED, 0)
        yield _counter("pressroom_messages_failed", "Deliveries that failed.", esp, failed)
        due = Delivery.objects.filter(
            status=Delivery.Status.QUEUED, send__status=Send.Status.SENDING
        )
        yield GaugeMetricFamily(
            "pressroom_deliveries_waiting",
            "Deliveries of sending sends not yet handed over.",
            value=due.count(),
        )
        oldest = oldest_due_unsent_seconds()
        yield GaugeMetricFamily(
            "pressroom_oldest_due_unsent_seconds",
            "Age of the oldest send past its moment and not finished (0: none).",
            value=oldest or 0,
        )
        yield from self._redis_metrics()

    def _redis_metrics(self) -> Iterator[Metric]:
        now = time.time()
        try:
            broker = broker_redis()
            # kombu's Redis transport keeps a queue as a list per priority step
            depth = sum(int(broker.llen(key)) for key in broker.scan_iter(match="celery*"))
            beat = heartbeat_age(broker.get(BEAT_KEY), now)
            workers: dict[Any, Any] = broker.hgetall(WORKERS_KEY)
            stream = tracking_redis()
            backlog = int(stream.xlen(settings.TRACKING_STREAM))
            first: Any = stream.xrange(settings.TRACKING_STREAM, count=1)
        except redis.RedisError:
            yield GaugeMetricFamily("pressroom_redis_up", "Redis answers.", value=0)
            return
        yield GaugeMetricFamily("pressroom_redis_up", "Redis answers.", value=1)
        yield GaugeMetricFamily(
            "pressroom_queue_depth", "Tasks waiting in the Celery queue.", value=depth
        )
        lag = now - int(_text(first[0][0]).split("-")[0]) / 1000 if first else 0.0
        yield GaugeMetricFamily(
            "pressroom_tracking_backlog", "ESP events received, not yet stored.", value=backlog
        )
        yield GaugeMetricFamily(
            "pressroom_tracking_lag_seconds",
            "Age of the oldest ESP event waiting to be stored (webhook lag; 0: none waiting).",
            value=max(0.0, lag),
        )
        yield GaugeMetricFamily(
            "pressroom_beat_heartbeat_age_seconds",
            "Seconds since beat last published the tick (-1: never).",
            value=-1 if beat is None else beat,
        )
        ages = GaugeMetricFamily(
            "pressroom_worker_heartbeat_age_seconds",
            "Seconds since each worker last ran the tick.",
            labels=["worker"],
        )
        for name, stamp in workers.items():
            ages.add_metric([_text(name)], heartbeat_age(stamp, now) or 0.0)
        yield ages


def _counter(name: str, text: str, esp: str, value: int) -> Metric:
    metric = Metric(name, text, "counter")
    metric.add_sample(f"{name}_total", {"esp": esp}, value)
    return metric


def _may_scrape(request: HttpRequest) -> bool:
    """With METRICS_TOKEN set: `Authorization: Bearer <token>`. Without: only from this machine
    (a Prometheus on the same box, or through an SSH tunnel) — never through the proxy."""
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    forwarded = "HTTP_X_FORWARDED_FOR" in request.META
    return not forwarded and request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        return HttpResponse("Not found.", status=404, content_type="text/plain; charset=utf-8")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PressroomCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)

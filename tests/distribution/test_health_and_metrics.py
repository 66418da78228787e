"""What an operator watches: /healthz answers 200 only while the database, Redis, beat and at
least one worker are alive and no send is stuck past its moment, and 503 otherwise, saying which
part failed and nothing secret; /metrics gives Prometheus the delivery counts per ESP, the
queue depth and the webhook lag, only to whoever may scrape it."""

import json
import re
import time
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from distribution import ops
from distribution.models import Delivery, Send
from distribution.tasks import tick
from tests.conftest import redis_client
from tests.distribution.conftest import Workers, wait_until
from tests.factories import DeliveryFactory, SendFactory

pytestmark = pytest.mark.redis


@pytest.fixture
def broker_settings(settings: Settings, broker: str) -> str:
    settings.REDIS_URL = broker
    return broker


def healthz() -> tuple[int, dict[str, Any], bytes]:
    response = Client().get("/healthz")
    return response.status_code, json.loads(response.content), response.content


def test_it_reports_healthy_while_beat_and_a_worker_run_and_failing_when_the_workers_stop(
    broker_settings: str, workers: Workers
) -> None:
    worker = workers.start(concurrency=1)
    tick.delay()  # published here as beat publishes it: stamps beat's heartbeat
    wait_until(
        lambda: redis_client(broker_settings).hlen(ops.WORKERS_KEY) > 0,
        timeout=30,
        what="the worker to run the tick",
    )

    status, report, _ = healthz()
    assert status == 200, report
    assert report["status"] == "ok"
    assert report["checks"]["workers"]["alive"] == 1
    assert report["checks"]["beat"]["ok"] is True
    assert report["checks"]["sends"] == {"ok": True, "oldest_due_unsent_s": None}

    workers.kill(worker)
    later = time.time() + 31  # past HEALTH_HEARTBEAT_SECONDS (30)
    with time_machine.travel(later, tick=True):
        tick.delay()  # beat is still alive; no worker takes its tick
        status, report, _ = healthz()
    assert status == 503
    assert report["status"] == "failing"
    assert report["checks"]["beat"]["ok"] is True
    assert report["checks"]["workers"]["ok"] is False
    assert report["checks"]["workers"]["alive"] == 0


def test_it_fails_without_beat(broker_settings: str, transactional_db: None) -> None:
    status, report, _ = healthz()
    assert status == 503
    assert report["checks"]["beat"] == {"ok": False, "seen_s_ago": None}
    assert report["checks"]["database"] == {"ok": True}
    assert report["checks"]["redis"] == {"ok": True}


def test_it_fails_when_a_send_is_stuck_past_its_moment(
    broker_settings: str, db: None, settings: Settings
) -> None:
    ops.beat_heartbeat(sender=ops.TICK_TASK)
    redis_client(broker_settings).hset(ops.WORKERS_KEY, "w1@box", f"{time.time():.3f}")
    moment = timezone.now() - timedelta(seconds=settings.HEALTH_SEND_LAG_SECONDS + 60)
    SendFactory.create(status=Send.Status.SENDING, scheduled_at=moment)
    SendFactory.create(status=Send.Status.PAUSED, scheduled_at=moment - timedelta(hours=1))

    status, report, _ = healthz()

    assert status == 503
    sends = report["checks"]["sends"]
    assert sends["ok"] is False
    assert settings.HEALTH_SEND_LAG_SECONDS + 60 <= sends["oldest_due_unsent_s"] < 700
    assert report["checks"]["workers"]["ok"] is True


def test_it_names_a_redis_that_is_down_without_its_address_or_password(
    settings: Settings, db: None
) -> None:
    settings.REDIS_URL = "redis://:hunter2-secret@127.0.0.1:1/0"  # nothing listens on port 1

    status, report, content = healthz()

    assert status == 503
    assert report["checks"]["redis"] == {"ok": False, "error": "ConnectionError"}
    assert report["checks"]["database"] == {"ok": True}
    for secret in (b"hunter2", b"redis://", b"127.0.0.1", settings.SECRET_KEY.encode()):
        assert secret not in content


# --- Metrics ----------------------------------------------------------------------------------


def scrape(**headers: str) -> tuple[int, str]:
    response = Client().get("/metrics", **headers)  # type: ignore[arg-type]
    return response.status_code, response.content.decode()


def test_it_gives_prometheus_deliveries_per_esp_queue_depth_and_webhook_lag(
    broker_settings: str, tracking: str, db: None, settings: Settings
) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    send = SendFactory.create(status=Send.Status.SENDING, scheduled_at=timezone.now())
    for outcome in [Delivery.Status.SENT, Delivery.Status.DELIVERED, Delivery.Status.FAILED]:
        DeliveryFactory.create(send=send, status=outcome, sent_at=timezone.now())
    DeliveryFactory.create(send=send, status=Delivery.Status.QUEUED)
    client = redis_client(broker_settings)
    client.lpush("celery", "task-1", "task-2", "task-3")
    ten_seconds_ago = int((time.time() - 10) * 1000)
    client.xadd(tracking, {"e": "{}"}, id=f"{ten_seconds_ago}-0")
    client.xadd(tracking, {"e": "{}"})

    status, text = scrape()

    assert status == 200
    assert 'pressroom_messages_sent_total{esp="postmark"} 3.0' in text
    assert 'pressroom_messages_failed_total{esp="postmark"} 1.0' in text
    assert 'pressroom_deliveries{esp="postmark",status="queued"} 1.0' in text
    assert "pressroom_deliveries_waiting 1.0" in text
    assert "pressroom_queue_depth 3.0" in text
    assert "pressroom_tracking_backlog 2.0" in text
    lag = float(re.search(r"^pressroom_tracking_lag_seconds (\S+)$", text, re.M)[1])  # type: ignore[index]
    assert 9 <= lag < 60


def test_it_lets_only_a_scraper_with_the_token_or_this_machine_read_the_metrics(
    broker_settings: str, db: None, settings: Settings
) -> None:
    assert scrape()[0] == 200  # the test client comes from 127.0.0.1
    assert scrape(HTTP_X_FORWARDED_FOR="203.0.113.9")[0] == 404  # through the proxy
    assert scrape(REMOTE_ADDR="203.0.113.9")[0] == 404

    settings.METRICS_TOKEN = "scrape-token-123"
    assert scrape()[0] == 404
    assert scrape(HTTP_AUTHORIZATION="Bearer wrong")[0] == 404
    assert scrape(HTTP_AUTHORIZATION="Bearer scrape-token-123", REMOTE_ADDR="203.0.113.9")[0] == 200

"""Whether background jobs can run now: the job queue (the broker's Redis), celery beat and the
workers, read from the heartbeats in Redis (beat stamps BEAT_KEY when it publishes the tick; the
worker that runs the tick stamps WORKERS_KEY with its name: distribution/ops.py writes them).

`/healthz` reports these checks (distribution/ops.py); a job's progress page that has waited
for a worker asks `pickup_problem()` why none has taken it, in the officer's words. A package
of its own under every app (docs/architecture.md), because contacts (imports) and distribution
(sends) both ask."""

import time
from typing import Any

import redis
from django.conf import settings
from django.utils.translation import gettext

BEAT_KEY = "pressroom:heartbeat:beat"
WORKERS_KEY = "pressroom:heartbeat:workers"
_clients: dict[str, redis.Redis] = {}


def broker_redis() -> redis.Redis:
    url = settings.REDIS_URL
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(
            url.replace("redis+socket://", "unix://"), socket_timeout=2, socket_connect_timeout=2
        )
    return _clients[url]


def heartbeat_age(stamp: Any, now: float) -> float | None:
    return None if stamp is None else round(max(0.0, now - float(stamp)), 1)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def queue_health() -> dict[str, dict[str, Any]]:
    """The checks "redis", "beat" and "workers", each {"ok": bool, …facts}; no URL, host name or
    error text (only its class)."""
    checks: dict[str, dict[str, Any]] = {}
    now = time.time()
    stale = settings.HEALTH_HEARTBEAT_SECONDS
    try:
        client = broker_redis()
        client.ping()
        checks["redis"] = {"ok": True}
        beat_age = heartbeat_age(client.get(BEAT_KEY), now)
        checks["beat"] = {"ok": beat_age is not None and beat_age <= stale, "seen_s_ago": beat_age}
        stamps: dict[Any, Any] = client.hgetall(WORKERS_KEY)
        seen = {_text(name): heartbeat_age(stamp, now) for name, stamp in stamps.items()}
        alive = sorted(name for name, age in seen.items() if age is not None and age <= stale)
        newest = min((age for age in seen.values() if age is not None), default=None)
        checks["workers"] = {"ok": bool(alive), "alive": len(alive), "seen_s_ago": newest}
    except redis.RedisError as error:
        checks["redis"] = {"ok": False, "error": type(error).__name__}
        checks["beat"] = {"ok": False, "seen_s_ago": None}
        checks["workers"] = {"ok": False, "alive": 0, "seen_s_ago": None}
    return checks


def pickup_problem(checks: dict[str, dict[str, Any]] | None = None) -> str:
    """Why no worker can take a job now, as `/healthz` sees it, in the active language; "" when
    the queue, beat and the workers are all alive (the workers are then only busy)."""
    checks = checks if checks is not None else queue_health()
    if not checks["redis"]["ok"]:
        return gettext(
            "The job queue (Redis) cannot be reached (%(error)s): no worker can be handed this "
            "job. Ask whoever runs Pressroom to start Redis."
        ) % {"error": checks["redis"].get("error", "")}
    workers, beat = checks["workers"], checks["beat"]
    if not beat["ok"]:
        # Workers report through the tick beat publishes: without beat, their stamps age too.
        if beat["seen_s_ago"] is None and workers["seen_s_ago"] is None:
            return gettext(
                "No worker and no scheduler (celery beat) has ever reported: start them "
                "(docs/deploy.md), and this job goes then."
            )
        if beat["seen_s_ago"] is None:
            return gettext("The scheduler (celery beat) has never run: start it (docs/deploy.md).")
        return gettext(
            "The scheduler (celery beat) last ran %(seconds)s seconds ago: start it again "
            "(docs/deploy.md)."
        ) % {"seconds": int(beat["seen_s_ago"])}
    if not workers["ok"]:
        if workers["seen_s_ago"] is None:
            return gettext(
                "No worker is running: none has ever reported. Start the workers "
                "(docs/deploy.md), and this job goes then."
            )
        return gettext(
            "No worker is running: the last one reported %(seconds)s seconds ago. Start the "
            "workers (docs/deploy.md), and this job goes then."
        ) % {"seconds": int(workers["seen_s_ago"])}
    return ""

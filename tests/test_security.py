"""Security by default: a Content-Security-Policy on the newsroom and the admin, login
throttled (django-axes) on the admin's login page, and webhook secrets, ESP keys and database
passwords masked in error reports and logs."""

import logging
import sys
from datetime import timedelta

import pytest
import time_machine
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.utils import timezone
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter
from pytest_django.fixtures import Settings

from pressroom.logs import RedactSecrets
from tests.factories import PublicReleaseFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-1"
WEBHOOK_PASSWORD = "wh-secret-7f3a9c"
SIGNING_KEY = "key-mailgun-signing-0b1d2e"
API_TOKEN = "pm-server-token-55aa77"
DB_PASSWORD = "db-pass-9911"


def policy(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


# --- Content-Security-Policy --------------------------------------------------------------------


def test_it_sends_a_strict_policy_with_the_newsroom() -> None:
    release = PublicReleaseFactory.create()
    response = Client().get(f"/en/releases/{release.pk}-{release.slug}/")
    assert response.status_code == 200
    rules = policy(response)
    assert rules["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in rules["script-src"]
    assert "'unsafe-eval'" not in rules["script-src"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["object-src"] == ["'none'"]


def test_it_sends_the_policy_with_the_admin_and_a_nonce_for_its_own_scripts() -> None:
    user = UserFactory.create(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    login_page = Client().get("/admin/login/")
    assert "script-src" in policy(login_page)

    page = client.get("/admin/pressroom/release/add/")
    assert page.status_code == 200
    rules = policy(page)
    assert "'unsafe-inline'" not in rules["script-src"]
    # the prose editor's import map is allowed by its hash, and it is on the page
    assert any(source.startswith("'sha256-") for source in rules["script-src"])
    assert b'<script type="importmap">' in page.content
    # no inline event handler the policy would silently block
    for handler in (b"onclick=", b"onchange=", b"onsubmit="):
        assert handler not in page.content


# --- Login throttling -------------------------------------------------------------------------


def log_in(client: Client, username: str, password: str) -> int:
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code


def test_it_locks_out_a_user_name_after_five_wrong_passwords_from_one_address(
    settings: Settings,
) -> None:
    UserFactory.create(username="olive", is_staff=True, password=PASSWORD)
    UserFactory.create(username="otto", is_staff=True, password=PASSWORD)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "olive", "guess") == 200  # the form again, with its error
    locked = client.post("/admin/login/", {"username": "olive", "password": "guess"})
    assert locked.status_code == 429
    assert b"Too many failed logins" in locked.content

    # even the right password is refused now, and no session is opened
    assert log_in(client, "olive", PASSWORD) == 429
    assert client.get("/admin/").status_code == 302
    # another user at the same address is not locked out
    assert log_in(Client(), "otto", PASSWORD) == 302


def test_it_locks_out_an_address_that_tries_many_user_names(settings: Settings) -> None:
    """Security review: counting (address, user name) pairs only let one address guess a few
    passwords for every account (password spraying). Past LOGIN_ADDRESS_FAILURE_LIMIT failures
    from one address, any name is refused there; another address is not affected."""
    UserFactory.create(username="olive", is_staff=True, password=PASSWORD)
    sprayer = Client(REMOTE_ADDR="203.0.113.7")
    for number in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        assert log_in(sprayer, f"officer{number}", "Spring2025!") == 200
    assert log_in(sprayer, "officer-last", "Spring2025!") == 429  # the limit-th failure

    assert log_in(sprayer, "olive", PASSWORD) == 429  # the right password, the wrong address
    assert sprayer.get("/admin/").status_code == 302
    assert log_in(Client(REMOTE_ADDR="198.51.100.20"), "olive", PASSWORD) == 302


def test_a_few_typos_from_one_office_lock_out_nobody_else(settings: Settings) -> None:
    """One NAT, several people: four wrong passwords each for three officers stay below the
    address limit, and each of them still logs in."""
    for name in ("olive", "otto", "oscar"):
        UserFactory.create(username=name, is_staff=True, password=PASSWORD)
    office = "192.0.2.10"
    for name in ("olive", "otto", "oscar"):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert log_in(Client(REMOTE_ADDR=office), name, "typo") == 200
    for name in ("olive", "otto", "oscar"):
        assert log_in(Client(REMOTE_ADDR=office), name, PASSWORD) == 302


def test_it_lets_the_user_in_again_after_the_cool_off(settings: Settings) -> None:
    UserFactory.create(username="olive", is_staff=True, password=PASSWORD)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "olive", "guess")
    assert log_in(client, "olive", PASSWORD) == 429
    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        assert log_in(client, "olive", PASSWORD) == 302
        assert client.get("/admin/").status_code == 200


# --- Secrets in error reports and logs --------------------------------------------------------


@pytest.fixture
def secrets(settings: Settings) -> list[str]:
    settings.ANYMAIL = {
        "WEBHOOK_SECRET": [f"pressroom:{WEBHOOK_PASSWORD}"],
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
        "POSTMARK_SERVER_TOKEN": API_TOKEN,
    }
    settings.DATABASE_URL = f"postgres://pressroom:{DB_PASSWORD}@db.example.com:5432/pressroom"
    settings.REDIS_URL = f"redis://:{DB_PASSWORD}@redis.example.com:6379/0"
    return [WEBHOOK_PASSWORD, SIGNING_KEY, API_TOKEN, DB_PASSWORD]


def error_report(request: HttpRequest) -> str:
    """Django's error report (text and HTML) of an error while answering the request; made here,
    where no local variable holds a secret, so only settings and the request could show one."""
    try:
        raise ValueError("boom")
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info())
        return report.get_traceback_text() + report.get_traceback_html()


def test_it_masks_webhook_secrets_esp_keys_and_url_passwords_in_error_reports(
    secrets: list[str],
) -> None:
    request = RequestFactory().post(
        "/anymail/postmark/tracking/",
        data=b"{}",
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic cHJlc3Nyb29tOndoLXNlY3JldC03ZjNhOWM=",
    )
    text = error_report(request)
    safe = str(get_default_exception_reporter_filter().get_safe_settings())

    for secret in [*secrets, "cHJlc3Nyb29tOndoLXNlY3JldC03ZjNhOWM="]:
        assert secret not in text
    for secret in secrets:
        assert secret not in safe
    assert "db.example.com" in safe  # the rest of the URL is still there to read


def test_it_masks_secrets_in_log_lines_and_tracebacks(secrets: list[str]) -> None:
    def through_filter(message: str, *args: object, exc: bool = False) -> str:
        record = logging.LogRecord("distribution.webhooks", logging.WARNING, "", 0, message, args,
                                   sys.exc_info() if exc else None)  # fmt: skip
        assert RedactSecrets().filter(record)
        return record.getMessage() + (record.exc_text or "")

    logged = through_filter("mailgun webhook refused: bad signature for key %s", SIGNING_KEY)
    assert SIGNING_KEY not in logged
    assert "bad signature for key ********" in logged
    assert WEBHOOK_PASSWORD not in through_filter("auth %r", f"pressroom:{WEBHOOK_PASSWORD}")
    assert DB_PASSWORD not in through_filter(
        "cannot connect to postgres://pressroom:%s@db.example.com/x", DB_PASSWORD
    )
    assert "abc123token" not in through_filter("headers: {'Authorization': 'Bearer abc123token'}")
    try:
        raise ConnectionError(f"redis://:{DB_PASSWORD}@redis.example.com refused; {API_TOKEN}")
    except ConnectionError:
        traced = through_filter("the tracking stream is unavailable", exc=True)
    assert "ConnectionError" in traced
    assert DB_PASSWORD not in traced
    assert API_TOKEN not in traced

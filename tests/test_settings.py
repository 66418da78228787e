"""Settings read the environment once and refuse to start on a missing secret or a value they
cannot parse, naming the variable to fix (STYLE.md item 9)."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from pressroom.env import env_bool, env_float, env_int, env_list, env_prefixed, env_str

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = REPO_ROOT / "pressroom" / "settings.py"

# Variables these tests set themselves; whatever the calling shell has for them is dropped.
VARIED = {
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DEBUG",
    "EMAIL_BACKEND",
    "PRESSROOM_LANGUAGES",
    "ANYMAIL_WEBHOOK_SECRET",
}


def start(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh Python, as `manage.py` or gunicorn would."""
    environment = {name: value for name, value in os.environ.items() if name not in VARIED}
    environment |= {"DJANGO_SETTINGS_MODULE": "pressroom.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", "import pressroom.settings"],
        cwd=REPO_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict[str, Any]:
    """The production settings module run afresh, in this process, under `env`."""
    for name in VARIED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-long-random-production-secret")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


# Starting up


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    result = start()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_it_starts_without_a_secret_key_in_debug() -> None:
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_start_on_a_debug_value_it_cannot_read() -> None:
    result = start(DEBUG="maybe", SECRET_KEY="a-long-random-production-secret")
    assert result.returncode != 0
    assert "DEBUG='maybe' is not a boolean" in result.stderr


# What the values become


def test_it_uses_a_development_secret_only_in_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    production = settings_with(monkeypatch)
    assert production["DEBUG"] is False
    assert production["SECRET_KEY"] == "a-long-random-production-secret"

    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("DEBUG", "yes")
    development = runpy.run_path(str(SETTINGS_FILE))
    assert development["DEBUG"] is True
    assert development["SECRET_KEY"].startswith("insecure-development-key")


def test_it_writes_email_to_the_local_outbox_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings_with(monkeypatch)["EMAIL_BACKEND"] == "distribution.outbox.EmailBackend"


@pytest.mark.parametrize(
    ("name", "backend"),
    [
        ("mailgun", "anymail.backends.mailgun.EmailBackend"),
        ("amazon_ses", "anymail.backends.amazon_ses.EmailBackend"),
        ("smtp", "django.core.mail.backends.smtp.EmailBackend"),
        ("anymail.backends.test.EmailBackend", "anymail.backends.test.EmailBackend"),
    ],
)
def test_it_resolves_an_email_backend_by_short_name_or_dotted_path(
    monkeypatch: pytest.MonkeyPatch, name: str, backend: str
) -> None:
    assert settings_with(monkeypatch, EMAIL_BACKEND=name)["EMAIL_BACKEND"] == backend


def test_it_refuses_an_email_backend_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_BACKEND='mailgunn'"):
        settings_with(monkeypatch, EMAIL_BACKEND="mailgunn")


def test_it_reads_every_webhook_secret_so_they_can_rotate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anymail = settings_with(
        monkeypatch, ANYMAIL_WEBHOOK_SECRET="a:b,c:d", ANYMAIL_MAILGUN_API_KEY="key-123"
    )["ANYMAIL"]
    assert anymail["WEBHOOK_SECRET"] == ["a:b", "c:d"]
    assert anymail["MAILGUN_API_KEY"] == "key-123"


def test_it_offers_english_and_traditional_chinese_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert [code for code, _ in settings_with(monkeypatch)["LANGUAGES"]] == ["en", "zh-hant"]


def test_it_offers_simplified_chinese_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    languages = settings_with(monkeypatch, PRESSROOM_LANGUAGES="en, zh-hant, zh-hans")["LANGUAGES"]
    assert languages == [("en", "English"), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]


def test_it_refuses_a_language_it_cannot_offer(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="PRESSROOM_LANGUAGES names 'xx'"):
        settings_with(monkeypatch, PRESSROOM_LANGUAGES="en,xx")


# The typed readers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("ON", True),
        ("0", False),
        ("false", False),
        ("no", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("PRESSROOM_TEST_FLAG", value)
    assert env_bool("PRESSROOM_TEST_FLAG") is expected


def test_env_bool_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRESSROOM_TEST_FLAG", raising=False)
    assert env_bool("PRESSROOM_TEST_FLAG", default=True) is True
    assert env_bool("PRESSROOM_TEST_FLAG") is False


def test_env_bool_names_the_variable_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"PRESSROOM_TEST_FLAG='maybe' is not a boolean"):
        env_bool("PRESSROOM_TEST_FLAG")


def test_env_str_names_a_required_variable_that_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PRESSROOM_TEST_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="Set the environment variable PRESSROOM_TEST_"):
        env_str("PRESSROOM_TEST_VALUE")
    assert env_str("PRESSROOM_TEST_VALUE", "fallback") == "fallback"
    monkeypatch.setenv("PRESSROOM_TEST_VALUE", "")
    assert env_str("PRESSROOM_TEST_VALUE", "fallback") == ""


def test_env_int_and_env_float_read_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_TEST_NUMBER", "587")
    assert env_int("PRESSROOM_TEST_NUMBER", 25) == 587
    assert env_float("PRESSROOM_TEST_NUMBER", 30.0) == 587.0
    monkeypatch.setenv("PRESSROOM_TEST_NUMBER", " ")
    assert env_int("PRESSROOM_TEST_NUMBER", 25) == 25
    assert env_float("PRESSROOM_TEST_NUMBER", 30.0) == 30.0


def test_env_int_and_env_float_name_a_value_that_is_not_a_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRESSROOM_TEST_NUMBER", "2.5")
    with pytest.raises(ImproperlyConfigured, match=r"PRESSROOM_TEST_NUMBER='2\.5' is not a whole"):
        env_int("PRESSROOM_TEST_NUMBER", 25)
    monkeypatch.setenv("PRESSROOM_TEST_NUMBER", "thirty")
    with pytest.raises(ImproperlyConfigured, match="PRESSROOM_TEST_NUMBER='thirty' is not a num"):
        env_float("PRESSROOM_TEST_NUMBER", 30.0)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSROOM_TEST_LIST", " newsroom.example.com, ,127.0.0.1 ,")
    assert env_list("PRESSROOM_TEST_LIST") == ["newsroom.example.com", "127.0.0.1"]
    monkeypatch.delenv("PRESSROOM_TEST_LIST")
    assert env_list("PRESSROOM_TEST_LIST", ["localhost"]) == ["localhost"]
    assert env_list("PRESSROOM_TEST_LIST") == []


def test_env_prefixed_collects_every_variable_under_a_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PRESSROOMTEST_ONE", "1")
    monkeypatch.setenv("PRESSROOMTEST_TWO", "two")
    monkeypatch.setenv("PRESSROOMTEST_", "a prefix alone is not a name")
    assert env_prefixed("PRESSROOMTEST_") == {"ONE": "1", "TWO": "two"}


def test_it_refuses_an_empty_language_list(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="PRESSROOM_LANGUAGES"):
        settings_with(monkeypatch, PRESSROOM_LANGUAGES="")


def test_it_defaults_to_a_language_it_offers(monkeypatch: pytest.MonkeyPatch) -> None:
    values = settings_with(monkeypatch, PRESSROOM_LANGUAGES="zh-hant")
    assert values["LANGUAGE_CODE"] in dict(values["LANGUAGES"])

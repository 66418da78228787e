"""Secrets stay out of error reports and logs. Webhook passwords (ANYMAIL_WEBHOOK_SECRET), the
ESPs' signing keys and API tokens, and the passwords inside DATABASE_URL and REDIS_URL are
masked wherever Django or our code might print them:

- `SecretsFilter` is Django's error-report filter (the debug page, the error email): it hides
  every setting whose name Django already hides (…KEY, …SECRET, …TOKEN, …PASS…, nested in
  ANYMAIL too) and, in any other setting, the password of a URL (`postgres://user:pw@…`).
- `RedactSecrets` is a logging filter on every handler: it replaces the configured secrets'
  values, URL passwords and `Authorization` header values in the message and the traceback."""

import logging
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.views.debug import SafeExceptionReporterFilter

MASK = "********"
_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]+@", re.IGNORECASE)
_AUTHORIZATION = re.compile(r"(?P<head>\bauthorization[\"']?\s*[:=]\s*[\"']?\w+ )[^\s\"',]+", re.I)
_HIDDEN = SafeExceptionReporterFilter.hidden_settings


def mask_url_passwords(text: str) -> str:
    return _URL_PASSWORD.sub(lambda m: m["head"] + MASK + "@", text)


class SecretsFilter(SafeExceptionReporterFilter):
    def cleanse_setting(self, key: Any, value: Any) -> Any:
        cleansed = super().cleanse_setting(key, value)
        if type(cleansed) is str:  # not a lazy object that only says it is one
            return mask_url_passwords(cleansed)
        return cleansed


def _secret_values(name: str, value: Any, *, hidden: bool = False) -> Iterator[str]:
    hidden = hidden or bool(_HIDDEN.search(name))
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _secret_values(str(key), inner, hidden=hidden)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _secret_values(name, inner, hidden=hidden)
    elif isinstance(value, str) and hidden:
        yield value
        if ":" in value:  # a "user:password" pair of WEBHOOK_SECRET: the password alone too
            yield value.split(":", 1)[1]


def configured_secrets() -> list[str]:
    """The values of every hidden setting (SECRET_KEY, ANYMAIL's secrets and keys, passwords),
    longest first, leaving out values too short to mask without mangling ordinary text."""
    found: set[str] = set()
    for name in ("SECRET_KEY", "ANYMAIL", "EMAIL_HOST_PASSWORD", "DATABASES"):
        found.update(_secret_values(name, getattr(settings, name, None)))
    return sorted((value for value in found if len(value) >= 6), key=len, reverse=True)


def redact(text: str) -> str:
    for secret in configured_secrets():
        text = text.replace(secret, MASK)
    text = mask_url_passwords(text)
    return _AUTHORIZATION.sub(lambda m: m["head"] + MASK, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True

"""Check the sending configuration before the moment: one harmless call to the configured mail
service (read the account or the sender domain; for SMTP connect, EHLO, STARTTLS, AUTH and
MAIL FROM, then RSET and QUIT), with a short timeout and a cap on what is read back, and say in
the PR officer's words what is wrong: settings missing, credentials refused, the From domain not
verified, the host unreachable. Nothing is sent.

`sending_check()` calls every time (the "Check sending configuration" button);
`sending_check_recent()` keeps a result for a minute per process, for the confirmation page,
so an unreachable host does not slow every confirmation by the timeout."""

import hashlib
import json
import logging
import smtplib
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from enum import IntEnum
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CHECK_TIMEOUT = 5.0  # seconds, for each connection and each read
MAX_ANSWER_BYTES = 256 * 1024
RECENT_SECONDS = 60.0


class Level(IntEnum):
    OK = 0
    NOTE = 1
    WARNING = 2
    ERROR = 3


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str | Promise  # translated when shown, so a kept result reads in each language
    params: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)

    @property
    def css(self) -> str:
        return {Level.OK: "success", Level.NOTE: "info"}.get(self.level, self.level.name.lower())


@dataclass(frozen=True)
class SendingCheck:
    service: str
    findings: tuple[Finding, ...]
    checked_at: float  # time.time()

    @property
    def level(self) -> Level:
        return max((finding.level for finding in self.findings), default=Level.OK)

    @property
    def ok(self) -> bool:
        return self.level < Level.ERROR

    @property
    def problems(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.level >= Level.WARNING]


def _ok(message: str | Promise, **params: object) -> Finding:
    return Finding(Level.OK, message, params)


def _note(message: str | Promise, **params: object) -> Finding:
    return Finding(Level.NOTE, message, params)


def _warning(message: str | Promise, **params: object) -> Finding:
    return Finding(Level.WARNING, message, params)


def _error(message: str | Promise, **params: object) -> Finding:
    return Finding(Level.ERROR, message, params)


def _sender() -> tuple[str, str]:
    """The From address of every send and its domain."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address, address.rpartition("@")[2].lower()


# --- HTTP APIs --------------------------------------------------------------------------------


class _Unreachable(Exception):
    pass


class _Unreadable(Exception):
    """The service answered more than MAX_ANSWER_BYTES, or too slowly."""


@dataclass(frozen=True)
class _Answer:
    status: int
    data: Any  # the JSON answer, or None

    def said(self, *keys: str) -> str:
        """What the service said, from the first of `keys` its answer has."""
        if isinstance(self.data, dict):
            for key in keys:
                if self.data.get(key):
                    return " ".join(str(self.data[key]).split())[:300].rstrip(".")
        return ""


def _get(url: str, **kwargs: Any) -> _Answer:
    """GET `url`: at most CHECK_TIMEOUT per connection and read, twice that in all, and at most
    MAX_ANSWER_BYTES read back."""
    deadline = time.monotonic() + 2 * CHECK_TIMEOUT
    try:
        with requests.get(
            url, timeout=CHECK_TIMEOUT, stream=True, allow_redirects=False, **kwargs
        ) as response:
            body = b""
            for chunk in response.iter_content(16 * 1024):
                body += chunk
                if len(body) > MAX_ANSWER_BYTES or time.monotonic() > deadline:
                    raise _Unreadable
    except requests.RequestException as error:
        raise _Unreachable(_reason(error)) from error
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    return _Answer(response.status_code, data)


def _reason(error: BaseException) -> str:
    """A short reason for a network failure, without the URL (which may carry a key)."""
    seen = {id(error)}
    while True:
        inner = getattr(error, "reason", None)
        if not isinstance(inner, BaseException):
            first = error.args[0] if error.args else None
            inner = first if isinstance(first, BaseException) else None
        inner = inner or error.__cause__ or error.__context__
        if inner is None or id(inner) in seen:
            break
        seen.add(id(inner))
        error = inner
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}"[:300]


def _refused(service: str, answer: _Answer, setting: str, *keys: str) -> Finding:
    return _error(
        _("%(service)s refused the credentials (HTTP %(status)s)%(said)s. Check %(setting)s."),
        service=service,
        status=answer.status,
        said=f": {answer.said(*keys)}" if answer.said(*keys) else "",
        setting=setting,
    )


def _unexpected(service: str, answer: _Answer, *keys: str) -> Finding:
    return _error(
        _("%(service)s answered HTTP %(status)s%(said)s."),
        service=service,
        status=answer.status,
        said=f": {answer.said(*keys)}" if answer.said(*keys) else "",
    )


def _accepted(service: str) -> Finding:
    return _ok(_("%(service)s accepted the credentials."), service=service)


def _domain_verified(service: str, domain: str) -> Finding:
    return _ok(
        _("%(service)s has verified the From domain %(domain)s."), service=service, domain=domain
    )


def _domain_not_verified(service: str, domain: str, state: str) -> Finding:
    return _error(
        _(
            "%(service)s has not verified the From domain %(domain)s (%(state)s): every message "
            "would be refused. Finish the domain's DNS records in %(service)s's dashboard."
        ),
        service=service,
        domain=domain,
        state=state,
    )


def _domain_unknown(service: str, domain: str) -> Finding:
    return _error(
        _(
            "%(service)s has no sending domain %(domain)s in this account: every message from "
            "%(address)s would be refused. Add and verify the domain in %(service)s, or change "
            "DEFAULT_FROM_EMAIL."
        ),
        service=service,
        domain=domain,
        address=_sender()[0],
    )


def _postmark(backend: Any) -> list[Finding]:
    service, (address, domain) = "Postmark", _sender()
    answer = _get(
        f"{backend.api_url}server",
        headers={"Accept": "application/json", "X-Postmark-Server-Token": backend.server_token},
    )
    if answer.status == 401:
        return [_refused(service, answer, "ANYMAIL_POSTMARK_SERVER_TOKEN", "Message")]
    if answer.status != 200:
        return [_unexpected(service, answer, "Message")]
    found = [_accepted(service)]
    # Only an account token may read sender signatures and domains.
    token = (getattr(settings, "ANYMAIL", {}) or {}).get("POSTMARK_ACCOUNT_TOKEN")
    if not token:
        return [
            *found,
            _note(
                _(
                    "Postmark tells whether %(address)s may send only to an account token: set "
                    "ANYMAIL_POSTMARK_ACCOUNT_TOKEN to check it here, or look in Postmark › "
                    "Sender signatures."
                ),
                address=address,
            ),
        ]
    headers = {"Accept": "application/json", "X-Postmark-Account-Token": str(token)}
    domains = _get(f"{backend.api_url}domains?count=500&offset=0", headers=headers)
    if domains.status == 401:
        return [*found, _refused(service, domains, "ANYMAIL_POSTMARK_ACCOUNT_TOKEN", "Message")]
    if domains.status != 200:
        return [*found, _unexpected(service, domains, "Message")]
    for item in (domains.data or {}).get("Domains", []):
        if str(item.get("Name", "")).lower() == domain and item.get("DKIMVerified"):
            return [*found, _domain_verified(service, domain)]
    senders = _get(f"{backend.api_url}senders?count=500&offset=0", headers=headers)
    if senders.status != 200:
        return [*found, _unexpected(service, senders, "Message")]
    for item in (senders.data or {}).get("SenderSignatures", []):
        if str(item.get("EmailAddress", "")).lower() == address.lower() and item.get("Confirmed"):
            return [
                *found,
                _ok(_("Postmark has confirmed the sender %(address)s."), address=address),
            ]
    return [*found, _domain_not_verified(service, domain, "DKIM")]


def _mailgun(backend: Any) -> list[Finding]:
    service, domain = "Mailgun", (backend.sender_domain or _sender()[1])
    answer = _get(
        f"{backend.api_url}domains/{quote(domain, safe='')}", auth=("api", backend.api_key)
    )
    if answer.status in (401, 403):
        return [_refused(service, answer, "ANYMAIL_MAILGUN_API_KEY", "message")]
    if answer.status == 404:
        return [_accepted(service), _domain_unknown(service, domain)]
    if answer.status != 200:
        return [_unexpected(service, answer, "message")]
    state = str(((answer.data or {}).get("domain") or {}).get("state", ""))
    if state == "active":
        return [_accepted(service), _domain_verified(service, domain)]
    return [_accepted(service), _domain_not_verified(service, domain, state or "?")]


def _brevo(backend: Any) -> list[Finding]:
    service, (address, domain) = "Brevo", _sender()
    headers = {"Accept": "application/json", "api-key": backend.api_key}
    answer = _get(f"{backend.api_url}account", headers=headers)
    if answer.status in (401, 403):
        return [_refused(service, answer, "ANYMAIL_BREVO_API_KEY", "message")]
    if answer.status != 200:
        return [_unexpected(service, answer, "message")]
    found = [_accepted(service)]
    domains = _get(f"{backend.api_url}senders/domains", headers=headers)
    for item in (domains.data or {}).get("domains", []) if domains.status == 200 else []:
        if str(item.get("domain_name", "")).lower() == domain and item.get("authenticated"):
            return [*found, _domain_verified(service, domain)]
    senders = _get(f"{backend.api_url}senders", headers=headers)
    if senders.status != 200:
        return [*found, _unexpected(service, senders, "message")]
    for item in (senders.data or {}).get("senders", []):
        if str(item.get("email", "")).lower() == address.lower() and item.get("active"):
            return [*found, _ok(_("Brevo has confirmed the sender %(address)s."), address=address)]
    return [*found, _domain_not_verified(service, domain, "not authenticated")]


def _resend(backend: Any) -> list[Finding]:
    service, domain = "Resend", _sender()[1]
    answer = _get(
        f"{backend.api_url}domains",
        headers={"Accept": "application/json", "Authorization": f"Bearer {backend.api_key}"},
    )
    if answer.status == 401 and answer.said("name") == "restricted_api_key":
        return [
            _ok(_("%(service)s accepted the credentials."), service=service),
            _note(
                _(
                    "This Resend API key may only send, so Pressroom cannot read whether "
                    "%(domain)s is verified: look in Resend › Domains."
                ),
                domain=domain,
            ),
        ]
    if answer.status in (400, 401, 403):
        return [_refused(service, answer, "ANYMAIL_RESEND_API_KEY", "message")]
    if answer.status != 200:
        return [_unexpected(service, answer, "message")]
    for item in (answer.data or {}).get("data", []):
        if str(item.get("name", "")).lower() == domain:
            status = str(item.get("status", ""))
            if status == "verified":
                return [_accepted(service), _domain_verified(service, domain)]
            return [_accepted(service), _domain_not_verified(service, domain, status or "?")]
    return [_accepted(service), _domain_unknown(service, domain)]


def _mailersend(backend: Any) -> list[Finding]:
    service, domain = "MailerSend", _sender()[1]
    answer = _get(
        f"{backend.api_url}domains",
        headers={"Accept": "application/json", "Authorization": f"Bearer {backend.api_token}"},
    )
    if answer.status in (401, 403):
        return [_refused(service, answer, "ANYMAIL_MAILERSEND_API_TOKEN", "message")]
    if answer.status != 200:
        return [_unexpected(service, answer, "message")]
    for item in (answer.data or {}).get("data", []):
        if str(item.get("name", "")).lower() == domain:
            if item.get("is_verified"):
                return [_accepted(service), _domain_verified(service, domain)]
            return [_accepted(service), _domain_not_verified(service, domain, "not verified")]
    return [_accepted(service), _domain_unknown(service, domain)]


def _not_checkable(service: str) -> list[Finding]:
    return [
        _note(
            _(
                "%(service)s has no call that reads the configuration without sending, so it was "
                "not checked: send a test to yourself from a release's preview."
            ),
            service=service,
        )
    ]


# --- Amazon SES (boto3) -----------------------------------------------------------------------


_SES_CREDENTIALS_REFUSED = {
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "ExpiredTokenException",
}


def _amazon_ses(backend: Any) -> list[Finding]:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError, NoRegionError

    service, (address, domain) = "Amazon SES", _sender()
    params = dict(backend.client_params)
    config = Config(
        connect_timeout=CHECK_TIMEOUT, read_timeout=CHECK_TIMEOUT, retries={"total_max_attempts": 1}
    )
    params["config"] = params["config"].merge(config) if params.get("config") else config
    try:
        client = boto3.session.Session(**backend.session_params).client("sesv2", **params)
        try:
            account = client.get_account()
            found = [_accepted(service)]
            if not account.get("SendingEnabled", True):
                found.append(
                    _error(
                        _("Amazon SES has paused sending for this account: nothing would go out.")
                    )
                )
            if not account.get("ProductionAccessEnabled", True):
                found.append(
                    _error(
                        _(
                            "This Amazon SES account is in the sandbox: it sends only to "
                            "addresses verified in SES, so journalists would not receive the "
                            "release. Ask AWS for production access."
                        )
                    )
                )
            found.append(_ses_identity(client, address, domain))
            return found
        finally:
            client.close()
    except (NoCredentialsError, NoRegionError) as error:
        return [
            _error(
                _(
                    "Amazon SES settings are missing (%(why)s): set AWS_ACCESS_KEY_ID, "
                    "AWS_SECRET_ACCESS_KEY and AWS_REGION, or ANYMAIL_AMAZON_SES_CLIENT_PARAMS."
                ),
                why=str(error),
            )
        ]
    except ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        said = str(error.response.get("Error", {}).get("Message", ""))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", "?")
        answer = _Answer(status, {"message": f"{code}: {said}"})
        if code in _SES_CREDENTIALS_REFUSED:
            setting = "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
            return [_refused(service, answer, setting, "message")]
        if code == "AccessDeniedException":
            return [
                _warning(
                    _(
                        "Amazon SES accepted the credentials but they may not read the account "
                        "(ses:GetAccount, ses:GetEmailIdentity), so the From domain was not "
                        "checked."
                    )
                )
            ]
        return [_unexpected(service, answer, "message")]
    except BotoCoreError as error:
        raise _Unreachable(_reason(error)) from error


def _ses_identity(client: Any, address: str, domain: str) -> Finding:
    """Whether SES may send from the From domain (or, failing that, the From address)."""
    service = "Amazon SES"
    for identity in (domain, address):
        try:
            answer = client.get_email_identity(EmailIdentity=identity)
        except client.exceptions.NotFoundException:
            continue
        if answer.get("VerifiedForSendingStatus"):
            return _domain_verified(service, identity)
        return _domain_not_verified(service, identity, str(answer.get("VerificationStatus", "?")))
    return _domain_unknown(service, domain)


# --- SMTP -------------------------------------------------------------------------------------


def _smtp() -> list[Finding]:
    host, port = settings.EMAIL_HOST, settings.EMAIL_PORT
    use_ssl = bool(getattr(settings, "EMAIL_USE_SSL", False))
    address = _sender()[0]
    found: list[Finding] = []
    try:
        server: smtplib.SMTP
        if use_ssl:
            server = smtplib.SMTP_SSL(
                host, port, timeout=CHECK_TIMEOUT, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(host, port, timeout=CHECK_TIMEOUT)
    except (OSError, smtplib.SMTPException) as error:
        raise _Unreachable(_reason(error)) from error
    try:
        server.ehlo()
        if settings.EMAIL_USE_TLS:
            server.starttls(context=ssl.create_default_context())
            server.ehlo()
        elif not use_ssl and server.has_extn("starttls"):
            found.append(
                _warning(
                    _(
                        "The mail server offers STARTTLS but EMAIL_USE_TLS is off: the messages "
                        "and the password cross the network unencrypted."
                    )
                )
            )
        if settings.EMAIL_HOST_USER:
            try:
                server.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
            except smtplib.SMTPAuthenticationError as error:
                return [
                    *found,
                    _error(
                        _(
                            "The mail server refused the username and password (%(reply)s). "
                            "Check EMAIL_HOST_USER and EMAIL_HOST_PASSWORD."
                        ),
                        reply=_smtp_reply(error.smtp_code, error.smtp_error),
                    ),
                ]
            except smtplib.SMTPNotSupportedError:
                return [
                    *found,
                    _error(
                        _(
                            "The mail server does not offer AUTH, so EMAIL_HOST_USER cannot log in "
                            "(many servers offer it only after STARTTLS: EMAIL_USE_TLS)."
                        )
                    ),
                ]
            found.append(_ok(_("The mail server accepted the username and password.")))
        code, reply = server.mail(address)
        server.rset()
        if code >= 400:
            return [
                *found,
                _error(
                    _("The mail server refused the sender %(address)s (%(reply)s)."),
                    address=address,
                    reply=_smtp_reply(code, reply),
                ),
            ]
        found.append(_ok(_("The mail server accepts mail from %(address)s."), address=address))
        server.quit()
    except ssl.SSLError as error:
        return [*found, _error(_("TLS with the mail server failed: %(why)s."), why=_reason(error))]
    except (OSError, smtplib.SMTPException) as error:
        raise _Unreachable(_reason(error)) from error
    finally:
        server.close()
    return found


def _smtp_reply(code: int, reply: bytes | str) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
    return " ".join(f"{code} {text}".split())[:300]


# --- The check --------------------------------------------------------------------------------


_ANYMAIL_CHECKS: dict[str, Callable[[Any], list[Finding]]] = {
    "postmark": _postmark,
    "mailgun": _mailgun,
    "brevo": _brevo,
    "resend": _resend,
    "mailersend": _mailersend,
    "amazon_ses": _amazon_ses,
}
_LOCAL = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "anymail.backends.test.EmailBackend",
}


_ESP_NAMES = {"amazon_ses": "Amazon SES", "mailersend": "MailerSend", "sendgrid": "SendGrid"}


def _service_of(backend_path: str) -> str:
    if backend_path == "django.core.mail.backends.smtp.EmailBackend":
        return f"SMTP {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    if backend_path.startswith("anymail.backends."):
        esp = backend_path.split(".")[2]
        return _ESP_NAMES.get(esp, esp.replace("_", " ").title())
    return backend_path


def _findings(backend_path: str) -> list[Finding]:
    if backend_path == "distribution.outbox.EmailBackend":
        return [
            _warning(
                _(
                    "Email stays on this machine: the outbox keeps every message in %(folder)s and "
                    "no journalist receives it. Set EMAIL_BACKEND to an ESP or smtp to send."
                ),
                folder=str(settings.OUTBOX_DIR),
            )
        ]
    if backend_path in _LOCAL:
        return [
            _warning(
                _("Email stays on this machine (%(backend)s): no journalist receives it."),
                backend=backend_path,
            )
        ]
    if backend_path == "django.core.mail.backends.smtp.EmailBackend":
        return _smtp()
    esp = backend_path.split(".")[2] if backend_path.startswith("anymail.backends.") else ""
    try:
        backend = get_connection(backend_path, fail_silently=False)
    except (ImproperlyConfigured, ImportError) as error:
        first_line = str(error).split("\n", 1)[0]
        return [
            _error(_("The sending settings are missing or wrong: %(why)s"), why=first_line[:300])
        ]
    check = _ANYMAIL_CHECKS.get(esp)
    return check(backend) if check else _not_checkable(_service_of(backend_path))


def sending_service() -> str:
    """The service sends go through, as the check names it."""
    return _service_of(settings.EMAIL_BACKEND)


def sending_check() -> SendingCheck:
    """Check the configured sending now: one harmless call, nothing sent."""
    backend_path = settings.EMAIL_BACKEND
    service = _service_of(backend_path)
    try:
        findings = _findings(backend_path)
    except _Unreachable as error:
        findings = [
            _error(
                _(
                    "Could not reach %(service)s (%(why)s): check the host, the network and the "
                    "firewall."
                ),
                service=service,
                why=str(error),
            )
        ]
    except _Unreadable:
        findings = [
            _error(
                _(
                    "%(service)s answered with more than %(size)s KB, or too slowly: is the "
                    "address of its API right?"
                ),
                service=service,
                size=MAX_ANSWER_BYTES // 1024,
            )
        ]
    except Exception as error:  # an answer of a shape we did not expect: say so, never a 500
        logger.warning("sending check of %s failed", service, exc_info=True)
        findings = [
            _error(
                _("%(service)s gave an answer the check could not read (%(why)s)."),
                service=service,
                why=f"{type(error).__name__}: {error}"[:300],
            )
        ]
    check = SendingCheck(service=service, findings=tuple(findings), checked_at=time.time())
    with _recent_lock:
        _recent.clear()  # one configuration at a time
        _recent[_configuration()] = check
    return check


_recent: dict[str, SendingCheck] = {}
_recent_lock = threading.Lock()


def _configuration() -> str:
    """A fingerprint of the settings the check depends on (secrets only hashed)."""
    values = [
        settings.EMAIL_BACKEND,
        settings.DEFAULT_FROM_EMAIL,
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        settings.EMAIL_HOST_USER,
        settings.EMAIL_HOST_PASSWORD,
        settings.EMAIL_USE_TLS,
        repr(sorted((getattr(settings, "ANYMAIL", {}) or {}).items())),
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()


def sending_check_recent() -> SendingCheck:
    """The check of the last minute in this process for the same settings, or a new one."""
    with _recent_lock:
        kept = _recent.get(_configuration())
    if kept is not None and time.time() - kept.checked_at < RECENT_SECONDS:
        return kept
    return sending_check()


def sending_check_forget() -> None:
    with _recent_lock:
        _recent.clear()

"""Hand messages to the mail server over one connection per batch, and say for each what
happened: sent, a transient failure (try again later) or a permanent one (with the reason).

Five transports: SMTP (EMAIL_BACKEND=smtp) speaks smtplib directly with the lean MIME bytes;
Postmark takes up to 500 messages per call to its batch API (PostmarkBatchTransport), Mailgun
up to 1000 recipients per call through anymail's batch sending (MailgunBatchTransport), Resend
up to 100 emails per call to its batch endpoint (ResendBatchTransport); anything
else (another anymail ESP, the outbox, Django's test backend) goes through Django's backend API
with an EmailMessage per recipient, reading anymail's status where there is one. SMTP and the
ESPs without a batch API keep SEND_CONCURRENCY connections in flight (ConcurrentTransport)."""

import contextlib
import hashlib
import json
import os
import re
import smtplib
import ssl
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin

from anymail.exceptions import AnymailUnsupportedFeature
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import get_connection

from distribution.render import (
    Outgoing,
    SendRenderer,
    backend_esp_name,
    escape_html,
    message_date,
)

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class Result(StrEnum):
    SENT = "sent"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


@dataclass(frozen=True)
class Outcome:
    delivery_id: int
    result: Result
    esp_message_id: str = ""
    error: str = ""
    # The failure is the configuration's, not this recipient's (credentials refused, an option
    # the ESP refuses, a backend not installed): every message would fail the same way. The
    # transport tries no further message, and the send stops until a person fixes it.
    stops_send: bool = False


class Transport(Protocol):
    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        """An outcome per message tried, in order. A message without an outcome was not tried
        (after an outcome that stops the send, the messages left are not tried)."""
        ...

    def close(self) -> None: ...


# Backends that only write locally (Django's test and console backends, the outbox): one
# connection, in order, as before.
_LOCAL_ESPS = {None, "Test"}


def transport_for(renderer: SendRenderer) -> Transport:
    make: Callable[[], Transport]
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        make = partial(SmtpTransport, renderer)
    elif renderer.attaches_files:
        # The batch APIs below carry no attachments as we call them: one message a call.
        make = partial(BackendTransport, renderer)
    elif renderer.esp_name == "Postmark":
        return PostmarkBatchTransport(renderer)
    elif renderer.esp_name == "Mailgun":
        return MailgunBatchTransport(renderer)
    elif renderer.esp_name == "Resend":
        return ResendBatchTransport(renderer)
    elif renderer.esp_name == "Brevo":
        return BrevoBatchTransport(renderer)
    elif renderer.esp_name == "Amazon SES":
        # Several SendBulkEmail calls in flight, 50 recipients each: a worker's whole batch in
        # about one round trip.
        lanes = max(1, min(settings.SEND_CONCURRENCY, settings.SEND_BATCH_SIZE // SES_BULK_LIMIT))
        if lanes == 1:
            return SesBulkTransport(renderer)
        return ConcurrentTransport(
            partial(SesBulkTransport, renderer), lanes, per_lane=SES_BULK_LIMIT
        )
    elif renderer.esp_name in _LOCAL_ESPS:
        return BackendTransport(renderer)
    else:
        make = partial(BackendTransport, renderer)
    lanes = max(1, settings.SEND_CONCURRENCY)
    return make() if lanes == 1 else ConcurrentTransport(make, lanes)


# Amazon SES's anymail connections, one per process and configuration, kept open and shared by
# every transport and lane (boto3's clients are thread-safe): making one reads botocore's JSON
# model of the SES API, which py-spy found took as long as the API calls themselves in
# `make bench-send ESP=amazon_ses` (115 samples making clients against 107 in the calls).
_KEPT: dict[tuple[str, ...], Any] = {}
_KEPT_LOCK = threading.Lock()
_BOTO_ENVIRONMENT = ("AWS_ENDPOINT_URL_SESV2", "AWS_DEFAULT_REGION", "AWS_REGION",
                     "AWS_ACCESS_KEY_ID", "AWS_PROFILE")  # fmt: skip


def connection_open() -> Any:
    """The configured backend's connection, opened (for Amazon SES the kept one)."""
    if backend_esp_name(settings.EMAIL_BACKEND) != "Amazon SES":
        connection = get_connection(fail_silently=False)
        connection.open()
        return connection
    key = (settings.EMAIL_BACKEND, repr(sorted(settings.ANYMAIL.items())),
           *(os.environ.get(name, "") for name in _BOTO_ENVIRONMENT))  # fmt: skip
    with _KEPT_LOCK:
        if key not in _KEPT:
            connection = get_connection(fail_silently=False)
            connection.open()
            _KEPT[key] = connection
        return _KEPT[key]


def connection_close(connection: Any) -> None:
    if connection is not None and connection not in _KEPT.values():
        connection.close()


def messages_per_chunk(record_every: int, lanes: int) -> int:
    """Messages handed over (and recorded) at once by several lanes: enough for a few per lane,
    so that many lanes are not each left with one message and a wait for the slowest. Also what
    a killed worker can have sent without recording it."""
    return max(record_every, 4 * lanes)


class ConcurrentTransport:
    """Up to `lanes` transports (each its own SMTP connection or HTTP session) sending at once,
    so a mail server's round trips overlap instead of adding up. The first message a batch
    sends goes alone (the first call of `per_lane` messages, for a batch API): a refusal that
    would fail every message (credentials, configuration) then stops the send after one
    message or call, as with one connection. With `per_lane`, each lane takes that many
    messages (one batch call) and no more lanes are used than that needs."""

    def __init__(self, make: Callable[[], Transport], lanes: int, *, per_lane: int = 0) -> None:
        self.make = make
        self.lanes: list[Transport] = []
        self.size = lanes
        self.per_lane = per_lane
        self.pool = ThreadPoolExecutor(max_workers=lanes, thread_name_prefix="send")
        self.proven = False
        self.chunk = lanes * per_lane or messages_per_chunk(settings.SEND_RECORD_EVERY, lanes)

    def _lane(self, index: int) -> Transport:
        while len(self.lanes) <= index:
            self.lanes.append(self.make())
        return self.lanes[index]

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        if not self.proven and messages:
            first = max(1, self.per_lane)
            outcomes = self._lane(0).send(messages[:first])
            if not outcomes or any(outcome.stops_send for outcome in outcomes):
                return outcomes
            self.proven = True
            messages = messages[first:]
        if not messages:
            return outcomes
        # Contiguous slices, one per lane, so outcomes come back in the order of the messages.
        if self.per_lane:
            step = self.per_lane
            slices = [messages[i : i + step] for i in range(0, len(messages), step)]
        else:
            count = min(self.size, len(messages))
            step, extra = divmod(len(messages), count)
            slices, start = [], 0
            for index in range(count):
                end = start + step + (1 if index < extra else 0)
                slices.append(messages[start:end])
                start = end
        futures = [
            self.pool.submit(self._lane(index % self.size).send, part)
            for index, part in enumerate(slices)
        ]
        wait(futures)  # every lane done before anything is recorded or raised
        for future in futures:
            outcomes.extend(future.result())
        return outcomes

    def close(self) -> None:
        # Together: each SMTP lane waits a round trip for its QUIT's reply, which one after
        # another was 32 × 80 ms = 2.6 s a batch over a relay 80 ms away.
        try:
            closing = [self.pool.submit(lane.close) for lane in self.lanes]
            wait(closing)
            for done in closing:
                done.result()
        finally:
            self.lanes = []
            self.pool.shutdown(wait=True)


def _smtp_result(code: int) -> Result:
    return Result.TRANSIENT if 400 <= code < 500 else Result.PERMANENT


# A bare address of the kind we store (a dot-atom, "@", a dot-atom; ASCII) reads back from
# email.utils.parseaddr unchanged, so it can be put in angle brackets without parsing it.
_BARE_ADDRESS = re.compile(
    r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*",
    re.ASCII,
)


def _angle(address: str) -> str:
    return f"<{address}>" if _BARE_ADDRESS.fullmatch(address) else smtplib.quoteaddr(address)


class _SMTP(smtplib.SMTP):
    """smtplib's client, saying the same bytes with less work per message. smtplib parses each
    envelope address with email.utils.parseaddr, and runs a regular expression over the whole
    message to double every "." that starts a line (RFC 5321 4.5.2): together about 40% of the
    worker's CPU per message here. Our addresses are bare and our MIME is headers and base64
    lines, which never start with "."; anything else takes smtplib's own path."""

    def mail(self, sender: str, options: Sequence[str] = ()) -> tuple[int, bytes]:
        if options and self.does_esmtp and any(o.lower() == "smtputf8" for o in options):
            return super().mail(sender, options)
        extra = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("mail", f"FROM:{_angle(sender)}{extra}")
        return self.getreply()

    def rcpt(self, recip: str, options: Sequence[str] = ()) -> tuple[int, bytes]:
        extra = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{_angle(recip)}{extra}")
        return self.getreply()

    def data(self, msg: "ReadableBuffer | str") -> tuple[int, bytes]:
        if not isinstance(msg, bytes) or msg.startswith(b".") or b"\n." in msg:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        self.send(msg + (b".\r\n" if msg.endswith(b"\r\n") else b"\r\n.\r\n"))
        return self.getreply()

    def sendmail_one(self, sender: str, recipient: str, msg: bytes) -> None:
        """smtplib's sendmail for one recipient, in two round trips where the server offers
        PIPELINING (RFC 2920): MAIL, RCPT and DATA go together and their replies are read
        together, then the message and its final dot. Over a relay 80 ms away that is 160 ms a
        message instead of smtplib's 320. Raises what sendmail raises, after a RSET, so a
        refusal leaves the connection ready for the next message."""
        self.ehlo_or_helo_if_needed()
        if not self.has_extn("pipelining") or msg.startswith(b".") or b"\n." in msg:
            self.sendmail(sender, [recipient], msg)
            return
        options = f" size={len(msg)}" if self.has_extn("size") else ""  # as smtplib says it
        self.send(f"MAIL FROM:{_angle(sender)}{options}\r\nRCPT TO:{_angle(recipient)}\r\nDATA\r\n")
        mail, rcpt, data = self.getreply(), self.getreply(), self.getreply()
        if data[0] == 354 and (mail[0] != 250 or rcpt[0] not in (250, 251)):
            self.send(b".\r\n")  # an empty message to no one, to leave the DATA state
            self.getreply()
        if mail[0] != 250:
            self._reset()
            raise smtplib.SMTPSenderRefused(mail[0], mail[1], sender)
        if rcpt[0] not in (250, 251):
            self._reset()
            raise smtplib.SMTPRecipientsRefused({recipient: rcpt})
        if data[0] != 354:
            self._reset()
            raise smtplib.SMTPDataError(*data)
        self.send(msg + (b".\r\n" if msg.endswith(b"\r\n") else b"\r\n.\r\n"))
        code, reply = self.getreply()
        if code != 250:
            self._reset()
            raise smtplib.SMTPDataError(code, reply)

    def _reset(self) -> None:
        with contextlib.suppress(smtplib.SMTPServerDisconnected):
            self.rset()


class SmtpTransport:
    def __init__(self, renderer: SendRenderer) -> None:
        self.renderer = renderer
        self.connection: _SMTP | None = None
        self.envelope_from = renderer.from_email.rsplit("<", 1)[-1].strip(" >")

    def _connect(self) -> _SMTP:
        if self.connection is None:
            connection = _SMTP(
                settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=settings.EMAIL_TIMEOUT
            )
            if settings.EMAIL_USE_TLS:
                connection.starttls(context=ssl.create_default_context())
            if settings.EMAIL_HOST_USER:
                try:
                    connection.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
                except smtplib.SMTPException:
                    connection.close()
                    raise
            self.connection = connection
        return self.connection

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        date = message_date()
        for index, message in enumerate(messages):
            delivery_id = message.recipient.delivery_id
            try:
                connection = self._connect()
                connection.sendmail_one(
                    self.envelope_from,
                    message.recipient.email,
                    message.mime(
                        from_header=self.renderer.from_header,
                        reply_to=self.renderer.reply_to,
                        date=date,
                    ),
                )
            except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as error:
                # The server refused our username and password, or offers no AUTH: every
                # message would fail the same way, so the send stops until a person fixes it.
                outcomes.append(
                    Outcome(
                        delivery_id,
                        Result.PERMANENT,
                        error=_login_refused(error),
                        stops_send=True,
                    )
                )
                break
            except smtplib.SMTPRecipientsRefused as refused:
                code, reply = next(iter(refused.recipients.values()))
                outcomes.append(Outcome(delivery_id, _smtp_result(code), error=_reply(code, reply)))
            except smtplib.SMTPResponseException as error:
                # Sender refused, data refused, or the server answered badly mid-dialogue.
                outcomes.append(
                    Outcome(
                        delivery_id,
                        _smtp_result(error.smtp_code),
                        error=_reply(error.smtp_code, error.smtp_error),
                    )
                )
                if error.smtp_code in (421,):  # the server is closing the connection
                    self._drop()
            except (smtplib.SMTPException, OSError) as error:
                # The connection is gone: this message and the rest of the chunk are retried
                # later on a new connection (whether this one was accepted is unknown; if it
                # was, its copy carries the same Message-ID).
                self._drop()
                reason = f"connection lost: {error}"
                outcomes.extend(
                    Outcome(rest.recipient.delivery_id, Result.TRANSIENT, error=reason)
                    for rest in messages[index:]
                )
                break
            else:
                outcomes.append(Outcome(delivery_id, Result.SENT))
        return outcomes

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

    def close(self) -> None:
        # QUIT, without waiting a round trip for the server's goodbye: every message's reply
        # has been read, so nothing is left to learn from it.
        if self.connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.connection.putcmd("quit")
            with contextlib.suppress(OSError):
                self.connection.close()
            self.connection = None


def _login_refused(error: smtplib.SMTPException) -> str:
    if isinstance(error, smtplib.SMTPAuthenticationError):
        reply = _reply(error.smtp_code, error.smtp_error)
        return f"The mail server refused the username and password ({reply})"
    return f"The mail server does not offer AUTH for EMAIL_HOST_USER to log in ({error})"


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else reply
    return f"{code} {text}".strip()


class BackendTransport:
    def __init__(self, renderer: SendRenderer) -> None:
        self.renderer = renderer
        # Made and opened with the first message, so a backend that cannot be loaded or opened
        # (not installed, not configured) is that message's outcome and stops the send.
        self.connection: Any = None

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        outcomes = []
        for outgoing in messages:
            outcome = self._send_one(outgoing)
            outcomes.append(outcome)
            if outcome.stops_send:
                break
        return outcomes

    def _send_one(self, outgoing: Outgoing) -> Outcome:
        delivery_id = outgoing.recipient.delivery_id
        try:
            if self.connection is None:
                self.connection = connection_open()
            email = self.renderer.email_message(outgoing)
            self.connection.send_messages([email])
        except Exception as error:
            stop = configuration_refused(error)
            if stop:
                return Outcome(delivery_id, Result.PERMANENT, error=stop, stops_send=True)
            return Outcome(delivery_id, _classify(error), error=_describe(error))
        status = getattr(email, "anymail_status", None)
        if status is None:
            return Outcome(delivery_id, Result.SENT)
        recipient_status = next(iter(status.recipients.values()), None)
        if recipient_status is not None and recipient_status.status in {"rejected", "invalid"}:
            return Outcome(
                delivery_id,
                Result.PERMANENT,
                esp_message_id=str(recipient_status.message_id or ""),
                error=f"rejected by the ESP ({recipient_status.status})",
            )
        esp_id = "" if status.message_id is None else str(status.message_id)
        return Outcome(delivery_id, Result.SENT, esp_message_id=esp_id)

    def close(self) -> None:
        connection_close(self.connection)
        self.connection = None


# Postmark's batch API takes at most 500 messages per call.
POSTMARK_BATCH_LIMIT = 500


class _OneAnswer:
    """One message's answer within a Postmark batch response, shaped as the response anymail's
    Postmark backend reads for a single message (it parses only the JSON)."""

    def __init__(self, answer: Any, response: Any) -> None:
        self.answer = answer
        self.status_code = response.status_code
        self.text = json.dumps(answer)
        self.headers = response.headers
        self.request = response.request
        self.reason = response.reason

    def json(self) -> Any:
        return self.answer


class _AnymailBatchCalls:
    """What the batch transports built on anymail's backends share: the backend, made and
    opened with the first call (as BackendTransport's), and the call as anymail builds it."""

    def __init__(self, renderer: SendRenderer) -> None:
        self.renderer = renderer
        self.backend: Any = None

    def _batch_payload(self, part: list[Outgoing]) -> tuple[Any, Any]:
        """The call as anymail's backend builds it for a batch send of these messages (the
        backend made and opened with the first call, as BackendTransport's)."""
        if self.backend is None:
            self.backend = connection_open()
        email = _batch_email(self.renderer, part, body=(part[0].text, part[0].html))
        return email, self.backend.build_message_payload(email, self.backend.send_defaults)

    def close(self) -> None:
        connection_close(self.backend)
        self.backend = None


class PostmarkBatchTransport(_AnymailBatchCalls):
    """Postmark's batch API (POST /email/batch): one call carries up to 500 messages of the same
    copy, each with its own recipient, name, links, headers and metadata. anymail's Postmark
    backend builds the call once as a batch send (merge_headers, merge_metadata: what it checks
    of our options, and each recipient's To, Message-ID, List-Unsubscribe and delivery id);
    each recipient's own text and HTML are then put in their message. Each message's answer is
    read by anymail's backend: the ESP's message id, or why that recipient was refused."""

    # Messages per chunk the worker hands over (and records) at once: a whole batch call.
    chunk = POSTMARK_BATCH_LIMIT

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        return _send_in_calls(messages, POSTMARK_BATCH_LIMIT, self._send_call)

    def _send_call(self, part: list[Outgoing]) -> list[Outcome]:
        try:
            email, payload = self._batch_payload(part)
            messages = []
            for outgoing, to in zip(part, payload.to_emails, strict=True):
                data = payload.data_for_recipient(to)
                data["TextBody"], data["HtmlBody"] = outgoing.text, outgoing.html
                messages.append(data)
            answers, response = self._post(payload, messages)
        except Exception as error:
            return _call_stopped(part, error) or _call_failed(part, error)
        calls = zip(part, payload.to_emails, answers, strict=True)
        return [
            self._outcome(outgoing, email, to, _OneAnswer(answer, response))
            for outgoing, to, answer in calls
        ]

    def _post(self, payload: Any, messages: list[dict[str, Any]]) -> tuple[list[Any], Any]:
        from anymail.exceptions import AnymailRequestsAPIError

        params = payload.get_request_params(self.backend.api_url)
        params["url"] = urljoin(self.backend.api_url, "email/batch")
        params["data"] = payload.serialize_json(messages)
        params.setdefault("timeout", self.backend.timeout)
        response = self.backend.session.request(**params)  # its errors are OSErrors: transient
        if not 200 <= response.status_code < 300:
            raise AnymailRequestsAPIError(
                email_message=None, payload=payload, response=response, backend=self.backend
            )
        answers = self.backend.deserialize_json_response(response, payload, None)
        if not isinstance(answers, list) or len(answers) != len(messages):
            raise AnymailRequestsAPIError(
                "Invalid Postmark batch response: not one answer per message",
                email_message=None, payload=payload, response=response, backend=self.backend,
            )  # fmt: skip
        return answers, response

    def _outcome(self, outgoing: Outgoing, email: Any, to: Any, answer: _OneAnswer) -> Outcome:
        delivery_id = outgoing.recipient.delivery_id
        said = str(answer.answer.get("Message", "")) if isinstance(answer.answer, dict) else ""
        # This recipient's message alone, as anymail reads a single message's answer.
        alone = SimpleNamespace(to_emails=[to], cc_and_bcc_emails=[])
        try:
            statuses = self.backend.parse_recipient_status(answer, alone, email)
        except Exception as error:  # this message refused for a reason of its own
            return Outcome(delivery_id, Result.PERMANENT, error=_describe(error))
        status = next(iter(statuses.values()), None)
        if status is None or status.status in {"rejected", "invalid", "failed", "unknown"}:
            kind = status.status if status is not None else "unknown"
            reason = f"rejected by the ESP ({kind})" + (f": {said}" if said else "")
            return Outcome(delivery_id, Result.PERMANENT, error=" ".join(reason.split())[:1000])
        return Outcome(delivery_id, Result.SENT, esp_message_id=str(status.message_id or ""))


# Resend's batch endpoint takes at most 100 emails per call.
RESEND_BATCH_LIMIT = 100


class ResendBatchTransport(_AnymailBatchCalls):
    """Resend's batch endpoint (POST /emails/batch): one call carries up to 100 emails, each a
    whole message of its own. anymail's Resend backend builds the call as a batch send (each
    recipient's To, headers and metadata); each recipient's own text and HTML are then put in
    their email, and anymail reads the answer (one id per email, in order). Resend refuses the
    whole call when one email is invalid (HTTP 422, not saying which): the call's emails then
    go one call each, so only the bad one fails."""

    chunk = RESEND_BATCH_LIMIT

    def __init__(self, renderer: SendRenderer) -> None:
        super().__init__(renderer)
        self.singles = BackendTransport(renderer)

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        return _send_in_calls(messages, RESEND_BATCH_LIMIT, self._send_call)

    def _send_call(self, part: list[Outgoing]) -> list[Outcome]:
        from anymail.exceptions import AnymailRequestsAPIError

        try:
            email, payload = self._batch_payload(part)
            emails = json.loads(payload.serialize_data())
            for outgoing, one in zip(part, emails, strict=True):
                one["text"], one["html"] = outgoing.text, outgoing.html
            params = payload.get_request_params(self.backend.api_url)
            params["data"] = payload.serialize_json(emails)
            params.setdefault("timeout", self.backend.timeout)
            response = self.backend.session.request(**params)  # OSErrors: transient
            if not 200 <= response.status_code < 300:
                raise AnymailRequestsAPIError(
                    email_message=email, payload=payload, response=response, backend=self.backend
                )
            statuses = self.backend.parse_recipient_status(response, payload, email)
        except Exception as error:
            stopped = _call_stopped(part, error)
            if not stopped and _http_status(error) in (400, 422) and len(part) > 1:
                return self.singles.send(part)  # find the one email Resend refused
            return stopped or _call_failed(part, error)
        outcomes = []
        for outgoing in part:
            status = statuses.get(outgoing.recipient.email)
            esp_id = "" if status is None or status.message_id is None else str(status.message_id)
            outcomes.append(
                Outcome(outgoing.recipient.delivery_id, Result.SENT, esp_message_id=esp_id)
            )
        return outcomes

    def close(self) -> None:
        try:
            self.singles.close()
        finally:
            super().close()


# Brevo takes up to 1000 message versions per call; each of ours carries its own text and
# HTML (a release is about 20 kB of both), so a call of 100 stays near 2 MB.
BREVO_BATCH_LIMIT = 100


class BrevoBatchTransport(_AnymailBatchCalls):
    """Brevo's batch sending (POST /v3/smtp/email with messageVersions): one call carries up to
    100 versions of the same copy, each to one recipient with their own text, HTML, headers
    (Message-ID, List-Unsubscribe) and metadata (X-Mailin-custom). anymail's Brevo backend
    builds the call as a batch send; each version's own text and HTML are then put in it (no
    Brevo template language: release text is never read as a template), and anymail reads
    the answer (one message id per version, in order). Brevo refuses the whole call for one
    invalid address (HTTP 400): the call's messages then go one call each, so only the bad one
    fails."""

    chunk = BREVO_BATCH_LIMIT

    def __init__(self, renderer: SendRenderer) -> None:
        super().__init__(renderer)
        self.singles = BackendTransport(renderer)

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        return _send_in_calls(messages, BREVO_BATCH_LIMIT, self._send_call)

    def _send_call(self, part: list[Outgoing]) -> list[Outcome]:
        from anymail.exceptions import AnymailRequestsAPIError

        try:
            email, payload = self._batch_payload(part)
            data = json.loads(payload.serialize_data())
            for outgoing, version in zip(part, data["messageVersions"], strict=True):
                version["textContent"], version["htmlContent"] = outgoing.text, outgoing.html
            # The call's own content is each version's fallback, which no recipient receives:
            # the copy without anyone's name or links, never the first recipient's.
            data["textContent"], data["htmlContent"] = _blank_copy(part[0])
            params = payload.get_request_params(self.backend.api_url)
            params["data"] = payload.serialize_json(data)
            params.setdefault("timeout", self.backend.timeout)
            response = self.backend.session.request(**params)  # OSErrors: transient
            if not 200 <= response.status_code < 300:
                raise AnymailRequestsAPIError(
                    email_message=email, payload=payload, response=response, backend=self.backend
                )
            statuses = self.backend.parse_recipient_status(response, payload, email)
        except Exception as error:
            stopped = _call_stopped(part, error)
            if not stopped and _http_status(error) == 400 and len(part) > 1:
                return self.singles.send(part)  # find the one address Brevo refused
            return stopped or _call_failed(part, error)
        return [_recipient_outcome(o, statuses.get(o.recipient.email)) for o in part]

    def close(self) -> None:
        try:
            self.singles.close()
        finally:
            super().close()


def _blank_copy(outgoing: Outgoing) -> tuple[str, str]:
    """The message's copy with every per-recipient slot empty."""
    if outgoing.templates is None:
        return "", ""
    text, html = outgoing.templates
    return text.fill(dict.fromkeys(text.slots, "")), html.fill(dict.fromkeys(html.slots, ""))


# Mailgun's batch sending takes at most 1000 recipients per call.
MAILGUN_BATCH_LIMIT = 1000


def _merge_data(renderer: SendRenderer, part: list[Outgoing]) -> dict[str, dict[str, str]]:
    """Each recipient's name (as is, and escaped for the HTML) and links, by address."""
    merge_data = {}
    for outgoing in part:
        values = renderer.slot_values(outgoing.recipient)
        mine = {_merge_key(slot): value for slot, value in values.items()}
        mine["name_html"] = escape_html(values["NAME"])
        merge_data[outgoing.recipient.email] = mine
    return merge_data


def _merge_key(slot: str) -> str:
    """A template slot's name in Mailgun's recipient variables: NAME -> name, ASSET:7 -> asset_7."""
    return {"NAME": "name", "UNSUB": "unsubscribe"}.get(slot, slot.lower().replace(":", "_"))


class MailgunBatchTransport:
    """Mailgun's batch sending, through anymail's (merge_data, merge_metadata, merge_headers):
    one call carries up to 1000 recipients of the same copy (language variant), the text and
    HTML holding %recipient.…% where each recipient's name and links go, and each recipient
    gets their own Message-ID, List-Unsubscribe header and delivery id. Mailgun refuses the
    whole call for one bad address (HTTP 400 naming it): that recipient fails, and the call
    goes again without them."""

    chunk = MAILGUN_BATCH_LIMIT

    def __init__(self, renderer: SendRenderer) -> None:
        self.renderer = renderer
        self.connection: Any = None

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        return _send_in_calls(messages, MAILGUN_BATCH_LIMIT, self._send_call)

    def _send_call(self, part: list[Outgoing]) -> list[Outcome]:
        refused: list[Outcome] = []
        while part:
            try:
                if self.connection is None:
                    self.connection = connection_open()
                text, html = part[0].templates or (None, None)
                assert text is not None
                assert html is not None
                keys = {
                    slot: f"%recipient.{_merge_key(slot)}%" for slot in {*text.slots, *html.slots}
                }
                body = (text.fill(keys), html.fill({**keys, "NAME": "%recipient.name_html%"}))
                email = _batch_email(
                    self.renderer, part, body=body, merge_data=_merge_data(self.renderer, part)
                )
                self.connection.send_messages([email])
            except Exception as error:
                stopped = _call_stopped(part, error)
                if stopped:
                    return refused + stopped
                said = _esp_message(error).lower()
                named = [o for o in part if said and o.recipient.email.lower() in said]
                if _http_status(error) == 400 and named:
                    reason = _describe(error)
                    refused += [Outcome(o.recipient.delivery_id, Result.PERMANENT, error=reason)
                                for o in named]  # fmt: skip
                    part = [o for o in part if o not in named]
                    continue
                return refused + _call_failed(part, error)
            statuses = {
                address.lower(): status
                for address, status in email.anymail_status.recipients.items()
            }
            return refused + [
                _recipient_outcome(o, statuses.get(o.recipient.email.lower())) for o in part
            ]
        return refused

    def close(self) -> None:
        connection_close(self.connection)
        self.connection = None


# Amazon SES's SendBulkEmail takes at most 50 destinations per call.
SES_BULK_LIMIT = 50
# The stored templates this process made or found, by (kept connection, name): every lane and
# task of a send uses its copy's template without asking SES again.
_SES_TEMPLATES: set[tuple[int, str]] = set()


class SesBulkTransport:
    """Amazon SES v2 SendBulkEmail, through anymail's (template_id, merge_data, merge_headers,
    merge_metadata): one call carries up to 50 recipients of one copy, each with their own
    name, links, Message-ID, List-Unsubscribe header and delivery id. SES sends only from a
    stored template, so each copy (language variant, with or without In-Reply-To) becomes one
    on its first call (CreateEmailTemplate; named for the send and a digest of its text, so
    another worker making the same one finds it made), holding {{{key}}} (Handlebars, not
    escaped) where each recipient's values go; the name goes into the HTML escaped by us.
    A copy whose own text holds "{{" or "}}" (which SES would read as the template's) goes
    one message a call, as raw MIME, as do messages with attachments (transport_for) and every
    message when the keys may send but not store templates (AccessDeniedException)."""

    chunk = SES_BULK_LIMIT

    def __init__(self, renderer: SendRenderer) -> None:
        self.renderer = renderer
        self.connection: Any = None
        self.templates_forbidden = False
        self.one_by_one = BackendTransport(renderer)

    def send(self, messages: list[Outgoing]) -> list[Outcome]:
        return _send_in_calls(messages, SES_BULK_LIMIT, self._send_call)

    def _send_call(self, part: list[Outgoing]) -> list[Outcome]:
        try:
            if self.connection is None:
                self.connection = connection_open()
            template = self._template(part[0])
            if template is None:
                return self.one_by_one.send(part)
            email = self._bulk(part, template)
        except Exception as error:
            return _call_stopped(part, error) or _call_failed(part, error)
        # One result per entry, in the order of the recipients (anymail's order, and ours).
        results = (email.anymail_status.esp_response or {}).get("BulkEmailEntryResults", [])
        return [_ses_entry_outcome(o, result) for o, result in zip(part, results, strict=True)]

    def _bulk(self, part: list[Outgoing], template: str) -> Any:
        """The SendBulkEmail call, sent; made again once if SES no longer has the template
        (deleted in the console, or another account behind the same settings)."""
        for attempt in (1, 2):
            email = _batch_email(
                self.renderer, part, body=("", ""), merge_data=_merge_data(self.renderer, part)
            )
            email.subject = ""  # the template's
            email.template_id = template
            try:
                self.connection.send_messages([email])
            except Exception as error:
                if attempt == 2 or _ses_error_code(error) != "NotFoundException":
                    raise
                _SES_TEMPLATES.discard((id(self.connection), template))
                self._template(part[0])
                continue
            break
        return email

    def _template(self, first: Outgoing) -> str | None:
        """The stored template of this message's copy, made now unless made before; None when
        the copy's text cannot be a template."""
        text, html = first.templates or (None, None)
        assert text is not None
        assert html is not None
        bare = {slot: "" for slot in {*text.slots, *html.slots}}
        if any(mark in part for part in (first.subject, text.fill(bare), html.fill(bare))
               for mark in ("{{", "}}")):  # fmt: skip
            return None
        keys = {slot: "{{{%s}}}" % _merge_key(slot) for slot in bare}  # noqa: UP031
        content = {
            "Subject": first.subject,
            "Text": text.fill(keys),
            "Html": html.fill({**keys, "NAME": "{{{name_html}}}"}),
        }
        digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]
        name = f"pressroom-{self.renderer.send.pk}-{digest}"
        if self.templates_forbidden:
            return None
        made = (id(self.connection), name)
        if made not in _SES_TEMPLATES:
            client = self.connection.client
            try:
                client.create_email_template(TemplateName=name, TemplateContent=content)
            except client.exceptions.AlreadyExistsException:
                pass  # made by another worker sending the same copy: that one serves
            except client.exceptions.ClientError as error:
                if _ses_error_code(error) != "AccessDeniedException":
                    raise
                # Keys allowed to send but not to store templates: send one message a call.
                self.templates_forbidden = True
                return None
            _SES_TEMPLATES.add(made)
        return name

    def close(self) -> None:
        self.one_by_one.close()
        connection_close(self.connection)
        self.connection = None


# SendBulkEmail entry statuses that may pass (throttling, quotas, a pause): tried again later.
_SES_TRANSIENT = {"TRANSIENT_FAILURE", "ACCOUNT_THROTTLED", "ACCOUNT_DAILY_QUOTA_EXCEEDED",
                  "ACCOUNT_SENDING_PAUSED", "CONFIGURATION_SET_SENDING_PAUSED"}  # fmt: skip


def _ses_entry_outcome(outgoing: Outgoing, result: dict[str, str]) -> Outcome:
    delivery_id = outgoing.recipient.delivery_id
    status = result.get("Status", "")
    if status == "SUCCESS":
        return Outcome(delivery_id, Result.SENT, esp_message_id=result.get("MessageId", ""))
    kind = Result.TRANSIENT if status in _SES_TRANSIENT else Result.PERMANENT
    error = f"Amazon SES: {status}" + (f": {result['Error']}" if result.get("Error") else "")
    return Outcome(delivery_id, kind, error=error)


def _batch_email(
    renderer: SendRenderer,
    part: list[Outgoing],
    *,
    body: tuple[str, str],
    merge_data: dict[str, dict[str, str]] | None = None,
) -> Any:
    """One EmailMessage for an anymail batch send of these messages (one copy): every
    recipient in To, and each one's own headers (Message-ID, List-Unsubscribe, delivery id,
    In-Reply-To) and delivery id in merge_headers and merge_metadata."""
    from django.core.mail import EmailMultiAlternatives

    from distribution.render import ESPS_TAKING_METADATA, ESPS_TAKING_TRACK_CLICKS, _display_address

    first = part[0]
    email = EmailMultiAlternatives(
        subject=first.subject,
        body=body[0],
        from_email=renderer.from_email,
        to=[_display_address(o.recipient.name, o.recipient.email) for o in part],
        reply_to=[renderer.reply_to] if renderer.reply_to else None,
        headers={"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    email.attach_alternative(body[1], "text/html")
    email.merge_headers = {  # type: ignore[attr-defined]
        o.recipient.email: {
            name: value for name, value in o.headers.items() if name != "List-Unsubscribe-Post"
        }
        for o in part
    }
    if renderer.esp_name in ESPS_TAKING_METADATA:
        email.metadata = {"send_id": str(renderer.send.pk)}  # type: ignore[attr-defined]
        email.merge_metadata = {  # type: ignore[attr-defined]
            o.recipient.email: {"delivery_id": str(o.recipient.delivery_id)} for o in part
        }
    if renderer.esp_name in ESPS_TAKING_TRACK_CLICKS:
        email.track_clicks = False  # type: ignore[attr-defined]
    if merge_data is not None:
        email.merge_data = merge_data  # type: ignore[attr-defined]
    return email


def _send_in_calls(
    messages: list[Outgoing], limit: int, send_call: Callable[[list[Outgoing]], list[Outcome]]
) -> list[Outcome]:
    """Each batch call's outcomes, in order; no call after one whose failure stops the send."""
    outcomes: list[Outcome] = []
    for part in _calls(messages, limit):
        answered = send_call(part)
        outcomes.extend(answered)
        if any(outcome.stops_send for outcome in answered):
            break
    return outcomes


def _calls(messages: list[Outgoing], limit: int) -> list[list[Outgoing]]:
    """The messages in calls of one copy each (same language variant, same headers: with or
    without In-Reply-To), at most `limit` per call and each address once per call (a batch's
    recipient variables are keyed by address)."""
    calls: list[list[Outgoing]] = []
    open_calls: dict[tuple[str, bool], tuple[list[Outgoing], set[str]]] = {}
    for outgoing in messages:
        key = (outgoing.recipient.variant, bool(outgoing.recipient.in_reply_to))
        address = outgoing.recipient.email.lower()
        current = open_calls.get(key)
        if current is None or len(current[0]) >= limit or address in current[1]:
            current = ([], set())
            open_calls[key] = current
            calls.append(current[0])
        current[0].append(outgoing)
        current[1].add(address)
    return calls


def _call_stopped(part: list[Outgoing], error: Exception) -> list[Outcome]:
    """A batch call's failure that every message would meet (configuration_refused): the first
    message's outcome, which stops the send; [] for a failure of this call alone."""
    stop = configuration_refused(error)
    if not stop:
        return []
    return [Outcome(part[0].recipient.delivery_id, Result.PERMANENT, error=stop, stops_send=True)]


def _call_failed(part: list[Outgoing], error: Exception) -> list[Outcome]:
    """Every message of a batch call that failed as a whole, with the error's kind and words."""
    result, reason = _classify(error), _describe(error)
    return [Outcome(o.recipient.delivery_id, result, error=reason) for o in part]


def _recipient_outcome(outgoing: Outgoing, status: Any) -> Outcome:
    """A recipient's outcome from anymail's status for them in a batch call's answer."""
    delivery_id = outgoing.recipient.delivery_id
    if status is None or status.status in {"rejected", "invalid", "failed", "unknown"}:
        kind = status.status if status is not None else "unknown"
        return Outcome(delivery_id, Result.PERMANENT, error=f"rejected by the ESP ({kind})")
    return Outcome(delivery_id, Result.SENT, esp_message_id=str(status.message_id or ""))


def _describe(error: Exception) -> str:
    """The error in words, even when the exception cannot describe itself, with what the ESP
    said where anymail's words leave it out ("All message recipients were rejected": why)."""
    try:
        text = str(error)
    except Exception:  # an error's own __str__ failing must not lose the batch
        text = " ".join(str(arg) for arg in error.args)
    said = " ".join(_esp_message(error).split())
    if said and said not in " ".join(text.split()):
        text = f"{text}: {said}"
    return f"{type(error).__name__}: {text}"[:1000]


def _http_status(error: Exception) -> int | None:
    """The HTTP status the ESP answered with: anymail's requests-based backends say it; Amazon
    SES's (boto3) keeps it in the parsed error response."""
    status_code = getattr(error, "status_code", None)
    if isinstance(status_code, int):
        return status_code
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return status if isinstance(status, int) else None
    return None


def _esp_message(error: Exception) -> str:
    """What the ESP said about the error, where its answer says it."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):  # boto3: {"Error": {"Code": ..., "Message": ...}, ...}
        results = response.get("BulkEmailEntryResults")
        if results:  # SendBulkEmail: the first entry's words
            return str(results[0].get("Error") or results[0].get("Status") or "")
        return str(response.get("Error", {}).get("Message", ""))
    try:
        body = response.json() if response is not None else None
    except Exception:  # not JSON, or not a response: nothing more to say
        return ""
    if isinstance(body, dict):
        data = body.get("data")
        if body.get("status") == "error" and isinstance(data, dict):  # Postal, on HTTP 200
            return str(data.get("message") or data.get("code") or "")
        return str(body.get("Message") or body.get("message") or "")
    return ""


# Postal answers HTTP 200 with these codes for credentials it refuses and a From address its
# server may not send as: every message of the send would fail the same way.
_POSTAL_CONFIGURATION_CODES = {"InvalidServerAPIKey", "AccessDenied", "UnauthenticatedFromAddress"}


def _postal_code(error: Exception) -> str:
    try:
        body = getattr(error, "response", None).json()  # type: ignore[union-attr]
    except Exception:  # not JSON, or not a response
        return ""
    data = body.get("data") if isinstance(body, dict) else None
    return str(data.get("code", "")) if isinstance(data, dict) else ""


# boto3's (Amazon SES) words for credentials or a region it could not find, which anymail
# passes on as an API error: named, as botocore is installed only with Amazon SES.
_BOTO_CONFIGURATION_ERRORS = {"NoCredentialsError", "PartialCredentialsError", "NoRegionError"}
_CREDENTIALS_REFUSED = {401, 403}


def configuration_refused(error: Exception) -> str:
    """Why every message would fail as this one did (credentials refused or missing, an option
    the ESP refuses, a backend not installed or not configured), in words; "" for a failure of
    this message alone (a recipient refused, throttling, a timeout, a lost connection)."""
    cause = error.__cause__
    if (
        isinstance(error, AnymailUnsupportedFeature | ImproperlyConfigured)
        or type(error).__name__ in _BOTO_CONFIGURATION_ERRORS
        or (cause is not None and type(cause).__name__ in _BOTO_CONFIGURATION_ERRORS)
    ):
        return _describe(error).split("\n", 1)[0]
    status = _http_status(error)
    said = _esp_message(error)
    if status == 400 and _ses_error_code(error) == "MessageRejected" and "not verified" in said:
        # Amazon SES refuses a From address (or, while the account is in the sandbox, a
        # recipient) it has not verified: the same for every message of the send.
        return f"Amazon SES refused the message as not verified (HTTP 400): {said}"
    if "not verified" in said.lower() and _ses_bulk_all_rejected(error):
        # The same refusal for every entry of a SendBulkEmail call (anymail raises it as one).
        return f"Amazon SES refused the messages as not verified: {said}"
    if _postal_code(error) in _POSTAL_CONFIGURATION_CODES:
        return f"Postal refused the credentials or the From address: {said}"
    if status in _CREDENTIALS_REFUSED:
        esp = getattr(error, "esp_name", None) or "The ESP"
        return f"{esp} refused the credentials (HTTP {status})" + (f": {said}" if said else "")
    return ""


def _ses_bulk_all_rejected(error: Exception) -> bool:
    response = getattr(error, "response", None)
    results = response.get("BulkEmailEntryResults") if isinstance(response, dict) else None
    return (
        isinstance(results, list)
        and bool(results)
        and all(r.get("Status") == "MESSAGE_REJECTED" for r in results)
    )


def _ses_error_code(error: Exception) -> str:
    response = getattr(error, "response", None)
    return str(response.get("Error", {}).get("Code", "")) if isinstance(response, dict) else ""


def _classify(error: Exception) -> Result:
    """Transient: throttling, server errors, timeouts, lost connections. Permanent: the rest
    (a bad request, a refused recipient, an invalid address)."""
    status_code = _http_status(error)
    if status_code is not None:
        return Result.TRANSIENT if status_code == 429 or status_code >= 500 else Result.PERMANENT
    code = getattr(error, "smtp_code", None)
    if isinstance(code, int):
        return _smtp_result(code)
    if isinstance(error, OSError | TimeoutError):
        return Result.TRANSIENT
    name = type(error).__name__
    if name in {"AnymailRecipientsRefused", "AnymailInvalidAddress"}:
        return Result.PERMANENT
    if name in {"AnymailRequestsAPIError", "AnymailAPIError"}:
        return Result.TRANSIENT
    return Result.PERMANENT

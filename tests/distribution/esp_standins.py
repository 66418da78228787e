"""Loopback stand-ins for the ESPs' send APIs, so a send goes through the real anymail backend
(its payload, its HTTP or boto3 client, its parsing of the answer) and the test reads what the
ESP was asked to send. Each answers with the response shapes anymail's own backend tests use
(tests/test_<esp>_backend.py in django-anymail), and can refuse the credentials as the ESP does
(HTTP 401, or 403 for Amazon SES) or refuse chosen recipients.

`ESP.asked()` puts every call in one shape (`Asked`): recipients, subject (and the Subject header
as sent, for the raw MIME of Amazon SES), text, HTML, headers and metadata."""

from __future__ import annotations

import base64
import email
import email.header
import email.policy
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from html import escape as html_escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode


@dataclass(frozen=True)
class Call:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Asked:
    """One message as the ESP was asked to send it."""

    to: list[str]
    subject: str
    text: str
    html: str
    headers: dict[str, str]  # names in lower case
    metadata: dict[str, str]
    subject_header: str = ""  # the Subject as on the wire, where the ESP gets raw MIME
    click_tracking: str | None = None  # the per-message click tracking option, if asked


@dataclass
class ESP:
    """How one ESP's API is called and answers. Subclasses say which path takes a message,
    how to read the call, and what the ESP answers."""

    name: str = ""  # Pressroom's EMAIL_BACKEND short name (pressroom/settings.py)
    url: str = ""
    calls: list[Call] = field(default_factory=list)  # the messages accepted
    answered_ids: list[str] = field(default_factory=list)  # the message ids given for them
    requests: int = 0  # every call, accepted or not
    refuse_credentials: bool = False
    refused_recipients: set[str] = field(default_factory=set)
    delay: float = 0.0  # seconds added to every answer: the network's round trip (bench-send)
    batch_calls: int = 0  # calls to the batch API, for the ESPs that have one
    lock: threading.Lock = field(default_factory=threading.Lock)

    def batch_call_begins(self) -> int:
        """Count a batch call (and the request) and wait the round trip; the call's number."""
        with self.lock:
            self.requests += 1
            self.batch_calls += 1
            number = self.batch_calls
        if self.delay:
            time.sleep(self.delay)
        return number

    def anymail_settings(self) -> dict[str, object]:
        raise NotImplementedError

    def sends_at(self, path: str) -> bool:
        """Whether `path` is the API's endpoint for sending one message."""
        raise NotImplementedError

    def read(self, call: Call) -> Asked:
        raise NotImplementedError

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def message_id(self, answer: dict[str, Any]) -> str:
        raise NotImplementedError

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        if not self.sends_at(call.path):
            status, body = 404, {"message": f"no such endpoint: {call.path}"}
        elif self.refuse_credentials:
            status, body = self.credentials_refused()
        else:
            asked = self.read(call)
            refused = [address for address in asked.to if address in self.refused_recipients]
            if refused:
                status, body = self.recipient_refused(refused[0])
            else:
                status, body = self.accepted(call, asked)
                with self.lock:
                    self.calls.append(call)
                    self.answered_ids.append(self.message_id(body))
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def asked(self) -> list[Asked]:
        with self.lock:
            return [self.read(call) for call in self.calls]


def _json_headers(headers: dict[str, str] | list[dict[str, str]]) -> dict[str, str]:
    if isinstance(headers, list):  # Postmark: [{"Name": ..., "Value": ...}]
        return {item["Name"].lower(): item["Value"] for item in headers}
    return {name.lower(): value for name, value in headers.items()}


def _form_fields(call: Call) -> dict[str, list[str]]:
    """A form post's fields (urlencoded: a message without attachments, as ours are)."""
    assert call.headers["content-type"].startswith("application/x-www-form-urlencoded")
    return parse_qs(call.body.decode(), keep_blank_values=True, strict_parsing=True)


@dataclass
class Postmark(ESP):
    """POST /email takes one message; POST /email/batch a list of up to 500, answered with a
    list of per-message answers (HTTP 200 even when some were refused), in order."""

    # Batch calls (counted from 1) answered "503 Service Unavailable", sending nothing.
    unavailable_batch_calls: set[int] = field(default_factory=set)
    # Recipients refused because the account is pending approval (ErrorCode 412: until Postmark
    # approves it, an account sends only to its From domain): the account's fault, not theirs.
    pending_approval_recipients: set[str] = field(default_factory=set)

    def anymail_settings(self) -> dict[str, object]:
        return {"POSTMARK_SERVER_TOKEN": "test-server-token", "POSTMARK_API_URL": self.url}

    def sends_at(self, path: str) -> bool:
        return path == "/email"

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if call.path != "/email/batch":
            return super().answer(call)
        unavailable = self.batch_call_begins() in self.unavailable_batch_calls
        messages = call.json()
        body: Any
        if unavailable:
            status, body = 503, {"ErrorCode": 0, "Message": "Service Unavailable"}
        elif self.refuse_credentials:
            status, body = self.credentials_refused()
        elif not isinstance(messages, list) or not 0 < len(messages) <= 500:
            status, body = 422, {"ErrorCode": 300, "Message": "Invalid batch: 1 to 500 messages"}
        else:
            status, body = 200, [self._one(message) for message in messages]
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _one(self, message: dict[str, Any]) -> dict[str, Any]:
        single = Call(path="/email", headers={}, body=json.dumps(message).encode())
        asked = self.read(single)
        refused = [address for address in asked.to if address in self.refused_recipients]
        if refused:
            return self.recipient_refused(refused[0])[1]
        if set(asked.to) & self.pending_approval_recipients:
            return {
                "ErrorCode": 412,
                "Message": "While your account is pending approval, all recipients must share "
                "the same domain as the 'From' address.",
            }
        answer = self.accepted(single, asked)[1]
        with self.lock:
            self.calls.append(single)
            self.answered_ids.append(self.message_id(answer))
        return answer

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["MessageID"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        return Asked(
            to=[address for _name, address in getaddresses([data["To"]])],
            subject=data["Subject"],
            text=data["TextBody"],
            html=data.get("HtmlBody", ""),  # an alert to an officer is text only
            headers=_json_headers(data.get("Headers", [])),
            metadata=data.get("Metadata", {}),
            click_tracking=data.get("TrackLinks"),
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 200, {
            "To": ", ".join(asked.to),
            "SubmittedAt": "2025-09-01T10:00:00.4468803+08:00",
            "MessageID": str(uuid.uuid4()),
            "ErrorCode": 0,
            "Message": "OK",
        }

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 401, {
            "ErrorCode": 10,
            "Message": "The Server Token you provided in the X-Postmark-Server-Token request "
            "header was invalid. Please verify that you are using a valid token.",
        }

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 422, {
            "ErrorCode": 406,
            "Message": "You tried to send to a recipient that has been marked as inactive.\n"
            f"Found inactive addresses: {address}.\n"
            "Inactive recipients are ones that have generated a hard bounce or a spam complaint.",
        }


@dataclass
class Mailgun(ESP):
    """A batch call (several `to`, with `recipient-variables`) is read as one message per
    recipient, %recipient.KEY% filled in from their variables as Mailgun does. Any refused
    address refuses the whole call (HTTP 400 naming it), as Mailgun does."""

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if not self.sends_at(call.path) or self.refuse_credentials:
            return super().answer(call)
        fields = _form_fields(call)
        if "recipient-variables" not in fields:
            return super().answer(call)
        self.batch_call_begins()
        singles = _mailgun_per_recipient(fields)
        refused = [
            address
            for single in singles
            for address in self.read(single).to
            if address in self.refused_recipients
        ]
        if refused:
            status, body = self.recipient_refused(refused[0])
        else:
            status, body = (
                200,
                {
                    "id": f"<20250901020000.{uuid.uuid4().hex[:12]}@pressroom.example.com>",
                    "message": "Queued. Thank you.",
                },
            )
            with self.lock:
                self.calls.extend(singles)
                self.answered_ids.extend(self.message_id(body) for _ in singles)
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def anymail_settings(self) -> dict[str, object]:
        return {"MAILGUN_API_KEY": "test-api-key", "MAILGUN_API_URL": f"{self.url}/v3"}

    def sends_at(self, path: str) -> bool:
        return path == "/v3/pressroom.example.com/messages"  # the From address's domain

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["id"])

    def read(self, call: Call) -> Asked:
        fields = _form_fields(call)
        return Asked(
            to=[address for _name, address in getaddresses(fields["to"])],
            subject=fields["subject"][0],
            text=fields["text"][0],
            html=fields["html"][0],
            headers={k[2:].lower(): v[0] for k, v in fields.items() if k.startswith("h:")},
            metadata={k[2:]: v[0] for k, v in fields.items() if k.startswith("v:")},
            click_tracking=fields.get("o:tracking-clicks", [None])[0],
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 200, {
            "id": f"<20250901020000.{uuid.uuid4().hex[:12]}@pressroom.example.com>",
            "message": "Queued. Thank you.",
        }

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 401, {"message": "Invalid private key"}

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 400, {"message": f"'to' parameter is not a valid address: {address}"}


def _mailgun_per_recipient(fields: dict[str, list[str]]) -> list[Call]:
    """A Mailgun batch call as the single-recipient calls it stands for."""
    variables = json.loads(fields["recipient-variables"][0])
    singles = []
    for to in fields["to"]:
        address = getaddresses([to])[0][1]
        mine = variables.get(address, {})

        def fill(value: str, mine: dict[str, str] = mine) -> str:
            for key, replacement in mine.items():
                value = value.replace(f"%recipient.{key}%", str(replacement))
            return value

        single = {
            name: [fill(value) for value in values]
            for name, values in fields.items()
            if name not in {"to", "recipient-variables"}
        }
        single["to"] = [to]
        singles.append(
            Call(
                path="/v3/pressroom.example.com/messages",
                headers={"content-type": "application/x-www-form-urlencoded"},
                body=urlencode(single, doseq=True).encode(),
            )
        )
    return singles


@dataclass
class Brevo(ESP):
    """POST /v3/smtp/email takes one message, or with messageVersions up to 1000 versions, each
    read as a message of its own (its to, headers over the call's, and its own content where it
    has some), answered {"messageIds": […]} in order; one invalid address refuses the call."""

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if not self.sends_at(call.path) or "messageVersions" not in call.json():
            return super().answer(call)
        self.batch_call_begins()
        data = call.json()
        versions = data.pop("messageVersions")
        singles = []
        for version in versions:
            single = {**data, **{k: v for k, v in version.items() if k != "headers"}}
            single["headers"] = {**data.get("headers", {}), **version.get("headers", {})}
            singles.append(Call(call.path, {}, json.dumps(single).encode()))
        body: Any
        if self.refuse_credentials:
            status, body = self.credentials_refused()
        elif not 0 < len(versions) <= 1000:
            status, body = 400, {"code": "invalid_parameter", "message": "1 to 1000 versions"}
        elif refused := [a for one in singles for a in self.read(one).to
                         if a in self.refused_recipients]:  # fmt: skip
            status, body = self.recipient_refused(refused[0])
        else:
            ids = [self.accepted(one, self.read(one))[1]["messageId"] for one in singles]
            with self.lock:
                self.calls.extend(singles)
                self.answered_ids.extend(ids)
            status, body = 201, {"messageIds": ids}
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def anymail_settings(self) -> dict[str, object]:
        return {"BREVO_API_KEY": "test-api-key", "BREVO_API_URL": f"{self.url}/v3/"}

    def sends_at(self, path: str) -> bool:
        return path == "/v3/smtp/email"

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["messageId"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        headers = _json_headers(data.get("headers", {}))
        return Asked(
            to=[item["email"] for item in data["to"]],
            subject=data["subject"],
            text=data["textContent"],
            html=data["htmlContent"],
            headers=headers,
            metadata=json.loads(headers.get("x-mailin-custom", "{}")),
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 201, {"messageId": f"<202509010200.{uuid.uuid4().hex[:10]}@smtp-relay.mailin.fr>"}

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 401, {"code": "unauthorized", "message": "Key not found"}

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 400, {"code": "invalid_parameter", "message": f"email is not valid in to: {address}"}


@dataclass
class Resend(ESP):
    """POST /emails takes one email; POST /emails/batch a list of up to 100, answered
    {"data": [{"id": …}, …]} in order, or refused whole (HTTP 422) when one email is invalid."""

    def anymail_settings(self) -> dict[str, object]:
        return {"RESEND_API_KEY": "test-api-key", "RESEND_API_URL": f"{self.url}/"}

    def sends_at(self, path: str) -> bool:
        return path == "/emails"

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if call.path != "/emails/batch":
            return super().answer(call)
        self.batch_call_begins()
        emails = call.json()
        singles = [Call("/emails", {}, json.dumps(one).encode()) for one in emails]
        body: Any
        if self.refuse_credentials:
            status, body = self.credentials_refused()
        elif not isinstance(emails, list) or not 0 < len(emails) <= 100:
            status, body = 422, {"statusCode": 422, "message": "1 to 100 emails", "name": "x"}
        elif any(set(self.read(one).to) & self.refused_recipients for one in singles):
            status, body = self.recipient_refused("")
        else:
            answers = [self.accepted(one, self.read(one))[1] for one in singles]
            with self.lock:
                self.calls.extend(singles)
                self.answered_ids.extend(self.message_id(answer) for answer in answers)
            status, body = 200, {"data": answers}
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["id"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        headers = _json_headers(data.get("headers", {}))
        return Asked(
            to=[address for _name, address in getaddresses(data["to"])],
            subject=data["subject"],
            text=data["text"],
            html=data["html"],
            headers=headers,
            metadata=json.loads(headers.get("x-metadata", "{}")),
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 200, {"id": str(uuid.uuid4())}

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 401, {"statusCode": 401, "message": "API key is invalid", "name": "validation_error"}

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 422, {"statusCode": 422, "message": "Invalid `to` field.", "name": "invalid_to"}


@dataclass
class AmazonSES(ESP):
    """SES v2 SendEmail (POST /v2/email/outbound-emails) with the message as raw MIME, which
    boto3 sends base64-encoded in Content.Raw.Data; CreateEmailTemplate (POST
    /v2/email/templates) and SendBulkEmail (POST /v2/email/outbound-bulk-emails), whose entries
    are read as one message each, the template filled from their ReplacementTemplateData as SES
    does (Handlebars: {{{key}}} as is, {{key}} HTML-escaped) and their ReplacementHeaders on
    top. A refused recipient fails its entry (Status MESSAGE_REJECTED), not the call."""

    templates: dict[str, dict[str, str]] = field(default_factory=dict)
    templates_forbidden: bool = False  # keys allowed ses:SendEmail but not to store templates

    def anymail_settings(self) -> dict[str, object]:
        return {"AMAZON_SES_CLIENT_PARAMS": {"endpoint_url": self.url, "region_name": "ap-east-1"}}

    def sends_at(self, path: str) -> bool:
        return path == "/v2/email/outbound-emails"

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["MessageId"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        if call.path == BULK_ENTRY:
            return self._read_entry(data)
        raw = base64.b64decode(data["Content"]["Raw"]["Data"])
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        text = parsed.get_body(("plain",))
        html = parsed.get_body(("html",))
        assert text is not None
        assert html is not None
        # (a long header arrives folded; its value is what follows the fold)
        headers = {name.lower(): str(value).strip() for name, value in parsed.items()}
        compat = email.message_from_bytes(raw, policy=email.policy.compat32)
        return Asked(
            to=data["Destination"]["ToAddresses"],
            subject=headers["subject"],
            text=text.get_content(),
            html=html.get_content(),
            headers=headers,
            metadata=json.loads(headers.get("x-metadata", "{}")),
            subject_header=str(compat["Subject"]).strip(),
        )

    def _read_entry(self, data: dict[str, Any]) -> Asked:
        template, entry = data["template"], data["entry"]
        values = json.loads(
            entry["ReplacementEmailContent"]["ReplacementTemplate"]["ReplacementTemplateData"]
        )
        headers = {h["Name"].lower(): h["Value"] for h in entry.get("ReplacementHeaders", [])}
        to = [
            str(email.header.make_header(email.header.decode_header(address)))
            for address in entry["Destination"]["ToAddresses"]
        ]
        return Asked(
            to=[address for _name, address in getaddresses(to)],
            subject=_handlebars(template["Subject"], values),
            text=_handlebars(template["Text"], values),
            html=_handlebars(template["Html"], values),
            headers=headers,
            metadata=json.loads(headers.get("x-metadata", "{}")),
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 200, {"MessageId": f"0100018a{uuid.uuid4().hex}-000000"}

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 403, {
            "__type": "UnrecognizedClientException",
            "message": "The security token included in the request is invalid.",
        }

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 400, {
            "__type": "MessageRejected",
            "message": f"Email address is not verified: {address}",
        }

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        if call.path == "/v2/email/templates":
            status, headers, body = self._create_template(call)
        elif call.path == "/v2/email/outbound-bulk-emails":
            status, headers, body = self._send_bulk(call)
        else:
            status, headers, body = super().answer(call)
        if status >= 400:  # botocore reads the error's code from this header
            headers["x-amzn-ErrorType"] = json.loads(body)["__type"]
        return status, headers, body

    def _create_template(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        data = call.json()
        if self.refuse_credentials:
            status, body = self.credentials_refused()
        elif self.templates_forbidden:
            status, body = (
                403,
                {
                    "__type": "AccessDeniedException",
                    "message": "User is not authorized to perform: ses:CreateEmailTemplate",
                },
            )
        else:
            with self.lock:
                exists = data["TemplateName"] in self.templates
                self.templates.setdefault(data["TemplateName"], data["TemplateContent"])
            status, body = (
                (400, {"__type": "AlreadyExistsException", "message": "Template exists"})
                if exists
                else (200, {})
            )
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()

    def _send_bulk(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        self.batch_call_begins()
        data = call.json()
        name = data["DefaultContent"]["Template"]["TemplateName"]
        entries = data["BulkEmailEntries"]
        body: dict[str, Any]
        if self.refuse_credentials:
            status, body = self.credentials_refused()
        elif name not in self.templates:
            status, body = 404, {"__type": "NotFoundException", "message": f"No template {name}"}
        elif not 0 < len(entries) <= 50:
            status, body = 400, {"__type": "BadRequestException", "message": "1 to 50 entries"}
        else:
            results = []
            for entry in entries:
                one = Call(
                    path=BULK_ENTRY,
                    headers={},
                    body=json.dumps({"template": self.templates[name], "entry": entry}).encode(),
                )
                asked = self.read(one)
                refused = [a for a in asked.to if a in self.refused_recipients]
                if refused:
                    results.append({
                        "Status": "MESSAGE_REJECTED",
                        "Error": f"Email address is not verified: {refused[0]}",
                    })  # fmt: skip
                    continue
                message_id = self.accepted(one, asked)[1]["MessageId"]
                with self.lock:
                    self.calls.append(one)
                    self.answered_ids.append(message_id)
                results.append({"Status": "SUCCESS", "MessageId": message_id})
            status, body = 200, {"BulkEmailEntryResults": results}
        return status, {"Content-Type": "application/json"}, json.dumps(body).encode()


# The path under which a stand-in keeps one entry of an Amazon SES SendBulkEmail call.
BULK_ENTRY = "/v2/email/outbound-bulk-emails#entry"


def _handlebars(template: str, values: dict[str, str]) -> str:
    """A template filled as SES's Handlebars fills plain names: {{{key}}} as is, {{key}}
    HTML-escaped; a name with no value is empty."""
    filled = re.sub(r"\{\{\{\s*(\w+)\s*\}\}\}", lambda m: str(values.get(m[1], "")), template)
    return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: html_escape(str(values.get(m[1], ""))), filled)


class MailerSend(ESP):
    """POST /v1/email takes one message and answers 202 with an empty body, the message's id
    in the X-Message-Id header. In-Reply-To has a field of its own; other headers go in a list."""

    def anymail_settings(self) -> dict[str, object]:
        return {"MAILERSEND_API_TOKEN": "test-api-token", "MAILERSEND_API_URL": f"{self.url}/v1/"}

    def sends_at(self, path: str) -> bool:
        return path == "/v1/email"

    def answer(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        status, headers, body = super().answer(call)
        if status == 202:
            return (
                status,
                {"Content-Type": "text/html", "X-Message-Id": json.loads(body)["id"]},
                b"",
            )
        return status, headers, body

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(answer["id"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        headers = {item["name"].lower(): item["value"] for item in data.get("headers", [])}
        if data.get("in_reply_to"):
            headers["in-reply-to"] = data["in_reply_to"]
        return Asked(
            to=[item["email"] for item in data["to"]],
            subject=data["subject"],
            text=data["text"],
            html=data["html"],
            headers=headers,
            metadata={},  # MailerSend takes no metadata: its events are matched by message id
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        return 202, {"id": uuid.uuid4().hex[:24]}  # (moved into the X-Message-Id header)

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 401, {"message": "Unauthenticated."}

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 422, {
            "message": "The to.0.email must be a valid email address.",
            "errors": {"to.0.email": ["The to.0.email must be a valid email address."]},
        }


class Postal(ESP):
    """POST /api/v1/send/message takes one message. Postal answers HTTP 200 even when it
    refuses, saying so in the body ({"status": "error", "data": {"code": …}})."""

    def anymail_settings(self) -> dict[str, object]:
        return {"POSTAL_API_KEY": "test-api-key", "POSTAL_API_URL": self.url}

    def sends_at(self, path: str) -> bool:
        return path == "/api/v1/send/message"

    def message_id(self, answer: dict[str, Any]) -> str:
        return str(next(iter(answer["data"]["messages"].values()))["id"])

    def read(self, call: Call) -> Asked:
        data = call.json()
        return Asked(
            to=[address for _name, address in getaddresses(data["to"])],
            subject=data["subject"],
            text=data["plain_body"],
            html=data["html_body"],
            headers=_json_headers(data.get("headers", {})),
            metadata={},  # Postal takes no metadata: its events are matched by message id
        )

    def accepted(self, call: Call, asked: Asked) -> tuple[int, dict[str, Any]]:
        with self.lock:
            number = 1000 + self.requests
        return 200, {
            "status": "success",
            "time": 0.02,
            "flags": {},
            "data": {
                "message_id": f"{uuid.uuid4()}@rp.postal.example.com",
                "messages": {
                    address: {"id": number, "token": uuid.uuid4().hex[:12]} for address in asked.to
                },
            },
        }

    def credentials_refused(self) -> tuple[int, dict[str, Any]]:
        return 200, {
            "status": "error",
            "time": 0.0,
            "flags": {},
            "data": {
                "code": "InvalidServerAPIKey",
                "message": "The API token provided in X-Server-API-Key was not valid.",
                "token": "test-api-key",
            },
        }

    def recipient_refused(self, address: str) -> tuple[int, dict[str, Any]]:
        return 200, {
            "status": "error",
            "time": 0.0,
            "flags": {},
            "data": {"code": "ValidationError", "message": f"{address} is not a valid address"},
        }


ESPS: dict[str, type[ESP]] = {
    "postmark": Postmark,
    "mailgun": Mailgun,
    "brevo": Brevo,
    "resend": Resend,
    "amazon_ses": AmazonSES,
    "mailersend": MailerSend,
    "postal": Postal,
}


class _Handler(BaseHTTPRequestHandler):
    # Connections kept open between requests, as an ESP's API keeps them (every answer says
    # its Content-Length).
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        call = Call(
            path=self.path,
            headers={name.lower(): value for name, value in self.headers.items()},
            body=self.rfile.read(length),
        )
        status, headers, body = self.server.esp.answer(call)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog is 5: dozens of lanes connecting at once then met resets
    # and the kernel's one-second SYN retry, a limit of the stand-in and not of any ESP.
    request_queue_size = 512

    def __init__(self, esp: ESP) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.esp = esp


@contextmanager
def serving(name: str) -> Iterator[ESP]:
    """The stand-in for the ESP Pressroom calls `name`, listening on loopback."""
    esp = ESPS[name](name=name)
    server = _Server(esp)
    esp.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield esp
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)

"""Webhook posts as each ESP makes them, in the formats their documentation (and anymail's own
test suite) show, signed the way the ESP signs: Mailgun's HMAC-SHA256 of timestamp+token with
the webhook signing key, Resend's svix signature (HMAC-SHA256 of "id.timestamp.body", base64).
Amazon SES posts through SNS; Postmark and Brevo sign nothing (basic auth only).

Each builder returns a `Post`: the body, its content type and the headers the ESP sends."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importable before Django is set up (bench/webhooks.py builds posts with it)
    from distribution.models import Delivery

MAILGUN_SIGNING_KEY = "key-mailgun-webhook-signing-for-tests"
RESEND_SECRET = "whsec_" + base64.b64encode(b"resend-svix-secret-for-tests-32b").decode()
SECRET = "pressroom:current-webhook-secret"
OLD_SECRET = "pressroom:previous-webhook-secret"
SES_TOPIC = "arn:aws:sns:ap-east-1:123456789012:pressroom-ses-events"


@dataclass
class Post:
    esp: str
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"/anymail/{self.esp}/tracking/"


def basic_auth(credentials: str) -> str:
    return "Basic " + base64.b64encode(credentials.encode()).decode()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _metadata(delivery: Delivery) -> dict[str, str]:
    return {"delivery_id": str(delivery.pk), "send_id": str(delivery.send_id)}


# --- Amazon SES (event publishing to an SNS topic, HTTPS subscription) ------------------------


def ses(
    delivery: Delivery,
    event: str,
    at: datetime,
    *,
    sns_id: str | None = None,
    bounce_type: str = "Permanent",
    user_agent: str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit",
    with_metadata: bool = True,
) -> Post:
    mail = {
        "timestamp": iso(at),
        "source": "newsroom@press.example.com",
        "sourceArn": "arn:aws:ses:ap-east-1:123456789012:identity/press.example.com",
        "sendingAccountId": "123456789012",
        "messageId": delivery.esp_message_id,
        "destination": [delivery.email],
        "headersTruncated": False,
        "headers": [
            {"name": "From", "value": "Newsroom <newsroom@press.example.com>"},
            {"name": "To", "value": delivery.email},
            {"name": "Subject", "value": "Innovation cluster ranked first in the world"},
            *(
                [{"name": "X-Metadata", "value": json.dumps(_metadata(delivery))}]
                if with_metadata
                else []
            ),
        ],
        "commonHeaders": {
            "from": ["Newsroom <newsroom@press.example.com>"],
            "to": [delivery.email],
            "messageId": delivery.esp_message_id,
            "subject": "Innovation cluster ranked first in the world",
        },
        "tags": {"ses:configuration-set": ["pressroom"]},
    }
    detail: dict[str, Any]
    if event == "Bounce":
        detail = {
            "bounceType": bounce_type,
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": delivery.email,
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": iso(at),
            "feedbackId": "0100018a-bounce-feedback",
            "reportingMTA": "dsn; e226-55.smtp-out.ap-east-1.amazonses.com",
        }
    elif event == "Complaint":
        detail = {
            "complainedRecipients": [{"emailAddress": delivery.email}],
            "timestamp": iso(at),
            "feedbackId": "0100018a-complaint-feedback",
            "userAgent": "Yahoo!-Mail-Feedback/2.0",
            "complaintFeedbackType": "abuse",
        }
    elif event == "Delivery":
        detail = {
            "timestamp": iso(at),
            "processingTimeMillis": 812,
            "recipients": [delivery.email],
            "smtpResponse": "250 2.0.0 OK  1693533605 ok",
            "reportingMTA": "e226-55.smtp-out.ap-east-1.amazonses.com",
        }
    elif event == "Open":
        detail = {"ipAddress": "192.0.2.1", "timestamp": iso(at), "userAgent": user_agent}
    elif event == "Send":
        detail = {}
    else:
        raise ValueError(event)
    ses_event = {"eventType": event, "mail": mail, event.lower(): detail}
    message_id = sns_id or str(uuid.uuid4())
    sns = {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": SES_TOPIC,
        "Subject": "Amazon SES Email Event Notification",
        "Message": json.dumps(ses_event),
        "Timestamp": iso(at),
        "SignatureVersion": "1",
        "Signature": base64.b64encode(b"signature-not-verified-by-anymail").decode(),
        "SigningCertURL": "https://sns.ap-east-1.amazonaws.com/SimpleNotificationService-x.pem",
        "UnsubscribeURL": "https://sns.ap-east-1.amazonaws.com/?Action=Unsubscribe",
    }
    return Post(
        "amazon_ses",
        json.dumps(sns).encode(),
        "text/plain; charset=UTF-8",
        {
            "x-amz-sns-message-type": "Notification",
            "x-amz-sns-message-id": message_id,
            "x-amz-sns-topic-arn": SES_TOPIC,
            "user-agent": "Amazon Simple Notification Service Agent",
        },
    )


# --- Mailgun (JSON webhooks, signed) ----------------------------------------------------------


SNS_TOKEN = "2336412f37fb687f5d51e6e2425f004aed"


def sns_subscription_confirmation() -> Post:
    """What SNS posts once, to have the subscription of the SES events' topic confirmed."""
    body = {
        "Type": "SubscriptionConfirmation",
        "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "Token": SNS_TOKEN,
        "TopicArn": SES_TOPIC,
        "Message": "You have chosen to subscribe to the topic.",
        "SubscribeURL": "https://sns.ap-east-1.amazonaws.com/?Action=ConfirmSubscription",
        "Timestamp": "2025-09-01T02:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "c2lnbmF0dXJl",
        "SigningCertURL": "https://sns.ap-east-1.amazonaws.com/SimpleNotificationService-x.pem",
    }
    return Post(
        "amazon_ses",
        json.dumps(body).encode(),
        "text/plain; charset=UTF-8",
        {
            "x-amz-sns-message-type": "SubscriptionConfirmation",
            "x-amz-sns-message-id": body["MessageId"],
        },
    )


def mailgun_signature(timestamp: str, token: str, key: str = MAILGUN_SIGNING_KEY) -> str:
    return hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()


def mailgun(
    delivery: Delivery,
    event: str,
    at: datetime,
    *,
    event_id: str | None = None,
    severity: str = "permanent",
    reason: str = "bounce",
    user_agent: str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124",
    signing_key: str = MAILGUN_SIGNING_KEY,
) -> Post:
    timestamp = str(int(time.time()))
    token = uuid.uuid4().hex + uuid.uuid4().hex[:18]
    event_data: dict[str, Any] = {
        "id": event_id or uuid.uuid4().hex[:22],
        "timestamp": at.timestamp(),
        "log-level": "info",
        "event": event,
        "recipient": delivery.email,
        "recipient-domain": delivery.email.split("@")[1],
        "message": {
            "headers": {
                "to": delivery.email,
                "message-id": delivery.message_id.strip("<>"),
                "from": "Newsroom <newsroom@press.example.com>",
                "subject": "Innovation cluster ranked first in the world",
            },
            "attachments": [],
            "size": 18203,
        },
        "tags": ["press-release"],
        "user-variables": _metadata(delivery),
        "flags": {"is-routed": False, "is-authenticated": True, "is-test-mode": False},
        "envelope": {"transport": "smtp", "sender": "bounce@mg.press.example.com"},
    }
    if event == "failed":
        event_data.update(
            severity=severity,
            reason=reason,
            **{
                "delivery-status": {
                    "code": 550 if severity == "permanent" else 452,
                    "message": "5.1.1 The email account that you tried to reach does not exist",
                    "description": "",
                    "attempt-no": 1,
                }
            },
        )
    if event == "delivered":
        event_data["delivery-status"] = {"code": 250, "message": "OK", "attempt-no": 1}
    if event in {"opened", "clicked"}:
        event_data["client-info"] = {
            "client-type": "browser",
            "client-os": "Windows",
            "device-type": "desktop",
            "client-name": "Chrome",
            "user-agent": user_agent,
        }
        event_data["ip"] = "192.0.2.10"
    body = {
        "signature": {
            "timestamp": timestamp,
            "token": token,
            "signature": mailgun_signature(timestamp, token, signing_key),
        },
        "event-data": event_data,
    }
    return Post("mailgun", json.dumps(body).encode(), "application/json")


# --- Postmark ---------------------------------------------------------------------------------


def postmark(delivery: Delivery, record_type: str, at: datetime, **extra: Any) -> Post:
    common = {
        "RecordType": record_type,
        "ServerID": 23,
        "MessageStream": "outbound",
        "MessageID": delivery.esp_message_id,
        "Tag": "press-release",
        "Metadata": _metadata(delivery),
    }
    if record_type == "Delivery":
        body = {
            **common,
            "Recipient": delivery.email,
            "DeliveredAt": iso(at),
            "Details": "Test delivery webhook details",
        }
    elif record_type == "Bounce":
        body = {
            **common,
            "ID": extra.get("bounce_id", 4323372036854775807),
            "Type": extra.get("type", "HardBounce"),
            "TypeCode": 1,
            "Name": "Hard bounce",
            "Description": "The server was unable to deliver your message (ex: unknown user).",
            "Details": "smtp;550 5.1.1 The email account does not exist.",
            "Email": delivery.email,
            "From": "newsroom@press.example.com",
            "BouncedAt": iso(at),
            "Inactive": True,
            "CanActivate": True,
            "Subject": "Innovation cluster ranked first in the world",
        }
    elif record_type == "Open":
        body = {
            **common,
            "FirstOpen": True,
            "Recipient": delivery.email,
            "ReceivedAt": iso(at),
            "Platform": "WebMail",
            "ReadSeconds": 5,
            "UserAgent": extra.get(
                "user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15"
            ),
            "Geo": {"CountryISOCode": "HK", "Country": "Hong Kong"},
        }
    elif record_type == "SpamComplaint":
        body = {
            **common,
            "ID": extra.get("bounce_id", 4323372036854775808),
            "Type": "SpamComplaint",
            "TypeCode": 512,
            "Email": delivery.email,
            "BouncedAt": iso(at),
            "Description": "The subscriber explicitly marked this message as spam.",
        }
    elif record_type == "SubscriptionChange":
        body = {
            **common,
            "Recipient": delivery.email,
            "Origin": "Recipient",
            "SuppressSending": True,
            "SuppressionReason": "ManualSuppression",
            "ChangedAt": iso(at),
        }
    else:
        raise ValueError(record_type)
    return Post("postmark", json.dumps(body).encode(), "application/json")


# --- Brevo (transactional webhooks) -----------------------------------------------------------


def brevo(delivery: Delivery, event: str, at: datetime, **extra: Any) -> Post:
    body = {
        "event": event,
        "email": delivery.email,
        "id": 1234567,
        "date": at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "ts": int(at.timestamp()),
        "message-id": delivery.esp_message_id,
        "ts_event": int(at.timestamp()),
        "subject": "Innovation cluster ranked first in the world",
        "tag": "press-release",
        "sending_ip": "185.41.28.109",
        "ts_epoch": int(at.timestamp() * 1000),
        "X-Mailin-custom": json.dumps(_metadata(delivery)),
        **extra,
    }
    if event in {"hard_bounce", "soft_bounce"}:
        body.setdefault("reason", "550 5.1.1 user unknown")
    return Post("brevo", json.dumps(body).encode(), "application/json")


# --- Resend (svix-signed) ---------------------------------------------------------------------


def svix_headers(body: bytes, *, secret: str = RESEND_SECRET, msg_id: str | None = None) -> dict:
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(time.time()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {"svix-id": msg_id, "svix-timestamp": timestamp, "svix-signature": f"v1,{signature}"}


def resend(
    delivery: Delivery,
    event: str,
    at: datetime,
    *,
    msg_id: str | None = None,
    with_metadata: bool = False,
    bounce_type: str = "Permanent",
) -> Post:
    data: dict[str, Any] = {
        "created_at": iso(delivery.sent_at or at),
        "email_id": delivery.esp_message_id,
        "from": "Newsroom <newsroom@press.example.com>",
        "to": [delivery.email],
        "subject": "Innovation cluster ranked first in the world",
    }
    if with_metadata:  # Resend echoes headers in some events only
        data["headers"] = [{"name": "X-Metadata", "value": json.dumps(_metadata(delivery))}]
    if event == "email.bounced":
        data["bounce"] = {
            "message": "The recipient's email provider sent a hard bounce message.",
            "subType": "General",
            "type": bounce_type,
        }
    if event == "email.clicked":
        data["click"] = {
            "ipAddress": "192.0.2.20",
            "link": "https://press.example.com/l/x/",
            "timestamp": iso(at),
            "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
        }
    body = json.dumps({"type": event, "created_at": iso(at), "data": data}).encode()
    return Post("resend", body, "application/json", svix_headers(body, msg_id=msg_id))


# --- MailerSend (activity webhooks, HMAC-signed body) -----------------------------------------

MAILERSEND_SECRET = "mailersend-signing-secret-for-tests"


def mailersend(
    delivery: Delivery, event: str, at: datetime, *, secret: str = MAILERSEND_SECRET
) -> Post:
    morph = None
    if event in {"hard_bounced", "soft_bounced"}:
        morph = {
            "object": "recipient_bounce",
            "reason": "550 5.1.1 The email account that you tried to reach does not exist.",
            "readable_reason": "The recipient's mailbox does not exist.",
        }
    body = json.dumps(
        {
            "type": f"activity.{event}",
            "domain_id": "7z3m5jgrogdpyo6n",
            "created_at": iso(at),
            "webhook_id": "7z3m5jgrogdpyo6n",
            "url": "https://press.example.com/anymail/mailersend/tracking/",
            "data": {
                "id": uuid.uuid4().hex[:24],
                "type": event,
                "created_at": iso(at),
                "email": {
                    "id": "62fb66bef54a112e920b5493",
                    "from": "newsroom@press.example.com",
                    "subject": "Innovation cluster ranked first in the world",
                    "status": event,
                    "tags": ["press-release"],
                    "message": {"id": delivery.esp_message_id, "created_at": iso(at)},
                    "recipient": {"id": "62fb66bec6f6e3a5b8ac3e05", "email": delivery.email},
                },
                "morph": morph,
                "template_id": "",
            },
        }
    ).encode()
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return Post("mailersend", body, "application/json", {"signature": signature})


# --- Postal (RSA-signed with the server's key) ------------------------------------------------


def _postal_keys() -> tuple[Any, str]:
    """A key pair made for the test run: Postal signs with its private key, Pressroom checks
    with the public key set as ANYMAIL_POSTAL_WEBHOOK_KEY (base64 DER, one line)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, base64.b64encode(der).decode()


POSTAL_PRIVATE_KEY, POSTAL_WEBHOOK_KEY = _postal_keys()


def postal_signature(body: bytes, private_key: Any = None) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    key = private_key or POSTAL_PRIVATE_KEY
    signature = key.sign(body, padding.PKCS1v15(), hashes.SHA1())  # noqa: S303 -- as Postal signs
    return base64.b64encode(signature).decode()


def postal(
    delivery: Delivery, event: str, at: datetime, *, status: str = "Sent", private_key: Any = None
) -> Post:
    message = {
        "id": int(delivery.esp_message_id) if delivery.esp_message_id.isdigit() else 0,
        "token": "VJzsFA0S2Ux9",
        "direction": "outgoing",
        "message_id": delivery.message_id.strip("<>"),
        "to": delivery.email,
        "from": "newsroom@press.example.com",
        "subject": "Innovation cluster ranked first in the world",
        "timestamp": at.timestamp(),
        "spam_status": "NotChecked",
        "tag": "press-release",
    }
    if event == "MessageBounced":
        payload: dict[str, Any] = {
            "original_message": message,
            "bounce": {**message, "id": 99, "subject": "Mail delivery failed"},
        }
    else:
        payload = {
            "message": message,
            "status": status,
            "details": f"Message for {delivery.email} accepted by mx.example.com",
            "output": "250 2.0.0 OK" if status == "Sent" else "550 5.1.1 user unknown",
            "sent_with_ssl": True,
            "timestamp": at.timestamp(),
            "time": 0.42,
        }
    body = json.dumps(
        {"event": event, "timestamp": at.timestamp(), "uuid": str(uuid.uuid4()), "payload": payload}
    ).encode()
    return Post(
        "postal",
        body,
        "application/json",
        {"x-postal-signature": postal_signature(body, private_key)},
    )

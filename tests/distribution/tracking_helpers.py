"""Posting ESP webhooks as the ESP does and draining the tracking stream as beat does."""

from datetime import datetime, timedelta
from typing import Any

from distribution.models import Delivery, Send
from distribution.tracking import tracking_drain
from releases.models import Release
from tests.asgi_client import asgi_request
from tests.distribution.esp_payloads import SECRET, Post, basic_auth
from tests.distribution.officers import EMBARGO, approved_release
from tests.factories import DeliveryFactory, SendFactory
from tests.wsgi_client import Answer, wsgi_request

SENT_AT = EMBARGO
LATER = SENT_AT + timedelta(minutes=5)


# Which server the posts go through: the site's WSGI application (pressroom/wsgi.py, its webhook
# fast path included) or the webhook service (pressroom/webhooks_asgi.py). The webhook_server
# fixture runs a test through each.
SERVER = "wsgi"


def post(webhook: Post, *, auth: str | None = SECRET, **headers: str) -> Answer:
    """POST the way the ESP does: no cookies, no CSRF token, basic auth in the URL; through
    the application gunicorn serves (SERVER)."""
    sent = dict(webhook.headers, **headers)
    if auth is not None:
        sent["authorization"] = basic_auth(auth)
    request = asgi_request if SERVER == "asgi" else wsgi_request
    return request(
        "POST", webhook.url, webhook.body, content_type=webhook.content_type, headers=sent
    )


def deliver(*webhooks: Post, auth: str | None = SECRET) -> list[int]:
    """Post each webhook, then drain the stream; the HTTP statuses."""
    statuses = [post(webhook, auth=auth).status_code for webhook in webhooks]
    tracking_drain()
    return statuses


def a_sent_delivery(
    *, esp_message_id: str = "", sent_at: datetime = SENT_AT, **kwargs: Any
) -> Delivery:
    send = SendFactory.create(
        release=approved_release(status=Release.Status.PUBLISHED),
        status=Send.Status.SENT,
        scheduled_at=sent_at,
    )
    delivery = DeliveryFactory.create(
        send=send, status=Delivery.Status.SENT, sent_at=sent_at, **kwargs
    )
    if not esp_message_id:
        esp_message_id = str(7_000_000 + delivery.pk)  # numeric, as Postal's ids are
    Delivery.objects.filter(pk=delivery.pk).update(esp_message_id=esp_message_id)
    delivery.refresh_from_db()
    return delivery

"""Bad webhook input gets a 4xx (or a logged 200 for what is merely unknown), never a 500, and
nothing is stored or changed: malformed JSON, a wrong content type, a huge body, an inbound post
to the tracking URL, a replayed old event, and Redis being down (503: the ESP posts again)."""

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
from django.conf import LazySettings

from distribution.models import Delivery, DeliveryEvent
from tests.distribution import esp_payloads as esp
from tests.distribution.tracking_helpers import LATER, a_sent_delivery, deliver, post

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracking", "webhook_server")]


@pytest.mark.parametrize(
    "name", ["postmark", "brevo", "mailgun", "amazon_ses", "resend", "mailersend", "postal"]
)
@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe\x00", b"[1, 2, 3]", b"null"])
def test_a_malformed_body_is_a_400(name: str, body: bytes) -> None:
    content_type = "text/plain" if name == "amazon_ses" else "application/json"
    headers = {}
    if name == "amazon_ses":
        headers = {"x-amz-sns-message-type": "Notification", "x-amz-sns-message-id": "1"}
    if name == "resend":
        headers = esp.svix_headers(body)
    if name == "mailersend":
        key = esp.MAILERSEND_SECRET.encode()
        headers = {"signature": hmac.new(key, body, hashlib.sha256).hexdigest()}
    if name == "postal":
        headers = {"x-postal-signature": esp.postal_signature(body)}

    [status] = deliver(esp.Post(name, body, content_type, headers))

    # An empty body comes without a content type: refused for that (415) before parsing.
    assert status == (415 if not body else 400)
    assert not DeliveryEvent.objects.exists()


def test_a_wrong_content_type_is_a_415() -> None:
    delivery = a_sent_delivery()
    webhook = esp.postmark(delivery, "Delivery", LATER)
    as_form = esp.Post("postmark", webhook.body, "application/x-www-form-urlencoded")
    as_xml = esp.Post("postmark", webhook.body, "application/xml")

    assert deliver(as_form, as_xml) == [415, 415]

    assert not DeliveryEvent.objects.exists()


def test_a_huge_body_is_refused_before_it_is_read(settings: LazySettings) -> None:
    settings.WEBHOOK_MAX_BYTES = 64 * 1024
    delivery = a_sent_delivery()
    event = json.loads(esp.postmark(delivery, "Delivery", LATER).body)
    event["Details"] = "x" * (settings.WEBHOOK_MAX_BYTES + 1)

    assert deliver(esp.Post("postmark", json.dumps(event).encode(), "application/json")) == [413]

    assert not DeliveryEvent.objects.exists()


def test_an_inbound_message_posted_to_the_tracking_url_is_a_400() -> None:
    inbound = {"FromFull": {"Email": "reader@example.com"}, "Subject": "Re: release"}

    assert deliver(esp.Post("postmark", json.dumps(inbound).encode(), "application/json")) == [400]
    assert not DeliveryEvent.objects.exists()


def test_a_get_is_not_allowed() -> None:
    from django.test import Client

    response = Client().get("/anymail/postmark/tracking/")

    assert response.status_code == 405


def test_a_replayed_old_event_changes_nothing() -> None:
    delivery = a_sent_delivery()
    old_delivered = esp.brevo(delivery, "delivered", LATER)
    deliver(old_delivered, esp.brevo(delivery, "hard_bounce", LATER))

    assert deliver(old_delivered, old_delivered) == [200, 200]

    assert DeliveryEvent.objects.count() == 2
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED


def test_when_redis_is_down_the_esp_is_told_to_post_again(
    settings: LazySettings, caplog: pytest.LogCaptureFixture
) -> None:
    delivery = a_sent_delivery()
    settings.TRACKING_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    response = post(esp.postmark(delivery, "Delivery", LATER))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "tracking stream is unavailable" in caplog.text
    assert not DeliveryEvent.objects.exists()


def test_an_sns_subscription_confirmation_with_the_password_is_confirmed_not_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SNS asks to confirm the subscription once; anymail confirms it through boto3 (stubbed:
    no network here). Nothing is stored as an event."""
    confirmed: list[dict[str, str]] = []

    class FakeSNS:
        def confirm_subscription(self, **kwargs: str) -> None:
            confirmed.append(kwargs)

        def close(self) -> None:
            pass

    from anymail.webhooks.amazon_ses import AmazonSESBaseWebhookView

    monkeypatch.setattr(AmazonSESBaseWebhookView, "get_boto_client", lambda *a, **k: FakeSNS())
    webhook = esp.sns_subscription_confirmation()

    assert deliver(webhook) == [200]

    assert confirmed == [
        {"TopicArn": esp.SES_TOPIC, "Token": esp.SNS_TOKEN, "AuthenticateOnUnsubscribe": "true"}
    ]
    assert not DeliveryEvent.objects.exists()


def test_sns_headers_that_do_not_match_the_body_are_refused() -> None:
    delivery = a_sent_delivery()
    webhook = esp.ses(delivery, "Delivery", LATER)
    webhook.headers["x-amz-sns-message-id"] = "another-message"

    assert deliver(webhook) == [400]
    assert not DeliveryEvent.objects.exists()


def test_an_sns_subscription_confirmation_without_aws_credentials_is_logged_not_a_500(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The real boto3, with no AWS credentials anywhere it looks (and the instance metadata
    service off, so nothing is asked of the network): the confirmation cannot be made. The
    answer is a 4xx, and the log says why and how to confirm the subscription by hand."""
    for name in [name for name in os.environ if name.startswith(("AWS_", "BOTO_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("BOTO_CONFIG", str(tmp_path / "boto.cfg"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    webhook = esp.sns_subscription_confirmation()

    [status] = deliver(webhook)

    assert 400 <= status < 500
    assert "SNS subscription to topic" in caplog.text
    assert esp.SES_TOPIC in caplog.text
    assert "no AWS credentials" in caplog.text
    assert not DeliveryEvent.objects.exists()

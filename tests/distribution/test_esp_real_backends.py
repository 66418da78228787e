"""A send through each ESP's real anymail backend (its payload, its HTTP or boto3 client, its
reading of the answer) to a loopback stand-in of the ESP's API (tests/distribution/esp_standins.py):
what the ESP is asked to send, that Pressroom asks no ESP for an option it refuses, and that a
send whose deliveries failed says so, or stops at the first sign that every one would fail."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from distribution.followups import followup_check
from distribution.models import Delivery, Send
from distribution.services import send_resume, send_schedule, sends_tick
from distribution.tokens import read_asset_token, unsubscribe_token
from releases.models import Release
from tests.distribution.esp_standins import ESP, ESPS, AmazonSES, serving
from tests.distribution.officers import alice, client_for, text_of
from tests.factories import (
    AssetFactory,
    DistributionListFactory,
    MediaContactFactory,
    ReleaseFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
SUBJECT = "創新集群奪全球第一 | Innovation cluster ranked first in the world"
CHINESE_BODY = "創新集群今日榮登全球第一位"
ENGLISH_BODY = "The cluster was ranked first today"
# The ESPs whose API takes "no click tracking" per message; the others refuse the option.
CLICK_TRACKING_OFF = {"postmark": "None", "mailgun": "no"}
TAKING_NO_METADATA = {"mailersend", "postal"}


def use(esp: ESP, settings: Any, monkeypatch: pytest.MonkeyPatch) -> ESP:
    """Point Pressroom's email settings at the stand-in, as an operator would set them."""
    settings.EMAIL_BACKEND = f"anymail.backends.{esp.name}.EmailBackend"
    settings.ANYMAIL = esp.anymail_settings()
    if esp.name == "amazon_ses":  # boto3 finds credentials in the environment; fake ones
        monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
        monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
        monkeypatch.delenv("AWS_PROFILE", raising=False)
    return esp


@pytest.fixture(params=sorted(ESPS))
def esp(
    request: pytest.FixtureRequest, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ESP]:
    with serving(request.param) as stand_in:
        yield use(stand_in, settings, monkeypatch)


@pytest.fixture
def postmark(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[ESP]:
    with serving("postmark") as stand_in:
        yield use(stand_in, settings, monkeypatch)


def send_to(
    addresses: list[str], *, with_asset: bool = False, release: Release | None = None
) -> Send:
    """A bilingual release, sent now to journalists who read both languages."""
    release = release or ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    if with_asset:
        AssetFactory.create(release=release)
    team = DistributionListFactory.create(
        members=[MediaContactFactory.create(email=address) for address in addresses]
    )
    with time_machine.travel(NOW, tick=True):
        send = send_schedule(release=release, lists=[team], kind=Send.Kind.IMMEDIATE)
        sends_tick()
    send.refresh_from_db()
    return send


def asset_links(body: str) -> set[tuple[int, int] | None]:
    """What each asset link in the body names: (delivery, asset)."""
    tokens = re.findall(re.escape(django_settings.SITE_URL) + r"/l/([^/]+)/", body)
    assert tokens
    with time_machine.travel(NOW):
        return {read_asset_token(token) for token in tokens}


def test_each_journalist_gets_their_own_links_and_headers_through_the_esp(esp: ESP) -> None:
    send = send_to(["ming@daily.example.com", "alex@wire.example.com"], with_asset=True)

    assert send.status == Send.Status.SENT, send.reason
    asked = {message.to[0]: message for message in esp.asked()}
    deliveries = Delivery.objects.filter(send=send)
    assert set(asked) == {"ming@daily.example.com", "alex@wire.example.com"}
    asset = send.release.assets.get()
    site = django_settings.SITE_URL
    for delivery in deliveries:
        message = asked[delivery.email]
        assert message.to == [delivery.email]
        unsubscribe = f"{site}/u/{unsubscribe_token(delivery.pk)}/"
        for body in (message.text, message.html):
            assert unsubscribe in body
            assert asset_links(body) == {(delivery.pk, asset.pk)}
            assert CHINESE_BODY in body
            assert ENGLISH_BODY in body
        assert message.headers["list-unsubscribe"] == f"<{unsubscribe}>"
        assert message.headers["list-unsubscribe-post"] == "List-Unsubscribe=One-Click"
        assert message.headers["message-id"] == delivery.message_id
        if esp.name in TAKING_NO_METADATA:  # their events are matched by message id
            assert message.metadata == {}
        else:
            assert message.metadata == {"delivery_id": str(delivery.pk), "send_id": str(send.pk)}
        assert message.subject == SUBJECT
        # Our asset links are the tracked ones; an ESP that can be told not to rewrite them
        # is told, and none is asked for an option it refuses.
        assert message.click_tracking == CLICK_TRACKING_OFF.get(esp.name)
        assert delivery.status == Delivery.Status.SENT
        assert delivery.esp_message_id
    assert sorted(esp.answered_ids) == sorted(d.esp_message_id for d in deliveries)
    if isinstance(esp, AmazonSES):  # one SendBulkEmail from one stored template (one copy)
        assert (esp.batch_calls, len(esp.templates)) == (1, 1)


def test_amazon_ses_sends_a_copy_whose_text_would_break_its_template_one_message_a_call(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving("amazon_ses") as stand_in:
        ses = use(stand_in, settings, monkeypatch)
        assert isinstance(ses, AmazonSES)
        release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
        english = release.translations.get(language="en")
        english.body += "<p>Reply with {{your outlet}} in the subject.</p>"
        english.save()
        send = send_to(["ming@daily.example.com", "alex@wire.example.com"], release=release)

    assert send.status == Send.Status.SENT, send.reason
    assert (ses.batch_calls, ses.templates) == (0, {})
    asked = ses.asked()
    assert len(asked) == 2
    for message in asked:
        assert "{{your outlet}}" in message.text
        assert message.subject == SUBJECT
        assert message.subject_header.lower().startswith("=?utf-8?")  # raw MIME, encoded


def test_amazon_ses_keys_that_may_not_store_templates_send_one_message_a_call(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving("amazon_ses") as stand_in:
        ses = use(stand_in, settings, monkeypatch)
        assert isinstance(ses, AmazonSES)
        ses.templates_forbidden = True
        send = send_to(["ming@daily.example.com", "alex@wire.example.com"])

    assert send.status == Send.Status.SENT, send.reason
    assert ses.batch_calls == 0
    assert sorted(message.to[0] for message in ses.asked()) == [
        "alex@wire.example.com", "ming@daily.example.com",
    ]  # fmt: skip


def test_refused_credentials_stop_the_send_and_a_resume_sends_each_message_once(
    esp: ESP,
) -> None:
    esp.refuse_credentials = True
    addresses = [f"reporter{n}@desk.example.com" for n in range(4)]
    send = send_to(addresses)

    assert send.status == Send.Status.PAUSED
    assert "credentials" in send.reason, send.reason
    assert esp.requests == 1  # stopped at the first refusal, not tried for every journalist
    statuses = Delivery.objects.filter(send=send).values_list("status", flat=True)
    assert set(statuses) == {Delivery.Status.QUEUED}  # not sent, not lost, not failed
    page = client_for(alice()).get(reverse("admin:distribution_send_change", args=[send.pk]))
    assert "refused the credentials" in text_of(page.content.decode())

    esp.refuse_credentials = False  # the officer fixes the configuration and resumes
    with time_machine.travel(NOW, tick=True):
        assert send_resume(send=send)
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert sorted(message.to[0] for message in esp.asked()) == addresses


def test_a_backend_missing_its_settings_stops_the_send_before_any_call(
    postmark: ESP, settings: Any
) -> None:
    settings.ANYMAIL = {"POSTMARK_API_URL": postmark.url}  # no server token
    send = send_to(["one@daily.example.com", "two@daily.example.com"])

    assert send.status == Send.Status.PAUSED
    assert "POSTMARK_SERVER_TOKEN" in send.reason, send.reason
    assert postmark.requests == 0
    statuses = Delivery.objects.filter(send=send).values_list("status", flat=True)
    assert set(statuses) == {Delivery.Status.QUEUED}


def test_a_send_with_some_failed_deliveries_says_how_many_and_why(postmark: ESP) -> None:
    postmark.refused_recipients = {"gone@daily.example.com"}
    send = send_to(["gone@daily.example.com", "one@daily.example.com", "two@daily.example.com"])

    assert send.status == Send.Status.SENT
    assert send.failed_count == 1
    assert send.sent_count == 2
    assert len(postmark.asked()) == 2
    officer = client_for(alice())
    page = officer.get(reverse("admin:distribution_send_change", args=[send.pk]))
    assert "Sent, 1 failed" in text_of(page.content.decode())
    assert "marked as inactive" in text_of(page.content.decode())  # the ESP's reason
    progress = officer.get(reverse("admin:distribution_send_progress", args=[send.pk]))
    assert progress.json()["status_display"] == "Sent, 1 failed"


def test_a_send_whose_every_delivery_failed_is_failed_not_sent(postmark: ESP) -> None:
    postmark.refused_recipients = {"gone@daily.example.com", "left@daily.example.com"}
    send = send_to(["gone@daily.example.com", "left@daily.example.com"])

    assert send.status == Send.Status.FAILED
    assert send.failed_count == 2
    assert "marked as inactive" in send.reason
    progress = client_for(alice()).get(reverse("admin:distribution_send_progress", args=[send.pk]))
    assert progress.json()["status_display"] == "Failed"
    # It went out, failing: its failed deliveries can still go again to corrected addresses.
    corrected = {d.pk: d.email.replace("@", ".new@") for d in Delivery.objects.filter(send=send)}
    with time_machine.travel(NOW, tick=True):
        plan = followup_check(
            parent=send, audience=Send.Audience.FAILED_CORRECTED, corrections=corrected
        )
    assert plan.errors == []
    assert sorted(row[1] for row in plan.recipients) == sorted(corrected.values())

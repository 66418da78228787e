"""Previewing a release's email as a journalist would get it, per language version and kind of
send, and sending oneself a test: nothing is recorded as a delivery."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from distribution.models import Delivery, Send
from releases.models import Release
from tests.distribution.officers import (
    EMBARGO_HKT,
    alice,
    approved_release,
    attribute,
    client_for,
    messages_of,
    text_of,
    vera,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

EN_HEADLINE = "Innovation cluster ranked first in the world"
ZH_HEADLINE = "創新集群奪全球第一"
ZH_EMBARGO = "禁止發布至 2025 年 9 月 1 日 10:00 HKT"


def preview(client: Client, release: Release, variant: str, kind: str) -> tuple[str, str, str]:
    """(subject, HTML as the sandboxed frame shows it, text part)."""
    url = reverse("admin:distribution_send_preview", args=[release.pk, variant])
    response = client.get(url, {"kind": kind})
    assert response.status_code == 200
    page = response.content.decode()
    [html] = attribute(page, "iframe", "srcdoc")
    [sandbox] = attribute(page, "iframe", "sandbox")
    assert "allow-scripts" not in sandbox
    assert "allow-same-origin" not in sandbox
    subject = text_of(page).split("Subject ", 1)[1].split(" From ", 1)[0]
    text = page.split('<pre class="pr-text" id="preview-text">', 1)[1].split("</pre>", 1)[0]
    return subject, html, text


@pytest.mark.parametrize(
    ("variant", "kind", "subject", "labels"),
    [
        ("en", "immediate", EN_HEADLINE, ["For immediate release"]),
        ("zh-hant", "immediate", ZH_HEADLINE, ["即時發布"]),
        (
            "en",
            "advance",
            f"EMBARGOED UNTIL {EMBARGO_HKT}: {EN_HEADLINE}",
            [f"EMBARGOED UNTIL {EMBARGO_HKT}"],
        ),
        ("zh-hant", "advance", f"{ZH_EMBARGO}: {ZH_HEADLINE}", [ZH_EMBARGO]),
        (
            "both",
            "advance",
            f"{ZH_EMBARGO}: {ZH_HEADLINE} | EMBARGOED UNTIL {EMBARGO_HKT}: {EN_HEADLINE}",
            [ZH_EMBARGO, f"EMBARGOED UNTIL {EMBARGO_HKT}"],
        ),
        (
            "both",
            "immediate",
            f"{ZH_HEADLINE} | {EN_HEADLINE}",
            ["即時發布", "For immediate release"],
        ),
    ],
)
def test_the_preview_shows_the_subject_and_label_of_each_version(
    officer: Client, variant: str, kind: str, subject: str, labels: list[str]
) -> None:
    release = approved_release()

    shown_subject, html, text = preview(officer, release, variant, kind)

    assert shown_subject == subject
    for label in labels:
        assert label in html
        assert label in text
    assert not Send.objects.exists()
    assert not Delivery.objects.exists()


def test_the_preview_is_addressed_to_the_officer_and_its_links_name_no_delivery(
    officer: Client,
) -> None:
    release = approved_release()

    _subject, html, text = preview(officer, release, "en", "immediate")

    assert "Sent to Alice Officer" in html
    assert "/u/0:" in text  # the unsubscribe token names delivery 0, which does not exist


def test_preview_email_opens_the_first_version_the_release_has(officer: Client) -> None:
    release = approved_release(languages=("zh-hant",))

    response = officer.get(reverse("admin:distribution_send_preview_any", args=[release.pk]))

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("admin:distribution_send_preview", args=[release.pk, "zh-hant"]) + "?kind=advance"
    )


@pytest.mark.parametrize(
    ("variant", "kind"),
    [("en", "immediate"), ("both", "immediate"), ("zh-hant", "shouting")],
)
def test_a_version_the_release_does_not_have_is_not_found(
    officer: Client, variant: str, kind: str
) -> None:
    release = approved_release(languages=("zh-hant",))
    url = reverse("admin:distribution_send_preview", args=[release.pk, variant])

    assert officer.get(url, {"kind": kind}).status_code == 404


def test_an_advance_copy_cannot_be_previewed_without_an_embargo(officer: Client) -> None:
    release = approved_release(release_type=Release.ReleaseType.IMMEDIATE, embargo_until=None)
    url = reverse("admin:distribution_send_preview", args=[release.pk, "en"])

    assert officer.get(url, {"kind": "advance"}).status_code == 404
    assert officer.get(url, {"kind": "immediate"}).status_code == 200


def send_test(client: Client, release: Release, variant: str, kind: str) -> object:
    url = reverse("admin:distribution_send_test", args=[release.pk])
    return client.post(url, {"variant": variant, "kind": kind}, follow=True)


def test_a_test_goes_to_the_officer_marked_test(officer: Client) -> None:
    release = approved_release()

    response = send_test(officer, release, "en", "advance")

    [message] = mail.outbox
    subject = f"[TEST] EMBARGOED UNTIL {EMBARGO_HKT}: {EN_HEADLINE}"
    assert message.subject == subject
    assert message.to == ['"Alice Officer" <alice@example.com>']
    assert "pressroom.None" not in message.extra_headers["Message-ID"]
    assert isinstance(message, EmailMultiAlternatives)
    html = message.alternatives[0][0]
    assert f"EMBARGOED UNTIL {EMBARGO_HKT}" in str(html)
    assert messages_of(response) == [
        f"Test message “{subject}” sent to alice@example.com "
        "(kept in memory by the test email backend)."
    ]
    assert not Delivery.objects.exists()
    assert not Send.objects.exists()


def test_a_test_lands_in_the_outbox_by_default(
    officer: Client, settings: LazySettings, tmp_path: Path
) -> None:
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"
    settings.OUTBOX_DIR = tmp_path
    release = approved_release()

    response = send_test(officer, release, "zh-hant", "immediate")

    [path] = tmp_path.glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == f"[TEST] {ZH_HEADLINE}"
    assert message["X-Pressroom-Test"] == "yes"
    assert "into the outbox" in messages_of(response)[0]


def test_a_test_needs_an_address_to_go_to(officer: Client) -> None:
    release = approved_release()
    user = alice()
    user.email = ""
    user.save()

    response = send_test(officer, release, "en", "immediate")

    assert mail.outbox == []
    assert messages_of(response) == [
        "Your user account has no email address: add one to receive a test."
    ]


def test_someone_who_may_not_send_can_preview_but_not_send_a_test() -> None:
    release = approved_release()
    viewer = client_for(vera())

    page = viewer.get(
        reverse("admin:distribution_send_preview", args=[release.pk, "en"]),
        {"kind": "immediate"},
    )
    refused = viewer.post(
        reverse("admin:distribution_send_test", args=[release.pk]),
        {"variant": "en", "kind": "immediate"},
    )

    assert page.status_code == 200
    assert "Send this version to me" not in page.content.decode()
    assert refused.status_code == 403
    assert mail.outbox == []

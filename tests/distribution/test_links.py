"""The links in an email. An asset link works once the release is public, and before that only
for a recipient of an advance copy actually sent to them; its target is always the stored one;
a bad token gets a friendly page. The unsubscribe link asks on GET and acts on POST, including
the one-click POST a mail program makes without cookies (RFC 8058)."""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from contacts.models import Language, MediaContact, Suppression
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from distribution.recipients import recipients_expand
from distribution.tokens import asset_token, unsubscribe_token
from releases.models import Asset, Release
from tests.distribution.officers import EMBARGO, NOW, a_list, approved_release
from tests.factories import AssetFactory, DeliveryFactory, MediaContactFactory, SendFactory

pytestmark = pytest.mark.django_db

STORED_URL = "https://drive.example.com/gii-2025/photos"
Kind = Send.Kind


@pytest.fixture
def before_embargo() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def a_delivery(
    *,
    kind: str = Kind.ADVANCE,
    status: str = Delivery.Status.SENT,
    release_status: str = Release.Status.SCHEDULED,
    language: str = "en",
) -> tuple[Delivery, Asset]:
    release = approved_release(status=release_status)
    asset = AssetFactory.create(release=release, external_url=STORED_URL)
    send = SendFactory.create(release=release, kind=kind, status=Send.Status.SENT)
    return DeliveryFactory.create(send=send, status=status, language=language), asset


def asset_url(delivery_id: int, asset_id: int) -> str:
    return f"/l/{asset_token(delivery_id, asset_id)}/"


def assert_friendly_not_found(response: Any) -> None:
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link is not available" in page
    assert "此連結無法使用" in page
    assert response["Cache-Control"] == "private, no-store"


# --- Asset links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"), id="tampered"),
        pytest.param(lambda token: token[:-6], id="truncated"),
        pytest.param(lambda token: token.split(":")[0], id="signature missing"),
        pytest.param(lambda token: "not-a-token", id="nonsense"),
    ],
)
@pytest.mark.usefixtures("before_embargo")
def test_a_damaged_asset_token_gets_a_friendly_page(client: Client, damage: object) -> None:
    delivery, asset = a_delivery()
    token = damage(asset_token(delivery.pk, asset.pk))  # type: ignore[operator]

    response = client.get(f"/l/{token}/")

    assert_friendly_not_found(response)
    assert not AssetClick.objects.exists()


@pytest.mark.usefixtures("before_embargo")
def test_a_token_signed_for_something_else_is_refused(client: Client) -> None:
    delivery, asset = a_delivery()
    other_salt = signing.Signer(salt="another.purpose").sign(f"{delivery.pk}-{asset.pk}")

    assert_friendly_not_found(client.get(f"/l/{other_salt}/"))
    assert_friendly_not_found(client.get(f"/l/{unsubscribe_token(delivery.pk)}/"))


@pytest.mark.usefixtures("before_embargo")
def test_before_the_embargo_an_advance_copy_recipient_gets_through(client: Client) -> None:
    delivery, asset = a_delivery(kind=Kind.ADVANCE, status=Delivery.Status.SENT)

    response = browser_click(client, asset_url(delivery.pk, asset.pk))

    assert response.status_code == 302
    assert response["Location"] == STORED_URL
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        pytest.param(Kind.IMMEDIATE, Delivery.Status.SENT, id="immediate-release recipient"),
        pytest.param(Kind.ADVANCE, Delivery.Status.QUEUED, id="advance copy not sent yet"),
        pytest.param(Kind.ADVANCE, Delivery.Status.FAILED, id="advance copy that failed"),
    ],
)
@pytest.mark.usefixtures("before_embargo")
def test_before_the_embargo_no_one_else_gets_through(
    client: Client, kind: str, status: str
) -> None:
    delivery, asset = a_delivery(kind=kind, status=status)

    assert_friendly_not_found(client.get(asset_url(delivery.pk, asset.pk)))
    assert not AssetClick.objects.exists()


@pytest.mark.usefixtures("before_embargo")
def test_an_unknown_delivery_or_an_asset_of_another_release_is_not_found(client: Client) -> None:
    delivery, asset = a_delivery()
    elsewhere = AssetFactory.create(release=approved_release())

    assert_friendly_not_found(client.get(asset_url(delivery.pk + 1000, asset.pk)))
    assert_friendly_not_found(client.get(asset_url(delivery.pk, elsewhere.pk)))


@pytest.mark.usefixtures("before_embargo")
def test_an_advance_copy_link_dies_when_the_release_is_withdrawn(client: Client) -> None:
    delivery, asset = a_delivery(release_status=Release.Status.WITHDRAWN)

    assert_friendly_not_found(client.get(asset_url(delivery.pk, asset.pk)))


def test_from_the_embargo_moment_an_immediate_release_recipient_gets_through(
    client: Client,
) -> None:
    delivery, asset = a_delivery(kind=Kind.IMMEDIATE, release_status=Release.Status.PUBLISHED)
    url = asset_url(delivery.pk, asset.pk)

    with time_machine.travel(EMBARGO - timedelta(microseconds=1), tick=False):
        assert_friendly_not_found(client.get(url))
    with time_machine.travel(EMBARGO, tick=False):
        response = browser_click(client, url)

    assert response.status_code == 302
    assert response["Location"] == STORED_URL


@pytest.mark.usefixtures("before_embargo")
def test_the_redirect_goes_to_the_stored_target_never_one_from_the_request(
    client: Client,
) -> None:
    delivery, asset = a_delivery()
    Asset.objects.filter(pk=asset.pk).update(external_url="https://drive.example.com/moved")

    evil = "https://evil.example.net/"
    url = asset_url(delivery.pk, asset.pk)
    headers = {"referer": evil, "user-agent": "Mozilla/5.0 Safari"}
    check = client.get(url, {"next": evil, "url": evil}, headers=headers)
    response = client.get(url, {"next": evil, "k": evil}, headers=headers)

    assert check["Location"] == f"{url}?k=1"  # its own path: never a host from the request
    assert response["Location"] == "https://drive.example.com/moved"


@pytest.mark.usefixtures("before_embargo")
def test_an_uploaded_file_is_streamed(
    client: Client, settings: LazySettings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    delivery, _ = a_delivery()
    asset = AssetFactory.create(
        release=delivery.send.release,
        external_url="",
        file=SimpleUploadedFile("chairman.jpg", b"\xff\xd8\xff not really a photo"),
    )

    response = browser_click(client, asset_url(delivery.pk, asset.pk))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff not really a photo"
    assert 'filename="chairman.jpg"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.usefixtures("before_embargo")
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("page.html", b"<script>alert(document.cookie)</script>"),
    ],
)
def test_an_uploaded_page_reached_from_the_email_is_an_inert_download(
    client: Client, settings: LazySettings, tmp_path: Path, name: str, content: bytes
) -> None:
    """Served inline, an agency-uploaded SVG or HTML file ran script
    on our origin for every journalist and officer who clicked the emailed link."""
    settings.MEDIA_ROOT = tmp_path
    delivery, _ = a_delivery()
    asset = Asset(release=delivery.send.release, kind=Asset.Kind.DOCUMENT, caption_en=name)
    asset.file.save(name, ContentFile(content), save=True)

    response = browser_click(client, asset_url(delivery.pk, asset.pk))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def browser_click(client: Client, url: str, agent: str = "Mozilla/5.0 Safari") -> Any:
    """What a browser does with a first click: follow the cookie check back to the link."""
    check = client.get(url, headers={"user-agent": agent})
    assert check.status_code == 302
    assert check["Location"] == f"{url}?k=1"
    return client.get(check["Location"], headers={"user-agent": agent})


@pytest.mark.usefixtures("before_embargo")
def test_a_click_is_recorded_and_moves_the_delivery_to_clicked(client: Client) -> None:
    delivery, asset = a_delivery()

    response = browser_click(client, asset_url(delivery.pk, asset.pk))

    assert response["Location"] == STORED_URL
    [click] = AssetClick.objects.all()
    assert (click.delivery, click.asset, click.is_machine) == (delivery, asset, False)
    assert click.user_agent == "Mozilla/5.0 Safari"
    assert click.clicked_at == NOW
    assert click.ip_hash
    assert "127.0.0.1" not in click.ip_hash
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.CLICKED
    assert delivery.clicked_at == NOW


@pytest.mark.usefixtures("before_embargo")
def test_an_expired_asset_link_gets_a_friendly_page(client: Client, settings: LazySettings) -> None:
    settings.ASSET_LINK_MAX_AGE_DAYS = 30
    delivery, asset = a_delivery()
    url = asset_url(delivery.pk, asset.pk)  # signed now

    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert_friendly_not_found(client.get(url))
    assert not AssetClick.objects.exists()


@pytest.mark.usefixtures("before_embargo")
def test_a_head_request_is_counted_as_a_machine(client: Client) -> None:
    delivery, asset = a_delivery()

    response = client.head(asset_url(delivery.pk, asset.pk))

    assert response.status_code == 302
    [click] = AssetClick.objects.all()
    assert click.is_machine is True
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT


@pytest.mark.usefixtures("before_embargo")
def test_an_asset_link_only_answers_get_and_head(client: Client) -> None:
    delivery, asset = a_delivery()

    assert client.post(asset_url(delivery.pk, asset.pk)).status_code == 405
    assert not AssetClick.objects.exists()


# --- Unsubscribe ------------------------------------------------------------------------------


def unsubscribe_url(delivery: Delivery) -> str:
    return f"/u/{unsubscribe_token(delivery.pk)}/"


def test_opening_the_unsubscribe_link_asks_and_changes_nothing(client: Client) -> None:
    delivery, _ = a_delivery()

    response = client.get(unsubscribe_url(delivery))

    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Stop receiving press releases from" in page
    assert delivery.email in page
    assert '<form method="post">' in page
    assert not Suppression.objects.exists()
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.ACTIVE


def one_click(delivery: Delivery) -> Any:
    """What a mail program does: a POST with the RFC 8058 body, no cookies, no CSRF token."""
    return Client(enforce_csrf_checks=True).post(
        unsubscribe_url(delivery),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )


def test_a_one_click_post_unsubscribes_without_cookies_or_csrf_token() -> None:
    delivery, _ = a_delivery()

    response = one_click(delivery)

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    suppression = Suppression.objects.get()
    assert suppression.email == delivery.email
    assert suppression.reason == Suppression.Reason.UNSUBSCRIBE
    assert delivery.contact is not None
    delivery.contact.refresh_from_db()
    assert delivery.contact.status == MediaContact.Status.UNSUBSCRIBED


def test_unsubscribing_again_changes_nothing_more() -> None:
    delivery, _ = a_delivery()

    first, second = one_click(delivery), one_click(delivery)

    assert first.status_code == second.status_code == 200
    assert Suppression.objects.count() == 1


def test_an_unsubscribed_journalist_is_left_out_of_the_next_send() -> None:
    delivery, _ = a_delivery()
    assert delivery.contact is not None
    one_click(delivery)

    expansion = recipients_expand(
        release=delivery.send.release, lists=[a_list("Desk", [delivery.contact])]
    )

    assert expansion.recipients == []
    assert expansion.excluded == {"suppressed: Unsubscribed": 1}


def test_the_unsubscribe_page_speaks_chinese_to_a_chinese_reader(client: Client) -> None:
    contact = MediaContactFactory.create(preferred_language=Language.ZH_HANT)
    delivery, _ = a_delivery(language="zh-hant")
    Delivery.objects.filter(pk=delivery.pk).update(contact=contact, email=contact.email)
    delivery.refresh_from_db()
    issuer = delivery.send.release.issuer

    asked = client.get(unsubscribe_url(delivery)).content.decode()
    done = one_click(delivery).content.decode()

    assert '<html lang="zh-Hant">' in asked
    assert f"取消訂閱 {issuer.name_zh_hant} 的新聞稿？" in asked
    assert "已取消訂閱" in done


def test_a_damaged_unsubscribe_token_gets_a_friendly_page(client: Client) -> None:
    delivery, _ = a_delivery()
    token = unsubscribe_token(delivery.pk)

    assert_friendly_not_found(client.get(f"/u/{token[:-2]}/"))
    tampered = client.post(
        f"/u/{token}x/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert_friendly_not_found(tampered)
    assert_friendly_not_found(client.get(f"/u/{asset_token(delivery.pk, 1)}/"))
    assert not Suppression.objects.exists()


def test_unsubscribing_is_recorded_on_the_delivery_once() -> None:
    delivery, _ = a_delivery()

    first, second = one_click(delivery), one_click(delivery)

    assert first.status_code == second.status_code == 200
    assert "Location" not in first  # RFC 8058: no redirect
    delivery.refresh_from_db()
    assert delivery.unsubscribed_at is not None
    [event] = DeliveryEvent.objects.filter(delivery=delivery)
    assert event.event_type == "unsubscribed"

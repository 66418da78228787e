"""Asset links tell people from link scanners: every visit is recorded, a machine's flagged with
its reason, and only a person's moves the delivery to clicked. A browser passes the cookie round
trip; a scanner without cookies, with a scanner's user agent, with HEAD or within seconds of the
message leaving us does not."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from distribution.models import AssetClick, Delivery, Send
from distribution.tokens import asset_token
from releases.models import Release
from tests.distribution.officers import EMBARGO, approved_release
from tests.factories import AssetFactory, DeliveryFactory, SendFactory

pytestmark = pytest.mark.django_db

SENT_AT = EMBARGO
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


@pytest.fixture
def a_minute_later() -> Iterator[None]:
    with time_machine.travel(SENT_AT + timedelta(minutes=1), tick=False):
        yield


def a_link() -> tuple[Delivery, str]:
    release = approved_release(status=Release.Status.PUBLISHED)
    asset = AssetFactory.create(release=release, external_url="https://drive.example.com/p/1")
    send = SendFactory.create(release=release, status=Send.Status.SENT)
    delivery = DeliveryFactory.create(send=send, status=Delivery.Status.SENT, sent_at=SENT_AT)
    return delivery, f"/l/{asset_token(delivery.pk, asset.pk)}/"


def status_of(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.status


@pytest.mark.usefixtures("a_minute_later")
def test_a_scanner_that_does_not_come_back_with_the_cookie_is_a_machine() -> None:
    delivery, url = a_link()
    scanner = Client()  # follows redirects, keeps no cookies
    scanner.cookies.clear()

    first = scanner.get(url, headers={"user-agent": BROWSER})
    scanner.cookies.clear()
    second = scanner.get(first["Location"], headers={"user-agent": BROWSER})

    assert second["Location"] == "https://drive.example.com/p/1"  # it still gets the asset
    [click] = AssetClick.objects.all()  # one visit, one record
    assert click.is_machine
    assert "no cookie" in click.machine_reason
    assert status_of(delivery) == Delivery.Status.SENT


@pytest.mark.usefixtures("a_minute_later")
def test_a_browser_passes_the_cookie_round_trip_and_counts_as_a_person() -> None:
    delivery, url = a_link()
    browser = Client()

    first = browser.get(url, headers={"user-agent": BROWSER})
    assert first["Cache-Control"] == "private, no-store"
    assert browser.cookies["pressroom_link"]["httponly"]
    browser.get(first["Location"], headers={"user-agent": BROWSER})
    again = browser.get(url, headers={"user-agent": BROWSER})  # a second click, cookie kept

    assert again["Location"] == "https://drive.example.com/p/1"  # no round trip this time
    assert list(AssetClick.objects.values_list("is_machine", flat=True)) == [False, False]
    assert status_of(delivery) == Delivery.Status.CLICKED


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "python-requests/2.32.3",
        "Mozilla/5.0 (compatible; Barracuda Sentinel)",
        "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/124.0 Safari/537.36",
        "curl/8.5.0",
    ],
)
@pytest.mark.usefixtures("a_minute_later")
def test_a_scanner_s_user_agent_is_a_machine_even_with_cookies(agent: str) -> None:
    delivery, url = a_link()
    client = Client()
    client.cookies["pressroom_link"] = "seen"

    response = client.get(url, headers={"user-agent": agent})

    assert response.status_code == 302
    [click] = AssetClick.objects.all()
    assert click.is_machine
    assert click.machine_reason
    assert status_of(delivery) == Delivery.Status.SENT
    delivery.refresh_from_db()
    assert delivery.machine_clicked_at is not None


def test_a_click_within_seconds_of_sending_is_the_mail_gateway() -> None:
    _delivery, url = a_link()
    client = Client()
    client.cookies["pressroom_link"] = "seen"

    with time_machine.travel(SENT_AT + timedelta(seconds=3), tick=False):
        client.get(url, headers={"user-agent": BROWSER})

    [click] = AssetClick.objects.all()
    assert click.is_machine
    assert click.machine_reason == "within 10 s of sending"


@pytest.mark.usefixtures("a_minute_later")
def test_a_cookie_naming_another_click_confirms_nothing() -> None:
    delivery, url = a_link()
    _other, other_url = a_link()
    browser = Client()
    first = browser.get(other_url, headers={"user-agent": BROWSER})  # cookie for that click

    browser.get(f"{url}?k=1", headers={"user-agent": BROWSER})

    assert first.status_code == 302
    assert status_of(delivery) == Delivery.Status.SENT
    assert AssetClick.objects.filter(delivery=delivery).count() == 0

"""With TRACK_RECIPIENTS off, nothing says who opened a message or downloaded an asset: opens
and clicks are counted per send and hour only, the results page shows those totals, and what
must stay per recipient (a bounce, so that address is not mailed again) still does."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import LazySettings
from django.core import serializers
from django.test import Client
from django.utils import translation

from contacts.models import Suppression
from distribution.models import AssetClick, Delivery, DeliveryEvent, EngagementTally
from distribution.report import report_context, send_report
from tests.distribution import esp_payloads as esp
from tests.distribution.officers import alice, client_for, table, text_of
from tests.distribution.test_links import STORED_URL, asset_url, browser_click
from tests.distribution.test_results_page import results_url
from tests.distribution.tracking_helpers import LATER, a_sent_delivery, deliver, post
from tests.factories import AssetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tracking", "untracked")]


@pytest.fixture
def untracked(settings: LazySettings) -> None:
    settings.TRACK_RECIPIENTS = False


def everything_stored() -> str:
    """Every row a person's trace could be in, as the database dump would show it."""
    rows = [*DeliveryEvent.objects.all(), *AssetClick.objects.all(), *EngagementTally.objects.all()]
    return serializers.serialize("json", rows)


def test_an_open_is_counted_for_the_send_and_names_no_one() -> None:
    delivery = a_sent_delivery(email="mei.chan@hk-daily.example.com")

    statuses = deliver(
        esp.postmark(delivery, "Open", LATER),
        esp.postmark(delivery, "Open", LATER + timedelta(minutes=30)),
    )

    assert statuses == [200, 200]
    delivery.refresh_from_db()
    assert delivery.opened_at is None
    assert delivery.status == Delivery.Status.SENT
    [tally] = EngagementTally.objects.filter(send=delivery.send)
    assert (tally.opens, tally.clicks) == (2, 0)
    assert tally.hour == LATER.replace(minute=0)
    stored = everything_stored()
    assert "mei.chan" not in stored
    assert not DeliveryEvent.objects.filter(delivery__isnull=False).exists()


def test_an_open_posted_again_by_the_esp_is_counted_once() -> None:
    delivery = a_sent_delivery()
    open_event = esp.postmark(delivery, "Open", LATER)

    deliver(open_event)
    deliver(open_event)

    assert EngagementTally.objects.get(send=delivery.send).opens == 1


def test_an_open_by_apple_s_privacy_proxy_is_not_counted() -> None:
    delivery = a_sent_delivery()

    deliver(esp.postmark(delivery, "Open", LATER, user_agent="Mozilla/5.0"))

    assert not EngagementTally.objects.filter(opens__gt=0).exists()


def test_a_bounce_is_still_recorded_against_the_address() -> None:
    delivery = a_sent_delivery(email="gone@hk-daily.example.com")

    deliver(esp.postmark(delivery, "Bounce", LATER))

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.BOUNCED
    assert Suppression.objects.filter(email="gone@hk-daily.example.com").exists()


def test_a_download_is_counted_for_the_asset_and_names_no_one(client: Client) -> None:
    delivery = a_sent_delivery(email="mei.chan@hk-daily.example.com")
    asset = AssetFactory.create(release=delivery.send.release, external_url=STORED_URL)

    with time_machine.travel(LATER, tick=False):
        response = browser_click(
            client, asset_url(delivery.pk, asset.pk), agent="Mozilla/5.0 Safari"
        )

    assert response["Location"] == STORED_URL
    [click] = AssetClick.objects.all()
    assert click.delivery is None
    assert (click.send, click.asset, click.is_machine) == (delivery.send, asset, False)
    assert (click.user_agent, click.ip_hash, click.network_hash, click.outlet) == ("", "", "", None)
    delivery.refresh_from_db()
    assert delivery.clicked_at is None
    assert delivery.status == Delivery.Status.SENT


def test_the_results_page_shows_the_totals_instead_of_people(client: Client) -> None:
    delivery = a_sent_delivery()
    asset = AssetFactory.create(release=delivery.send.release, external_url=STORED_URL)
    deliver(esp.postmark(delivery, "Open", LATER))
    with time_machine.travel(LATER, tick=False):
        browser_click(client, asset_url(delivery.pk, asset.pk))

    with time_machine.travel(LATER + timedelta(hours=2), tick=False):
        page = client_for(alice()).get(results_url(delivery.send)).content.decode()

    assert "1 opens and 0 clicks counted, without saying whose" in text_of(page)
    [row] = [row for row in table(page, "assets") if row[0] == str(asset)]
    assert row[2:5] == ["0", "1", "0"]  # no people known, one person's download, no machines
    assert "first opens (1)" in text_of(page)


def test_tracking_on_keeps_each_recipient(settings: LazySettings) -> None:
    settings.TRACK_RECIPIENTS = True
    delivery = a_sent_delivery()

    assert post(esp.postmark(delivery, "Open", LATER)).status_code == 200
    deliver()

    delivery.refresh_from_db()
    assert delivery.opened_at == LATER
    assert not EngagementTally.objects.exists()


def test_the_morning_after_report_gives_the_counted_totals_in_chinese_too() -> None:
    delivery = a_sent_delivery()
    deliver(esp.postmark(delivery, "Open", LATER))

    with translation.override("zh-hant"):
        figures = dict(report_context(send_report(send=delivery.send))["figures"])

    assert figures["已計算的開啟次數（未逐一追蹤收件人）"] == 1
    assert figures["已計算的點擊次數（未逐一追蹤收件人）"] == 0

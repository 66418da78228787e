"""The coverage report a PR team sends management: the PDF read back (figures and Chinese
present), the workbook, the block on a send's results page, the follow-up list of recipients
who opened but did not cover, and the journalist's click trail on an item."""

import io
import re
from datetime import timedelta
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from coverage.models import CoverageItem
from distribution.models import Delivery
from releases.models import Release
from tests.factories import (
    AssetClickFactory,
    AssetFactory,
    DeliveryFactory,
    MediaContactFactory,
    OutletFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    SendFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    release = PublicReleaseFactory.create(published_at=timezone.now() - timedelta(days=1))
    harbour = OutletFactory.create(name_en="Harbour Daily", name_zh_hant="海港日報")
    island = OutletFactory.create(name_en="Island Post", name_zh_hant="島嶼郵報")
    alex = MediaContactFactory.create(
        outlet=harbour, name_en="Alex Lee", email="alex@harbour.example.com"
    )
    quiet = MediaContactFactory.create(
        outlet=island, name_en="Quinn Silent", email="quinn@island.example.com"
    )
    send = SendFactory.create(release=release)
    now = timezone.now()
    alex_delivery = DeliveryFactory.create(
        send=send, contact=alex, email=alex.email, opened_at=now, status=Delivery.Status.OPENED
    )
    DeliveryFactory.create(
        send=send, contact=quiet, email=quiet.email, opened_at=now, status=Delivery.Status.OPENED
    )
    photo = AssetFactory.create(release=release, caption_en="Chairman at the ceremony")
    AssetClickFactory.create(delivery=alex_delivery, asset=photo, clicked_at=now)
    first = CoverageItem.objects.create(
        url="https://harbour.example.com/a", canonical_url="https://harbour.example.com/a",
        headline="Cluster ranked first", outlet=harbour, journalist=alex, reach=123456,
        tone=CoverageItem.Tone.POSITIVE, published_at=now,
    )  # fmt: skip
    second = CoverageItem.objects.create(
        url="https://harbour.example.com/b", canonical_url="https://harbour.example.com/b",
        headline="集群排名全球第一　初創受惠", outlet=harbour, reach=7890, medium="print",
        print_page="A12", tone=CoverageItem.Tone.NEUTRAL, published_at=now,
    )  # fmt: skip
    proposal = CoverageItem.objects.create(
        url="https://island.example.com/c", canonical_url="https://island.example.com/c",
        headline="Not confirmed yet", outlet=island, reach=999999,
        status=CoverageItem.Status.PROPOSED,
    )  # fmt: skip
    for item in (first, second, proposal):
        item.releases.add(release)
    officer = UserFactory.create(username="pat")
    officer.groups.add(Group.objects.get(name="In-house PR officer"))
    return {"release": release, "send": send, "officer": officer, "first": first}


def _get(world: dict[str, Any], url: str) -> Any:
    client = Client()
    client.force_login(world["officer"])
    return client.get(url)


def test_the_pdf_report_carries_the_figures_in_chinese(world: dict[str, Any]) -> None:
    release = world["release"]
    response = _get(
        world, f"/admin/coverage/coverageitem/report/{release.pk}/pdf/?language=zh-hant"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "媒體報道報告" in text  # the report's title, in Chinese
    assert "集群排名全球第一" in text  # a Chinese story's headline, rendered
    assert "海港日報" in text
    assert "131346" in text  # total reach of the confirmed stories: 123456 + 7890
    assert "999999" not in text  # a proposal is not coverage yet
    assert "quinn@island.example.com" in text  # opened, did not cover: follow up
    assert "alex@harbour.example.com" not in text  # wrote a story


def test_the_pdf_report_in_english(world: dict[str, Any]) -> None:
    release = world["release"]
    response = _get(world, f"/admin/coverage/coverageitem/report/{release.pk}/pdf/?language=en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Coverage report" in text
    assert "Cluster ranked first" in text
    assert "Print, page A12" in text
    assert "Opened, not covered" in text


def test_the_workbook_lists_stories_outlets_and_follow_ups(world: dict[str, Any]) -> None:
    release = world["release"]
    response = _get(world, f"/admin/coverage/coverageitem/report/{release.pk}/xlsx/")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Stories", "Outlets", "Journalists",
                               "Opened, not covered"]  # fmt: skip
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert (summary["Stories"], summary["Reach"], summary["Positive"]) == (2, 131346, 1)
    outlets = list(book["Outlets"].iter_rows(values_only=True))
    assert outlets[1] == ("Harbour Daily 海港日報", 2, 131346)
    follow = [row[0] for row in book["Opened, not covered"].iter_rows(values_only=True)]
    assert follow == ["Address", "quinn@island.example.com"]


def test_a_release_not_public_has_no_report(world: dict[str, Any]) -> None:
    embargoed = ReleaseFactory.create(
        status=Release.Status.SCHEDULED, release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    response = _get(world, f"/admin/coverage/coverageitem/report/{embargoed.pk}/pdf/")
    assert response.status_code == 404


def test_the_results_page_shows_coverage_so_far(world: dict[str, Any]) -> None:
    send = world["send"]
    page = _get(world, f"/admin/distribution/send/{send.pk}/results/").content.decode()
    assert 'id="coverage"' in page
    assert '<strong data-coverage="1">2</strong>' in page  # stories
    assert '<strong data-coverage="3">131346</strong>' in page  # reach
    assert "1 of these stories are by recipients of this send." in page
    assert "1 proposals wait for a yes or no." in page


def test_the_item_shows_the_journalists_click_trail(world: dict[str, Any]) -> None:
    item = world["first"]
    page = _get(world, f"/admin/coverage/coverageitem/{item.pk}/change/").content.decode()
    assert 'id="click-trail"' in page
    assert "Chairman at the ceremony" in page


def test_the_morning_after_report_carries_coverage_so_far(world: dict[str, Any]) -> None:
    from distribution import report as morning_after

    report = morning_after.send_report(send=world["send"])
    email = morning_after.report_email(report=report, to="pat@example.com", pdf=b"")
    assert "Coverage so far" in email.body
    assert "Reach: 131346" in email.body
    assert "Proposals waiting: 1" in email.body
    pdf = morning_after.report_pdf(report)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Coverage so far" in text
    assert "131346" in text


def test_the_stories_stand_beside_the_opens_and_clicks_on_the_48_hour_chart(
    world: dict[str, Any],
) -> None:
    send = world["send"]
    CoverageItem.objects.create(
        url="https://island.example.com/late", canonical_url="https://island.example.com/late",
        headline="Three days later", published_at=send.created_at + timedelta(days=3),
    ).releases.add(world["release"])  # fmt: skip

    page = _get(world, f"/admin/distribution/send/{send.pk}/results/").content.decode()

    green = re.findall(r'<rect [^>]*fill="#16a34a"><title>([^<]*)</title>', page)
    assert len(green) == 1  # both stories ran in the send's first hour; the late one is past 48
    assert green[0].endswith(": 2 stories published")
    assert "stories published (2)" in page  # the legend
    from distribution import report as morning_after

    pdf = morning_after.report_pdf(morning_after.send_report(send=send))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Green: stories published (2)." in text


def test_the_chart_keeps_two_bars_an_hour_before_any_story() -> None:
    from distribution.results import SVG_FRAME
    from distribution.timeline import Timeline, timeline_chart

    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    quiet = Timeline(start=start, opens=[3] * 48, clicks=[1] * 48)
    covered = Timeline(start=start, opens=[3] * 48, clicks=[1] * 48, stories=[0] * 47 + [2])

    two, three = (
        timeline_chart(quiet, "Asia/Hong_Kong", SVG_FRAME).bars,
        timeline_chart(covered, "Asia/Hong_Kong", SVG_FRAME).bars,
    )

    assert len(two) == 96
    assert len(three) == 97
    assert three[0].width < two[0].width  # three bars share each hour's room
    assert three[-1].label == "stories published"

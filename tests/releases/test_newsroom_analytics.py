"""The newsroom's own numbers: each reader's view of a release's page and each download of an
asset's file counts once, per day, with nothing about the reader kept or asked for (no cookie,
no address); crawlers, link scanners, HEAD requests and pages that are not public count nothing.
The figures stand beside the email funnel on the send's results page and in the morning-after
report."""

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import serializers
from django.core.files.base import ContentFile
from django.test import Client

from distribution.report import report_context, send_report
from distribution.results import release_newsroom_figures
from releases.models import Asset, NewsroomCount, Release
from tests.distribution.officers import alice, client_for, table
from tests.distribution.test_results_page import results_url
from tests.factories import PublicReleaseFactory, ReleaseFactory, SendFactory

pytestmark = pytest.mark.django_db

DAY_ONE = datetime(2025, 9, 1, 4, 0, tzinfo=UTC)  # 12:00 HKT
BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"


@pytest.fixture
def release(settings: Any, tmp_path: Path) -> Release:
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(DAY_ONE - timedelta(days=1), tick=False):
        made = PublicReleaseFactory.create()
        photo = Asset(release=made, kind=Asset.Kind.DOCUMENT, caption_en="Fact sheet")
        photo.file.save("facts.pdf", ContentFile(b"%PDF-1.7 facts"), save=True)
    return made


def reader(agent: str = BROWSER) -> Client:
    return Client(HTTP_USER_AGENT=agent)


def page_of(release: Release) -> str:
    return f"/en/releases/{release.pk}-{release.slug}/"


def file_of(release: Release) -> str:
    asset = release.assets.get()
    return f"/files/{asset.pk}/original/{asset.filename}"


def test_views_and_downloads_are_counted_per_day_and_name_no_one(release: Release) -> None:
    with time_machine.travel(DAY_ONE, tick=False):
        for _ in range(3):
            response = reader().get(page_of(release))
            assert response.status_code == 200
            assert not response.cookies  # nothing set to know a reader again
        assert reader().get(file_of(release)).status_code == 200
    with time_machine.travel(DAY_ONE + timedelta(days=1), tick=False):
        reader().get(page_of(release))

    figures = release_newsroom_figures(release_id=release.pk)
    assert (figures.views, figures.downloads) == (4, 1)
    assert [(day.isoformat(), v, d) for day, v, d in figures.days] == [
        ("2025-09-02", 1, 0),
        ("2025-09-01", 3, 1),
    ]
    stored = serializers.serialize("json", NewsroomCount.objects.all())
    assert "127.0.0.1" not in stored
    assert "Mozilla" not in stored
    assert {field.name for field in NewsroomCount._meta.fields} == {
        "id", "day", "release", "asset", "kind", "count"
    }  # fmt: skip


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1",
        "curl/8.5.0",
        "",
    ],
)
def test_crawlers_scripts_and_agentless_requests_count_nothing(
    release: Release, agent: str
) -> None:
    with time_machine.travel(DAY_ONE, tick=False):
        assert reader(agent).get(page_of(release)).status_code == 200
        reader(agent).get(file_of(release))

    assert not NewsroomCount.objects.exists()


def test_head_requests_and_pages_not_public_count_nothing(release: Release) -> None:
    embargoed = ReleaseFactory.create(
        status=Release.Status.SCHEDULED, embargoed=True, embargo_until=DAY_ONE + timedelta(hours=1)
    )
    with time_machine.travel(DAY_ONE, tick=False):
        assert reader().head(page_of(release)).status_code == 200
        assert reader().get(page_of(embargoed)).status_code == 404

    assert not NewsroomCount.objects.exists()


def test_the_results_page_and_the_report_show_the_newsroom_beside_the_email(
    release: Release,
) -> None:
    send = SendFactory.create(release=release, status="sent", scheduled_at=DAY_ONE)
    with time_machine.travel(DAY_ONE, tick=False):
        reader().get(page_of(release))
        reader().get(page_of(release))
        reader().get(file_of(release))
        page = client_for(alice()).get(results_url(send)).content.decode()

    assert 'data-count="newsroom_views">2<' in page
    assert 'data-count="newsroom_downloads">1<' in page
    [row] = [row for row in table(page, "assets") if row[0] == "Fact sheet"]
    assert row[-1] == "1"
    figures = dict(report_context(send_report(send=send))["figures"])
    assert figures["Newsroom page views"] == 2
    assert figures["Newsroom downloads"] == 1

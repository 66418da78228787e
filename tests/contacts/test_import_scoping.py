"""An agency officer imports into the agency's own lists only, and an imported row never
changes a record the agency cannot edit: rows are matched by address, never by an id in the
file; contacts the in-house team maintains are left as they are."""

from typing import Any

import pytest

from contacts.models import DistributionList, MediaContact, Organisation
from contacts.services import ImportRefused, contacts_import
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import MediaContactFactory

pytestmark = pytest.mark.django_db


def run(rows: list[list[str]], user: Any, **options: Any) -> dict[str, Any]:
    return contacts_import(
        data=csv_bytes(rows), file_name="agency.csv", by=user, dry_run=False, **options
    )


def test_an_id_column_pointing_at_another_organisations_contact_is_ignored(charlie: Any) -> None:
    theirs = MediaContactFactory.create(
        email="editor@daily.example.com", name_en="Park's Editor", job_title="Editor"
    )

    report = run(
        [
            ["ID", "Email", "Name", "Job title"],
            [str(theirs.pk), "intruder@agency.test", "Intruder", "Hacker"],
        ],
        charlie,
    )

    theirs.refresh_from_db()
    assert (theirs.email, theirs.name_en, theirs.job_title) == (
        "editor@daily.example.com",
        "Park's Editor",
        "Editor",
    )
    created = MediaContact.objects.get(email="intruder@agency.test")
    assert created.pk != theirs.pk
    assert report["counts"]["new"] == 1
    assert report["ignored_columns"][0]["header"] == "ID"


def test_an_agency_import_leaves_the_in_house_teams_contacts_as_they_are(
    charlie: Any, agency: Organisation, agency_list: DistributionList
) -> None:
    theirs = MediaContactFactory.create(
        email="editor@daily.example.com", name_zh_hant="", phone="", maintained_by=None
    )

    report = run(
        [
            ["Email", "Name (Chinese)", "Phone", "Beats"],
            ["Editor@Daily.example.com", "編輯", "+852 5550 0004", "Fintech"],
        ],
        charlie,
        distribution_list=agency_list,
    )

    theirs.refresh_from_db()
    assert (theirs.name_zh_hant, theirs.phone) == ("", "")
    assert not theirs.beats.exists()
    assert report["not_editable"] == [
        {"row": 2, "email": "editor@daily.example.com", "maintained_by": "the in-house team"}
    ]
    assert report["counts"] == report["counts"] | {"updated": 0, "unchanged": 1}
    # The agency may still put the journalist on its own list.
    assert list(agency_list.members.all()) == [theirs]


def test_an_agency_updates_the_contacts_it_added(charlie: Any, agency: Organisation) -> None:
    run([["Email", "Name"], ["new@agency.test", "New Contact"]], charlie)
    contact = MediaContact.objects.get(email="new@agency.test")
    assert contact.maintained_by == agency

    report = run([["Email", "Phone"], ["new@agency.test", "+852 5550 0005"]], charlie)

    contact.refresh_from_db()
    assert contact.phone == "+852 5550 0005"
    assert report["counts"]["updated"] == 1


def test_an_agency_cannot_import_into_another_organisations_list(
    charlie: Any, park_list: DistributionList
) -> None:
    with pytest.raises(ImportRefused, match="You may not add contacts to the list"):
        run([["Email", "Name"], ["a@agency.test", "A"]], charlie, distribution_list=park_list)
    assert not MediaContact.objects.exists()


def test_a_list_named_in_the_file_is_one_of_the_agencys_own(
    charlie: Any, agency: Organisation, park_list: DistributionList
) -> None:
    report = run([["Email", "Name", "Lists"], ["a@agency.test", "A", "Technology desk"]], charlie)

    # The park's list of that name is not touched; the agency gets its own.
    assert not park_list.members.exists()
    agency_copy = DistributionList.objects.get(owner=agency, name="Technology desk")
    assert [contact.email for contact in agency_copy.members.all()] == ["a@agency.test"]
    assert report["new_lists"] == ["Technology desk"]


def test_in_house_officers_fill_any_list_and_name_lists_in_the_file(
    alice: Any, park_list: DistributionList, agency_list: DistributionList
) -> None:
    report = run(
        [
            ["Email", "Name", "Lists"],
            ["a@daily.example.com", "A", "technology DESK; Lantern fintech writers"],
        ],
        alice,
    )

    assert report["list_additions"] == [
        {"list": "Lantern fintech writers", "added": 1, "already": 0},
        {"list": "Technology desk", "added": 1, "already": 0},
    ]
    assert park_list.members.count() == agency_list.members.count() == 1

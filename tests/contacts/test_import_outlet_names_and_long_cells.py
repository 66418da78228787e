"""An agency's real contact file: outlets named in English in some rows and in Chinese in others
are one outlet, whether Pressroom knows it already or the file names it both ways once; and a
cell too long for the csv module refuses its own row, reported with its number, not the file."""

from typing import Any

import pytest

from contacts.models import MediaContact, Outlet
from contacts.services import contacts_import, outlets_import
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db

HEADER = ["Email", "Name", "Outlet"]


def imported(rows: list[list[str]], user: Any) -> dict[str, Any]:
    return contacts_import(
        data=csv_bytes([HEADER, *rows]), file_name="agency.csv", by=user, dry_run=False
    )


def outlet_of(email: str) -> Outlet | None:
    return MediaContact.objects.get(email=email).outlet


def test_a_known_outlet_is_found_by_its_english_or_its_chinese_name(alice: Any) -> None:
    known = OutletFactory.create(name_en="Kowloon Business Times", name_zh_hant="九龍商報")

    imported(
        [
            ["lee@kbt.example.com", "Lee Sze-wing", "Kowloon Business Times"],
            ["chan@kbt.example.com", "陳大文", "九龍商報"],
        ],
        alice,
    )

    assert outlet_of("lee@kbt.example.com") == known
    assert outlet_of("chan@kbt.example.com") == known
    assert Outlet.objects.count() == 1


def test_a_new_outlet_named_both_ways_once_links_the_rows_naming_it_one_way(alice: Any) -> None:
    report = imported(
        [
            ["chan@kbt.example.com", "陳大文", "九龍商報"],
            ["ho@kbt.example.com", "何美玲", "Kowloon Business Times / 九龍商報"],
            ["lee@kbt.example.com", "Lee Sze-wing", "Kowloon Business Times"],
            ["ng@kbt.example.com", "Ng Ka-yan", "九龍商報 (Kowloon Business Times)"],
        ],
        alice,
    )

    (outlet,) = Outlet.objects.all()
    assert (outlet.name_en, outlet.name_zh_hant) == ("Kowloon Business Times", "九龍商報")
    assert MediaContact.objects.filter(outlet=outlet).count() == 4
    assert report["new_outlets"] == ["Kowloon Business Times"]


def test_a_name_written_with_a_space_only_stays_one_name(alice: Any) -> None:
    imported([["news@tvb.example.com", "Wong Siu-ming", "TVB 翡翠台"]], alice)

    (outlet,) = Outlet.objects.all()
    assert outlet.name_en == "TVB 翡翠台"


def test_the_outlets_import_makes_one_outlet_of_rows_naming_it_in_either_language(
    alice: Any,
) -> None:
    data = csv_bytes(
        [
            ["英文名稱", "中文名稱", "類別"],
            ["Kowloon Business Times", "", "報章"],
            ["", "九龍商報", ""],
            ["Kowloon Business Times", "九龍商報", ""],
            ["Skyline Television", "天際電視台", "電視"],
        ]
    )

    outlets_import(data=data, file_name="outlets.csv", by=alice, dry_run=False)

    assert sorted(Outlet.objects.values_list("name_en", "name_zh_hant", "kind")) == [
        ("Kowloon Business Times", "九龍商報", "newspaper"),
        ("Skyline Television", "天際電視台", "tv"),
    ]


def test_a_cell_over_the_csv_limit_refuses_its_row_and_the_rest_are_imported(
    alice: Any,
) -> None:
    pasted = "剪報內容" * 40_000  # 160,000 characters pasted into the notes
    data = csv_bytes(
        [
            ["Email", "Name", "Notes"],
            ["first@daily.example.com", "First", ""],
            ["pasted@daily.example.com", "Pasted", pasted],
            ["last@daily.example.com", "Last", "短備註"],
        ]
    )

    report = contacts_import(data=data, file_name="media.csv", by=alice, dry_run=False)

    assert [(entry["row"], entry["email"]) for entry in report["invalid"]] == [
        (3, "pasted@daily.example.com")
    ]
    assert (
        "column C holds 160,000 characters, more than the 131,072"
        in (report["invalid"][0]["reason"])
    )
    assert sorted(MediaContact.objects.values_list("email", flat=True)) == [
        "first@daily.example.com",
        "last@daily.example.com",
    ]

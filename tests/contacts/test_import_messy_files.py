"""Spreadsheets as they arrive from agencies and other tools: Chinese headers and names, a BOM,
Big5 or UTF-16 from Excel on a Chinese Windows, line breaks inside quoted cells, blank lines and
a bad address among good ones. Each is read, checked and imported, and every bad row is
reported with the row number the spreadsheet shows and the reason."""

from typing import Any

import pytest

from contacts.models import MediaContact, Outlet
from contacts.services import contacts_import
from tests.contacts.spreadsheets import csv_bytes, xlsx_bytes
from tests.factories import BeatFactory, OutletFactory

pytestmark = pytest.mark.django_db

CHINESE_HEADER = ["電郵", "姓名", "機構", "範疇", "語言", "電話"]


def check(data: bytes, user: Any, **options: Any) -> dict[str, Any]:
    return contacts_import(data=data, file_name="media.csv", by=user, dry_run=True, **options)


def imported(data: bytes, user: Any, **options: Any) -> dict[str, Any]:
    return contacts_import(data=data, file_name="media.csv", by=user, dry_run=False, **options)


def test_it_reads_chinese_headers_and_names_from_a_csv_with_a_bom(alice: Any) -> None:
    OutletFactory.create(name_en="Harbour Daily", name_zh_hant="港灣日報")
    BeatFactory.create(slug="technology", name_en="Technology", name_zh_hant="科技")
    data = csv_bytes(
        [
            CHINESE_HEADER,
            [
                "chan.taiman@daily.example.com",
                "陳大文",
                "港灣日報",
                "科技、人工智能",
                "中文",
                "+852 5550 1234",
            ],
            ["mary.lam@daily.example.com", "Mary Lam", "Harbour Daily", "Technology", "英文", ""],
        ],
        bom=True,
    )

    report = imported(data, alice)

    assert report["counts"]["new"] == 2
    assert report["counts"]["invalid"] == 0
    assert [column["field"] for column in report["columns"]] == [
        "Email",
        "Name",
        "Outlet",
        "Beats",
        "Language",
        "Phone",
    ]
    chan = MediaContact.objects.get(email="chan.taiman@daily.example.com")
    assert (chan.name_zh_hant, chan.name_en) == ("陳大文", "")
    assert chan.outlet is not None
    assert chan.outlet.name_en == "Harbour Daily"
    assert chan.preferred_language == "zh-hant"
    assert chan.phone == "+852 5550 1234"
    assert sorted(beat.name_en for beat in chan.beats.all()) == ["Technology", "人工智能"]
    mary = MediaContact.objects.get(email="mary.lam@daily.example.com")
    assert (mary.name_en, mary.preferred_language) == ("Mary Lam", "en")
    assert mary.outlet == chan.outlet
    assert report["new_beats"] == ["人工智能"]
    assert report["new_outlets"] == []


def test_it_reads_a_big5_csv_as_excel_saves_it_on_traditional_chinese_windows(
    alice: Any,
) -> None:
    data = csv_bytes(
        [CHINESE_HEADER, ["wong@tv.example.com", "黃小明", "天際電視台", "財經", "中英", ""]],
        encoding="big5hkscs",
    )

    report = imported(data, alice)

    assert "Big5" in report["notes"][-1]
    contact = MediaContact.objects.get(email="wong@tv.example.com")
    assert contact.name_zh_hant == "黃小明"
    assert contact.preferred_language == "both"
    outlet = Outlet.objects.get(name_zh_hant="天際電視台")
    assert outlet.kind == ""  # not known yet: the officer sets it on the outlet's page
    assert report["new_outlets"] == ["天際電視台"]


def test_it_reads_unicode_text_from_excel_in_utf16_with_tabs(alice: Any) -> None:
    data = csv_bytes(
        [
            ["Email", "Name (English)", "Name (Chinese)"],
            ["lee@wire.example.com", "Ivy Lee", "李嘉欣"],
        ],
        encoding="utf-16-le",
        bom=True,
        delimiter="\t",
    )

    report = imported(data, alice)

    assert report["counts"]["new"] == 1
    contact = MediaContact.objects.get(email="lee@wire.example.com")
    assert (contact.name_en, contact.name_zh_hant) == ("Ivy Lee", "李嘉欣")


def test_it_numbers_rows_as_the_spreadsheet_shows_them_despite_line_breaks_and_blank_lines(
    alice: Any,
) -> None:
    data = csv_bytes(
        [
            ["Email", "Name", "Notes"],
            ["first@daily.example.com", "First Reporter", "Met at the launch\r\nprefers email"],
            ["second@daily.example.com", "Second Reporter", ""],
            ["not-an-address", "Bad Row", ""],
            ["third@daily.example.com", "Third Reporter", ""],
        ],
        blank_lines_after=(2,),
    )

    report = imported(data, alice)

    # Row 1 is the header, row 2 spans two lines of text, row 4 is blank: the bad address is in
    # row 5, where the spreadsheet shows it.
    assert report["invalid"] == [
        {
            "row": 5,
            "email": "not-an-address",
            "reason": "“not-an-address” is not a valid email address",
        }
    ]
    assert report["counts"] == report["counts"] | {"rows": 4, "blank": 1, "new": 3, "invalid": 1}
    first = MediaContact.objects.get(email="first@daily.example.com")
    assert first.notes == "Met at the launch\nprefers email"
    assert MediaContact.objects.count() == 3


def test_it_gives_each_bad_row_its_reason_and_imports_the_good_ones(alice: Any) -> None:
    data = csv_bytes(
        [
            ["Email", "Name", "Language", "Outlet type", "Outlet"],
            ["good.one@daily.example.com", "Good One", "English", "", ""],
            ["", "No Address", "", "", ""],
            ["broken@", "Broken Address", "", "", ""],
            ["klingon@daily.example.com", "Worf", "Klingon", "", ""],
            ["nameless@daily.example.com", "", "", "", ""],
            ["podcast@daily.example.com", "Pod Caster", "", "podcast", "Pod Weekly"],
            ["good.two@daily.example.com", "Good Two", "", "", ""],
        ]
    )

    checked = check(data, alice)

    assert [(entry["row"], entry["reason"]) for entry in checked["invalid"]] == [
        (3, "no email address"),
        (4, "“broken@” is not a valid email address"),
        (5, "unknown language “Klingon”: use English, Chinese or Both (英文、中文、中英)"),
        (6, "missing name: a new contact needs a name in English or Chinese"),
        (
            7,
            "unknown outlet type “podcast”: use newspaper, TV, radio, online, wire, magazine, "
            "trade or blog",
        ),
    ]
    assert checked["counts"]["new"] == 2
    assert not MediaContact.objects.exists(), "a check writes nothing"

    imported(data, alice)
    assert sorted(MediaContact.objects.values_list("email", flat=True)) == [
        "good.one@daily.example.com",
        "good.two@daily.example.com",
    ]


def test_it_reads_an_xlsx_workbook_with_numbers_as_the_officer_typed_them(alice: Any) -> None:
    data = xlsx_bytes(
        [
            ["電郵 Email", "英文姓名", "中文姓名", "電話"],
            ["ho@radio.example.com", "Ray Ho", "何浩然", 85255501234],
        ]
    )

    report = imported(data, alice)

    assert report["notes"][-1] == "Read as XLSX; the header is row 1."
    contact = MediaContact.objects.get(email="ho@radio.example.com")
    assert (contact.name_en, contact.name_zh_hant, contact.phone) == (
        "Ray Ho",
        "何浩然",
        "85255501234",
    )


def test_it_lists_the_columns_it_ignores_and_says_why(alice: Any) -> None:
    data = csv_bytes(
        [["ID", "Email", "Name", "Favourite colour"], ["7", "a@daily.example.com", "A", "blue"]]
    )

    report = check(data, alice)

    assert report["ignored_columns"] == [
        {
            "column": "A",
            "header": "ID",
            "why": "rows are matched by email address or name, never by an id in a file",
        },
        {"column": "D", "header": "Favourite colour", "why": "not a column Pressroom knows"},
    ]

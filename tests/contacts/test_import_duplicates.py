"""One journalist, one record: an address is known whatever its case, spaces or width, within a
file and across files. A known address updates its contact by the merge rules (fill blanks,
never erase, beats added), and the check says what it kept."""

from typing import Any

import pytest

from contacts.models import MediaContact
from contacts.services import contacts_import
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import BeatFactory, MediaContactFactory, OutletFactory

pytestmark = pytest.mark.django_db


def run(rows: list[list[str]], user: Any, *, dry_run: bool = False) -> dict[str, Any]:
    return contacts_import(data=csv_bytes(rows), file_name="list.csv", by=user, dry_run=dry_run)


def test_it_merges_duplicates_in_a_file_whatever_their_case_and_reports_them(alice: Any) -> None:
    report = run(
        [
            ["Email", "Name (English)", "Name (Chinese)", "Phone", "Beats"],
            ["Mary.Lam@Daily.Example.com", "Mary Lam", "", "", "Technology"],
            [" mary.lam@daily.example.com ", "M. Lam", "林美麗", "+852 5550 0001", "AI"],
            ["ＭＡＲＹ．ＬＡＭ＠ＤＡＩＬＹ．ＥＸＡＭＰＬＥ．ＣＯＭ", "", "", "", "Fintech"],
            ["other@daily.example.com", "Other", "", "", ""],
        ],
        alice,
    )

    assert report["counts"] == report["counts"] | {"new": 2, "merged": 2, "invalid": 0}
    assert report["merged"] == [{"email": "mary.lam@daily.example.com", "rows": [2, 3, 4]}]
    mary = MediaContact.objects.get(email="mary.lam@daily.example.com")
    # The first row wins; later rows only fill what it left empty; beats from every row.
    assert (mary.name_en, mary.name_zh_hant, mary.phone) == ("Mary Lam", "林美麗", "+852 5550 0001")
    assert sorted(beat.name_en for beat in mary.beats.all()) == ["AI", "Fintech", "Technology"]
    assert MediaContact.objects.count() == 2


def test_a_second_file_updates_the_known_contact_fills_blanks_and_never_erases(alice: Any) -> None:
    tech = BeatFactory.create(slug="technology", name_en="Technology")
    daily = OutletFactory.create(name_en="Harbour Daily")
    known = MediaContactFactory.create(
        email="chris.wong@daily.example.com",
        name_en="Chris Wong",
        name_zh_hant="",
        phone="",
        job_title="Reporter",
        notes="Prefers phone calls",
        outlet=daily,
        beats=[tech],
    )
    rows = [
        [
            "Email",
            "Name (English)",
            "Name (Chinese)",
            "Phone",
            "Job title",
            "Notes",
            "Beats",
            "Outlet",
        ],
        [
            "CHRIS.WONG@daily.example.com",
            "Christopher Wong",
            "黃志強",
            "+852 5550 0002",
            "",
            "",
            "Technology, Startups",
            "",
        ],
        ["new.face@daily.example.com", "New Face", "", "", "", "", "", ""],
    ]

    checked = run(rows, alice, dry_run=True)
    assert checked["counts"] == checked["counts"] | {"new": 1, "updated": 1, "unchanged": 0}
    assert checked["kept"] == [
        {
            "row": 2,
            "email": "chris.wong@daily.example.com",
            "field": "name_en",
            "kept": "Chris Wong",
            "file": "Christopher Wong",
        },
    ]
    run(rows, alice)

    known.refresh_from_db()
    assert known.name_en == "Chris Wong"  # never overwritten
    assert known.name_zh_hant == "黃志強"  # blank filled
    assert known.phone == "+852 5550 0002"  # blank filled
    assert known.job_title == "Reporter"  # never erased by an empty cell
    assert known.notes == "Prefers phone calls"
    assert known.outlet == daily
    assert sorted(beat.name_en for beat in known.beats.all()) == ["Startups", "Technology"]
    assert MediaContact.objects.filter(email__iexact="chris.wong@daily.example.com").count() == 1

    # The same file again changes nothing.
    again = run(rows, alice, dry_run=True)
    assert again["counts"] == again["counts"] | {"new": 0, "updated": 0, "unchanged": 2}


def test_it_imports_a_large_file_in_a_bounded_number_of_queries(
    alice: Any, django_assert_max_num_queries: Any
) -> None:
    """Bulk, not one query per row: 40 rows or 400, the same few dozen queries."""
    header = [["Email", "Name", "Outlet", "Beats", "Lists"]]
    for size in (40, 400):
        rows = header + [
            [
                f"reporter{size}-{n}@daily.example.com",
                f"Reporter {n}",
                f"Outlet {n % 7}",
                f"Beat {n % 5}, Beat {n % 3}",
                "Technology desk",
            ]
            for n in range(size)
        ]
        with django_assert_max_num_queries(40):
            report = run(rows, alice)
        assert report["counts"]["new"] == size
    assert MediaContact.objects.count() == 440

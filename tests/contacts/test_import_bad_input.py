"""Files that cannot be imported at all get a clear message on the import page, and nothing is
written: not a contact, not even a stored copy of the file."""

import codecs
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from contacts.models import ImportJob, MediaContact
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_mediacontact_import")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.csv", b"", "The submitted file is empty."),
        ("blank.csv", b"\r\n\r\n  \r\n", "The file is empty."),
        ("bom-only.csv", codecs.BOM_UTF8 + b"\r\n", "The file is empty: it has no header row"),
        (
            "no-email.csv",
            csv_bytes([["姓名", "機構"], ["陳大文", "港灣日報"]]),
            "The file has no Email column. Pressroom looks for a header such as Email, 電郵, "
            "E-mail. Headers found: “姓名”, “機構”.",
        ),
        (
            "two-email-columns.csv",
            csv_bytes([["Email", "電郵"], ["a@daily.example.com", "b@daily.example.com"]]),
            "Columns A and B are both read as “Email” (Email / 電郵). Keep one of them",
        ),
        ("photo.csv", PNG, "This file is a PNG image, not a CSV or XLSX spreadsheet."),
        (
            "random.csv",
            bytes((n * 37) % 256 for n in range(4096)),
            "This file holds binary data, not text: it is not a CSV spreadsheet.",
        ),
        (
            "old.csv",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "an old Excel 97-2003 workbook (.xls)",
        ),
        (
            "latin1.csv",
            "Email,Name\r\nmuller@daily.example.com,Müller, José\r\n".encode("cp1252"),
            "Pressroom could not tell which text encoding this file uses",
        ),
        (
            "formulas.xlsx",
            xlsx_bytes(
                [["Email", "Name"], ["a@daily.example.com", '=HYPERLINK("http://x.test","A")']]
            ),
            "The workbook holds formulas, in cell B2 (=HYPERLINK(",
        ),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, "not a readable Excel workbook (.xlsx)"),
    ],
)
def test_a_file_that_cannot_be_imported_gets_a_clear_message_and_nothing_is_written(
    alice: Any, name: str, data: bytes, message: str
) -> None:
    response = client_for(alice).post(IMPORT_URL, {"import_file": upload(name, data)})

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not MediaContact.objects.exists()


def test_a_50_mb_file_over_the_limit_is_refused_before_it_is_read(alice: Any) -> None:
    data = b"Email,Name\r\n" + b"reporter@daily.example.com,Reporter\r\n" * (50 * 1024 * 1024 // 37)

    response = client_for(alice).post(IMPORT_URL, {"import_file": upload("huge.csv", data)})

    message = (
        "The file is 50.0 MB; the largest file an import takes is 20.0 MB. Split it into "
        "smaller files, or ask an administrator to raise IMPORT_MAX_MB."
    )
    assert escape(message) in response.content.decode()
    assert not ImportJob.objects.exists()
    assert not MediaContact.objects.exists()


def test_a_file_whose_encoding_was_chosen_wrongly_says_so(alice: Any) -> None:
    data = csv_bytes([["電郵", "姓名"], ["a@daily.example.com", "陳大文"]], encoding="big5hkscs")

    response = client_for(alice).post(
        IMPORT_URL, {"import_file": upload("big5.csv", data), "encoding": "utf-8"}
    )

    assert escape("The file is not UTF-8 (Excel: CSV UTF-8) text") in response.content.decode()
    assert not ImportJob.objects.exists()

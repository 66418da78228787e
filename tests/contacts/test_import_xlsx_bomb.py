"""An XLSX is a ZIP archive, and a small one can unpack to hundreds of MB (257 KiB cost
+515 MiB). A workbook that would unpack too large is refused on the import page from the sizes
its archive declares, before anything is unpacked; nothing is kept, nothing imported. A real
workbook of 100,000 contacts passes."""

import functools
import io
import tracemalloc
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from audit.models import UserPreference
from contacts.importing.reading import refuse_zip_bomb
from contacts.models import ImportJob, MediaContact
from contacts.xlsx import write_xlsx
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import SHEET, declaring, upload, xlsx_bomb, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_mediacontact_import")
MiB = 1024 * 1024
TIGHT = "This workbook is packed far more tightly than a spreadsheet can be"


@functools.cache
def bomb() -> bytes:
    """100 MB of sheet XML in about 350 KB: checked in the web request (under 512 KB)."""
    return xlsx_bomb(100)


def _post(user: Any, name: str, data: bytes) -> tuple[str, int]:
    """The import page's answer, and the most memory Python held while making it."""
    client = client_for(user)
    tracemalloc.start()
    try:
        response = client.post(IMPORT_URL, {"import_file": upload(name, data)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    return response.content.decode(), peak


@pytest.mark.parametrize("in_background", [False, True], ids=["small-file", "large-file"])
def test_a_decompression_bomb_is_refused_before_it_is_unpacked(
    alice: Any, settings: Any, in_background: bool
) -> None:
    if in_background:  # a large file is read only as far as its header on the page
        settings.IMPORT_BACKGROUND_BYTES = 1024
    data = bomb()
    assert len(data) < 512 * 1024

    page, peak = _post(alice, "contacts.xlsx", data)

    assert escape(f"{TIGHT} (“{SHEET}” would unpack to ") in page
    assert "nothing was imported" in page
    assert peak < 20 * MiB  # unpacked, its sheet alone would be 100 MB
    assert not ImportJob.objects.exists()
    assert not MediaContact.objects.exists()


def test_the_refusal_is_in_chinese_for_an_officer_who_reads_chinese(alice: Any) -> None:
    UserPreference.objects.create(user=alice, language="zh-hant")

    page, _ = _post(alice, "contacts.xlsx", bomb())

    assert "這個活頁簿的壓縮程度遠超任何試算表" in page
    assert TIGHT not in page
    assert not ImportJob.objects.exists()


def test_a_workbook_that_declares_more_than_an_import_reads_is_refused(alice: Any) -> None:
    normal = xlsx_bytes([["Email"], ["a@daily.example.com"]])

    page, _ = _post(alice, "contacts.xlsx", declaring(normal, SHEET, 300 * MiB))

    assert escape("Unpacked, this workbook would take 300 MB, more than the 256 MB") in page
    assert not ImportJob.objects.exists()


def test_a_part_read_whole_is_held_to_a_lower_limit(alice: Any) -> None:
    normal = xlsx_bytes([["Email"], ["a@daily.example.com"]])

    page, _ = _post(alice, "contacts.xlsx", declaring(normal, "xl/styles.xml", 65 * MiB))

    assert escape("the part “xl/styles.xml” of this workbook would take 65 MB") in page
    assert not ImportJob.objects.exists()


def test_a_workbook_of_thousands_of_parts_is_refused(alice: Any) -> None:
    normal = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Email"], ["a@daily.example.com"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as padded:
        for part in normal.infolist():
            padded.writestr(part, normal.read(part))
        for number in range(1001):
            padded.writestr(f"xl/media/{number}.bin", b"")

    page, _ = _post(alice, "contacts.xlsx", out.getvalue())

    assert escape("This file holds more than 1,000 parts") in page
    assert not ImportJob.objects.exists()


def test_a_workbook_that_declares_less_than_it_holds_is_read_no_further(alice: Any) -> None:
    """The lie the check cannot see: the sheet declares 5,000 bytes and holds 100 MB. zipfile
    gives openpyxl no more than the 5,000 (then the CRC fails): refused as unreadable."""
    page, peak = _post(alice, "contacts.xlsx", declaring(bomb(), SHEET, 5000))

    assert escape("This file is a ZIP archive but not a readable Excel workbook") in page
    assert peak < 20 * MiB
    assert not ImportJob.objects.exists()


def test_a_workbook_of_100000_contacts_passes_the_check() -> None:
    """The shape of bench/bench_import.py's rows: 64-78 MB unpacked, about 10:1."""
    rows = (
        [
            f"reporter{n}@newsroom{n % 97}.example.com",
            f"陳大文 {n}",
            f"Reporter {n}",
            "港灣日報" if n % 3 else "Harbour Daily",
            "科技、財經",
            "zh-hant",
            f"+852 5{n % 1000:03d} {n % 10000:04d}",
            "Reporter",
            "Tech desk" if n % 4 == 0 else "",
            "Met at the launch" if n % 11 == 0 else "",
            str(n),
        ]
        for n in range(100_000)
    )
    header = ["電郵 Email", "姓名", "Name (English)", "機構", "範疇", "語言", "電話", "Job title",
              "Lists", "備註", "ID"]  # fmt: skip
    workbook = write_xlsx(header, rows)

    refuse_zip_bomb(workbook)  # raises nothing

    unzipped = sum(part.file_size for part in zipfile.ZipFile(io.BytesIO(workbook)).infolist())
    assert unzipped > 50 * MiB


def test_a_normal_workbook_is_still_checked_and_imported(alice: Any) -> None:
    data = xlsx_bytes([["Email", "Name"], ["mary.lam@daily.example.com", "Mary Lam"]])
    client = client_for(alice)

    response = client.post(IMPORT_URL, {"import_file": upload("contacts.xlsx", data)})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("admin:contacts_mediacontact_import_job", args=[job.pk])
    client.post(reverse("admin:contacts_mediacontact_process_import"), {"job": job.pk})

    assert MediaContact.objects.get().email == "mary.lam@daily.example.com"

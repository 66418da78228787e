"""Alice reads the admin in Traditional Chinese: her import is refused, checked and reported in
Chinese, also when a worker checks a large file for her, away from any web request."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils.translation import override

from audit.models import UserPreference
from contacts import tasks
from contacts.models import ImportJob
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes, upload

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_mediacontact_import")


@pytest.fixture
def alice_in_chinese(alice: Any) -> Any:
    UserPreference.objects.create(user=alice, language="zh-hant")
    return alice


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_chinese(alice_in_chinese: Any) -> None:
    response = client_for(alice_in_chinese).post(
        IMPORT_URL, {"import_file": upload("photo.csv", b"%PDF-1.7 not a spreadsheet")}
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "這個檔案是PDF 文件，不是 CSV 或 XLSX 試算表。" in text
    assert "not a CSV or XLSX spreadsheet" not in text
    assert not ImportJob.objects.exists()  # nothing kept


def test_the_check_reports_each_bad_row_in_chinese(alice_in_chinese: Any) -> None:
    data = csv_bytes([["電郵", "姓名"], ["broken@", "Broken"], ["ok@daily.example.com", "OK"]])
    client = client_for(alice_in_chinese)

    response = client.post(IMPORT_URL, {"import_file": upload("list.csv", data)})

    check = client.get(response["Location"]).content.decode()
    assert "<td>第 2 行</td><td>broken@</td><td>「broken@」不是有效的電郵地址</td>" in check
    assert "檢查（試行）：尚未寫入任何資料" in check
    assert "is not a valid email address" not in check


def test_a_worker_reports_in_the_language_of_whoever_uploaded(
    alice_in_chinese: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.IMPORT_BACKGROUND_BYTES = 64
    rows = [["Email", "Name"]] + [[f"r{n}@daily.example.com", f"R {n}"] for n in range(5)]
    data = csv_bytes([*rows, ["not-an-address", "Bad Row"]])
    client = client_for(alice_in_chinese)
    with django_capture_on_commit_callbacks():
        response = client.post(IMPORT_URL, {"import_file": upload("big.csv", data)})
    job = ImportJob.objects.get()
    assert job.in_background

    with override("en"):  # a worker: no request, the default language
        tasks.import_job_process(job.pk)

    job.refresh_from_db()
    assert job.report["invalid"][0]["reason"] == "「not-an-address」不是有效的電郵地址"
    check = client.get(response["Location"]).content.decode()
    assert "已讀取 6 行" in check  # "6 rows read"

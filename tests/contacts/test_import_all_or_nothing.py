"""Nothing is half-imported: the confirmed import is one transaction. If anything fails while
the valid rows are written, nothing of the file is in the database and the page says why; an
unconfirmed check expires after a day."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from contacts import bulk
from contacts.models import Beat, DistributionList, ImportJob, MediaContact, Outlet
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes, upload
from tests.factories import MediaContactFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:contacts_mediacontact_import")
CONFIRM_URL = reverse("admin:contacts_mediacontact_process_import")
FILE = csv_bytes(
    [
        ["Email", "Name", "Outlet", "Beats", "Lists"],
        ["new.one@daily.example.com", "New One", "Brand New Daily", "Space", "Launch list"],
        ["known@daily.example.com", "Known", "", "Space", "Launch list"],
    ]
)


def test_a_failure_while_writing_leaves_nothing_half_imported(
    alice: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = MediaContactFactory.create(email="known@daily.example.com", phone="")
    client = client_for(alice)
    client.post(IMPORT_URL, {"import_file": upload("list.csv", FILE)})
    job = ImportJob.objects.get()
    writes = []

    def fail_on_list_members(through: Any, *args: Any) -> None:
        # The contacts, outlet, beat and list are written by now; the memberships fail, as if
        # a colleague had changed the database at that very moment.
        writes.append(through)
        if through is DistributionList.members.through:
            raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(bulk, "insert_pairs", fail_on_list_members)
    response = client.post(CONFIRM_URL, {"job": job.pk}, follow=True)

    assert DistributionList.members.through in writes
    page = response.content.decode()
    assert "added by someone else while the import ran, so nothing was imported" in page
    assert list(MediaContact.objects.all()) == [known]
    assert not known.beats.exists()
    assert not Outlet.objects.filter(name_en="Brand New Daily").exists()
    assert not Beat.objects.filter(name_en="Space").exists()
    assert not DistributionList.objects.filter(name="Launch list").exists()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_a_check_not_confirmed_within_a_day_expires(alice: Any) -> None:
    client = client_for(alice)
    client.post(IMPORT_URL, {"import_file": upload("list.csv", FILE)})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED

    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        client.post(IMPORT_URL, {"import_file": upload("other.csv", FILE)})  # any later upload
        response = client.post(CONFIRM_URL, {"job": job.pk}, follow=True)

    assert "cannot be confirmed now" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == "Not confirmed within a day: upload the file again."
    assert bytes(job.data) == b""
    assert not MediaContact.objects.filter(email="new.one@daily.example.com").exists()

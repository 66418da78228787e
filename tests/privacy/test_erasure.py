"""Erasing a person from the admin: afterwards the database dump holds neither their address
nor their name, each send keeps its figures, the other journalist keeps everything, and a
re-import of the address is held for a person to decide instead of bringing them back."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from contacts.models import ErasedAddress, MediaContact
from contacts.services import contacts_import
from distribution.models import Delivery
from privacy.models import AccessRequest
from tests.contacts.spreadsheets import csv_bytes
from tests.privacy.test_access_request import journalist

pytestmark = pytest.mark.django_db

CHAN = "chan@daily.example.com"


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue().lower()


def test_an_erased_person_leaves_no_trace_and_the_figures_stay(alice: Any) -> None:
    chan = journalist(CHAN, "陳大文")
    journalist("lee@wire.example.com", "李小明")
    deliveries_before = Delivery.objects.count()
    request = AccessRequest.objects.create(kind=AccessRequest.Kind.ERASURE, email=CHAN)
    officer = Client()
    officer.force_login(alice)

    page = officer.post(f"/admin/privacy/accessrequest/{request.pk}/erase/", follow=True)

    assert "Erased:" in page.content.decode()
    everything = dump()
    assert CHAN not in everything
    assert "陳大文".encode("unicode_escape").decode().lower() not in everything
    assert "陳大文" not in everything
    assert "lee@wire.example.com" in everything  # the other journalist is untouched
    assert Delivery.objects.count() == deliveries_before  # each send keeps its figures
    assert not MediaContact.objects.filter(pk=chan.pk).exists()
    request.refresh_from_db()
    assert request.status == AccessRequest.Status.ANSWERED
    assert ErasedAddress.objects.count() == 1


def test_a_reimport_of_an_erased_address_is_held(alice: Any) -> None:
    journalist(CHAN, "陳大文")
    request = AccessRequest.objects.create(kind=AccessRequest.Kind.ERASURE, email=CHAN)
    officer = Client()
    officer.force_login(alice)
    officer.post(f"/admin/privacy/accessrequest/{request.pk}/erase/")

    report = contacts_import(
        data=csv_bytes([["Email", "Name"], ["Chan@Daily.example.com", "Chan Tai-man"]]),
        file_name="old-list.csv", by=alice, dry_run=False,
    )  # fmt: skip

    assert not MediaContact.objects.filter(email=CHAN).exists()
    (held,) = report["invalid"]
    assert "asked to be erased" in held["reason"]


def test_only_an_open_erasure_request_erases(alice: Any) -> None:
    journalist(CHAN, "陳大文")
    access = AccessRequest.objects.create(kind=AccessRequest.Kind.ACCESS, email=CHAN)
    officer = Client()
    officer.force_login(alice)
    officer.post(f"/admin/privacy/accessrequest/{access.pk}/erase/")
    assert MediaContact.objects.filter(email=CHAN).exists()

"""An import records why we may mail each contact and where they came from: a Legal basis column
(English or Chinese values, the export's own labels included) and a Source column, with the
date; an unknown basis is a reported row, never a guess."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

from contacts.models import MediaContact
from contacts.resources import MediaContactResource
from contacts.services import contacts_import
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import MediaContactFactory

pytestmark = pytest.mark.django_db

Basis = MediaContact.ConsentBasis
MOMENT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


def test_new_contacts_get_the_basis_and_source_the_file_gives_with_the_date(alice: Any) -> None:
    data = csv_bytes(
        [
            ["電郵", "姓名", "法律依據", "來源"],
            ["mei.chan@hk-daily.example.com", "陳美儀", "同意", "創科博覽會上認識"],
            ["ken.ho@tech-weekly.example.com", "Ken Ho", "Legitimate interest", ""],
            ["sub@reader.example.com", "Subscriber", "訂閱", "newsroom sign-up"],
            ["plain@radio.example.com", "Plain Reporter", "", ""],
        ]
    )

    with time_machine.travel(MOMENT, tick=False):
        report = contacts_import(data=data, file_name="媒體名單.csv", by=alice, dry_run=False)

    assert report["counts"]["new"] == 4
    contacts = {contact.email: contact for contact in MediaContact.objects.all()}
    mei = contacts["mei.chan@hk-daily.example.com"]
    assert mei.consent_basis == Basis.CONSENT
    assert mei.source.startswith("創科博覽會上認識 (import of 媒體名單.csv on 2025-09-01 by ")
    assert mei.basis_recorded_at == MOMENT
    assert contacts["ken.ho@tech-weekly.example.com"].consent_basis == Basis.LEGITIMATE_INTEREST
    assert contacts["sub@reader.example.com"].consent_basis == Basis.CONTRACT
    plain = contacts["plain@radio.example.com"]
    assert plain.consent_basis == Basis.LEGITIMATE_INTEREST  # nothing said: the default
    assert plain.source.startswith("Import of 媒體名單.csv on 2025-09-01")


def test_a_known_contact_s_basis_is_updated_with_the_date_and_an_empty_cell_keeps_it(
    alice: Any,
) -> None:
    known = MediaContactFactory.create(
        email="known@hk-daily.example.com", consent_basis=Basis.LEGITIMATE_INTEREST
    )
    kept = MediaContactFactory.create(
        email="kept@hk-daily.example.com", consent_basis=Basis.CONSENT
    )
    data = csv_bytes(
        [
            ["Email", "Legal basis"],
            ["known@hk-daily.example.com", "consent"],
            ["kept@hk-daily.example.com", ""],
        ]
    )

    with time_machine.travel(MOMENT, tick=False):
        contacts_import(data=data, file_name="a.csv", by=alice, dry_run=False)

    known.refresh_from_db()
    kept.refresh_from_db()
    assert (known.consent_basis, known.basis_recorded_at) == (Basis.CONSENT, MOMENT)
    assert kept.consent_basis == Basis.CONSENT


def test_an_unknown_basis_is_a_reported_row_and_the_others_are_imported(alice: Any) -> None:
    data = csv_bytes(
        [
            ["Email", "Name", "Consent basis"],
            ["odd@hk-daily.example.com", "Odd Reporter", "because"],
            ["fine@hk-daily.example.com", "Fine Reporter", "同意"],
        ]
    )

    checked = contacts_import(data=data, file_name="a.csv", by=alice, dry_run=True)

    [bad] = checked["invalid"]
    assert bad["row"] == 2
    assert "unknown legal basis “because”" in bad["reason"]


def test_an_export_imports_back_with_the_same_basis(alice: Any) -> None:
    MediaContactFactory.create(email="round@hk-daily.example.com", consent_basis=Basis.CONTRACT)
    exported = MediaContactResource().export(queryset=MediaContact.objects.all()).csv
    MediaContact.objects.all().delete()

    contacts_import(data=exported.encode(), file_name="export.csv", by=alice, dry_run=False)

    assert MediaContact.objects.get().consent_basis == Basis.CONTRACT

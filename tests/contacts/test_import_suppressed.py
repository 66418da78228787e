"""An import never resurrects a journalist who unsubscribed, bounced or complained: the address
stays suppressed, the contact keeps its status, and the check says so."""

from typing import Any

import pytest

from contacts.models import MediaContact, Suppression
from contacts.services import contacts_import
from tests.contacts.spreadsheets import csv_bytes
from tests.factories import MediaContactFactory, SuppressionFactory

pytestmark = pytest.mark.django_db


def test_a_suppressed_address_reimported_stays_suppressed_and_the_check_says_so(
    alice: Any,
) -> None:
    left = MediaContactFactory.create(
        email="left@daily.example.com", status=MediaContact.Status.UNSUBSCRIBED, phone=""
    )
    SuppressionFactory.create(email="left@daily.example.com", reason=Suppression.Reason.UNSUBSCRIBE)
    SuppressionFactory.create(email="bounced@tv.example.com", reason=Suppression.Reason.HARD_BOUNCE)
    data = csv_bytes(
        [
            ["Email", "Name", "Phone"],
            ["LEFT@daily.example.com", "Left Reporter", "+852 5550 0003"],
            ["bounced@tv.example.com", "Bounced Reporter", ""],
            ["fresh@radio.example.com", "Fresh Reporter", ""],
        ]
    )

    checked = contacts_import(data=data, file_name="a.csv", by=alice, dry_run=True)
    assert checked["suppressed"] == [
        {"row": 2, "email": "left@daily.example.com", "reason": "Unsubscribed"},
        {"row": 3, "email": "bounced@tv.example.com", "reason": "Hard bounce"},
    ]
    report = contacts_import(data=data, file_name="a.csv", by=alice, dry_run=False)

    assert report["counts"] == report["counts"] | {"new": 2, "updated": 1, "suppressed": 2}
    left.refresh_from_db()
    assert left.status == MediaContact.Status.UNSUBSCRIBED
    assert left.phone == "+852 5550 0003"  # details may still be filled in
    bounced = MediaContact.objects.get(email="bounced@tv.example.com")
    assert bounced.status == MediaContact.Status.BOUNCED
    assert not bounced.is_mailable
    assert MediaContact.objects.get(email="fresh@radio.example.com").is_mailable
    assert Suppression.is_suppressed("left@daily.example.com")
    assert Suppression.is_suppressed("bounced@tv.example.com")
    assert Suppression.objects.count() == 2


def test_a_contact_marked_do_not_contact_keeps_that_status(alice: Any) -> None:
    MediaContactFactory.create(
        email="quiet@daily.example.com", status=MediaContact.Status.DO_NOT_CONTACT
    )
    data = csv_bytes([["Email", "Name"], ["quiet@daily.example.com", "Quiet Reporter"]])

    report = contacts_import(data=data, file_name="a.csv", by=alice, dry_run=False)

    assert report["suppressed"] == [
        {"row": 2, "email": "quiet@daily.example.com", "reason": "Do not contact"}
    ]
    assert MediaContact.objects.get().status == MediaContact.Status.DO_NOT_CONTACT

"""The suppression list in the admin: why each address is suppressed and where from; a PR
officer lifts one added by hand or a hard bounce (the contact becomes active again), never a
complaint or an unsubscribe."""

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import MediaContact, Suppression
from tests.factories import MediaContactFactory, SuppressionFactory
from tests.personas import persona

pytestmark = pytest.mark.django_db

Reason = Suppression.Reason


@pytest.fixture
def officer() -> Client:
    client = Client()
    client.force_login(persona("alice"))
    return client


def suppressed_contact(reason: str, status: str) -> tuple[MediaContact, Suppression]:
    contact = MediaContactFactory.create(status=status)
    suppression = SuppressionFactory.create(
        email=contact.email,
        reason=reason,
        source="Amazon SES webhook: hard bounce (send 7)",
        note="smtp; 550 5.1.1 user unknown",
    )
    return contact, suppression


def lift(officer: Client, *suppressions: Suppression) -> str:
    response = officer.post(
        reverse("admin:contacts_suppression_changelist"),
        {"action": "lift", "_selected_action": [s.pk for s in suppressions]},
        follow=True,
    )
    return response.content.decode()


def test_it_shows_why_and_from_where(officer: Client) -> None:
    suppressed_contact(Reason.HARD_BOUNCE, MediaContact.Status.BOUNCED)

    page = officer.get(reverse("admin:contacts_suppression_changelist")).content.decode()

    assert "Hard bounce" in page
    assert "Amazon SES webhook: hard bounce (send 7)" in page
    assert "550 5.1.1 user unknown" in page


def test_it_lifts_a_hard_bounce_and_reactivates_the_contact(officer: Client) -> None:
    contact, suppression = suppressed_contact(Reason.HARD_BOUNCE, MediaContact.Status.BOUNCED)

    page = lift(officer, suppression)

    assert "1 suppression lifted" in page
    assert not Suppression.objects.exists()
    contact.refresh_from_db()
    assert contact.status == MediaContact.Status.ACTIVE


def test_it_keeps_a_complaint_and_an_unsubscribe(officer: Client) -> None:
    _complained, complaint = suppressed_contact(
        Reason.COMPLAINT, MediaContact.Status.DO_NOT_CONTACT
    )
    _left, unsubscribe = suppressed_contact(Reason.UNSUBSCRIBE, MediaContact.Status.UNSUBSCRIBED)

    page = lift(officer, complaint, unsubscribe)

    assert "2 kept" in page
    assert Suppression.objects.count() == 2
    delete = reverse("admin:contacts_suppression_delete", args=[complaint.pk])
    assert officer.post(delete, {"post": "yes"}).status_code == 403
    assert Suppression.objects.count() == 2


def test_deleting_a_manual_one_lifts_it(officer: Client) -> None:
    _contact, suppression = suppressed_contact(Reason.MANUAL, MediaContact.Status.ACTIVE)

    delete = reverse("admin:contacts_suppression_delete", args=[suppression.pk])
    officer.post(delete, {"post": "yes"})

    assert not Suppression.objects.exists()


def test_what_a_webhook_recorded_cannot_be_edited(officer: Client) -> None:
    _contact, suppression = suppressed_contact(Reason.COMPLAINT, MediaContact.Status.ACTIVE)
    change = reverse("admin:contacts_suppression_change", args=[suppression.pk])

    officer.post(change, {"reason": Reason.MANUAL, "email": "x@example.com", "note": "called"})

    suppression.refresh_from_db()
    assert suppression.reason == Reason.COMPLAINT
    assert suppression.note == "called"

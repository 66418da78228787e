"""The audit log is on the record for good: logins are in it, and nobody — superusers included —
can change or delete an entry, from the admin or from code."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from audit.services import audit_record
from tests.factories import ReleaseFactory
from tests.personas import persona

pytestmark = pytest.mark.django_db


def test_logins_and_failed_logins_are_recorded_with_where_from() -> None:
    persona("alice", password="s3cret-enough-password")
    client = Client(REMOTE_ADDR="192.0.2.7", HTTP_USER_AGENT="Test browser")
    client.post(reverse("admin:login"), {"username": "alice", "password": "wrong"})
    client.post(reverse("admin:login"), {"username": "alice", "password": "s3cret-enough-password"})
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert "alice" in failed.summary
    assert "wrong" not in failed.summary
    login = AuditEntry.objects.get(action=Action.LOGIN)
    assert (login.actor_name, login.ip_address, login.user_agent) == (
        "alice",
        "192.0.2.7",
        "Test browser",
    )


def test_an_entry_cannot_be_changed_or_deleted_in_code() -> None:
    entry = audit_record(action=Action.CHANGED, actor=None, obj=ReleaseFactory.create())
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).summary == ""


def test_not_even_a_superuser_can_edit_or_delete_an_entry_in_the_admin() -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    entry = audit_record(action=Action.APPROVED, actor=root, obj=ReleaseFactory.create())
    client = Client()
    client.force_login(root)
    change_url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200  # visible
    assert "Save" not in page.content.decode()
    assert client.post(change_url, {"summary": "rewritten"}).status_code == 403
    delete_url = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk, summary="").exists()
    listing = client.get(reverse("admin:audit_auditentry_changelist"), {"action": "approved"})
    assert "root" in listing.content.decode()

"""The audit log exports to CSV from its list: what the filters select, formula-safe, times in
HKT, and the export itself goes on the log. Olive may view the log; Charlie may not."""

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from audit.services import audit_record
from tests.factories import ReleaseFactory, UserFactory
from tests.personas import persona

pytestmark = pytest.mark.django_db


def staff(username: str, *codenames: str) -> Any:
    user = UserFactory.create(username=username, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="audit", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


def export(client: Client, entries: list[AuditEntry]) -> Any:
    return client.post(
        reverse("admin:audit_auditentry_changelist"),
        {"action": "export_csv", "_selected_action": [str(e.pk) for e in entries]},
    )


def test_it_exports_the_selected_entries_formula_safe_with_times_in_hkt() -> None:
    olive = staff("olive", "view_auditentry")
    release = ReleaseFactory.create()
    entries = [
        audit_record(
            action=Action.COMMENTED, actor="mallory", obj=release, summary="=HYPERLINK(1)"
        ),
        audit_record(action=Action.COMMENTED, actor="@eve", obj=release, summary="+1 -1 fine"),
        audit_record(action=Action.APPROVED, actor=None, obj=release, summary="approved"),
    ]
    response = export(olive, entries[:2])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["When", "Who", "Action"]
    assert len(rows) == 3  # the header and the two selected, not the third
    assert rows[1][6] == "'=HYPERLINK(1)"
    assert rows[2][1] == "'@eve"
    assert rows[2][6] == "'+1 -1 fine"
    assert rows[1][0].endswith("HKT")


def test_the_export_is_on_the_log() -> None:
    olive = staff("olive", "view_auditentry")
    entry = audit_record(action=Action.COMMENTED, actor="mallory", summary="hello")
    export(olive, [entry])
    exported = AuditEntry.objects.get(action=Action.EXPORTED)
    assert exported.actor_name == "olive"
    assert "1 entries" in exported.summary


def test_someone_who_may_not_view_the_log_cannot_export_it() -> None:
    charlie = Client()
    charlie.force_login(persona("charlie"))  # the agency's officer: no audit log
    entry = audit_record(action=Action.COMMENTED, actor="mallory", summary="hello")
    response = export(charlie, [entry])
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORTED).exists()

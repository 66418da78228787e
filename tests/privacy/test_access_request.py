"""An access request, as a PR officer answers one: recorded with its due date 40 days on, the
export holds every kind of record about the person, in data and as a page in both languages,
and nothing about anyone else; the export goes on the audit log; agencies have no access."""

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from audit.models import Action, AuditEntry
from audit.services import audit_record
from contacts.models import MediaContact
from coverage.models import CoverageItem
from distribution.models import Send
from events.door import ticks_record
from events.models import Event, Rsvp
from privacy.models import AccessRequest
from subscriptions.models import Subscriber
from tests.factories import (
    AssetClickFactory,
    DeliveryEventFactory,
    DeliveryFactory,
    DistributionListFactory,
    EventFactory,
    MediaContactFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    SuppressionFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 10, 2, 2, 0, tzinfo=UTC)


def journalist(email: str, name_zh: str) -> MediaContact:
    """Someone with one of every record Pressroom keeps about a person. The release, list and
    story they are tied to are named after them (`T-<name>`), to tell whose is whose."""
    tag = f"T-{email.split('@')[0].upper()}"
    contact = MediaContactFactory.create(email=email, name_en="", name_zh_hant=name_zh)
    DistributionListFactory.create(name=f"Desk {tag}", members=[contact])
    release = ReleaseFactory.create()
    ReleaseTranslationFactory.create(release=release, headline=f"Release {tag}")
    send = Send.objects.create(release=release, kind=Send.Kind.IMMEDIATE)
    delivery = DeliveryFactory.create(send=send, contact=contact, email=email)
    DeliveryEventFactory.create(delivery=delivery, event_type="opened")
    AssetClickFactory.create(delivery=delivery, user_agent=f"Browser of {email}")
    SuppressionFactory.create(email=email, note=f"Asked on the phone: {email}")
    item = CoverageItem.objects.create(
        url=f"https://news.example.com/{uuid.uuid4().hex}",
        canonical_url=f"https://news.example.com/{tag}", headline=f"Story {tag}",
        journalist=contact,
    )  # fmt: skip
    assert item.pk
    event = EventFactory.create(status=Event.Status.APPROVED)
    reply = Rsvp.objects.create(event=event, email=email, answer=Rsvp.Answer.ACCEPTED,
                                answered_at=NOW, delivery=delivery)  # fmt: skip
    ticks_record(event=event, ticks=[{"id": str(uuid.uuid4()), "rsvp": reply.pk}], by=None,
                 now=NOW)  # fmt: skip
    audit_record(action=Action.CHANGED, actor=None, obj=contact, summary=f"Phone of {email}")
    Subscriber.objects.create(email=email, confirmed_at=NOW)  # also subscribed on the newsroom
    return contact


def test_the_answer_holds_everything_about_the_person_and_nothing_of_anyone_else(
    alice: Any,
) -> None:
    chan = journalist("chan@daily.example.com", "陳大文")
    journalist("lee@wire.example.com", "李小明")
    officer = Client()
    officer.force_login(alice)
    with time_machine.travel(NOW, tick=False):
        officer.post("/admin/privacy/accessrequest/add/",
                     {"kind": "access", "email": "Chan@Daily.example.com",
                      "received_at_0": "2025-10-02",
                      "received_at_1": "10:00:00", "due_at_0": "2025-11-11",
                      "due_at_1": "10:00:00", "status": "open", "refusal_reason": ""})  # fmt: skip
        (request,) = AccessRequest.objects.all()
        response = officer.post(f"/admin/privacy/accessrequest/{request.pk}/export/")

    assert request.email == chan.email
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["contacts"][0]["name_zh_hant"] == "陳大文"
    assert data["contacts"][0]["lists"] == ["Desk T-CHAN"]
    (email,) = data["emails"]
    assert email["release"] == "Release T-CHAN"
    assert email["events"][0]["what"] == "opened"
    assert email["asset_clicks"][0]["user_agent"] == "Browser of chan@daily.example.com"
    kinds = ("suppressions", "coverage", "event_replies", "arrivals", "record_history")
    for kind in (*kinds, "subscriptions"):
        assert len(data[kind]) == 1, kind
    report = archive.read("report.html").decode()
    assert "聯絡資料 Contact record" in report
    assert "陳大文" in report
    for name in archive.namelist():  # nothing of the other journalist, anywhere
        content = archive.read(name).decode()
        assert "lee@wire.example.com" not in content
        assert "李小明" not in content
        assert "T-LEE" not in content
    assert AuditEntry.objects.filter(action=Action.EXPORTED, object_id=str(request.pk)).exists()


def test_a_request_is_due_forty_days_on_and_agencies_have_none(alice: Any, charlie: Any) -> None:
    with time_machine.travel(NOW, tick=False):
        request = AccessRequest.objects.create(email="chan@daily.example.com")
    assert request.due_at == NOW + timedelta(days=40)
    agency = Client()
    agency.force_login(charlie)
    assert agency.get("/admin/privacy/accessrequest/").status_code == 403
    assert agency.post(f"/admin/privacy/accessrequest/{request.pk}/export/").status_code in (
        403, 404,
    )  # fmt: skip

"""A media invitation from its moment to the mail server (real SMTP on loopback): each
journalist gets one email in their language with an .ics in Hong Kong time, and the signed link
answers only on POST."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from contacts.models import Language
from distribution.services import sends_tick
from events.invitations import invitation_schedule
from events.models import Event, Rsvp
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.factories import DistributionListFactory, MediaContactFactory, ReleaseFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 8, 25, 2, 0, tzinfo=UTC)
STARTS = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def approved_event() -> Event:
    release = ReleaseFactory.create(status=Release.Status.DRAFT, bilingual=True)
    return Event.objects.create(
        issuer=release.issuer, release=release, title_en="Innovation cluster briefing",
        title_zh_hant="創新集群簡報會", starts_at=STARTS, ends_at=STARTS.replace(hour=3),
        venue_name_en="Cyberport 1", venue_name_zh_hant="數碼港一座", status=Event.Status.APPROVED,
    )  # fmt: skip


def test_invitation_goes_once_in_each_language_and_the_link_answers_only_on_post(
    smtp_sink: Sink,
) -> None:
    event = approved_event()
    chinese = MediaContactFactory.create(
        email="zh@daily.example.com", preferred_language=Language.ZH_HANT
    )
    english = MediaContactFactory.create(
        email="en@daily.example.com", preferred_language=Language.EN
    )
    team = DistributionListFactory.create(members=[chinese, english])
    with time_machine.travel(NOW, tick=False):
        invitation_schedule(event=event, lists=[team], at=NOW, by=None)
    with time_machine.travel(NOW, tick=True):
        sends_tick()
        sends_tick()

    assert smtp_sink.by_address() == {chinese.email: 1, english.email: 1}
    (message,) = smtp_sink.messages_to(chinese.email)
    assert "採訪通知" in str(message["Subject"])
    ics = next(part for part in message.walk() if part.get_filename() == "invitation.ics")
    payload = ics.get_payload(decode=True)
    assert isinstance(payload, bytes)
    entry = Calendar.from_ical(payload).walk("VEVENT")[0]
    assert entry["DTSTART"].params["TZID"] == "Asia/Hong_Kong"
    assert entry.decoded("DTSTART").hour == 10
    assert entry.decoded("SEQUENCE") == 0
    assert str(entry["SUMMARY"]) == "創新集群簡報會"
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()
    accept = next(w for w in text.split() if "answer=accepted" in w)
    path = "/events/" + accept.split("/events/", 1)[1]

    client = Client()
    with time_machine.travel(NOW, tick=False):
        assert client.get(path).status_code == 200  # a link scanner's GET
        assert not Rsvp.objects.exists()
        response = client.post(
            path, {"answer": "accepted", "attendees": "2", "role": "camera_crew"}
        )
    assert response.status_code == 200
    rsvp = Rsvp.objects.get()
    assert (rsvp.email, rsvp.answer, rsvp.attendees) == (chinese.email, "accepted", 2)
    assert "已登記 2 位出席" in response.content.decode()


def test_a_tampered_link_gets_a_friendly_page() -> None:
    response = Client().get("/events/rsvp/12:tampered/")
    assert response.status_code == 404
    assert "此邀請連結無法使用" in response.content.decode()

"""After the invitation, through the real SMTP path: a moved event sends one update to everyone
invited, threaded under their invitation, with the calendar entry a version on; a cancelled
one tells them and takes the entry out of their calendars; a reminder goes once, at its moment,
to those attending; and the last place, asked for by two journalists at once, goes to one of
them while the other waits, until a place comes free and the wait list fills it."""

import threading
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from icalendar import Calendar

from contacts.models import Language, MediaContact
from distribution.models import Delivery
from distribution.services import sends_tick
from events.invitations import invitation_schedule
from events.models import Event, Invitation, Rsvp
from events.notices import reminders_schedule
from events.tokens import rsvp_token
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.factories import (
    DistributionListFactory,
    EventFactory,
    MediaContactFactory,
    MembershipFactory,
    ReleaseFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

NOW = datetime(2025, 8, 25, 2, 0, tzinfo=UTC)  # 25 Aug 2025 10:00 HKT
STARTS = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def _tick(at: datetime) -> None:
    with time_machine.travel(at, tick=True):
        sends_tick()
        sends_tick()


def _calendar_entry(message: EmailMessage) -> Any:
    ics = next(part for part in message.walk() if part.get_filename() == "invitation.ics")
    payload = ics.get_payload(decode=True)
    assert isinstance(payload, bytes)
    calendar = Calendar.from_ical(payload)
    return calendar, calendar.walk("VEVENT")[0]


def _text(message: EmailMessage) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def _officer(event: Event) -> Client:
    """An officer of the issuer's team. A superuser: a test that commits flushes the roles (the
    groups a migration made) for the tests after it; the roles are tested in test_event_admin."""
    user = UserFactory.create(is_superuser=True)
    MembershipFactory.create(user=user, organisation=event.issuer.organisation)
    client = Client()
    client.force_login(user)
    return client


def _invited(capacity: int | None = None) -> tuple[Event, MediaContact, MediaContact]:
    release = ReleaseFactory.create(status=Release.Status.DRAFT, bilingual=True)
    event = EventFactory.create(
        issuer=release.issuer, release=release, starts_at=STARTS, capacity=capacity,
        status=Event.Status.APPROVED,
    )  # fmt: skip
    chan = MediaContactFactory.create(
        email="chan@daily.example.com", name_zh_hant="陳大文", preferred_language=Language.ZH_HANT
    )
    lee = MediaContactFactory.create(email="lee@wire.example.com", preferred_language=Language.EN)
    desk = DistributionListFactory.create(owner=event.issuer.organisation, members=[chan, lee])
    with time_machine.travel(NOW, tick=False):
        invitation_schedule(event=event, lists=[desk], at=NOW, by=None)
    _tick(NOW)
    return event, chan, lee


def test_a_moved_event_sends_one_update_to_everyone_invited_in_their_thread(
    smtp_sink: Sink,
) -> None:
    event, chan, lee = _invited()
    (invitation,) = smtp_sink.messages_to(chan.email)
    # Back to draft, a day later, approved again: what the invitations said is no longer so.
    moved = STARTS + timedelta(days=1)
    Event.objects.filter(pk=event.pk).update(starts_at=moved, ends_at=moved + timedelta(hours=1))
    officer = _officer(event)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        page = officer.get(f"/admin/events/event/{event.pk}/change/").content.decode()
        assert "The time or venue has changed since the invitations went out." in page
        officer.post(f"/admin/events/event/{event.pk}/update/")
        again = officer.post(f"/admin/events/event/{event.pk}/update/", follow=True)
        assert "Nothing to announce" in again.content.decode()
    _tick(NOW + timedelta(hours=1))

    assert smtp_sink.by_address() == {chan.email: 2, lee.email: 2}
    update = smtp_sink.messages_to(chan.email)[1]
    assert str(update["Subject"]).startswith("更新採訪通知")
    assert update["In-Reply-To"] == invitation["Message-ID"]
    _calendar, entry = _calendar_entry(update)
    assert entry["SEQUENCE"] == 1
    assert entry.decoded("DTSTART").day == 2
    assert entry.decoded("DTSTART").hour == 10  # still 10:00 in Hong Kong
    assert "Attend: " in _text(smtp_sink.messages_to(lee.email)[1])  # answers asked again


def test_cancelling_tells_everyone_invited_and_takes_the_entry_out_of_calendars(
    smtp_sink: Sink,
) -> None:
    event, chan, lee = _invited()
    approver = _officer(event)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        response = approver.post(f"/admin/events/event/{event.pk}/step/cancel/", follow=True)
    assert "The cancellation goes to the 2 people invited." in response.content.decode()
    _tick(NOW + timedelta(hours=1))

    assert smtp_sink.by_address() == {chan.email: 2, lee.email: 2}
    notice = smtp_sink.messages_to(lee.email)[1]
    assert str(notice["Subject"]).startswith("Cancelled: ")
    assert "This event is cancelled." in _text(notice)
    assert "/events/rsvp/" not in _text(notice)  # nothing to answer
    calendar, entry = _calendar_entry(notice)
    assert calendar["METHOD"] == "CANCEL"
    assert entry["STATUS"] == "CANCELLED"
    assert entry["SEQUENCE"] == 1
    assert "活動取消" in str(smtp_sink.messages_to(chan.email)[1]["Subject"])


def test_a_reminder_goes_once_at_its_moment_to_those_attending(smtp_sink: Sink) -> None:
    event, chan, lee = _invited()
    Rsvp.objects.create(event=event, email=chan.email, answer=Rsvp.Answer.ACCEPTED,
                        answered_at=NOW)  # fmt: skip
    Rsvp.objects.create(event=event, email=lee.email, answer=Rsvp.Answer.DECLINED,
                        answered_at=NOW)  # fmt: skip
    assert reminders_schedule(STARTS - timedelta(hours=25)) == []  # 24 hours before, not yet
    due = STARTS - timedelta(hours=23)
    assert len(reminders_schedule(due)) == 1
    assert reminders_schedule(due) == []  # one reminder, however often beat asks
    _tick(due)

    assert smtp_sink.by_address() == {chan.email: 2, lee.email: 1}
    reminder = smtp_sink.messages_to(chan.email)[1]
    assert str(reminder["Subject"]).startswith("活動提示")
    assert "未能出席？請告訴我們：" in _text(reminder)


def _answer(token: str, barrier: threading.Barrier, answers: dict[str, int]) -> None:
    try:
        barrier.wait(timeout=10)
        response = Client().post(f"/events/rsvp/{token}/", {"answer": "accepted", "attendees": 1})
        answers[token] = response.status_code
    finally:
        connection.close()


def test_two_journalists_racing_for_the_last_place_one_gets_it_the_other_waits(
    smtp_sink: Sink,
) -> None:
    event, _chan, _lee = _invited(capacity=1)
    tokens = {
        rsvp_token(delivery.pk): delivery.email
        for delivery in Delivery.objects.filter(send__invitation__event=event)
    }
    barrier = threading.Barrier(len(tokens))
    answers: dict[str, int] = {}
    with time_machine.travel(NOW + timedelta(hours=1), tick=True):
        racers = [
            threading.Thread(target=_answer, args=(token, barrier, answers)) for token in tokens
        ]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join(timeout=30)
    assert sorted(answers.values()) == [200, 200]
    replies = dict(Rsvp.objects.filter(event=event).values_list("answer", "email"))
    assert set(replies) == {Rsvp.Answer.ACCEPTED, Rsvp.Answer.WAITLISTED}
    waiting = replies[Rsvp.Answer.WAITLISTED]

    # The one with the place gives it up: it goes to the one waiting, who is told by email.
    holder = replies[Rsvp.Answer.ACCEPTED]
    holder_token = next(token for token, email in tokens.items() if email == holder)
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        Client().post(f"/events/rsvp/{holder_token}/", {"answer": "declined"})
    assert Rsvp.objects.get(event=event, email=waiting).answer == Rsvp.Answer.ACCEPTED
    assert Invitation.objects.filter(event=event, purpose=Invitation.Purpose.PLACE).count() == 1
    _tick(NOW + timedelta(hours=2))
    assert smtp_sink.by_address() == {waiting: 2, holder: 1}
    told = smtp_sink.messages_to(waiting)[1]
    assert any(label in str(told["Subject"]) for label in ("名額確認", "Your place is confirmed"))

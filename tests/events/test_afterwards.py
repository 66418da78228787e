"""After the press conference, through the real SMTP path: the release goes to those who came
(a walk-in who gave an address included) in the thread of their invitation, then to those who
said they would come and did not; nobody gets it twice, and under embargo it waits for the
embargo."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client

from contacts.models import Language
from distribution.models import Send
from distribution.services import sends_tick
from events.door import ticks_record
from events.invitations import invitation_schedule
from events.models import Event, Rsvp
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

NOW = datetime(2025, 8, 25, 2, 0, tzinfo=UTC)
STARTS = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
AFTER = STARTS + timedelta(hours=2)


def _tick(at: datetime) -> None:
    with time_machine.travel(at, tick=True):
        sends_tick()
        sends_tick()


@pytest.fixture
def conference(smtp_sink: Sink) -> dict[str, Any]:
    """A press conference announcing an approved bilingual release: Chan came, Lee said he
    would and did not, Ho declined, and a radio reporter walked in and left her address."""
    release = ReleaseFactory.create(status=Release.Status.APPROVED, bilingual=True)
    event = EventFactory.create(
        issuer=release.issuer, release=release, starts_at=STARTS, status=Event.Status.APPROVED
    )
    people = {
        name: MediaContactFactory.create(
            email=f"{name}@daily.example.com", preferred_language=Language.ZH_HANT
        )
        for name in ("chan", "lee", "ho")
    }
    desk = DistributionListFactory.create(members=list(people.values()))
    with time_machine.travel(NOW, tick=False):
        invitation_schedule(event=event, lists=[desk], at=NOW, by=None)
    _tick(NOW)
    for name, answer in (("chan", "accepted"), ("lee", "accepted"), ("ho", "declined")):
        Rsvp.objects.create(event=event, email=people[name].email, answer=answer,
                            answered_at=NOW, delivery=people[name].deliveries.get())  # fmt: skip
    chan_reply = Rsvp.objects.get(email=people["chan"].email)
    ticks = [{"id": str(uuid.uuid4()), "rsvp": chan_reply.pk},
             {"id": str(uuid.uuid4()), "name": "Mandy Ho", "outlet": "Harbour Radio",
              "email": "mandy@radio.example.com"}]  # fmt: skip
    ticks_record(event=event, ticks=ticks, by=None, now=STARTS)
    officer = UserFactory.create(is_superuser=True)  # a superuser: the roles' groups are
    MembershipFactory.create(user=officer, organisation=release.issuer.organisation)  # flushed
    client = Client()
    client.force_login(officer)
    return {"event": event, "people": people, "client": client, "release": release}


def test_the_release_goes_to_those_who_came_then_to_those_who_did_not_once_each(
    conference: dict[str, Any], smtp_sink: Sink
) -> None:
    event, people, client = conference["event"], conference["people"], conference["client"]
    invitation = smtp_sink.messages_to(people["chan"].email)[0]
    with time_machine.travel(AFTER, tick=False):
        page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
        assert "Send the release to the 2 guests who came" in page
        # Its button is a form of its own, after the event's form: forms cannot nest.
        change_form_ends = page.index("</form>", page.index('id="event_form"'))
        assert page.index('name="to-attended"') > change_form_ends
        client.post(f"/admin/events/event/{event.pk}/release-to/attended/")
        again = client.post(f"/admin/events/event/{event.pk}/release-to/attended/", follow=True)
        assert "Every one of them has the release already." in again.content.decode()
    _tick(AFTER)
    assert smtp_sink.by_address() == {
        people["chan"].email: 2, people["lee"].email: 1, people["ho"].email: 1,
        "mandy@radio.example.com": 1,
    }  # fmt: skip
    release_email = smtp_sink.messages_to(people["chan"].email)[1]
    assert release_email["In-Reply-To"] == invitation["Message-ID"]
    assert conference["release"].translations.get(language="zh-hant").headline in str(
        release_email["Subject"]
    )

    with time_machine.travel(AFTER, tick=False):
        client.post(f"/admin/events/event/{event.pk}/release-to/no_show/")
    _tick(AFTER)
    assert smtp_sink.by_address()[people["lee"].email] == 2
    assert smtp_sink.by_address()[people["ho"].email] == 1  # declined: not a guest
    assert Send.objects.filter(kind=Send.Kind.FOLLOW_UP).count() == 2


def test_under_embargo_the_release_waits_for_it(
    conference: dict[str, Any], smtp_sink: Sink
) -> None:
    release, event, client = conference["release"], conference["event"], conference["client"]
    lifts = AFTER + timedelta(hours=6)
    Release.objects.filter(pk=release.pk).update(
        release_type=Release.ReleaseType.EMBARGOED, embargo_until=lifts
    )
    with time_machine.travel(AFTER, tick=False):
        client.post(f"/admin/events/event/{event.pk}/release-to/attended/")
    (send,) = Send.objects.filter(kind=Send.Kind.FOLLOW_UP)
    assert send.scheduled_at == lifts
    _tick(AFTER + timedelta(minutes=5))
    assert "mandy@radio.example.com" not in smtp_sink.by_address()  # not before the embargo
    _tick(lifts)
    assert smtp_sink.by_address()["mandy@radio.example.com"] == 1

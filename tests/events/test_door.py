"""At the door, without a browser: a tick sent twice (the page resending its queue) is recorded
once, a walk-in is added with their outlet, bad input gets a clear answer and never a 500, only
staff who may change the event tick anyone, and the attendance list opens in Excel with the
Chinese names as typed."""

import io
import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook

from contacts.models import Organisation
from distribution.models import Send
from events.models import Attendance, Event, Rsvp
from tests.factories import (
    EventFactory,
    IssuerFactory,
    MediaContactFactory,
    OrganisationFactory,
    OutletFactory,
    ReleaseFactory,
)
from tests.personas import persona

pytestmark = pytest.mark.django_db

ARRIVAL = datetime(2025, 9, 1, 1, 55, tzinfo=UTC)  # 09:55 HKT, five minutes before it starts


@pytest.fixture
def in_house() -> Organisation:
    return OrganisationFactory.create(name_en="Harbour Park Corporate Communications")


@pytest.fixture
def event(in_house: Organisation) -> Event:
    issuer = IssuerFactory.create(organisation=in_house)
    return EventFactory.create(
        issuer=issuer, release=ReleaseFactory.create(issuer=issuer),
        starts_at=datetime(2025, 9, 1, 2, 0, tzinfo=UTC), status=Event.Status.APPROVED,
    )  # fmt: skip


@pytest.fixture
def chan(event: Event) -> Rsvp:
    """陳大文 of 科技日報 said he comes, with a photographer."""
    outlet = OutletFactory.create(name_en="Daily Tech", name_zh_hant="科技日報")
    contact = MediaContactFactory.create(
        email="chan@daily.example.com", name_en="", name_zh_hant="陳大文", outlet=outlet
    )
    assert event.release is not None
    send = Send.objects.create(release=event.release, kind=Send.Kind.MEDIA_INVITATION)
    delivery = send.deliveries.create(contact=contact, email=contact.email, language="zh-hant")
    return Rsvp.objects.create(
        event=event, email=contact.email, delivery=delivery, answer=Rsvp.Answer.ACCEPTED,
        attendees=2, role=Rsvp.Role.PHOTOGRAPHER, answered_at=ARRIVAL,
    )  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, event: Event, ticks: Any) -> Any:
    return client.post(
        f"/admin/events/event/{event.pk}/door/ticks/",
        json.dumps({"ticks": ticks}),
        content_type="application/json",
    )


def test_a_tick_sent_twice_is_recorded_once_and_a_walk_in_is_added(
    event: Event, chan: Rsvp, alice: Any
) -> None:
    client = _client(alice)
    page = client.get(f"/admin/events/event/{event.pk}/door/").content.decode()
    assert "陳大文" in page
    assert "科技日報" in page
    tick = {"id": str(uuid.uuid4()), "rsvp": chan.pk, "at": ARRIVAL.isoformat()}
    walk_in = {"id": str(uuid.uuid4()), "name": "Lee Ka-ho", "outlet": "Harbour Radio",
               "role": "reporter", "at": ARRIVAL.isoformat()}  # fmt: skip
    with time_machine.travel(ARRIVAL, tick=False):
        first = _send(client, event, [tick])
        again = _send(client, event, [tick, walk_in])  # the queue, sent again with a new tick

    assert first.json()["recorded"] == [tick["id"]]
    assert again.json()["recorded"] == [tick["id"], walk_in["id"]]
    came = Attendance.objects.get(rsvp=chan)
    assert (came.name, came.outlet, came.attendees, came.arrived_at) == (
        "陳大文",
        "Daily Tech 科技日報",
        2,
        ARRIVAL,
    )
    assert came.checked_in_by == alice
    walked = Attendance.objects.get(walk_in=True)
    assert (walked.name, walked.outlet, walked.role) == ("Lee Ka-ho", "Harbour Radio", "reporter")
    assert Attendance.objects.count() == 2


def test_ticked_on_two_phones_counts_once(event: Event, chan: Rsvp, alice: Any) -> None:
    client = _client(alice)
    for _phone in range(2):
        _send(client, event, [{"id": str(uuid.uuid4()), "rsvp": chan.pk}])
    assert Attendance.objects.filter(rsvp=chan).count() == 1


def test_bad_input_gets_a_clear_answer_and_loses_nothing(
    event: Event, chan: Rsvp, alice: Any
) -> None:
    client = _client(alice)
    url = f"/admin/events/event/{event.pk}/door/ticks/"
    not_json = client.post(url, "{ticks:", content_type="application/json")
    assert not_json.status_code == 400
    assert not_json.json()["error"] == "That was not JSON."

    nameless = {"id": str(uuid.uuid4()), "name": "  ", "outlet": "Somewhere"}
    stranger = {"id": str(uuid.uuid4()), "rsvp": 999999}
    good = {"id": str(uuid.uuid4()), "rsvp": chan.pk}
    answer = _send(client, event, [nameless, stranger, good, "not a tick"]).json()
    assert answer["recorded"] == [good["id"]]
    assert answer["refused"][nameless["id"]] == "A walk-in needs a name."
    assert answer["refused"][stranger["id"]] == "That reply is not one of this event's guests."
    assert Attendance.objects.count() == 1


def test_only_staff_who_may_change_the_event_tick_anyone(
    event: Event, chan: Rsvp, vera: Any, erin: Any
) -> None:
    tick = [{"id": str(uuid.uuid4()), "rsvp": chan.pk}]
    door = f"/admin/events/event/{event.pk}/door/"
    assert Client().get(door).status_code == 302  # to the login
    assert _client(vera).get(door).status_code == 403  # the viewer reads, ticks nobody
    assert _send(_client(vera), event, tick).status_code == 403
    # An officer of another organisation does not find the event at all.
    assert _client(erin).get(door).status_code == 404
    assert _send(_client(erin), event, tick).status_code == 404
    assert not Attendance.objects.exists()


@pytest.fixture
def erin() -> Any:
    return persona("erin", OrganisationFactory.create(name_en="Other Park Comms"))


def test_the_attendance_list_opens_in_excel_with_chinese_names(
    event: Event, chan: Rsvp, alice: Any
) -> None:
    client = _client(alice)
    came = {"id": str(uuid.uuid4()), "rsvp": chan.pk, "at": ARRIVAL.isoformat()}
    walked_in = {"id": str(uuid.uuid4()), "name": "=HYPERLINK(1)", "outlet": "電視台"}
    _send(client, event, [came, walked_in])
    response = client.get(f"/admin/events/event/{event.pk}/attendance.xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("Name", "Outlet", "Attending as", "Number attending",
                           "Arrived (HKT)", "Walk-in")  # fmt: skip
    assert rows[1][:6] == ("陳大文", "Daily Tech 科技日報", "Photographer", 2,
                            "1 Sep 2025 09:55 HKT", "no")  # fmt: skip
    assert rows[2][0] == "'=HYPERLINK(1)"  # typed at the door, never run as a formula
    assert rows[2][1] == "電視台"

"""A press event run from the admin, as a PR team does it: the agency drafts it and submits it,
an in-house approver approves it (not whoever submitted it), an in-house officer invites two
lists from a confirmation page that saves nothing until confirmed (once, however often it is
posted), the journalists get one email each through the real SMTP path, their replies are
counted on the event's page, and cancelling moves the calendar entry on a version."""

import re
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client

from audit.preferences import user_language_set
from contacts.models import Language, Organisation
from distribution.models import Send
from distribution.recipients import SendRefused
from distribution.services import sends_tick
from events.invitations import invitation_schedule
from events.models import Event, Invitation, Rsvp
from releases.models import Release
from tests.distribution.conftest import Sink
from tests.factories import (
    AgencyFactory,
    DistributionListFactory,
    EventFactory,
    MediaContactFactory,
    MembershipFactory,
    OrganisationFactory,
    OutletFactory,
    ReleaseFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 8, 25, 2, 0, tzinfo=UTC)  # 25 Aug 2025 10:00 HKT
STARTS = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def _person(group: str, organisation: Organisation) -> Any:
    user = UserFactory.create()
    user.groups.add(Group.objects.get(name=group))
    MembershipFactory.create(user=user, organisation=organisation)
    return user


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def park() -> Organisation:
    return OrganisationFactory.create(name_en="Park Comms")


@pytest.fixture
def agency() -> Organisation:
    return AgencyFactory.create(name_en="Harbour PR")


@pytest.fixture
def release(park: Organisation, agency: Organisation) -> Release:
    release = ReleaseFactory.create(
        issuer__organisation=park, status=Release.Status.DRAFT, bilingual=True
    )
    release.agencies.add(agency)
    return release


def _event_form(release: Release, **changes: str) -> dict[str, Any]:
    return {
        "issuer": release.issuer.pk, "release": release.pk, "kind": "press_conference",
        "title_en": "Global Innovation Index 2025 briefing",
        "title_zh_hant": "《2025年全球創新指數》簡報會",
        "description_en": "", "description_zh_hant": "",
        "starts_at_0": "2025-09-01", "starts_at_1": "10:00:00",
        "ends_at_0": "2025-09-01", "ends_at_1": "11:00:00",
        "rsvp_deadline_0": "2025-08-29", "rsvp_deadline_1": "18:00:00",
        "embargo_until_0": "", "embargo_until_1": "",
        "venue_name_en": "Cyberport 1", "venue_name_zh_hant": "數碼港一座",
        "venue_address_en": "", "venue_address_zh_hant": "", "map_url": "", "capacity": "40",
        **changes,
    }  # fmt: skip


def test_an_agency_drafts_and_submits_and_only_someone_else_in_house_approves(
    park: Organisation, agency: Organisation, release: Release
) -> None:
    drafter = _client(_person("Agency PR officer", agency))
    with time_machine.travel(NOW, tick=False):
        response = drafter.post("/admin/events/event/add/", _event_form(release))
        assert response.status_code == 302, response.content.decode()[:2000]
        event = Event.objects.get()
        # Typed in Hong Kong time, kept in UTC; the agency keeps its own draft.
        assert event.starts_at == STARTS
        assert list(event.agencies.all()) == [agency]
        assert event.status == Event.Status.DRAFT

        page = drafter.get(f"/admin/events/event/{event.pk}/change/").content.decode()
        assert "Submit for review" in page
        assert "Invite…" not in page
        drafter.post(f"/admin/events/event/{event.pk}/step/submit/")
        event.refresh_from_db()
        assert event.status == Event.Status.IN_REVIEW

        # The agency may not approve, nor invite (inviting is scheduling a send).
        drafter.post(f"/admin/events/event/{event.pk}/step/approve/", follow=True)
        event.refresh_from_db()
        assert event.status == Event.Status.IN_REVIEW
        assert drafter.get(f"/admin/events/event/{event.pk}/invite/").status_code == 403

        approver = _client(_person("In-house approver", park))
        response = approver.post(f"/admin/events/event/{event.pk}/step/approve/", follow=True)
        assert "Approved. Invitations can now go out." in response.content.decode()
        event.refresh_from_db()
        assert event.status == Event.Status.APPROVED


def test_whoever_submitted_an_event_does_not_approve_it(
    park: Organisation, release: Release
) -> None:
    officer = _person("In-house PR officer", park)
    client = _client(officer)
    event = EventFactory.create(issuer=release.issuer, release=release)
    client.post(f"/admin/events/event/{event.pk}/step/submit/")
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="approve"' not in page

    response = client.post(f"/admin/events/event/{event.pk}/step/approve/", follow=True)
    assert "the two-person rule" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.IN_REVIEW


def test_an_event_in_review_cannot_be_edited_until_it_goes_back_to_draft(
    park: Organisation, release: Release
) -> None:
    client = _client(_person("In-house PR officer", park))
    event = EventFactory.create(
        issuer=release.issuer, release=release, status=Event.Status.IN_REVIEW
    )
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="title_en"' not in page
    client.post(f"/admin/events/event/{event.pk}/change/", _event_form(release, title_en="Changed"))
    event.refresh_from_db()
    assert event.title_en == "Global Innovation Index 2025 briefing"

    client.post(f"/admin/events/event/{event.pk}/step/back_to_draft/")
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'name="title_en"' in page


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("eager_celery")
def test_an_officer_invites_from_a_confirmation_that_schedules_once_and_mail_goes_once(
    park: Organisation, release: Release, smtp_sink: Sink
) -> None:
    event = EventFactory.create(
        issuer=release.issuer, release=release, starts_at=STARTS, status=Event.Status.APPROVED
    )
    chinese = MediaContactFactory.create(
        email="chan@daily.example.com", preferred_language=Language.ZH_HANT
    )
    english = MediaContactFactory.create(
        email="lee@wire.example.com", preferred_language=Language.EN
    )
    desk = DistributionListFactory.create(name="Tech desks", owner=park, members=[chinese])
    wires = DistributionListFactory.create(
        name="Wire services", owner=park, members=[chinese, english]
    )
    # A superuser of the team: a test that commits flushes the roles for the tests after it.
    officer = UserFactory.create(is_superuser=True)
    MembershipFactory.create(user=officer, organisation=park)
    client = _client(officer)
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
        assert "Invite…" in page
        chosen = {"lists": [desk.pk, wires.pk], "at": ""}
        response = client.post(f"/admin/events/event/{event.pk}/invite/", chosen)
        confirmation = response.context["confirmation"]
        page = response.content.decode()
        assert response.context["recipients"] == 2  # each address once
        assert "繁體中文: 1" in page
        assert "English: 1" in page
        assert Send.objects.count() == 0  # the confirmation page saves nothing

        confirm = {**chosen, "confirm": "1", "confirmation": confirmation}
        response = client.post(f"/admin/events/event/{event.pk}/invite/", confirm, follow=True)
        assert "Invitation scheduled: 2 recipients" in response.content.decode()
        again = client.post(f"/admin/events/event/{event.pk}/invite/", confirm, follow=True)
        assert "already used" in again.content.decode()
        (send,) = Send.objects.all()
        assert send.kind == Send.Kind.MEDIA_INVITATION
    with time_machine.travel(NOW, tick=True):
        sends_tick()
        sends_tick()
    assert smtp_sink.by_address() == {chinese.email: 1, english.email: 1}
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert f"/admin/distribution/send/{send.pk}/change/" in page


def test_inviting_to_an_event_not_approved_says_why_and_sends_nothing(
    park: Organisation, release: Release
) -> None:
    event = EventFactory.create(issuer=release.issuer, release=release, starts_at=STARTS)
    desk = DistributionListFactory.create(owner=park, members=[MediaContactFactory.create()])
    client = _client(_person("In-house PR officer", park))
    with time_machine.travel(NOW, tick=False):
        response = client.post(f"/admin/events/event/{event.pk}/invite/", {"lists": [desk.pk]})
    assert "The event is draft, not approved." in response.content.decode()
    assert 'name="confirm"' not in response.content.decode()
    response = client.post(
        f"/admin/events/event/{event.pk}/invite/",
        {"lists": [desk.pk], "confirm": "1", "confirmation": "0" * 32},
    )
    assert Send.objects.count() == 0


def test_the_event_page_counts_replies_and_places_and_lists_them_with_outlets(
    park: Organisation, release: Release
) -> None:
    event = EventFactory.create(
        issuer=release.issuer, release=release, capacity=10, status=Event.Status.APPROVED
    )
    outlet = OutletFactory.create(name_en="Daily Tech", name_zh_hant="科技日報")
    reporter = MediaContactFactory.create(
        email="chan@daily.example.com", name_zh_hant="陳大文", outlet=outlet
    )
    crew = Send.objects.create(release=release, kind=Send.Kind.MEDIA_INVITATION)
    delivery = crew.deliveries.create(contact=reporter, email=reporter.email, language="zh-hant")
    for email, answer, people in (
        (reporter.email, Rsvp.Answer.ACCEPTED, 3),
        ("lee@wire.example.com", Rsvp.Answer.ACCEPTED, 1),
        ("ho@radio.example.com", Rsvp.Answer.DECLINED, 1),
    ):
        Rsvp.objects.create(
            event=event, email=email, answer=answer, attendees=people, answered_at=NOW,
            delivery=delivery if email == reporter.email else None,
        )  # fmt: skip
    client = _client(_person("Viewer", park))
    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert "2 replies attending (4 people)" in page
    assert "1 not attending" in page
    assert "6 of 10 places left" in page

    wing = _person("Viewer", park)
    user_language_set(user=wing, language="zh-hant")
    replies = _client(wing).get(f"/admin/events/rsvp/?event__id__exact={event.pk}").content.decode()
    assert "陳大文" in replies
    assert "科技日報" in replies


def test_cancelling_moves_the_calendar_entry_on_and_stops_invitations(
    park: Organisation, release: Release
) -> None:
    event = EventFactory.create(
        issuer=release.issuer, release=release, starts_at=STARTS, status=Event.Status.APPROVED
    )
    desk = DistributionListFactory.create(owner=park, members=[MediaContactFactory.create()])
    client = _client(_person("In-house approver", park))
    with time_machine.travel(NOW, tick=False):
        client.post(f"/admin/events/event/{event.pk}/step/cancel/")
        event.refresh_from_db()
        assert event.status == Event.Status.CANCELLED
        assert event.sequence == 1
        page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
        assert "Invite…" not in page
        assert 'name="cancel-event"' not in page
        with pytest.raises(SendRefused, match="cancelled, not approved"):
            invitation_schedule(event=event, lists=[desk], at=NOW, by=None)


def test_the_event_page_gives_each_outlets_figures_in_the_readers_language(
    park: Organisation, release: Release
) -> None:
    event = EventFactory.create(issuer=release.issuer, release=release)
    send = Send.objects.create(release=release, kind=Send.Kind.MEDIA_INVITATION)
    Invitation.objects.create(event=event, send=send)
    daily = OutletFactory.create(name_en="Daily Tech", name_zh_hant="科技日報")
    people = {
        "chan@daily.example.com": (daily, NOW, Rsvp.Answer.ACCEPTED),
        "ho@daily.example.com": (daily, None, None),
        "lee@wire.example.com": (None, NOW, Rsvp.Answer.DECLINED),
    }
    for email, (outlet, opened_at, answer) in people.items():
        contact = MediaContactFactory.create(email=email, outlet=outlet)
        send.deliveries.create(contact=contact, email=email, language="en", opened_at=opened_at)
        if answer:
            Rsvp.objects.create(event=event, email=email, answer=answer, answered_at=NOW)
    wing = _person("Viewer", park)
    user_language_set(user=wing, language="zh-hant")
    page = _client(wing).get(f"/admin/events/event/{event.pk}/change/").content.decode()
    table = page[page.index('id="event-outlets"') :]
    cells = r"<td>(\d+)</td>" * 5
    rows = re.findall(r"<tr><td>([^<]+)</td>" + cells + "</tr>", table)
    assert rows == [
        ("科技日報", "2", "1", "1", "0", "0"),
        ("沒有傳媒機構", "1", "1", "0", "1", "0"),
    ]

"""Press events on the public newsroom, time frozen: only approved events marked to be shown,
upcoming first and then past ones; what an event announces (its description) and the link to
its release wait for their embargo; the iCal feed of the upcoming events parses back with Hong
Kong time, a stable UID and the Chinese title in Chinese."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from events.calendar import event_uid
from events.models import Event
from releases.models import Release
from tests.factories import EventFactory, ReleaseFactory, ReleaseTranslationFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 8, 25, 2, 0, tzinfo=UTC)  # 25 Aug 2025 10:00 HKT
LIFTS = datetime(2025, 9, 1, 4, 0, tzinfo=UTC)  # 1 Sep 2025 12:00 HKT, after the briefing
ANNOUNCES = "公布《2025年全球創新指數》中的創新集群排名"


def listed(title: str, starts: datetime, **fields: object) -> Event:
    fields = {"status": Event.Status.APPROVED, "listed_on_newsroom": True, **fields}
    return EventFactory.create(
        title_en=title, title_zh_hant=f"{title}（中文）", starts_at=starts,
        ends_at=starts + timedelta(hours=1), **fields,
    )  # fmt: skip


def page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_only_approved_events_marked_to_be_shown_are_listed_upcoming_first() -> None:
    later = listed("Site visit to the wet lab", NOW + timedelta(days=9))
    sooner = listed("GII 2025 briefing", NOW + timedelta(days=2))
    past = listed("Fund launch", NOW - timedelta(days=30))
    listed("A draft", NOW + timedelta(days=3), status=Event.Status.DRAFT)
    listed("Not for the public", NOW + timedelta(days=3), listed_on_newsroom=False)
    listed("Called off", NOW + timedelta(days=3), status=Event.Status.CANCELLED)
    with time_machine.travel(NOW, tick=False):
        text = page("/en/events/")
    for hidden in ("A draft", "Not for the public", "Called off"):
        assert hidden not in text
    upcoming = text[text.index("Upcoming") : text.index("Past events")]
    assert upcoming.index(sooner.title_en) < upcoming.index(later.title_en)
    assert past.title_en in text[text.index("Past events") :]
    with time_machine.travel(NOW, tick=False):
        chinese = page("/zh-hant/events/")
    assert "GII 2025 briefing（中文）" in chinese
    assert "2025年8月27日 10:00" in chinese  # the time in Hong Kong, written the Chinese way


def test_what_an_event_announces_and_its_release_wait_for_the_embargo() -> None:
    release = ReleaseFactory.create(
        status=Release.Status.SCHEDULED, release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=LIFTS,
    )  # fmt: skip
    ReleaseTranslationFactory.create(release=release, headline="Cluster ranked first")
    briefing = listed(
        "GII 2025 briefing", LIFTS - timedelta(hours=2), release=release,
        issuer=release.issuer, embargo_until=LIFTS, description_en=ANNOUNCES,
    )  # fmt: skip
    with time_machine.travel(LIFTS - timedelta(minutes=1), tick=False):
        before = page("/en/events/")
        feed = Client().get("/en/events/calendar.ics").content
    assert briefing.title_en in before
    assert ANNOUNCES not in before
    assert f"/releases/{release.pk}-" not in before
    assert "創新集群排名".encode() not in feed
    with time_machine.travel(LIFTS, tick=False):
        after = page("/en/events/")
    assert ANNOUNCES in after
    assert f"/en/releases/{release.pk}-{release.slug}/" in after


def test_the_calendar_feed_gives_the_upcoming_events_in_hong_kong_time() -> None:
    briefing = listed("GII 2025 briefing", datetime(2025, 9, 1, 2, 0, tzinfo=UTC))
    listed("Fund launch", NOW - timedelta(days=30))
    with time_machine.travel(NOW, tick=False):
        response = Client().get("/zh-hant/events/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    (entry,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["UID"]) == event_uid(briefing)
    assert entry["DTSTART"].params["TZID"] == "Asia/Hong_Kong"
    assert entry.decoded("DTSTART").hour == 10
    assert str(entry["SUMMARY"]) == "GII 2025 briefing（中文）"

"""An event as an iCalendar entry (RFC 5545), attached to its invitations: times in the issuer's
zone with its VTIMEZONE (TZID=Asia/Hong_Kong), one UID for the event for ever, and SEQUENCE
raised by every change, so a calendar replaces the entry it has instead of adding another."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEntry

from events.models import Event


def event_uid(event: Event) -> str:
    return f"event-{event.uid}@{settings.MESSAGE_ID_DOMAIN}"


def _both(event: Event, part: str, language: str) -> str:
    if language == "both":
        texts = [getattr(event, part)("zh-hant"), getattr(event, part)("en")]
        return " / ".join(text for text in texts if text)
    return str(getattr(event, part)(language))


def event_ics(
    event: Event, *, language: str, stamp: datetime, sequence: int | None = None
) -> bytes:
    """The entry in `language` ("en", "zh-hant" or "both"), as of `stamp`."""
    cancelled = event.status == Event.Status.CANCELLED
    calendar = _calendar(method="CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(_entry(event, language=language, stamp=stamp, sequence=sequence))
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def events_ics(
    events: Iterable[Event],
    *,
    language: str,
    stamp: datetime,
    described: Callable[[Event], bool],
) -> bytes:
    """Several events as one calendar (the newsroom's feed); an event's description only where
    `described` says it may be read."""
    calendar = _calendar(method="PUBLISH")
    for event in events:
        calendar.add_component(
            _entry(event, language=language, stamp=stamp, with_description=described(event))
        )
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _calendar(*, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Pressroom//Press events//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    return calendar


def _entry(
    event: Event,
    *,
    language: str,
    stamp: datetime,
    sequence: int | None = None,
    with_description: bool = True,
) -> CalendarEntry:
    cancelled = event.status == Event.Status.CANCELLED
    entry = CalendarEntry()
    entry.add("uid", event_uid(event))
    entry.add("sequence", event.sequence if sequence is None else sequence)
    entry.add("dtstamp", stamp)
    entry.add("dtstart", event.starts_at.astimezone(event.zone))
    entry.add("dtend", event.ends_at.astimezone(event.zone))
    entry.add("summary", _both(event, "title", language))
    description = _both(event, "description", language) if with_description else ""
    if description:
        entry.add("description", description)
    location = ", ".join(
        text
        for text in (_both(event, "venue", language), _both(event, "address", language))
        if text
    )
    entry.add("location", location)
    if event.map_url:
        entry.add("url", event.map_url)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return entry

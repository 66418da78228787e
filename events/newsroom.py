"""Press events on the public newsroom: upcoming events first, then past ones with the release
they announced once it is public, and an iCal feed of the upcoming ones. An event is shown only
when approved and marked to be shown; what it announces (its description) only once its
embargo and its release's have passed, so the listing never tells more than the newsroom
does. A cancelled event leaves the listing and the feed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from events.calendar import events_ics
from events.models import Event
from releases.models import format_in_zone

PAST_SHOWN = 20  # the newest past events: older ones are in the releases they announced


@dataclass(frozen=True)
class Listed:
    event: Event
    title: str
    kind: str
    when: str
    venue: str
    address: str
    description: str
    release_url: str


def listed_events() -> "list[Event]":
    return list(
        Event.objects.filter(status=Event.Status.APPROVED, listed_on_newsroom=True)
        .select_related("issuer", "release")
        .prefetch_related("release__translations")
    )


def _listed(event: Event, language: str, at: datetime) -> Listed:
    release_url = ""
    release = event.release
    if release is not None and release.is_public(at):
        release_url = reverse("newsroom:release", args=[release.pk, release.slug])
    return Listed(
        event=event,
        title=event.title(language),
        kind=str(event.get_kind_display()),
        when=format_in_zone(event.starts_at, event.issuer.time_zone),
        venue=event.venue(language),
        address=event.address(language),
        description=event.description(language) if event.description_public(at) else "",
        release_url=release_url,
    )


def _cache(response: HttpResponse) -> HttpResponse:
    # As the newsroom's lists: a short, fixed time, never counting down to a moment.
    seconds = min(settings.NEWSROOM_CACHE_SECONDS, settings.NEWSROOM_LIST_CACHE_SECONDS)
    response["Cache-Control"] = f"public, max-age={max(0, seconds)}"
    return response


@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    at = timezone.now()
    language = get_language() or "en"
    events = listed_events()
    upcoming = sorted((e for e in events if e.ends_at > at), key=lambda e: e.starts_at)
    past = sorted((e for e in events if e.ends_at <= at), key=lambda e: e.starts_at, reverse=True)
    response = render(
        request,
        "newsroom/events.html",
        {
            "upcoming": [_listed(event, language, at) for event in upcoming],
            "past": [_listed(event, language, at) for event in past[:PAST_SHOWN]],
        },
    )
    return _cache(response)


@require_safe
def event_calendar(request: HttpRequest) -> HttpResponse:
    """The upcoming events as one calendar (and those of the last day, so a calendar that
    checks once a day still sees an event it already has end properly)."""
    at = timezone.now()
    events = [e for e in listed_events() if e.ends_at > at - timedelta(days=1)]
    language = get_language() or "en"
    body = events_ics(
        sorted(events, key=lambda e: e.starts_at),
        language=language,
        stamp=at,
        described=lambda event: event.description_public(at),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="press-events.ics"'
    return _cache(response)

"""Polling outlet feeds served from loopback: stories matching a recent release are proposed
(English and Chinese), a near miss is not, the same story under two addresses is one
proposal, a "no" is never proposed again, the second poll is conditional (ETag -> 304), and a
malformed, hanging or huge feed fails alone and backs off."""

import time
from datetime import timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from django.utils import timezone

from coverage.models import CoverageItem, OutletFeed
from coverage.polling import feeds_claim, feeds_poll
from releases.models import Release
from tests.coverage.feed_server import Route, atom, feed_server, rss, silent_server
from tests.factories import (
    MediaContactFactory,
    OutletFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

pytestmark = pytest.mark.django_db

EN_STORY = (
    "Global Innovation Index ranks Hong Kong cluster first; Cyberport start-ups raise HK$1.2 "
    "billion",
    "https://harbour.example.com/tech/cluster-first?utm_source=rss",
    "The Global Innovation Index 2025 put the Hong Kong cluster first, and Cyberport said its "
    "1,200 start-ups raised HK$1.2 billion.",
)
EN_SAME_STORY_AMP = (
    EN_STORY[0],
    "https://amp.harbour.example.com/tech/cluster-first/amp/",
    EN_STORY[2],
)
NEAR_MISS = (
    "Science park start-ups ranked second in Asia innovation survey",
    "https://harbour.example.com/tech/science-park-second",
    "A survey of 300 Asian innovation hubs placed the science park second; its start-ups "
    "raised HK$300 million.",
)
UNRELATED = (
    "Typhoon signal No. 8 hoisted as storm nears",
    "https://harbour.example.com/weather/typhoon",
    "Schools closed across the city.",
)
ZH_STORY = (
    "全球創新指數：香港集群排名第一　數碼港初創集資12億港元",
    "https://island.example.com/article/20250901-cluster",
    "全球創新指數2025公布，香港集群排名全球第一，數碼港1,200間初創企業集資12億港元。",
)


@pytest.fixture
def release() -> Release:
    release = ReleaseFactory.create(
        status=Release.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=1)
    )
    ReleaseTranslationFactory.create(
        release=release,
        headline="Cyberport start-ups raise HK$1.2 billion as Global Innovation Index ranks "
        "Hong Kong cluster first",
        subheadline="1,200 start-ups in the Cyberport community",
        body="<p>The Global Innovation Index 2025 ranked the Hong Kong cluster first in the "
        "world. Cyberport's 1,200 start-ups raised HK$1.2 billion.</p>",
    )
    ReleaseTranslationFactory.create(
        release=release,
        language="zh-hant",
        headline="數碼港初創企業集資12億港元　全球創新指數香港集群排名第一",
        subheadline="數碼港社群有1,200間初創企業",
        body="<p>全球創新指數2025將香港集群評為全球第一。數碼港1,200間初創企業集資12億港元。</p>",
    )
    return release


def _recent() -> str:
    return format_datetime(timezone.now() - timedelta(hours=2), usegmt=True)


def _feed(
    url: str, name: str = "Harbour Daily", website: str = "https://harbour.example.com"
) -> OutletFeed:
    outlet = OutletFactory.create(name_en=name, website=website)
    return OutletFeed.objects.create(outlet=outlet, url=url)


def _poll(*feeds: OutletFeed) -> Any:
    OutletFeed.objects.filter(pk__in=[f.pk for f in feeds]).update(next_poll_at=None)
    return feeds_poll(feed_ids=feeds_claim(now=timezone.now()))


def test_an_english_story_is_proposed_and_a_near_miss_is_not(release: Release) -> None:
    with feed_server() as server:
        server.routes["/rss"] = Route(
            body=rss([EN_STORY, NEAR_MISS, UNRELATED, EN_SAME_STORY_AMP], published=_recent())
        )
        feed = _feed(server.base + "/rss")
        alex = MediaContactFactory.create(outlet=feed.outlet, name_en="Alex Lee")
        stats = _poll(feed)
    assert (stats.fetched, stats.entries, stats.proposed) == (1, 4, 1)
    item = CoverageItem.objects.get()
    assert item.canonical_url == "https://harbour.example.com/tech/cluster-first"
    assert item.status == CoverageItem.Status.PROPOSED
    assert item.found_by == CoverageItem.FoundBy.FEED
    assert list(item.releases.all()) == [release]
    assert (item.outlet, item.journalist, item.language) == (feed.outlet, alex, "en")
    assert "1,200 start-ups" in item.snapshot_paragraph


def test_a_chinese_story_is_matched_by_character_pairs(release: Release) -> None:
    with feed_server() as server:
        server.routes["/atom"] = Route(
            body=atom([ZH_STORY], updated=(timezone.now() - timedelta(hours=1)).isoformat()),
            content_type="application/atom+xml",
        )
        feed = _feed(server.base + "/atom", "Island Post", "https://island.example.com")
        stats = _poll(feed)
    assert stats.proposed == 1
    item = CoverageItem.objects.get()
    assert item.headline == ZH_STORY[0]
    assert (item.language, list(item.releases.all())) == ("zh-hant", [release])


def test_a_story_published_before_the_release_is_not_its_coverage(release: Release) -> None:
    before = format_datetime(timezone.now() - timedelta(days=5), usegmt=True)
    with feed_server() as server:
        server.routes["/rss"] = Route(body=rss([EN_STORY], published=before))
        stats = _poll(_feed(server.base + "/rss"))
    assert stats.proposed == 0


def test_the_second_poll_is_conditional_and_a_rejected_story_stays_rejected(
    release: Release,
) -> None:
    with feed_server() as server:
        server.routes["/rss"] = Route(body=rss([EN_STORY], published=_recent()), etag='"v1"',
                                      cookie="session=abc")  # fmt: skip
        feed = _feed(server.base + "/rss")
        _poll(feed)
        CoverageItem.objects.update(status=CoverageItem.Status.REJECTED)
        second = _poll(feed)
        server.routes["/rss"].etag = '"v2"'  # the feed changed: fetched again in full
        third = _poll(feed)
    assert second.not_modified == 1
    assert server.requests[1][1].get("If-None-Match") == '"v1"'
    assert all("Cookie" not in headers for _path, headers in server.requests)
    assert (third.fetched, third.proposed) == (1, 0)
    assert CoverageItem.objects.get().status == CoverageItem.Status.REJECTED
    feed.refresh_from_db()
    assert (feed.etag, feed.failures) == ('"v2"', 0)


def test_a_malformed_feed_fails_alone_and_backs_off(release: Release) -> None:
    with feed_server() as server:
        server.routes["/bad"] = Route(body=b"not a feed at all {")
        server.routes["/good"] = Route(body=rss([EN_STORY], published=_recent()))
        bad, good = (
            _feed(server.base + "/bad"),
            _feed(server.base + "/good", "Other", "https://o.example.com"),
        )
        stats = _poll(bad, good)
    assert (stats.failed, stats.fetched, stats.proposed) == (1, 1, 1)
    bad.refresh_from_db()
    assert bad.failures == 1
    assert "not a readable RSS or Atom feed" in bad.last_error
    assert bad.next_poll_at is not None
    assert bad.polled_at is not None
    assert bad.next_poll_at - bad.polled_at == timedelta(seconds=2 * 1800)  # doubled


def test_a_feed_that_never_answers_times_out(release: Release, settings: Any) -> None:
    settings.COVERAGE_FETCH_TIMEOUT = 0.5
    with silent_server() as url:
        feed = _feed(url)
        started = time.monotonic()
        stats = _poll(feed)
        elapsed = time.monotonic() - started
    assert stats.failed == 1
    assert elapsed < 3
    feed.refresh_from_db()
    assert "timed out" in feed.last_error


def test_a_50_mb_feed_is_abandoned_at_the_size_cap(release: Release, settings: Any) -> None:
    settings.COVERAGE_FETCH_MAX_BYTES = 1024 * 1024
    with feed_server() as server:
        server.routes["/huge"] = Route(stream_bytes=50 * 1024 * 1024)
        feed = _feed(server.base + "/huge")
        stats = _poll(feed)
    assert stats.failed == 1
    feed.refresh_from_db()
    assert "larger than 1024 KB" in feed.last_error


def test_a_feed_not_due_is_not_claimed(release: Release) -> None:
    feed = _feed("http://127.0.0.1:9/never")
    OutletFeed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timedelta(minutes=5))
    assert feeds_claim(now=timezone.now()) == []


def test_the_beat_task_polls_the_due_feeds_through_workers(
    release: Release, eager_celery: None, settings: Any
) -> None:
    from coverage.tasks import poll_feeds

    assert settings.CELERY_BEAT_SCHEDULE["coverage-poll"]["task"] == poll_feeds.name
    with feed_server() as server:
        server.routes["/rss"] = Route(body=rss([EN_STORY], published=_recent()))
        _feed(server.base + "/rss")
        assert poll_feeds() == 1
        assert poll_feeds() == 0  # polled: not due again until its next turn
    assert CoverageItem.objects.filter(status=CoverageItem.Status.PROPOSED).count() == 1

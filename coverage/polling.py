"""One polling round of the outlets' feeds: the database schedules (`OutletFeed.next_poll_at`),
Celery executes (`coverage.tasks`). A round claims the feeds that are due (skipping rows
another worker holds, and moving their next poll on at once, so a feed is polled by one
worker), fetches them a few at a time (`coverage.fetch`: guarded, conditional, bounded),
parses each with feedparser and proposes the stories that match a release public in the last
COVERAGE_MATCH_DAYS (`coverage.matching`). An address already recorded, proposed, confirmed
or rejected, is never proposed again."""

import io
import logging
import re
from calendar import timegm
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser
import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from contacts.models import MediaContact
from coverage.canonical import NotAWebAddress, canonical_url
from coverage.fetch import Fetched, FetchFailed, FetchRefused, fetch, new_client
from coverage.matching import ReleaseIndex, ReleaseText, plain
from coverage.models import CoverageItem, OutletFeed
from releases.models import Release

logger = logging.getLogger(__name__)
FETCHERS = 16  # feeds fetched at once by one worker (network waits, not CPU)
MAX_RELEASES_PER_STORY = 3
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class RoundStats:
    feeds: int = 0
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    refused: int = 0
    entries: int = 0
    proposed: int = 0


def feeds_claim(*, now: datetime, limit: int = 1000) -> list[int]:
    """The due feeds' ids, claimed: their next poll moves on by the poll interval now (a lease:
    a worker that dies mid-round leaves them for their next turn, never polled twice at once)."""
    lease = now + timedelta(seconds=settings.COVERAGE_POLL_SECONDS)
    with transaction.atomic():
        due = (
            OutletFeed.objects.select_for_update(skip_locked=True)
            .filter(active=True)
            .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
            .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        )
        ids = list(due.values_list("pk", flat=True)[:limit])
        OutletFeed.objects.filter(pk__in=ids).update(next_poll_at=lease)
    return ids


def recent_releases(now: datetime) -> ReleaseIndex:
    """The index of releases public now that became public in the last COVERAGE_MATCH_DAYS."""
    since = now - timedelta(days=settings.COVERAGE_MATCH_DAYS)
    releases = (
        Release.objects.public(now)
        .filter(
            Q(embargo_until__gte=since)
            | Q(embargo_until__isnull=True, published_at__gte=since)
            | Q(embargo_until__isnull=True, published_at__isnull=True, release_date__gte=since)
        )
        .select_related("issuer")
        .prefetch_related("translations")
    )
    return ReleaseIndex.build(
        ReleaseText(
            release_id=release.pk,
            versions=[
                (f"{t.headline}\n{t.subheadline}", t.body) for t in release.translations.all()
            ],
            public_since=release.public_since().timestamp(),
        )
        for release in releases
    )


def feeds_poll(*, feed_ids: list[int], now: datetime | None = None) -> RoundStats:
    now = now or timezone.now()
    feeds = list(OutletFeed.objects.filter(pk__in=feed_ids).select_related("outlet"))
    stats = RoundStats(feeds=len(feeds))
    if not feeds:
        return stats
    index = recent_releases(now)
    with new_client() as client, ThreadPoolExecutor(min(FETCHERS, len(feeds))) as pool:
        outcomes = pool.map(lambda feed: _fetch_one(feed, client), feeds)
        for feed, outcome in zip(feeds, outcomes, strict=True):
            # One commit per feed: its proposals and its new state (ETag, next poll) together.
            try:
                with transaction.atomic():
                    _handle(feed, outcome, index, now, stats)
            except Exception as error:  # one feed's surprise never loses the round
                logger.exception("Feed %s could not be read", feed.pk)
                stats.failed += 1
                _failed(feed, f"{type(error).__name__}", now)
    return stats


def _fetch_one(feed: OutletFeed, client: httpx.Client) -> Fetched | Exception:
    try:
        return fetch(feed.url, client=client, etag=feed.etag, last_modified=feed.last_modified)
    except (FetchFailed, FetchRefused) as error:
        return error
    except Exception as error:  # never lose the round to one feed
        logger.exception("Feed %s could not be fetched", feed.pk)
        return FetchFailed(f"{type(error).__name__}")


def _handle(
    feed: OutletFeed, outcome: Fetched | Exception, index: ReleaseIndex, now: datetime,
    stats: RoundStats,
) -> None:  # fmt: skip
    if isinstance(outcome, Exception):
        stats.refused += isinstance(outcome, FetchRefused)
        stats.failed += not isinstance(outcome, FetchRefused)
        _failed(feed, str(outcome), now)
        return
    if outcome.status == 304:
        stats.not_modified += 1
        _succeeded(feed, outcome, now)
        return
    # Only plain text is kept (tags stripped by `plain`): feedparser's HTML sanitising and
    # link resolving would only cost time.
    parsed = feedparser.parse(
        io.BytesIO(outcome.body), sanitize_html=False, resolve_relative_uris=False
    )
    if parsed.bozo and not parsed.entries:
        stats.failed += 1
        reason = getattr(parsed, "bozo_exception", None)
        _failed(feed, f"not a readable RSS or Atom feed: {reason}"[:500], now)
        return
    stats.fetched += 1
    stats.entries += len(parsed.entries)
    stats.proposed += _propose(feed, parsed.entries, index)
    _succeeded(feed, outcome, now)


def _succeeded(feed: OutletFeed, fetched: Fetched, now: datetime) -> None:
    OutletFeed.objects.filter(pk=feed.pk).update(
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        polled_at=now,
        next_poll_at=now + timedelta(seconds=settings.COVERAGE_POLL_SECONDS),
        failures=0,
        last_error="",
    )


def _failed(feed: OutletFeed, reason: str, now: datetime) -> None:
    OutletFeed.objects.filter(pk=feed.pk).update(
        polled_at=now,
        next_poll_at=feed.back_off(now),
        failures=F("failures") + 1,
        last_error=reason[:500],
    )


def _propose(feed: OutletFeed, entries: list[Any], index: ReleaseIndex) -> int:
    """Record the feed's new stories that match a release, in three queries whatever their
    number. Returns how many were proposed."""
    stories: dict[str, Any] = {}
    for entry in entries:
        link = str(entry.get("link", ""))
        try:
            if len(link) <= 2000:
                stories.setdefault(canonical_url(link), entry)
        except NotAWebAddress:
            continue
    known = set(
        CoverageItem.objects.filter(canonical_url__in=list(stories)).values_list(
            "canonical_url", flat=True
        )
    )
    authors = _Authors(feed)
    new: list[tuple[CoverageItem, list[int]]] = []
    for canonical, entry in stories.items():
        if canonical in known:
            continue  # proposed, confirmed or rejected before: never again
        title = plain(str(entry.get("title", ""))).strip()
        summary = plain(str(entry.get("summary", ""))).strip()
        published = _published(entry)
        matches = index.match(
            f"{title}\n{summary}", published=published.timestamp() if published else None
        )
        if not matches:
            continue
        best = matches[:MAX_RELEASES_PER_STORY]
        reason = f"{best[0].score:.2f}: " + ", ".join(s[2:] for s in best[0].shared)
        item = CoverageItem(
            url=str(entry.get("link")),
            canonical_url=canonical,
            headline=(title or canonical)[:500],
            found_by=CoverageItem.FoundBy.FEED,
            status=CoverageItem.Status.PROPOSED,
            outlet_id=feed.outlet_id,
            feed=feed,
            journalist_id=authors.contact_id(str(entry.get("author", ""))),
            language="zh-hant" if CJK.search(title) else "en",
            published_at=published,
            snapshot_title=title[:500],
            snapshot_paragraph=summary.split("\n\n")[0][:2000],
            match_reason=reason[:500],
        )
        new.append((item, [m.release_id for m in best]))
    if not new:
        return 0
    # A story another worker recorded a moment ago (another feed of the same story) stays
    # theirs: conflicts are skipped, and only this feed's new rows get their releases.
    CoverageItem.objects.bulk_create([item for item, _ in new], ignore_conflicts=True)
    ids = dict(
        CoverageItem.objects.filter(
            feed=feed, canonical_url__in=[item.canonical_url for item, _ in new]
        ).values_list("canonical_url", "pk")
    )
    through = CoverageItem.releases.through
    through.objects.bulk_create(
        [
            through(coverageitem_id=ids[item.canonical_url], release_id=release_id)
            for item, release_ids in new
            if item.canonical_url in ids
            for release_id in release_ids
        ],
        ignore_conflicts=True,
    )
    return len(ids)


class _Authors:
    """The feed's outlet's media contacts by name (English, case aside, or Chinese), read once
    and only when a story names its author."""

    def __init__(self, feed: OutletFeed) -> None:
        self.feed = feed
        self.names: dict[str, list[int]] | None = None

    def contact_id(self, author: str) -> int | None:
        author = author.strip()
        if not author:
            return None
        if self.names is None:
            self.names = {}
            rows = MediaContact.objects.filter(outlet=self.feed.outlet_id).values_list(
                "pk", "name_en", "name_zh_hant"
            )
            for pk, name_en, name_zh in rows:
                for name in {name_en.casefold(), name_zh} - {""}:
                    self.names.setdefault(name, []).append(pk)
        found = self.names.get(author.casefold()) or self.names.get(author) or []
        return found[0] if len(found) == 1 else None


def _published(entry: Any) -> datetime | None:
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if not moment:
        return None
    try:
        return datetime.fromtimestamp(timegm(moment), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None

"""The public newsroom's work: which releases the public may see at a moment (always through
`ReleaseQuerySet.public`, the SQL form of `Release.is_public`), and the beat tick that makes
their images and press kits ahead of the embargo and pings feed hubs. Nothing here makes a
release public: that is computed from its embargo on every request, so the newsroom needs no
worker to publish."""

import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Beat, StaffUser
from releases.models import Asset, EnquiryContact, Release, ReleaseTranslation
from releases.presskit import presskit_build, presskit_path
from releases.renditions import RENDITIONS, asset_rendition, rendition_path
from releases.scoping import releases_visible_to

logger = logging.getLogger(__name__)

SEARCH_MAX_LENGTH = 200
FEED_LENGTH = 50


def _lead_photo() -> Prefetch:
    """Each release's first uploaded photo and nothing else (a sliced prefetch: one query with a
    window function), for the thumbnail on the index."""
    photos = (
        Asset.objects.licensed(timezone.now())
        .filter(kind=Asset.Kind.PHOTO)
        .exclude(file="")
        .only("pk", "release_id", "kind", "file")
        .order_by("order", "pk")
    )
    return Prefetch("assets", queryset=photos[:1], to_attr="photos")


def _headlines() -> Prefetch:
    """Translations without their bodies: a list shows headlines only."""
    return Prefetch(
        "translations",
        queryset=ReleaseTranslation.objects.only(
            "release_id", "language", "headline", "subheadline"
        ),
    )


def newsroom_releases(
    *,
    at: datetime,
    year: int | None = None,
    topic: Beat | None = None,
    language: str = "",
) -> QuerySet[Release]:
    """Public releases at `at`, newest first, optionally of one year, one topic, written in one
    language; each with its headlines (no bodies) and its lead photo. A search narrows these
    further (releases/search.py), and the page's releases come from `newsroom_in_order`."""
    releases = Release.objects.public(at)
    if year is not None:
        releases = releases.filter(release_date__gte=date(year, 1, 1)).filter(
            release_date__lt=date(year + 1, 1, 1)
        )
    if topic is not None:
        releases = releases.filter(topics=topic)
    if language:
        releases = releases.filter(
            Exists(ReleaseTranslation.objects.filter(release=OuterRef("pk"), language=language))
        )
    return releases.prefetch_related(_headlines(), _lead_photo()).order_by("-release_date", "-pk")


def newsroom_in_order(*, ids: list[int]) -> list[Release]:
    """The releases with these ids, in this order, with what a list shows of each. A search
    pages over the ids it found in one scan: the text is read once, not once to count the
    matches and again for the page."""
    releases = Release.objects.filter(pk__in=ids).prefetch_related(_headlines(), _lead_photo())
    by_id = {release.pk: release for release in releases}
    return [by_id[pk] for pk in ids if pk in by_id]


def newsroom_years(*, at: datetime) -> list[int]:
    """Years that have at least one public release, newest first. The year is cut from the date's
    ISO text in SQL: `.dates()` would call a Python function per row on SQLite."""
    year = Substr(Cast("release_date", CharField()), 1, 4)
    years = (
        Release.objects.public(at)
        .annotate(year=year)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return [int(value) for value in years]


def translation_for(release: Release, language: str) -> ReleaseTranslation | None:
    """The release in `language`; else in the other Chinese script for a Chinese reader
    (zh-hans, if switched on, reads zh-hant before English); else its first language."""
    translations = list(release.translations.all())
    for wanted in (language, "zh-hant" if language.startswith("zh") else None):
        for written in translations:
            if written.language == wanted:
                return written
    return release.translation(language)


def topic_name(topic: Beat, language: str) -> str:
    if language.startswith("zh") and topic.name_zh_hant:
        return topic.name_zh_hant
    return topic.name_en


def newsroom_topics(*, at: datetime) -> QuerySet[Beat]:
    """Topics that have at least one public release."""
    public = Release.objects.public(at).filter(topics=OuterRef("pk"))
    return Beat.objects.filter(Exists(public)).order_by("name_en")


def newsroom_release(*, at: datetime, pk: int) -> Release | None:
    """The release with this id if the public may read it at `at`, with everything its page
    shows; None if it does not exist or is not public (the caller cannot tell which)."""
    return _release_page_queryset(Release.objects.public(at), at=at).filter(pk=pk).first()


def newsroom_preview(*, pk: int, by: StaffUser) -> Release | None:
    """A release the PR officer sees in the admin, public or not, for their preview."""
    return _release_page_queryset(newsroom_previewable(by=by)).filter(pk=pk).first()


def newsroom_previewable(*, by: StaffUser) -> QuerySet[Release]:
    """The releases a staff user may preview: those their organisation sees (releases.scoping),
    so an agency officer never previews a release not assigned to their agency."""
    return releases_visible_to(by, Release.objects.all())


def newsroom_preview_asset(
    *, pk: int, by: StaffUser, release_pk: int | None = None
) -> Asset | None:
    assets = Asset.objects.select_related("release__issuer").filter(
        pk=pk, release__in=newsroom_previewable(by=by)
    )
    if release_pk is not None:
        assets = assets.filter(release_id=release_pk)
    return assets.first()


def _release_page_queryset(
    releases: QuerySet[Release], *, at: datetime | None = None
) -> QuerySet[Release]:
    """A release with what its page shows; with `at`, only assets whose licence runs then (the
    staff preview shows them all)."""
    assets = Asset.objects.licensed(at) if at is not None else Asset.objects.all()
    return releases.select_related("issuer").prefetch_related(
        Prefetch(
            "translations",
            queryset=ReleaseTranslation.objects.select_related("boilerplate_version"),
        ),
        Prefetch("assets", queryset=assets.order_by("order", "pk")),
        Prefetch(
            "enquiry_links",
            queryset=EnquiryContact.objects.select_related("pr_contact__organisation"),
        ),
        "topics",
    )


def newsroom_withdrawn(*, at: datetime, pk: int, slug: str) -> bool:
    """Whether the address with this id and slug should show a withdrawal notice."""
    release = Release.objects.filter(pk=pk, slug=slug).first()
    return release is not None and release.shows_withdrawal_notice(at)


def newsroom_asset(*, at: datetime, pk: int) -> Asset | None:
    """The asset with this id if its release is public at `at` and its licence runs."""
    return (
        Asset.objects.licensed(at)
        .filter(pk=pk, release__in=Release.objects.public(at))
        .select_related("release__issuer")
        .first()
    )


def newsroom_feed_releases(*, at: datetime) -> list[Release]:
    """The newest public releases with their full text, issuer and topics, for the feeds."""
    releases = newsroom_releases(at=at).prefetch_related(None)
    return list(
        releases.select_related("issuer").prefetch_related("translations", "topics")[:FEED_LENGTH]
    )


# --- The beat tick ----------------------------------------------------------------------------

# How far ahead the tick makes images for releases about to lift, and how far back it looks
# for releases that just lifted (twice the tick interval, so a late tick misses none; a hub
# pinged twice just fetches the feed twice).
WARM_AHEAD = timedelta(minutes=10)
PING_LOOKBACK = timedelta(seconds=60)


@dataclass(frozen=True)
class TickReport:
    renditions: int
    lifted: int
    pings: int
    presskits: int = 0


def newsroom_tick(*, at: datetime) -> TickReport:
    """What the beat runs every 30 s. It publishes nothing (visibility is computed from the
    embargo): it makes the renditions and press kits of releases lifting within WARM_AHEAD, so
    the first reader after the lift does not wait for them, and tells WebSub hubs
    (NEWSROOM_WEBSUB_HUBS) that the feeds changed when an embargo lifted in the last
    PING_LOOKBACK."""
    upcoming = Release.objects.lifting_after(at).filter(embargo_until__lte=at + WARM_AHEAD)
    lifted = Release.objects.public(at).filter(embargo_until__gt=at - PING_LOOKBACK)
    pictured = Asset.objects.filter(
        Q(release__in=upcoming) | Q(release__in=lifted),
        kind__in=[Asset.Kind.PHOTO, Asset.Kind.VIDEO],
    ).exclude(file="")
    made = 0
    for asset in pictured:
        for name in RENDITIONS:
            made += not rendition_path(asset, name).exists() and (
                asset_rendition(asset=asset, name=name) is not None
            )
    kits = 0
    for release in Release.objects.filter(Q(pk__in=upcoming) | Q(pk__in=lifted)):
        kit = presskit_path(release, at=at)
        if not kit.exists():
            presskit_build(release, at=at, target=kit)
            kits += 1
    lifted_count = lifted.count()
    pings = feed_ping_hubs() if lifted_count else 0
    return TickReport(renditions=made, lifted=lifted_count, pings=pings, presskits=kits)


def feed_urls() -> list[str]:
    urls = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for name in ("newsroom:feed-rss", "newsroom:feed-atom"):
                urls.append(settings.SITE_URL + reverse(name))
    return urls


def feed_ping_hubs() -> int:
    """POST a WebSub "publish" notice for every feed to every hub; returns how many succeeded.
    A hub that fails is logged and skipped: the feed is still right, only later to be read."""
    succeeded = 0
    for hub in settings.NEWSROOM_WEBSUB_HUBS:
        for feed in feed_urls():
            data = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed}).encode()
            request = urllib.request.Request(hub, data=data, method="POST")  # noqa: S310 -- http(s) only, checked in settings
            try:
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    succeeded += 200 <= response.status < 300
            except (OSError, urllib.error.URLError) as error:
                logger.warning("WebSub hub %s refused %s: %s", hub, feed, error)
    return succeeded

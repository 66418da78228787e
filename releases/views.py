"""The public newsroom, and the PR officer's preview of it.

Every public view asks `releases.newsroom` for what is public at this request's moment (one
`timezone.now()` per request, compared in the database in UTC). Anything not public answers the
same 404 an unknown address gets, with `Cache-Control: private, no-store`; what is public carries
public caching headers. Public views never look at who is asking, so a shared cache can hold them
and no session cookie is set; the staff preview has URLs of its own."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import override as translation_override
from django.views import defaults
from django.views.decorators.http import require_safe

from contacts.models import Beat
from releases import newsroom as services
from releases.analytics import counted
from releases.asset_files import original_download
from releases.feeds import AtomFeed, RssFeed
from releases.models import (
    Asset,
    NewsroomCount,
    Release,
    ReleaseTranslation,
    format_in_zone,
    has_own_heading,
)
from releases.page_cache import cached_page, newsroom_memo
from releases.presskit import presskit_build, presskit_path, presskit_size
from releases.renditions import asset_rendition, print_filename
from releases.search import highlighted, search_ids, search_terms, snippet
from releases.sitemaps import sitemap_index_xml, sitemap_xml
from releases.tasks import presskit_build_later

PAGE_SIZE = 20
SITEMAP_FILES_MAX = 100_000  # a number beyond any newsroom: past it, 404 rather than a query
MAX_QUERY_STRING = 2048
_YEAR = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1900, 2999

View = Callable[..., HttpResponseBase]


# --- Caching headers --------------------------------------------------------------------------


def _public(response: HttpResponseBase, *, max_age: int | None = None) -> HttpResponseBase:
    seconds = settings.NEWSROOM_CACHE_SECONDS if max_age is None else max_age
    response["Cache-Control"] = f"public, max-age={max(0, seconds)}"
    return response


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


def _listing_max_age(at: datetime) -> int:
    """How long a list (index, feeds, sitemap) may be cached: a fixed, short time. Counting down
    to the next embargo lift would tell anyone reading the header that an embargoed release
    exists and when it lifts; a list lags a newly public release by at most this much."""
    return min(settings.NEWSROOM_CACHE_SECONDS, settings.NEWSROOM_LIST_CACHE_SECONDS)


def newsroom_view(view: View) -> View:
    """GET and HEAD only (the newsroom changes nothing, so it needs no CSRF token), and a
    mangled query string is a 400 before any view code reads it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            raise BadRequest("The query string is too long.")
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise BadRequest("The query string holds a NUL character.")
        return view(request, *args, **kwargs)

    return require_safe(wrapper)


# --- Error pages ------------------------------------------------------------------------------


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBase:
    """The one 404 of the site: the same bytes whether the address never existed or names a
    release still under embargo."""
    return _private(render(request, "newsroom/404.html", {"error_page": True}, status=404))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBase:
    return _private(render(request, "newsroom/400.html", {"error_page": True}, status=400))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponseBase:
    """Django's own 403 page, never stored by a browser or a shared cache: it may answer an
    address that names an embargoed release (an admin page the user may not open)."""
    return _private(defaults.permission_denied(request, exception))


# --- Index ------------------------------------------------------------------------------------


@dataclass
class Card:
    release: Release
    translation: ReleaseTranslation | None
    url: str
    thumbnail_url: str
    # A search result's headline with the words found marked, and a passage of its text.
    headline: SafeString | None = None
    snippet: SafeString | None = None


_PK, _SLUG = 918273645, "slug-placeholder"


def _cards(releases: list[Release], language: str) -> list[Card]:
    """What the index shows of each release. Addresses are reversed once and filled in per
    release: twenty reverses per page were a tenth of the page's time."""
    release_path = reverse("newsroom:release", kwargs={"pk": _PK, "slug": _SLUG})
    thumbnail_path = reverse("newsroom_files:image", kwargs={"asset_pk": _PK, "rendition": "w480"})
    cards = []
    for release in releases:
        photos: list[Asset] = getattr(release, "photos", [])
        lead = photos[0] if photos and photos[0].has_image() else None
        cards.append(
            Card(
                release=release,
                translation=services.translation_for(release, language),
                url=release_path.replace(f"{_PK}-{_SLUG}", f"{release.pk}-{release.slug}"),
                thumbnail_url=thumbnail_path.replace(str(_PK), str(lead.pk)) if lead else "",
            )
        )
    return cards


def _parse_year(value: str | None) -> int | None:
    if not value:
        return None
    if not _YEAR.fullmatch(value) or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise BadRequest(f"A year is four digits, {FIRST_YEAR} to {LAST_YEAR}.")
    return int(value)


def _parse_topic(value: str | None) -> Beat | None:
    if not value:
        return None
    topic = Beat.objects.filter(slug=value).first()
    if topic is None:
        raise Http404("No such topic.")
    return topic


def _parse_written_in(value: str | None) -> str:
    """The language filter: releases with a version in this language ("" for any)."""
    if not value:
        return ""
    if value not in dict(settings.LANGUAGES):
        raise BadRequest("No such language.")
    return value


def _mark(cards: list[Card], query: str) -> None:
    """Mark what was found in each result's headline and show a passage of its text (one query
    for the page's bodies)."""
    terms = search_terms(query)
    shown = [card.translation.pk for card in cards if card.translation is not None]
    bodies = dict(ReleaseTranslation.objects.filter(pk__in=shown).values_list("pk", "body"))
    for card in cards:
        if card.translation is not None:
            card.headline = highlighted(card.translation.headline, terms)
            card.snippet = snippet(bodies.get(card.translation.pk, ""), terms)


def _parse_query(value: str | None) -> str:
    query = (value or "").strip()
    if len(query) > services.SEARCH_MAX_LENGTH:
        raise BadRequest("The search is too long.")
    return query


def _page(items: Any, number: str | None) -> Page[Any]:
    paginator = Paginator(items, PAGE_SIZE, allow_empty_first_page=True)
    try:
        return paginator.page(number or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404("No such page.") from None


@newsroom_view
@cached_page
def index(request: HttpRequest) -> HttpResponseBase:
    at = timezone.now()
    year = _parse_year(request.GET.get("year"))
    topic = _parse_topic(request.GET.get("topic"))
    query = _parse_query(request.GET.get("q"))
    written_in = _parse_written_in(request.GET.get("lang"))
    releases = services.newsroom_releases(at=at, year=year, topic=topic, language=written_in)
    more = False
    if query:
        ids, more = search_ids(releases, query)
        page = _page(ids, request.GET.get("page"))
        page.object_list = services.newsroom_in_order(ids=list(page.object_list))
    else:
        page = _page(releases, request.GET.get("page"))
    language = get_language()
    filters = {
        k: v
        for k, v in {
            "q": query, "year": year, "topic": topic and topic.slug, "lang": written_in
        }.items()
        if v
    }  # fmt: skip
    cards = _cards(list(page.object_list), language)
    if query:
        _mark(cards, query)
    response = render(
        request,
        "newsroom/index.html",
        {
            "page": page,
            "cards": cards,
            "query": query,
            "more": more,
            "written_in": written_in,
            "languages": settings.LANGUAGES,
            "year": year,
            "topic": topic,
            "years": newsroom_memo("years", lambda: services.newsroom_years(at=at), at=at),
            "topics": newsroom_memo("topics", lambda: list(services.newsroom_topics(at=at)), at=at),
            "filters": filters,
            "filtered": bool(filters),
        },
    )
    return _public(response, max_age=_listing_max_age(at))


# --- Release and asset pages ------------------------------------------------------------------


def _release_url(release: Release) -> str:
    return reverse("newsroom:release", kwargs={"pk": release.pk, "slug": release.slug})


def _corrections(release: Release, language: str) -> list[tuple[datetime, str, str]]:
    """The release's published corrections, oldest first: (when, when as read, the note)."""
    published = release.corrections.filter(published_at__isnull=False).order_by("published_at")
    with translation_override(language):
        return [
            (
                c.published_at,
                format_in_zone(c.published_at, release.issuer.time_zone),
                c.note(language),
            )
            for c in published
            if c.published_at is not None
        ]


def _release_context(release: Release, *, preview: bool) -> dict[str, Any]:
    language = get_language()
    translation = services.translation_for(release, language)
    boilerplate = translation.boilerplate() if translation else ""
    assets = list(release.assets.all())
    lead = next((a for a in assets if a.has_image()), None)
    banner = ""
    at = timezone.now()
    if preview:
        if release.is_embargoed(at):
            banner = f"EMBARGOED — not public until {release.embargo_display()}"
        elif not release.is_public(at):
            banner = (
                f"NOT PUBLIC — this release is “{release.get_status_display()}”; it appears on "
                "the newsroom once it is scheduled or published."
            )
        else:
            banner = "PREVIEW — this release is public on the newsroom."
    return {
        "release": release,
        "translation": translation,
        "content_language": translation.language if translation else language,
        "assets": assets,
        "lead_photo": lead,
        "enquiries": [link.pr_contact for link in release.enquiry_links.all()],
        "topics": list(release.topics.all()),
        "issuer_name": release.issuer.name(language),
        "boilerplate": boilerplate,
        "boilerplate_has_heading": has_own_heading(boilerplate),
        "released_at": release.embargo_until,
        "corrections": _corrections(release, translation.language if translation else language),
        "preview": preview,
        "preview_banner": banner,
        "alternate_languages": release.languages(),
        "canonical_path": _release_url(release),
    }


@newsroom_view
@counted(NewsroomCount.Kind.VIEW)
@cached_page
def release_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponseBase:
    at = timezone.now()
    release = services.newsroom_release(at=at, pk=pk)
    if release is None:
        if services.newsroom_withdrawn(at=at, pk=pk, slug=slug):
            context = {"error_page": True}
            return _private(render(request, "newsroom/withdrawn.html", context, status=410))
        raise Http404("No such release.")
    if slug != release.slug:
        # The slug was edited: the id still finds the release, and the old address moves on.
        return _public(HttpResponsePermanentRedirect(_release_url(release)))
    context = _release_context(release, preview=False)
    return _public(render(request, "newsroom/release.html", context))


@newsroom_view
def release_by_id(request: HttpRequest, pk: int) -> HttpResponseBase:
    release = services.newsroom_release(at=timezone.now(), pk=pk)
    if release is None:
        raise Http404("No such release.")
    return _public(HttpResponsePermanentRedirect(_release_url(release)))


@newsroom_view
@counted(NewsroomCount.Kind.VIEW)
@cached_page
def asset_detail(request: HttpRequest, pk: int, slug: str, asset_pk: int) -> HttpResponseBase:
    asset = services.newsroom_asset(at=timezone.now(), pk=asset_pk)
    if asset is None or asset.release_id != pk:
        raise Http404("No such asset.")
    if slug != asset.release.slug:
        return _public(
            HttpResponsePermanentRedirect(
                reverse(
                    "newsroom:asset",
                    kwargs={"pk": pk, "slug": asset.release.slug, "asset_pk": asset.pk},
                )
            )
        )
    return _public(render(request, "newsroom/asset.html", _asset_context(asset, preview=False)))


def _asset_context(asset: Asset, *, preview: bool) -> dict[str, Any]:
    release = asset.release
    translation = services.translation_for(release, get_language())
    return {
        "asset": asset,
        "release": release,
        "translation": translation,
        "content_language": translation.language if translation else get_language(),
        "preview": preview,
        "release_path": (
            reverse("newsroom:preview", kwargs={"pk": release.pk})
            if preview
            else _release_url(release)
        ),
    }


# --- Files: originals and renditions ---------------------------------------------------------


def serve_asset_original(asset: Asset) -> FileResponse:
    """The uploaded file, as a download under its own name (releases.asset_files)."""
    return original_download(asset.file, filename=asset.filename)


def _serve_rendition(asset: Asset, name: str, *, download: bool = False) -> FileResponse:
    path = asset_rendition(asset=asset, name=name)
    if path is None:
        raise Http404("No such image.")
    return FileResponse(
        path.open("rb"),
        content_type="image/jpeg",
        as_attachment=download,
        filename=print_filename(asset) if download else "",
    )


@newsroom_view
@counted(NewsroomCount.Kind.DOWNLOAD)
def asset_file(request: HttpRequest, asset_pk: int, filename: str) -> HttpResponseBase:
    asset = services.newsroom_asset(at=timezone.now(), pk=asset_pk)
    if asset is None or not asset.file or filename != asset.filename:
        raise Http404("No such file.")
    return _public(serve_asset_original(asset))


@newsroom_view
def asset_image(request: HttpRequest, asset_pk: int, rendition: str) -> HttpResponseBase:
    """A web or social rendition (releases/renditions.py), shown in the page."""
    asset = services.newsroom_asset(at=timezone.now(), pk=asset_pk)
    if asset is None:
        raise Http404("No such file.")
    return _public(_serve_rendition(asset, rendition))


@newsroom_view
@counted(NewsroomCount.Kind.DOWNLOAD)
def asset_print(request: HttpRequest, asset_pk: int, filename: str) -> HttpResponseBase:
    """The full-resolution rendition, without EXIF or location, as a download."""
    asset = services.newsroom_asset(at=timezone.now(), pk=asset_pk)
    if asset is None or filename != print_filename(asset):
        raise Http404("No such file.")
    return _public(_serve_rendition(asset, "print", download=True))


@newsroom_view
@counted(NewsroomCount.Kind.DOWNLOAD)
def presskit(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The release's press kit (releases/presskit.py), while the release is public."""
    at = timezone.now()
    release = services.newsroom_release(at=at, pk=pk)
    if release is None:
        return not_found(request)
    path = presskit_path(release, at=at)
    if not path.exists():
        if presskit_size(release, at=at) > settings.PRESSKIT_INLINE_BYTES:
            presskit_build_later.delay(release.pk)
            response = render(
                request, "newsroom/presskit_wait.html", {"release": release}, status=503
            )
            response["Retry-After"] = "30"
            return _private(response)
        path = presskit_build(release, at=at, target=path)
    answer = FileResponse(
        path.open("rb"), as_attachment=True, filename=f"presskit-{release.pk}-{release.slug}.zip",
        content_type="application/zip",
    )  # fmt: skip
    answer["X-Content-Type-Options"] = "nosniff"
    return _public(answer)


# --- Feeds, sitemap, robots.txt ---------------------------------------------------------------


@newsroom_view
@cached_page
def feed_rss(request: HttpRequest) -> HttpResponseBase:
    at = timezone.now()
    return _public(RssFeed(at)(request), max_age=_listing_max_age(at))


@newsroom_view
@cached_page
def feed_atom(request: HttpRequest) -> HttpResponseBase:
    at = timezone.now()
    return _public(AtomFeed(at)(request), max_age=_listing_max_age(at))


def _sitemap_response(xml: str, at: datetime) -> HttpResponseBase:
    response = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return _public(response, max_age=_listing_max_age(at))


@newsroom_view
@cached_page
def sitemap(request: HttpRequest) -> HttpResponseBase:
    """The sitemap index: one file per range of release ids."""
    at = timezone.now()
    base_url = f"{request.scheme}://{request.get_host()}"
    return _sitemap_response(sitemap_index_xml(at=at, base_url=base_url), at)


@newsroom_view
@cached_page
def sitemap_file(request: HttpRequest, number: int) -> HttpResponseBase:
    at = timezone.now()
    if not 1 <= number <= SITEMAP_FILES_MAX:
        raise Http404("No such sitemap file.")
    base_url = f"{request.scheme}://{request.get_host()}"
    return _sitemap_response(sitemap_xml(at=at, base_url=base_url, number=number), at)


@newsroom_view
def robots_txt(request: HttpRequest) -> HttpResponseBase:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        *(f"Disallow: /{code}/preview/" for code, _name in settings.LANGUAGES),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('newsroom_files:sitemap'))}",
        "",
    ]
    return _public(HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8"))


# --- The PR officer's preview -----------------------------------------------------------------


def _may_preview(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_perm("pressroom.view_release"))


def staff_preview(view: View) -> View:
    """Staff who may see releases in the admin get the page; anonymous visitors are sent to log
    in; anyone else logged in gets the newsroom's 404. Never cached anywhere, never indexed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return _private(redirect_to_login(request.get_full_path(), reverse("admin:login")))
        if not _may_preview(request):
            raise Http404("No such page.")
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return _private(response)

    return require_safe(wrapper)


@staff_preview
def release_preview(request: HttpRequest, pk: int) -> HttpResponseBase:
    release = services.newsroom_preview(pk=pk, by=request.user)
    if release is None:
        raise Http404("No such release.")
    return render(request, "newsroom/release.html", _release_context(release, preview=True))


@staff_preview
def asset_preview(request: HttpRequest, pk: int, asset_pk: int) -> HttpResponseBase:
    asset = services.newsroom_preview_asset(pk=asset_pk, by=request.user, release_pk=pk)
    if asset is None:
        raise Http404("No such asset.")
    return render(request, "newsroom/asset.html", _asset_context(asset, preview=True))


@staff_preview
def preview_file(request: HttpRequest, asset_pk: int, filename: str) -> HttpResponseBase:
    asset = services.newsroom_preview_asset(pk=asset_pk, by=request.user)
    if asset is None or not asset.file or filename != asset.filename:
        raise Http404("No such file.")
    return serve_asset_original(asset)


@staff_preview
def preview_image(request: HttpRequest, asset_pk: int, rendition: str) -> HttpResponseBase:
    asset = services.newsroom_preview_asset(pk=asset_pk, by=request.user)
    if asset is None:
        raise Http404("No such file.")
    return _serve_rendition(asset, rendition)


@staff_preview
def preview_print(request: HttpRequest, asset_pk: int, filename: str) -> HttpResponseBase:
    asset = services.newsroom_preview_asset(pk=asset_pk, by=request.user)
    if asset is None or filename != print_filename(asset):
        raise Http404("No such file.")
    return _serve_rendition(asset, "print", download=True)

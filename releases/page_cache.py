"""The newsroom's pages from a server-side cache that the embargo moment invalidates.

A rendered public page (status 200, `Cache-Control: public`) is kept in Django's cache under
its address, its language and the newsroom's version (NewsroomVersion: database triggers raise
it with every write to what the newsroom shows, whatever process or code path wrote). An entry
is used only before the next embargo lift that was to come when it was rendered: at that
moment every page is rendered again, so a release appears on the index, in the search, the
feeds and the sitemap at its embargo, not a cache period later. The lift's time stays on the
server: what the client sees (Cache-Control) is as before.

A hit costs one small query (the version) instead of the page's dozen; NEWSROOM_PAGE_CACHE_SECONDS
= 0 turns it off. Django's cache is per process unless CACHE_URL names a shared Redis: either
way the version makes every process agree."""

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language

from releases.models import NewsroomVersion, Release

View = Callable[..., HttpResponseBase]
T = TypeVar("T")


def newsroom_version() -> int | None:
    """The version, or None without its row (a test database flushed between tests): then
    nothing is cached, as no write would retire it."""
    return NewsroomVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def next_embargo_lift(at: datetime) -> datetime | None:
    """The next moment a scheduled or published release becomes public, if any."""
    return Release.objects.filter(
        status__in=Release.PUBLIC_STATUSES, embargo_until__gt=at
    ).aggregate(next=Min("embargo_until"))["next"]


def _valid_until(at: datetime) -> datetime:
    until = at + timedelta(seconds=settings.NEWSROOM_PAGE_CACHE_SECONDS)
    lift = next_embargo_lift(at)
    return min(until, lift) if lift is not None else until


def newsroom_memo(name: str, compute: Callable[[], T], *, at: datetime) -> T:
    """`compute()`, kept like a page: until the newsroom changes or an embargo lifts. For what
    every index page shows whatever its filters (the years, the topics)."""
    version = newsroom_version() if settings.NEWSROOM_PAGE_CACHE_SECONDS > 0 else None
    if version is None:
        return compute()
    key = f"newsroom-memo:{version}:{name}"
    entry = cache.get(key)
    if entry is not None and at < entry["valid_until"]:
        return cast(T, entry["value"])
    value = compute()
    valid_until = _valid_until(at)
    timeout = max(1, int((valid_until - at).total_seconds()) + 1)
    cache.set(key, {"value": value, "valid_until": valid_until}, timeout=timeout)
    return value


def _key(request: HttpRequest, version: int) -> str:
    address = f"{request.method}|{get_language()}|{request.get_full_path()}"
    return f"newsroom-page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def cached_page(view: View) -> View:
    """Serve the view's public answers from the cache while the newsroom is unchanged and no
    embargo has lifted since they were rendered."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        seconds = settings.NEWSROOM_PAGE_CACHE_SECONDS
        if seconds <= 0 or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = newsroom_version()
        if version is None:
            return view(request, *args, **kwargs)
        at = timezone.now()
        key = _key(request, version)
        entry = cache.get(key)
        if entry is not None and at < entry["valid_until"]:
            cached = HttpResponse(entry["content"], status=entry["status"])
            for name, value in entry["headers"]:
                cached[name] = value
            return cached
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and isinstance(response, HttpResponse)
            and response.get("Cache-Control", "").startswith("public")
        ):
            valid_until = _valid_until(at)
            entry = {
                "content": response.content,
                "status": response.status_code,
                "headers": list(response.items()),
                "valid_until": valid_until,
            }
            cache.set(key, entry, timeout=max(1, int((valid_until - at).total_seconds()) + 1))
        return response

    return wrapper

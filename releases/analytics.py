"""Privacy-friendly newsroom analytics: each view of a release's page or an asset's page, and
each download of an asset's file, adds one to that day's count (NewsroomCount). Nothing about
the reader is read or kept: no address, no cookie, no fingerprint; only the user agent is looked
at, and only to leave out what says it is a crawler, a link scanner or a script. A HEAD request,
an error, or a page that is not public count nothing.

One statement per counted request, an upsert that adds one (INSERT … ON CONFLICT … DO UPDATE),
so concurrent readers at the embargo moment never lose a count. The day is the newsroom's
(TIME_ZONE, Hong Kong)."""

import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from releases.models import Asset, NewsroomCount

View = Callable[..., HttpResponseBase]
# What announces itself as a machine: crawlers, link previews, scanners, scripts.
MACHINES = re.compile(
    r"bot\b|bot/|crawler|spider|slurp|preview|scanner|headless|curl/|wget/|python-|httpx|"
    r"go-http-client|java/|okhttp|libwww|facebookexternalhit|whatsapp|feedfetcher|monitor",
    re.IGNORECASE,
)


def counts_reader(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "")
    return request.method == "GET" and bool(agent) and not MACHINES.search(agent)


def newsroom_count_add(*, release_id: int, asset_id: int | None, kind: str) -> None:
    table = connection.ops.quote_name(NewsroomCount._meta.db_table)
    day = timezone.localdate()
    if asset_id is None:
        target = "(day, release_id, kind) WHERE asset_id IS NULL"
    else:
        target = "(day, asset_id, kind) WHERE asset_id IS NOT NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, release_id, asset_id, kind, count) "  # noqa: S608
            f"VALUES (%s, %s, %s, %s, 1) ON CONFLICT {target} "
            f"DO UPDATE SET count = {table}.count + 1",
            [day, release_id, asset_id, kind],
        )


def counted(kind: str) -> Callable[[View], View]:
    """Count the view's successful answers to readers: a release page (pk), an asset page or
    file (asset_pk, whose release is read when the URL does not name it)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and counts_reader(request):
                asset_id = kwargs.get("asset_pk")
                release_id = kwargs.get("pk")
                if release_id is None and asset_id is not None:
                    release_id = (
                        Asset.objects.filter(pk=asset_id)
                        .values_list("release_id", flat=True)
                        .first()
                    )
                if release_id is not None:
                    newsroom_count_add(release_id=release_id, asset_id=asset_id, kind=kind)
            return response

        return wrapper

    return decorate

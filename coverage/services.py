"""What a PR officer does with coverage: record a story (once per canonical address), and say
yes or no to a proposal. Only a release the public can read can be covered: an embargoed or
unpublished release is never named on a coverage item."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import Outlet
from coverage.canonical import canonical_url, domain_of
from coverage.models import CoverageItem
from releases.models import Release


def public_releases(at: datetime | None = None) -> QuerySet[Release]:
    """The releases coverage may name: public now (scheduled or published, embargo passed)."""
    return Release.objects.public(at or timezone.now())


def outlet_for_url(url: str, outlets: dict[str, Outlet] | None = None) -> Outlet | None:
    """The outlet whose website has the story's domain (www., m. and amp. aside), or whose
    domain the story's host ends with (news.example.com for example.com)."""
    if outlets is None:
        outlets = outlets_by_domain()
    host = domain_of(url)
    while host:
        if host in outlets:
            return outlets[host]
        if "." not in host:
            return None
        host = host.split(".", 1)[1]
    return None


def outlets_by_domain() -> dict[str, Outlet]:
    found: dict[str, Outlet] = {}
    for outlet in Outlet.objects.exclude(website="").order_by("pk"):
        try:
            found.setdefault(domain_of(outlet.website), outlet)
        except ValueError:
            continue
    return found


def coverage_record(
    *,
    url: str,
    headline: str,
    releases: Iterable[Release],
    found_by: str,
    status: str,
    **fields: Any,
) -> tuple[CoverageItem, bool]:
    """The item at the URL's canonical address: created (True) with `fields`, or the one
    already there (False), whatever its status: a rejected address stays rejected. Releases
    that are not public are left out."""
    canonical = canonical_url(url)
    existing = CoverageItem.objects.filter(canonical_url=canonical).first()
    if existing is not None:
        return existing, False
    allowed = list(public_releases().filter(pk__in=[r.pk for r in releases]))
    try:
        with transaction.atomic():
            item = CoverageItem.objects.create(
                url=url,
                canonical_url=canonical,
                headline=headline[:500],
                found_by=found_by,
                status=status,
                **fields,
            )
            item.releases.set(allowed)
    except IntegrityError:  # the same story, recorded by another worker a moment ago
        return CoverageItem.objects.get(canonical_url=canonical), False
    return item, True


def coverage_decide(*, items: QuerySet[CoverageItem], status: str, by: Any) -> int:
    """Confirm or reject proposals (and undo either): one UPDATE; returns how many changed."""
    return items.exclude(status=status).update(
        status=status, decided_by=by, decided_at=timezone.now()
    )

"""Coverage follows its releases: an item is seen by whoever sees at least one release it
covers (`releases.scoping`: an agency officer the releases assigned to their agency, an
in-house officer their issuer's). Outlet feeds are part of the shared media database, like
outlets."""

from typing import Any

from django.db.models import QuerySet

from audit import scoping as audit_scoping
from contacts.models import StaffUser
from contacts.scoping import RULES, shared_with_every_organisation
from coverage.models import CoverageItem, OutletFeed
from releases.models import Release
from releases.scoping import release_scope_applies, releases_visible_to


def coverage_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not release_scope_applies(user):
        return queryset
    releases = releases_visible_to(user, Release.objects.all()).values("pk")
    covering = CoverageItem.releases.through.objects.filter(release__in=releases)
    return queryset.filter(pk__in=covering.values("coverageitem_id"))


RULES[CoverageItem] = coverage_visible_to
RULES[OutletFeed] = shared_with_every_organisation
audit_scoping.register(CoverageItem, coverage_visible_to)

"""Which releases a staff user sees (the rules are written down in `contacts.scoping`):
everyone sees every release, except an agency officer, who sees the releases assigned to their
agency. Sends, deliveries and results follow their release (`distribution.scoping`)."""

from typing import Any

from django.db.models import QuerySet

from contacts.models import StaffUser, agency_of
from pressroom.models import Release


def releases_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    if agency is None:
        return queryset
    return queryset.filter(
        pk__in=Release.agencies.through.objects.filter(organisation=agency).values("release_id")
    )

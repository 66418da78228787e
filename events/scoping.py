"""Who sees which press events, as for releases (`releases.scoping`): an in-house officer the
events of the issuer their team speaks for, an agency officer the events assigned to their
agency or announcing a release assigned to it, a superuser every event."""

from typing import Any

from django.db.models import Q, QuerySet

from audit import scoping as audit_scoping
from contacts.models import Organisation, StaffUser, organisation_of
from contacts.scoping import RULES
from events.models import Event, Rsvp
from releases.models import Release
from releases.scoping import release_scope_applies, releases_visible_to


def events_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not release_scope_applies(user):
        return queryset
    organisation = organisation_of(user)
    assert organisation is not None
    if organisation.kind == Organisation.Kind.AGENCY:
        releases = releases_visible_to(user, Release.objects.all()).values("pk")
        return queryset.filter(Q(agencies=organisation) | Q(release__in=releases)).distinct()
    return queryset.filter(issuer__organisation=organisation)


def rsvps_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The replies to the events the user sees."""
    if not release_scope_applies(user):
        return queryset
    return queryset.filter(event__in=events_visible_to(user, Event.objects.all()).values("pk"))


RULES[Event] = events_visible_to
RULES[Rsvp] = rsvps_visible_to
audit_scoping.register(Event, events_visible_to)

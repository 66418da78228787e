"""Which releases a staff user sees (the rules are written down in `contacts.scoping`): an
in-house officer the releases of the issuer their team speaks for, an agency officer the
releases assigned to their agency, a superuser (or a staff user with no organisation) every
release. Sends, deliveries and results follow their release (`distribution.scoping`)."""

from typing import Any

from django.db.models import QuerySet

from audit import scoping as audit_scoping
from contacts.models import Organisation, StaffUser, organisation_of
from contacts.scoping import RULES, shared_with_every_organisation
from releases.models import (
    Asset,
    Boilerplate,
    BoilerplateVersion,
    Issuer,
    Release,
    ReleaseTemplate,
)


def release_scope_applies(user: StaffUser) -> bool:
    """Whether the user sees only some releases."""
    return not getattr(user, "is_superuser", False) and organisation_of(user) is not None


def releases_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not release_scope_applies(user):
        return queryset
    organisation = organisation_of(user)
    assert organisation is not None
    if organisation.kind == Organisation.Kind.AGENCY:
        assigned = Release.agencies.through.objects.filter(organisation=organisation)
        return queryset.filter(pk__in=assigned.values("release_id"))
    return queryset.filter(issuer__organisation=organisation)


def issuers_worked_for(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Issuers whose boilerplate and release templates the user sees: an in-house officer their
    own team's issuers, an agency officer the issuers of releases assigned to their agency."""
    if not release_scope_applies(user):
        return queryset
    organisation = organisation_of(user)
    assert organisation is not None
    if organisation.kind == Organisation.Kind.AGENCY:
        assigned = releases_visible_to(user, Release.objects.all())
        return queryset.filter(pk__in=assigned.values("issuer_id"))
    return queryset.filter(organisation=organisation)


def issuer_things_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Rows with an `issuer` (templates, boilerplates) of the issuers the user works for."""
    if not release_scope_applies(user):
        return queryset
    return queryset.filter(issuer__in=issuers_worked_for(user, Issuer.objects.all()))


def _boilerplate_versions_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    if not release_scope_applies(user):
        return queryset
    return queryset.filter(boilerplate__issuer__in=issuers_worked_for(user, Issuer.objects.all()))


def assets_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The media library: the photos, videos and files of the releases the user sees."""
    if not release_scope_applies(user):
        return queryset
    return queryset.filter(release__in=releases_visible_to(user, Release.objects.all()))


# Issuers are one shared table: every organisation sees who the releases are from.
RULES[Issuer] = shared_with_every_organisation
RULES[Asset] = assets_visible_to

# The audit log shows entries about these only to those who see them here.
audit_scoping.register(Release, releases_visible_to)
audit_scoping.register(Boilerplate, issuer_things_visible_to)
audit_scoping.register(ReleaseTemplate, issuer_things_visible_to)
audit_scoping.register(BoilerplateVersion, _boilerplate_versions_visible_to)

"""Who sees what, organisation by organisation: the rules every admin page applies.

A staff user works for one organisation (`Membership`): the issuer's in-house comms team or a
PR agency. The rules, for every admin changelist, change, history and delete page, list
filter, autocomplete and raw-id popup, import and export, and the sending pages:

- Superusers, and staff without a membership, see everything. (Staff without a membership
  are the pre-roles default: give every agency user a Membership, or they see what the
  in-house team sees.)
- An in-house officer sees the releases of the issuer(s) their team speaks for
  (`Issuer.organisation`), with their sends and results, and everything else: every list,
  contact, outlet, PR contact and organisation, the agencies' included.
- An agency officer sees:
  - releases assigned to their agency (`Release.agencies`), and the sends, deliveries,
    delivery events and asset clicks of those releases, nothing of any other release;
  - distribution lists their organisation owns, no other list;
  - organisations: their own and the in-house teams (the issuers' organisations), never
    another agency;
  - PR contacts of their own organisation and of the in-house teams, and any named in the
    media-enquiries block of a release assigned to their agency;
  - outlets and beats: all of them (one shared media database);
  - media contacts: the shared media database, except in-house-only contacts. A media
    contact is in-house-only when it is a static member of at least one list owned by an
    in-house organisation, is not maintained by the agency, and is not a static member of
    any of the agency's own lists. Contacts on no list, or only on agency lists, stay shared.
    (Lists' saved rules do not make a contact in-house-only: a rule is a filter over the
    shared database, not a claim on a journalist.)
  - memberships of their own organisation only.
  An agency's import never changes a contact it does not maintain, and never puts a contact
  it may not see on its lists (that would make the contact visible to it): such rows are
  reported as kept by the in-house team (`contacts.importing.contacts`).
- What they may *do* with what they see comes from their group's permissions
  (`distribution/migrations/0003_roles.py`): an agency officer cannot approve, schedule or
  withdraw, and cannot change a contact maintained by someone else.

An object outside these rules is "not found" (404) wherever it is asked for, including by
typing its address. pressroom and contacts never import distribution; distribution's own
scoping (sends and their records) follows the release rule in `releases.scoping`."""

from typing import Any, TypeVar

from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext

from contacts.models import (
    Beat,
    DistributionList,
    MediaContact,
    Membership,
    Organisation,
    Outlet,
    PRContact,
    StaffUser,
    Suppression,
    agency_of,
)


def organisations_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    if agency is None:
        return queryset
    return queryset.filter(Q(pk=agency.pk) | Q(kind=Organisation.Kind.IN_HOUSE))


def pr_contacts_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    if agency is None:
        return queryset
    # Named in the media-enquiries block of a release the agency works on (another agency's
    # officer on a shared release): seen, so the agency can keep editing that release.
    on_its_releases = PRContact.objects.filter(releases__agencies=agency).values("pk")
    return queryset.filter(
        Q(organisation=agency)
        | Q(organisation__kind=Organisation.Kind.IN_HOUSE)
        | Q(pk__in=on_its_releases)
    )


def memberships_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    return queryset if agency is None else queryset.filter(organisation=agency)


def lists_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    return queryset if agency is None else queryset.filter(owner=agency)


def media_contacts_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    agency = agency_of(user)
    if agency is None:
        return queryset
    members = DistributionList.members.through.objects.filter(mediacontact_id=OuterRef("pk"))
    on_in_house_list = Exists(
        members.filter(distributionlist__owner__kind=Organisation.Kind.IN_HOUSE)
    )
    on_own_list = Exists(members.filter(distributionlist__owner=agency))
    return queryset.filter(Q(maintained_by=agency) | Q(on_own_list) | ~Q(on_in_house_list))


def shared_with_every_organisation(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """One shared table (outlets, beats, issuers, the suppression list): whoever may view the
    model sees all of it; the group's permissions decide who may."""
    return queryset


# The rule for each model with a scoped admin (contacts' here; pressroom and distribution add
# theirs). A ScopedAdmin of a model with no rule refuses to serve: it fails closed.
RULES: dict[type[Any], Any] = {
    Organisation: organisations_visible_to,
    PRContact: pr_contacts_visible_to,
    Membership: memberships_visible_to,
    DistributionList: lists_visible_to,
    MediaContact: media_contacts_visible_to,
    Outlet: shared_with_every_organisation,
    Beat: shared_with_every_organisation,
    Suppression: shared_with_every_organisation,
}


# Why a user may not change a PR contact now, asked by its admin page before saving: apps above
# contacts register these (pressroom: a contact named on a scheduled release). None: they may.
PR_CONTACT_EDIT_GUARDS: list[Any] = []


class ScopedChoices:
    """For a ModelAdmin or an inline: a foreign key or many-to-many field offers (and accepts)
    only the objects the target model's own admin would show, so a forged POST cannot attach a
    hidden object either."""

    admin_site: admin.AdminSite

    def _scoped_choices(self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any]) -> None:
        if "queryset" in kwargs:
            return
        model = db_field.remote_field.model
        target = self.admin_site._registry.get(model)
        if isinstance(target, ScopedAdmin):
            visible = target.scope(request, model._default_manager.all())
            ordering = target.get_ordering(request)
            kwargs["queryset"] = visible.order_by(*ordering) if ordering else visible

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


M = TypeVar("M", bound=models.Model)


class ScopedAdmin(ScopedChoices, admin.ModelAdmin[M]):
    """A ModelAdmin whose every queryset passes through `scope()`: changelists, object pages
    (history and delete included), autocomplete results, raw-id popups and exports all read
    get_queryset(). An object outside the scope is a 404, not Django's "perhaps it was deleted"
    redirect to the index."""

    def scope(self, request: HttpRequest, queryset: QuerySet[M]) -> QuerySet[M]:
        rule = RULES.get(self.model)
        if rule is None:
            raise ImproperlyConfigured(
                f"{type(self).__name__}: no visibility rule for {self.model.__name__} in "
                "contacts.scoping.RULES (or a scope() of its own). Write one: without it the "
                "page would show every organisation's rows."
            )
        return rule(request.user, queryset)

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return self.scope(request, super().get_queryset(request))

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponse:
        raise Http404(
            gettext("No %(name)s with ID “%(key)s”.")
            % {"name": opts.verbose_name, "key": object_id}
        )

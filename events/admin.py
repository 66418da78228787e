"""Press events in the admin: the event page (drafted like a release, read-only once it is in
review), its workflow buttons, "Invite…" (a form, then a confirmation that saves nothing until
confirmed) and the replies. All scoped (`events.scoping`): an agency sees the events assigned
to it and drafts them; the in-house team approves, invites and cancels."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import agency_of, name_in_active_language
from contacts.scoping import ScopedAdmin
from events import admin_door, admin_pages, afterwards, notices
from events.figures import outlet_figures
from events.models import Event, Rsvp
from events.workflow import event_transitions_for
from releases.models import format_in_zone

TEXT_FIELDS = [
    "kind", "title_en", "title_zh_hant", "description_en", "description_zh_hant",
    "starts_at", "ends_at", "rsvp_deadline", "embargo_until", "venue_name_en",
    "venue_name_zh_hant", "venue_address_en", "venue_address_zh_hant", "map_url", "capacity",
]  # fmt: skip


@admin.register(Event)
class EventAdmin(ScopedAdmin[Event]):
    list_display = ["title_shown", "kind", "starts_hkt", "venue_shown", "status", "replies"]
    list_filter = ["status", "kind", ("issuer", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title_en", "title_zh_hant", "venue_name_en", "venue_name_zh_hant"]
    filter_horizontal = ["agencies", "enquiry_contacts"]
    fieldsets = [
        (None, {"fields": ["issuer", "release", "kind", "title_en", "title_zh_hant"]}),
        (_("What happens"), {"fields": ["description_en", "description_zh_hant"]}),
        (_("When (HKT)"), {"fields": ["starts_at", "ends_at", "rsvp_deadline", "embargo_until"]}),
        (_("Where"), {"fields": ["venue_name_en", "venue_name_zh_hant", "venue_address_en",
                                 "venue_address_zh_hant", "map_url", "capacity"]}),
        (_("Who"), {"fields": ["enquiry_contacts", "agencies"]}),
        (_("Newsroom"), {"fields": ["listed_on_newsroom"]}),
    ]  # fmt: skip
    change_form_template = "admin/events/event/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        # Subqueries, not joins: the agency scope joins the agencies, which would count a
        # reply once per agency.
        replies = Rsvp.objects.filter(event=OuterRef("pk")).values("event")
        places = replies.filter(answer=Rsvp.Answer.ACCEPTED).annotate(n=Sum("attendees"))
        declined = replies.filter(answer=Rsvp.Answer.DECLINED).annotate(n=Count("pk"))
        return (
            super()
            .get_queryset(request)
            .select_related("issuer")
            .annotate(places=Subquery(places.values("n")), declined=Subquery(declined.values("n")))
        )

    @admin.display(description=_("title"), ordering="title_en")
    def title_shown(self, event: Event) -> str:
        return name_in_active_language(event.title_en, event.title_zh_hant)

    @admin.display(description=_("starts (HKT)"), ordering="starts_at")
    def starts_hkt(self, event: Event) -> str:
        return format_in_zone(event.starts_at, event.issuer.time_zone)

    @admin.display(description=_("venue"))
    def venue_shown(self, event: Event) -> str:
        return name_in_active_language(event.venue_name_en, event.venue_name_zh_hant)

    @admin.display(description=_("replies"))
    def replies(self, event: Any) -> str:
        return gettext("%(places)s attending, %(declined)s not") % {
            "places": event.places or 0,
            "declined": event.declined or 0,
        }

    def get_readonly_fields(self, request: HttpRequest, obj: Event | None = None) -> Any:
        """Only a draft is edited: in review or approved, what the approver saw is what goes
        out (back to draft to change it); cancelled, nothing changes."""
        if obj is not None and obj.status != Event.Status.DRAFT:
            return ["issuer", "release", *TEXT_FIELDS, "enquiry_contacts", "agencies",
                    "listed_on_newsroom"]  # fmt: skip
        return []

    def get_fieldsets(self, request: HttpRequest, obj: Event | None = None) -> Any:
        # Which agencies work on an event is the in-house team's choice; an agency's form
        # leaves the field out, and save_related keeps the agency's own assignment.
        fieldsets = super().get_fieldsets(request, obj)
        if agency_of(request.user) is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "agencies"]})
            for name, options in fieldsets
        ]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # An agency drafts for itself: its event stays assigned to it, or it would vanish.
        agency = agency_of(request.user)
        if agency is not None:
            form.instance.agencies.add(agency)

    def save_model(self, request: HttpRequest, obj: Event, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        event = self.get_object(request, object_id)
        if event is not None:
            extra_context = {**(extra_context or {}), **self.page_panels(request, event)}
        return super().change_view(request, object_id, form_url, extra_context)

    def page_panels(self, request: HttpRequest, event: Event) -> dict[str, Any]:
        """What the event's page shows beside the form: the steps, the invitations, the
        replies."""
        return {
            "event_transitions": event_transitions_for(event=event, by=request.user),
            "event_may_invite": request.user.has_perm("distribution.add_send")
            and event.status == Event.Status.APPROVED,
            "event_invitations": event.invitations.select_related("send").order_by("send_id"),
            "event_update_due": request.user.has_perm("distribution.add_send")
            and notices.update_due(event),
            "event_replies": admin_pages.reply_counts(event),
            "event_outlets": outlet_figures(event, no_outlet=gettext("No outlet")),
            "event_guests": {
                guests.value: afterwards.guests_count(event, guests.value)
                for guests in afterwards.Guests
            }
            if request.user.has_perm("distribution.add_send")
            else {},
        }

    def get_urls(self) -> list[URLPattern]:
        def view(function: Any) -> Any:
            return self.admin_site.admin_view(
                lambda request, *args, **kwargs: function(self, request, *args, **kwargs)
            )

        return [
            path(
                "<path:event_id>/step/<str:name>/",
                view(admin_pages.transition),
                name="events_event_transition",
            ),
            path("<path:event_id>/invite/", view(admin_pages.invite), name="events_event_invite"),
            path("<path:event_id>/update/", view(admin_pages.update), name="events_event_update"),
            path("<path:event_id>/door/", view(admin_door.door), name="events_event_door"),
            path(
                "<path:event_id>/release-to/<str:guests>/",
                view(admin_pages.release_to_guests),
                name="events_event_release_to_guests",
            ),
            path(
                "<path:event_id>/door/ticks/",
                view(admin_door.door_ticks),
                name="events_event_door_ticks",
            ),
            path(
                "<path:event_id>/attendance.xlsx",
                view(admin_door.attendance_xlsx),
                name="events_event_attendance",
            ),
            *super().get_urls(),
        ]


@admin.register(Rsvp)
class RsvpAdmin(ScopedAdmin[Rsvp]):
    """The replies, as journalists gave them through their links: read here, never typed."""

    list_display = [
        "email", "person", "outlet", "answer", "attendees", "role", "equipment", "answered_hkt",
    ]  # fmt: skip
    list_filter = ["answer", "role", ("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event__issuer", "delivery__contact__outlet"]
    search_fields = ["email", "delivery__contact__name_en", "delivery__contact__name_zh_hant"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Rsvp | None = None) -> bool:
        return False

    @admin.display(description=_("name"))
    def person(self, rsvp: Rsvp) -> str:
        contact = rsvp.delivery.contact if rsvp.delivery else None
        return name_in_active_language(contact.name_en, contact.name_zh_hant) if contact else ""

    @admin.display(description=_("outlet"))
    def outlet(self, rsvp: Rsvp) -> str:
        contact = rsvp.delivery.contact if rsvp.delivery else None
        return str(contact.outlet) if contact and contact.outlet else ""

    @admin.display(description=_("answered (HKT)"), ordering="answered_at")
    def answered_hkt(self, rsvp: Rsvp) -> str:
        return format_in_zone(rsvp.answered_at, rsvp.event.issuer.time_zone)

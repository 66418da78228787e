from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from contacts.models import (
    Beat,
    DistributionList,
    Language,
    MediaContact,
    Membership,
    Organisation,
    Outlet,
    PRContact,
    Suppression,
)
from contacts.services import suppression_lift


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name_en", "name_zh_hant", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_zh_hant"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation"]
    list_filter = ["organisation__kind", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name_en"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(PRContact)
class PRContactAdmin(admin.ModelAdmin[PRContact]):
    list_display = ["name_en", "name_zh_hant", "title_en", "organisation", "phone", "email"]
    list_filter = ["organisation__kind", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name_en", "name_zh_hant", "email", "organisation__name_en"]
    autocomplete_fields = ["organisation"]


@admin.register(Beat)
class BeatAdmin(admin.ModelAdmin[Beat]):
    list_display = ["name_en", "name_zh_hant", "slug", "contact_count"]
    search_fields = ["name_en", "name_zh_hant", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Beat]:
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    @admin.display(description="media contacts", ordering="contact_total")
    def contact_count(self, beat: Any) -> int:
        return int(beat.contact_total)


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin[Outlet]):
    list_display = ["name_en", "name_zh_hant", "kind", "language", "region", "contact_count"]
    list_filter = ["kind", "language", "region"]
    search_fields = ["name_en", "name_zh_hant", "website"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    @admin.display(description="media contacts", ordering="contact_total")
    def contact_count(self, outlet: Any) -> int:
        return int(outlet.contact_total)


@admin.register(MediaContact)
class MediaContactAdmin(admin.ModelAdmin[MediaContact]):
    list_display = [
        "email",
        "name_en",
        "name_zh_hant",
        "outlet",
        "job_title",
        "beat_names",
        "preferred_language",
        "status",
    ]
    list_filter = [
        "status",
        "preferred_language",
        "outlet__kind",
        "beats",
        "lists",
        "consent_basis",
    ]
    list_select_related = ["outlet"]
    search_fields = ["email", "name_en", "name_zh_hant", "outlet__name_en", "outlet__name_zh_hant"]
    autocomplete_fields = ["outlet"]
    filter_horizontal = ["beats"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["email", "name_en", "name_zh_hant", "status"]}),
        ("Work", {"fields": ["outlet", "job_title", "beats", "preferred_language", "phone"]}),
        ("Record", {"fields": ["consent_basis", "source", "notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[MediaContact]:
        return super().get_queryset(request).prefetch_related("beats")

    @admin.display(description="beats")
    def beat_names(self, contact: MediaContact) -> str:
        return ", ".join(beat.name_en for beat in contact.beats.all())


class DistributionListForm(forms.ModelForm[DistributionList]):
    rule_languages = forms.MultipleChoiceField(
        label="Rule: preferred languages",
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_outlet_kinds = forms.MultipleChoiceField(
        label="Rule: outlet kinds",
        choices=Outlet.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DistributionList
        fields = [
            "name",
            "description",
            "owner",
            "trusted_for_embargo",
            "members",
            "rule_beats",
            "rule_languages",
            "rule_outlet_kinds",
        ]


@admin.register(DistributionList)
class DistributionListAdmin(admin.ModelAdmin[DistributionList]):
    form = DistributionListForm
    list_display = ["name", "owner", "trusted_for_embargo", "member_count", "updated_at"]
    list_filter = ["trusted_for_embargo", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["owner", "members", "rule_beats"]
    fieldsets = [
        (None, {"fields": ["name", "description", "owner", "trusted_for_embargo"]}),
        ("Members", {"fields": ["members"]}),
        (
            "Saved rule",
            {
                "fields": ["rule_beats", "rule_languages", "rule_outlet_kinds"],
                "description": (
                    "When the list is sent to, every active contact matching the rule is added "
                    "to the members: any of the beats, and one of the languages, and one of the "
                    "outlet kinds (a criterion left empty is not applied)."
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[DistributionList]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description="static members", ordering="member_total")
    def member_count(self, distribution_list: Any) -> int:
        return int(distribution_list.member_total)


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin[Suppression]):
    """Why each address is never sent to, and from where (a webhook names the ESP and the send).
    A PR officer may lift one added by hand or a hard bounce; a complaint or an unsubscribe
    stays (Suppression.can_lift). Lifting makes a bounced contact active again."""

    list_display = ["email", "reason", "source", "note_excerpt", "created_at", "liftable"]
    list_filter = ["reason", "created_at"]
    search_fields = ["email", "source", "note"]
    date_hierarchy = "created_at"
    actions = ["lift"]

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Lift" says what happens, and what is kept
        return actions

    def get_readonly_fields(self, request: HttpRequest, obj: Suppression | None = None) -> Any:
        # What a webhook recorded is evidence: only the note can be edited afterwards.
        if obj is not None:
            return ["email", "reason", "source", "created_at"]
        return []

    @admin.display(description="details")
    def note_excerpt(self, suppression: Suppression) -> str:
        note = " ".join(suppression.note.split())
        return note if len(note) <= 80 else note[:79] + "…"

    @admin.display(description="can be lifted", boolean=True)
    def liftable(self, suppression: Suppression) -> bool:
        return suppression.can_lift()

    def has_delete_permission(self, request: HttpRequest, obj: Suppression | None = None) -> bool:
        if obj is not None and not obj.can_lift():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Suppression) -> None:
        suppression_lift(suppression=obj, by=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> None:
        for suppression in queryset:
            suppression_lift(suppression=suppression, by=request.user)

    @admin.action(description="Lift the selected suppressions", permissions=["delete"])
    def lift(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> None:
        lifted = kept = 0
        for suppression in queryset:
            if suppression_lift(suppression=suppression, by=request.user):
                lifted += 1
            else:
                kept += 1
        if lifted:
            self.message_user(
                request, f"{lifted} suppression(s) lifted: later sends reach them again."
            )
        if kept:
            self.message_user(
                request,
                f"{kept} kept: a complaint or an unsubscribe is the recipient's own word and "
                "cannot be lifted here.",
                level=messages.WARNING,
            )

"""Corrections in the admin (releases.corrections has the rules): started from a published
release's page ("Correct this release…"), edited while a draft, then submitted and approved
with the actions on the corrections list."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contacts.scoping import ScopedAdmin
from releases import corrections
from releases.models import Correction, Release
from releases.scoping import releases_visible_to
from releases.workflow import TransitionRefused

TEXT = [
    "headline_en", "subheadline_en", "body_en",
    "headline_zh_hant", "subheadline_zh_hant", "body_zh_hant",
    "note_en", "note_zh_hant",
]  # fmt: skip


class CorrectionForm(forms.ModelForm[Correction]):
    def clean_release(self) -> Release:
        release: Release = self.cleaned_data["release"]
        if not corrections.release_is_locked(release):
            raise forms.ValidationError(
                _("Only a published release is corrected: edit this one on its own page.")
            )
        return release


@admin.register(Correction)
class CorrectionAdmin(ScopedAdmin[Correction]):
    form = CorrectionForm
    list_display = ["release", "note_en", "status", "created_by", "published_at"]
    list_filter = ["status"]
    list_select_related = ["release", "created_by"]
    readonly_fields = ["status", "created_by", "submitted_by", "approved_by", "published_at"]
    fieldsets = [
        (None, {"fields": ["release", "status"]}),
        (_("English"), {"fields": ["headline_en", "subheadline_en", "body_en", "note_en"]}),
        (
            _("Chinese"),
            {"fields": ["headline_zh_hant", "subheadline_zh_hant", "body_zh_hant", "note_zh_hant"]},
        ),
        (_("Record"), {"fields": ["created_by", "submitted_by", "approved_by", "published_at"]}),
    ]
    actions = ["submit_for_review", "approve_and_publish"]

    def scope(self, request: HttpRequest, queryset: QuerySet[Correction]) -> QuerySet[Correction]:
        visible = releases_visible_to(request.user, Release.objects.all())
        return queryset.filter(release__in=visible.values("pk"))

    def get_readonly_fields(self, request: HttpRequest, obj: Correction | None = None) -> Any:
        if obj is not None and obj.status != Correction.Status.DRAFT:
            return [*self.readonly_fields, "release", *TEXT]
        if obj is not None:
            return [*self.readonly_fields, "release"]
        return self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        release_id = request.GET.get("release", "")
        visible = releases_visible_to(request.user, Release.objects.all())
        is_id = release_id.isascii() and release_id.isdigit()
        release = visible.filter(pk=int(release_id)).first() if is_id else None
        if release is not None and corrections.release_is_locked(release):
            draft = corrections.correction_start(release=release, by=request.user)
            initial.update({name: getattr(draft, name) for name in TEXT if name.startswith(
                ("headline", "subheadline", "body")
            )})  # fmt: skip
        return initial

    def save_model(self, request: HttpRequest, obj: Correction, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
            obj.based_on_hash = obj.release.content_hash()
        super().save_model(request, obj, form, change)
        if set(form.changed_data) & set(TEXT):
            # The two-person rule: nobody approves text they wrote.
            obj.revised_by.add(request.user)  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Correction | None = None) -> bool:
        # A published correction is the record of what was first published: it stays.
        if obj is not None and obj.status != Correction.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("pressroom.submit_release")

    def has_approve_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("pressroom.approve_release")

    @admin.action(
        description=_("Submit the selected corrections for review"), permissions=["submit"]
    )
    def submit_for_review(self, request: HttpRequest, queryset: QuerySet[Correction]) -> None:
        self._each(request, queryset, corrections.correction_submit, _("Submitted for review."))

    @admin.action(
        description=_("Approve and publish the selected corrections"), permissions=["approve"]
    )
    def approve_and_publish(self, request: HttpRequest, queryset: QuerySet[Correction]) -> None:
        self._each(
            request,
            queryset,
            corrections.correction_approve,
            _("Approved: the newsroom shows the corrected text."),
        )

    def _each(self, request: HttpRequest, queryset: Any, step: Any, done: Any) -> None:
        for correction in queryset:
            try:
                step(correction=correction, by=request.user, request=request)
            except TransitionRefused as refused:
                self.message_user(request, f"{correction}: {refused}", level=messages.ERROR)
            else:
                self.message_user(request, f"{correction}: {done}")

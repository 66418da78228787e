import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import select_template
from django.urls import URLPattern, path
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from contacts.models import agency_of
from contacts.scoping import ScopedAdmin, ScopedChoices
from releases import (  # noqa: F401 -- registers their admins
    admin_workflow,
    correction_admin,
    corrections,
    library_admin,
    workflow,
)
from releases.intake.views import ReleaseFromDocument
from releases.models import (
    Asset,
    BoilerplateVersion,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseTranslation,
    format_in_zone,
)
from releases.scoping import issuers_worked_for, releases_visible_to
from releases.slugs import slug_for
from releases.template_admin import PinnedBoilerplate, PrefilledFromTemplate, ReleaseFromTemplate


@admin.register(Issuer)
class IssuerAdmin(ScopedAdmin[Issuer]):
    list_display = ["name_en", "name_zh_hant", "organisation", "website", "time_zone"]
    list_select_related = ["organisation"]
    search_fields = ["name_en", "name_zh_hant"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["name_en", "name_zh_hant", "slug", "organisation", "website", "logo",
                           "time_zone"]}),
        (_("Emails to journalists"), {"fields": ["sender_name_en", "sender_name_zh_hant",
                                                 "sender_email", "reply_to_email",
                                                 "agency_sends_in_own_name",
                                                 "postal_address_en", "postal_address_zh_hant"]}),
    ]  # fmt: skip


class TranslationFormSet(forms.BaseInlineFormSet):
    """Offers a form per language on a new release; a release past draft must keep at least one
    translation."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A release made from a template comes with the template's text (template_admin).
        if self.instance.pk is None and not self.initial_extra:
            self.initial_extra = [{"language": code} for code, _name in settings.LANGUAGES]

    def add_fields(self, form: Any, index: int | None) -> None:
        # Each language's boilerplate choice offers that language's versions (all of them when
        # the issuer has none in it, as `pin_problem` allows then).
        super().add_fields(form, index)
        field = form.fields.get("boilerplate_version")
        language = self._language_of(form)
        if isinstance(field, forms.ModelChoiceField) and language:
            languages = self._version_languages(field)
            if language in languages.values():
                offered: list[tuple[Any, Any]] = list(field.choices)  # type: ignore[arg-type]
                field.choices = [
                    (value, label)
                    for value, label in offered
                    if value == "" or languages.get(int(str(value))) == language
                ]

    @staticmethod
    def _language_of(form: forms.ModelForm[Any]) -> str:
        if form.is_bound:
            return str(form.data.get(form.add_prefix("language"), ""))
        return str(form.instance.language or form.initial.get("language") or "")

    def _version_languages(self, field: forms.ModelChoiceField[Any]) -> dict[int, str]:
        if not hasattr(self, "_languages_of_versions"):
            chosen = field.queryset.values("pk") if field.queryset is not None else []
            versions = BoilerplateVersion.objects.filter(pk__in=chosen)
            self._languages_of_versions = dict(versions.values_list("pk", "boilerplate__language"))
        return self._languages_of_versions

    def clean(self) -> None:
        super().clean()
        release: Release = self.instance
        kept = sum(
            1
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("headline")
        )
        problem = release.leave_draft_problem(translation_count=kept)
        if problem:
            raise ValidationError(problem)


class LockedOncePublished:
    """An inline of a release that, once the release is published (or public), changes only
    through a correction (releases.corrections): shown, never edited here."""

    def _locked(self, obj: Any) -> bool:
        return isinstance(obj, Release) and corrections.release_is_locked(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class ReleaseTranslationInline(
    LockedOncePublished, PinnedBoilerplate, admin.StackedInline[ReleaseTranslation, Release]
):
    model = ReleaseTranslation
    formset = TranslationFormSet
    extra = 0
    min_num = 0
    fields = [
        "language",
        "headline",
        "subheadline",
        "body",
        "boilerplate_version",
        "boilerplate_override",
    ]
    # Read only (an approver's view, a published release), the rich text is shown as the
    # formatted text it is, not as its HTML source.
    shown_as_html = {"body": "body_shown", "boilerplate_override": "boilerplate_override_shown"}

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [self.shown_as_html.get(str(name), name) for name in fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [*super().get_readonly_fields(request, obj), *self.shown_as_html.values()]

    @staticmethod
    def _rich_text(translation: ReleaseTranslation, name: str) -> SafeString:
        # Cleaned by the field's sanitiser on save; cleaned again here, as it is shown unescaped.
        sanitize = getattr(ReleaseTranslation._meta.get_field(name), "sanitize")  # noqa: B009
        return mark_safe(sanitize(getattr(translation, name) or ""))  # noqa: S308

    @admin.display(description=_("body"))
    def body_shown(self, translation: ReleaseTranslation) -> SafeString:
        return self._rich_text(translation, "body")

    @admin.display(description=_("boilerplate (this release only)"))
    def boilerplate_override_shown(self, translation: ReleaseTranslation) -> SafeString:
        return self._rich_text(translation, "boilerplate_override")

    def get_extra(self, request: HttpRequest, obj: Release | None = None, **kwargs: Any) -> int:
        # A new release offers every language; an existing one shows what it has.
        return len(settings.LANGUAGES) if obj is None else 0


class AssetInline(LockedOncePublished, ScopedChoices, admin.TabularInline[Asset, Release]):
    model = Asset
    fk_name = "release"
    extra = 0
    fields = ["order", "reused_from", "kind", "caption_en", "caption_zh_hant", "file",
              "external_url", "credit", "licence", "licence_expires", "alt_en",
              "alt_zh_hant"]  # fmt: skip
    autocomplete_fields = ["reused_from"]


class EnquiryContactInline(
    LockedOncePublished,
    PrefilledFromTemplate,
    ScopedChoices,
    admin.TabularInline[EnquiryContact, Release],
):
    model = EnquiryContact
    extra = 0
    fields = ["order", "pr_contact"]
    autocomplete_fields = ["pr_contact"]
    verbose_name_plural = _("media enquiries (in the order they appear)")


@admin.register(Release)
class ReleaseAdmin(ReleaseFromDocument, ReleaseFromTemplate, ScopedAdmin[Release]):
    list_display = [
        "headline_en",
        "headline_zh_hant",
        "issuer",
        "status",
        "release_type",
        "embargo_hkt",
        "release_date",
    ]
    list_filter = [
        "status",
        "release_type",
        "issuer",
        ("agencies", admin.RelatedOnlyFieldListFilter),
        "release_date",
    ]
    list_select_related = ["issuer"]
    search_fields = ["slug", "translations__headline", "translations__subheadline"]
    date_hierarchy = "release_date"
    autocomplete_fields = ["issuer", "agencies", "topics"]
    # The status moves only through the workflow (the buttons on the release page).
    readonly_fields = ["status", "created_by", "updated_by", "created_at", "updated_at"]
    inlines = [ReleaseTranslationInline, AssetInline, EnquiryContactInline]
    # The workflow panel (buttons, comments, history) on top of the newsroom preview links.
    change_form_template = "admin/pressroom/release/change_form_workflow.html"
    fieldsets = [
        (None, {"fields": ["issuer", "slug", "status", "agencies", "topics"]}),
        (
            _("Release moment"),
            {
                "fields": ["release_type", "embargo_until", "release_date", "published_at"],
                "description": _("Times are Hong Kong time (HKT)."),
            },
        ),
        (_("Dateline"), {"fields": ["dateline_en", "dateline_zh_hant"]}),
        (
            _("Record"),
            {
                "fields": ["created_by", "created_at", "updated_by", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    def scope(self, request: HttpRequest, queryset: QuerySet[Release]) -> QuerySet[Release]:
        return releases_visible_to(request.user, queryset)

    def get_readonly_fields(self, request: HttpRequest, obj: Release | None = None) -> Any:
        # Published: what journalists read changes only through a correction.
        if obj is not None and corrections.release_is_locked(obj):
            return [*self.readonly_fields, "issuer", "slug", "topics", "release_type",
                    "embargo_until", "release_date", "published_at", "dateline_en",
                    "dateline_zh_hant"]  # fmt: skip
        return self.readonly_fields

    def has_change_permission(self, request: HttpRequest, obj: Release | None = None) -> bool:
        # Any edit of a scheduled release sends it back to review, which stops its send: only
        # those who may cancel sends may do that (an agency reads it).
        if (
            obj is not None
            and obj.status == Release.Status.SCHEDULED
            and not request.user.has_perm("distribution.change_send")
        ):
            return False
        return super().has_change_permission(request, obj)

    def get_fieldsets(self, request: HttpRequest, obj: Release | None = None) -> Any:
        # Which agencies work on a release is the in-house team's choice; an agency's form
        # leaves the field out (it could neither see nor keep another agency on it), and
        # save_related keeps the agency's own assignment.
        fieldsets = super().get_fieldsets(request, obj)
        if agency_of(request.user) is None:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "agencies"]})
            for name, options in fieldsets
        ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Release]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("translations", queryset=ReleaseTranslation.objects.order_by("language"))
            )
        )

    @admin.display(description=_("Headline (English)"))
    def headline_en(self, release: Release) -> str:
        return _headline_in(release, "en")

    @admin.display(description=_("Headline (Chinese)"))
    def headline_zh_hant(self, release: Release) -> str:
        return _headline_in(release, "zh-hant")

    @admin.display(description=_("Embargo until (HKT)"), ordering="embargo_until")
    def embargo_hkt(self, release: Release) -> str:
        if release.embargo_until is None:
            return "—"
        return format_in_zone(release.embargo_until, release.issuer.time_zone)

    def get_urls(self) -> list[URLPattern]:
        def view(function: Any, *, post_only: bool = False) -> Any:
            def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
                return function(self, request, *args, **kwargs)

            wrapper.__name__ = function.__name__
            return self.admin_site.admin_view(require_POST(wrapper) if post_only else wrapper)

        name = "pressroom_release"
        return [
            path(
                "<path:release_id>/workflow/<str:name>/",
                view(admin_workflow.transition, post_only=True),
                name=f"{name}_transition",
            ),
            path(
                "<path:release_id>/approve/", view(admin_workflow.approve), name=f"{name}_approve"
            ),
            path(
                "<path:release_id>/findings/checked/",
                view(admin_workflow.finding_checked, post_only=True),
                name=f"{name}_finding_checked",
            ),
            path(
                "<path:release_id>/comment/",
                view(admin_workflow.comment, post_only=True),
                name=f"{name}_comment",
            ),
            *super().get_urls(),
        ]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Release | None = None,
    ) -> HttpResponse:
        # "Preview on newsroom" links, one per language, added on top of the release's own
        # change form if another app provides one (templates/admin/pressroom/release/).
        if obj is not None and obj.pk:
            # The workflow panel: the steps this user may take, comments and history.
            context.update(admin_workflow.release_page_context(request, obj))
        context["newsroom_languages"] = settings.LANGUAGES
        context["newsroom_base_change_form"] = select_template(
            ["admin/pressroom/release/change_form.html", "admin/change_form.html"]
        ).template.name
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        slug = form.base_fields.get("slug")
        if slug is not None:
            # Left empty, it is made from the English headline on save (releases.slugs); the
            # page fills it in as the officer types the headline (static/pressroom/admin.js).
            slug.required = False
            slug.help_text = _(
                "The release's address on the newsroom. Filled from the English headline; "
                "change it if you like."
            )
            slug.widget.attrs["data-slug-from-headline"] = "en"
        return form

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # The only issuer the officer may write for is already chosen.
        initial = super().get_changeform_initial_data(request)
        if "issuer" not in initial:
            usable = list(issuers_worked_for(request.user, Issuer.objects.all())[:2])
            if len(usable) == 1:
                initial["issuer"] = usable[0].pk
        return initial

    def save_model(self, request: HttpRequest, obj: Release, form: Any, change: bool) -> None:
        if not obj.slug:
            # A placeholder until the translations are saved (save_related names it).
            obj.slug = f"draft-{uuid.uuid4().hex[:16]}"
            obj._slug_from_headline = True  # type: ignore[attr-defined]
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        obj.updated_by = request.user  # type: ignore[assignment]
        if change:  # the content as it stood, for the workflow's check after the inlines save
            stored = Release.objects.filter(pk=obj.pk).first()
            obj._content_hash_before = stored.content_hash() if stored else ""  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        release = form.instance
        if getattr(release, "_slug_from_headline", False):
            english = release.translations.filter(language="en").first()
            release.slug = slug_for(
                english.headline if english else "", release.release_date, release.issuer_id
            )
            Release.objects.filter(pk=release.pk).update(slug=release.slug)
        # An agency drafts for itself: its release stays assigned to it, or it would vanish.
        agency = agency_of(request.user)
        if agency is not None:
            form.instance.agencies.add(agency)
        # Translations, assets and contacts are saved by now: an approved release whose
        # content changed goes back to review.
        if change and workflow.release_edited(
            release=form.instance,
            by=request.user,
            hash_before=getattr(form.instance, "_content_hash_before", ""),
            request=request,
        ):
            self.message_user(
                request,
                _(
                    "The release changed after it was approved, so it is back in review: it must "
                    "be approved again before it can be sent."
                ),
                level=messages.WARNING,
            )


def _headline_in(release: Release, language: str) -> str:
    for translation in release.translations.all():
        if translation.language == language:
            return translation.headline
    return "—"

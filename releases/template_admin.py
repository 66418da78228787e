"""The admin of release templates and boilerplate versions, and what the release admin gains
from them: the "New release from template" page, the add page prefilled from a template, and
the boilerplate version each translation pins.

Who sees what: templates and boilerplates follow their issuer (`releases.scoping.
issuers_worked_for`): an in-house officer their own issuers', an agency officer those of the
issuers it drafts releases for. Every page runs inside the admin site (staff, CSRF) and asks
the model permissions; every change goes on the audit log."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.fields import ProseEditorField

from audit.models import Action
from audit.services import audit_record, in_english
from contacts.models import PRContact
from contacts.scoping import ScopedAdmin, ScopedChoices, pr_contacts_visible_to
from releases import template_services
from releases.models import (
    Boilerplate,
    BoilerplateVersion,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseTemplate,
    ReleaseTemplateContact,
    ReleaseTemplateTranslation,
    ReleaseTranslation,
    format_in_zone,
)
from releases.scoping import issuer_things_visible_to, issuers_worked_for

if TYPE_CHECKING:
    _ReleaseAdminBase = admin.ModelAdmin[Release]
    _InlineBase = admin.options.InlineModelAdmin[Any, Release]
else:
    _ReleaseAdminBase = object
    _InlineBase = object

TEMPLATE_PARAMETER = "template"


class IssuerScoped(ScopedAdmin[Any]):
    """An admin of rows that belong to an issuer: seen, and offered as choices, only for the
    issuers the user works for."""

    def scope(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return issuer_things_visible_to(request.user, queryset)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "issuer":
            kwargs["queryset"] = issuers_worked_for(request.user, Issuer.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _audit(self, request: HttpRequest, obj: Any, action: str, summary: str = "") -> None:
        summary = summary or in_english(lambda: f"Deleted {obj._meta.verbose_name} {obj}")
        audit_record(action=action, actor=request.user, obj=obj, summary=summary, request=request)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit(request, obj, Action.DELETED)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self._audit(request, obj, Action.DELETED)
        super().delete_queryset(request, queryset)


# --- Boilerplate ------------------------------------------------------------------------------


def _rich_text_field() -> ProseEditorField:
    field = BoilerplateVersion._meta.get_field("text")
    assert isinstance(field, ProseEditorField)
    return field


class BoilerplateForm(forms.ModelForm[Boilerplate]):
    """The boilerplate with its current wording; saving a changed wording adds a version."""

    text = _rich_text_field().formfield(
        label=gettext_lazy("Current text"),
        help_text=gettext_lazy(
            "Saving a change adds a new version. Releases already written keep the version "
            "they pin; new releases take the newest."
        ),
    )

    class Meta:
        model = Boilerplate
        fields = ["issuer", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.current() if self.instance.pk else None
        if current is not None:
            self.fields["text"].initial = current.text

    def clean_text(self) -> str:
        try:
            return template_services.boilerplate_text(self.cleaned_data["text"])
        except template_services.BoilerplateRefused as refused:
            raise ValidationError(str(refused)) from refused


class BoilerplateVersionInline(admin.TabularInline[BoilerplateVersion, Boilerplate]):
    # Deleting a version a release pins is refused by the admin itself (PROTECT), naming the
    # release translations that pin it.
    model = BoilerplateVersion
    extra = 0
    fields = ["number", "created", "created_by", "excerpt", "pinned_by"]
    readonly_fields = ["number", "created", "created_by", "excerpt", "pinned_by"]
    verbose_name_plural = gettext_lazy("versions (newest first; a pinned one cannot be deleted)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("created"))
    def created(self, version: BoilerplateVersion) -> str:
        return format_in_zone(version.created_at, version.boilerplate.issuer.time_zone)

    @admin.display(description=gettext_lazy("text"))
    def excerpt(self, version: BoilerplateVersion) -> str:
        return str(version.get_text_excerpt(words=30))  # type: ignore[attr-defined]

    @admin.display(description=gettext_lazy("pinned by"))
    def pinned_by(self, version: BoilerplateVersion) -> str:
        count = Release.objects.filter(translations__boilerplate_version=version).distinct()
        return _("%(count)s release(s)") % {"count": count.count()}


@admin.register(Boilerplate)
class BoilerplateAdmin(IssuerScoped):
    form = BoilerplateForm
    list_display = ["issuer", "language", "current_version"]
    list_filter = ["language"]
    list_select_related = ["issuer"]
    inlines = [BoilerplateVersionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A boilerplate stays the issuer's, in its language; its versions say what changed.
        return ["issuer", "language"] if obj is not None else []

    @admin.display(description=gettext_lazy("current version"))
    def current_version(self, boilerplate: Boilerplate) -> str:
        current = boilerplate.current()
        return str(current.number) if current else "—"

    def save_model(self, request: HttpRequest, obj: Boilerplate, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            self._audit(request, obj, Action.CREATED, f"Created boilerplate {obj}")
        version = template_services.boilerplate_revise(
            boilerplate=obj, text=form.cleaned_data["text"], by=request.user, request=request
        )
        if version is not None and change:
            self.message_user(
                request,
                _(
                    "Saved as version %(number)s. Releases written with an earlier version keep "
                    "it; choose the new one on a release to update it."
                )
                % {"number": version.number},
                level=messages.SUCCESS,
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not BoilerplateVersion:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # only deletions can come from this inline
        for version in formset.deleted_objects:
            try:
                template_services.boilerplate_version_delete(
                    version=version, by=request.user, request=request
                )
            except template_services.BoilerplateRefused as refused:
                # Pinned between the check and the save: kept, and said so.
                self.message_user(request, str(refused), level=messages.ERROR)


# --- Release templates ------------------------------------------------------------------------


class ReleaseTemplateTranslationInline(
    admin.StackedInline[ReleaseTemplateTranslation, ReleaseTemplate]
):
    model = ReleaseTemplateTranslation
    extra = 0
    fields = ["language", "headline", "subheadline", "body"]

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        return len(settings.LANGUAGES) if obj is None else 0

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        language = formset.form.base_fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", "---------"), *settings.LANGUAGES]
        return formset


class ReleaseTemplateContactInline(
    ScopedChoices, admin.TabularInline[ReleaseTemplateContact, ReleaseTemplate]
):
    model = ReleaseTemplateContact
    extra = 0
    fields = ["order", "pr_contact"]
    autocomplete_fields = ["pr_contact"]


@admin.register(ReleaseTemplate)
class ReleaseTemplateAdmin(IssuerScoped):
    list_display = ["name", "issuer", "release_type", "updated_at", "new_release"]
    list_filter = ["issuer", "release_type"]
    list_select_related = ["issuer"]
    search_fields = ["name", "translations__headline"]
    fields = ["issuer", "name", "release_type", "new_release"]
    readonly_fields = ["new_release"]
    inlines = [ReleaseTemplateTranslationInline, ReleaseTemplateContactInline]

    @admin.display(description=gettext_lazy("use"))
    def new_release(self, template: ReleaseTemplate) -> str:
        if template.pk is None:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a>',
            release_add_url(template),
            _("New release from this template"),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        template = form.instance
        if not change:
            self._audit(request, template, Action.CREATED, f"Created release template {template}")
            return
        changed = [*form.changed_data]
        changed += [str(f.model._meta.verbose_name_plural) for f in formsets if f.has_changed()]
        if changed:
            summary = f"Changed release template: {', '.join(changed)}"
            self._audit(request, template, Action.CHANGED, summary)


def release_add_url(template: ReleaseTemplate) -> str:
    query = urlencode({TEMPLATE_PARAMETER: template.pk})
    return f"{reverse('admin:pressroom_release_add')}?{query}"


# --- What the release admin gains -------------------------------------------------------------


class ReleaseFromTemplate(_ReleaseAdminBase):
    """For ReleaseAdmin: the template chooser page, the add page prefilled from
    `?template=<id>`, and the boilerplate pins kept and logged on every save."""

    def get_urls(self) -> list[URLPattern]:
        chooser = self.admin_site.admin_view(self.from_template_view)
        return [
            path("from-template/", chooser, name="pressroom_release_from_template"),
            *super().get_urls(),
        ]

    def _visible_templates(self, request: HttpRequest) -> QuerySet[ReleaseTemplate]:
        templates = ReleaseTemplate.objects.select_related("issuer").order_by(
            "issuer__name_en", "name"
        )
        return issuer_things_visible_to(request.user, templates)

    def from_template_view(self, request: HttpRequest) -> HttpResponse:
        if not (
            self.has_add_permission(request)
            and request.user.has_perm("pressroom.view_releasetemplate")
        ):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("New release from template"),
            "templates": [(t, release_add_url(t)) for t in self._visible_templates(request)],
        }
        return render(request, "admin/pressroom/release/from_template.html", context)

    def _template_initial(self, request: HttpRequest) -> dict[str, Any] | None:
        raw = request.GET.get(TEMPLATE_PARAMETER)
        if raw is None:
            return None
        cached: dict[str, Any] | None = getattr(request, "_release_template_initial", None)
        if cached is not None:
            return cached
        if not request.user.has_perm("pressroom.view_releasetemplate"):
            raise PermissionDenied
        template = (
            self._visible_templates(request).filter(pk=raw).first()
            if raw.isascii() and raw.isdigit()
            else None
        )
        if template is None:
            raise Http404(_("No release template with ID “%(id)s”.") % {"id": raw})
        initial = template_services.release_template_initial(template=template)
        # A contact the user may not see could not be kept on the form: left out.
        named = PRContact.objects.filter(
            pk__in=[row["pr_contact"] for row in initial["enquiry_contacts"]]
        )
        visible = set(pr_contacts_visible_to(request.user, named).values_list("pk", flat=True))
        initial["enquiry_contacts"] = [
            row for row in initial["enquiry_contacts"] if row["pr_contact"] in visible
        ]
        request._release_template_initial = initial  # type: ignore[attr-defined]
        return initial

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        initial.pop(TEMPLATE_PARAMETER, None)
        from_template = self._template_initial(request)
        if from_template is not None:
            initial.update(from_template["release"])
        return initial

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only on the page as first shown: posted back, the forms must count as changed, or the
        # admin would drop a prefilled translation the officer left as it was.
        if request.method == "GET" and obj.pk is None:
            from_template = self._template_initial(request)
            if from_template is not None and inline.model is ReleaseTranslation:
                kwargs["initial"] = from_template["translations"]
            elif from_template is not None and inline.model is EnquiryContact:
                kwargs["initial"] = from_template["enquiry_contacts"]
        return kwargs

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        release = form.instance
        before = template_services.release_pins(release=release) if change else {}
        super().save_related(request, form, formsets, change)
        template_services.release_pin_boilerplates(
            release=release, before=before, by=request.user, request=request
        )


class PrefilledFromTemplate(_InlineBase):
    """For the media-enquiries inline: as many forms as the template has contacts."""

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        extra = super().get_extra(request, obj, **kwargs)
        if obj is None and request.method == "GET":
            from_template = getattr(request, "_release_template_initial", None)
            if from_template is not None:
                return max(extra, len(from_template["enquiry_contacts"]))
        return extra


class PinnedBoilerplate(_InlineBase):
    """For the translations inline: the boilerplate version choice offers the release issuer's
    versions only (a forged choice is refused by `ReleaseTranslation.clean` as well)."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("boilerplate_version")
        if isinstance(field, forms.ModelChoiceField):
            versions = BoilerplateVersion.objects.select_related("boilerplate").order_by(
                "boilerplate__language", "-number"
            )
            field.queryset = (
                versions.filter(boilerplate__issuer_id=obj.issuer_id)
                if obj is not None
                else versions.none()
            )
            # One query for every translation form, not a count and a read per form.
            field.choices = [
                ("", field.empty_label),
                *((v.pk, field.label_from_instance(v)) for v in field.queryset.defer("text")),
            ]
        return formset

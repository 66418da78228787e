from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin, ImportExportMixin
from import_export.forms import ImportForm

from contacts import services
from contacts.importing.reading import ENCODINGS
from contacts.models import (
    Beat,
    DistributionList,
    ImportJob,
    Language,
    MediaContact,
    Membership,
    Organisation,
    Outlet,
    PRContact,
    Suppression,
    agency_of,
)
from contacts.resources import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    DistributionListResource,
    MediaContactResource,
    OutletResource,
    SuppressionResource,
)
from contacts.scoping import PR_CONTACT_EDIT_GUARDS, ScopedAdmin, media_contacts_visible_to
from jobs import pickup_problem

# Blocks that apps above contacts add to a media contact's page (coverage: the stories that
# journalist wrote), so contacts imports none of them: each a function of the request and the
# contact giving HTML, or "" when there is nothing the user may see.
MEDIA_CONTACT_PANELS: list[Callable[[HttpRequest, MediaContact], str]] = []


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin[Organisation]):
    list_display = ["name_en", "name_zh_hant", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_zh_hant"]
    fieldsets = [
        (None, {"fields": ["name_en", "name_zh_hant", "kind", "website"]}),
        (_("Emails to journalists"), {"fields": ["sender_name_en", "sender_name_zh_hant",
                                                 "sender_email", "reply_to_email"]}),
    ]  # fmt: skip


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin[Membership]):
    list_display = ["user", "organisation"]
    list_filter = ["organisation__kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__username", "user__email", "organisation__name_en"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(PRContact)
class PRContactAdmin(ScopedAdmin[PRContact]):
    list_display = ["name_en", "name_zh_hant", "title_en", "organisation", "phone", "email"]
    list_filter = ["organisation__kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    search_fields = ["name_en", "name_zh_hant", "email", "organisation__name_en"]
    autocomplete_fields = ["organisation"]

    def has_change_permission(self, request: HttpRequest, obj: PRContact | None = None) -> bool:
        # An agency keeps its own officers' details; the in-house team's it may only read.
        agency = agency_of(request.user)
        if obj is not None and agency is not None and obj.organisation_id != agency.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: PRContact | None = None) -> bool:
        if obj is not None and not self.has_change_permission(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def get_form(
        self,
        request: HttpRequest,
        obj: PRContact | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)

        class GuardedForm(base):  # type: ignore[misc, valid-type]
            def clean(self) -> Any:
                cleaned = super().clean()
                if obj is not None and self.has_changed():
                    for guard in PR_CONTACT_EDIT_GUARDS:
                        problem = guard(request.user, obj)
                        if problem:
                            raise forms.ValidationError(problem)
                return cleaned

        return GuardedForm

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        agency = agency_of(request.user)
        if db_field.name == "organisation" and agency is not None:
            kwargs["queryset"] = Organisation.objects.filter(pk=agency.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Beat)
class BeatAdmin(ScopedAdmin[Beat]):
    list_display = ["name_en", "name_zh_hant", "slug", "contact_count"]
    search_fields = ["name_en", "name_zh_hant", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Beat]:
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    @admin.display(description=_("media contacts"), ordering="contact_total")
    def contact_count(self, beat: Any) -> int:
        return int(beat.contact_total)


# --- Import and export (django-import-export's admin, with Pressroom's engine) --------------


class AuditedExport:
    """Every export goes on the audit log (import-export's export page and its admin action
    both come through get_export_data)."""

    def get_export_data(
        self, file_format: Any, request: HttpRequest, queryset: Any, **kwargs: Any
    ) -> Any:
        data = super().get_export_data(file_format, request, queryset, **kwargs)  # type: ignore[misc]
        services.export_record(
            model=self.model,  # type: ignore[attr-defined]
            rows=queryset.count(),
            file_format=file_format.get_title(),
            by=request.user,
            request=request,
        )
        return data


def method_post_only(view: Any) -> Any:
    """require_POST for a ModelAdmin method (CSRF is checked by the admin site)."""

    def wrapped(self: Any, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return require_POST(lambda request: view(self, request, *args, **kwargs))(request)

    return wrapped


class ImportFileForm(ImportForm):
    """django-import-export's import form without its format choice: the format and encoding
    are recognised from the file itself (an encoding can still be chosen), plus the list to add
    every imported contact to."""

    encoding = forms.ChoiceField(
        label=_("Text encoding (CSV)"),
        choices=ENCODINGS,
        required=False,
        help_text=_("Leave it to Pressroom unless names come out garbled in the check."),
    )
    distribution_list = forms.ModelChoiceField(
        label=_("Add every contact to the list"),
        queryset=DistributionList.objects.none(),
        required=False,
        help_text=_("Optional. Only the lists you may fill are offered."),
    )

    def __init__(self, *args: Any, lists: QuerySet[DistributionList] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        del self.fields["format"]
        self.fields["import_file"].label = _("Spreadsheet (CSV or XLSX)")
        if lists is None:
            del self.fields["distribution_list"]
        else:
            self.fields["distribution_list"].queryset = lists

    @property
    def media(self) -> forms.Media:
        return forms.Media()


# django-import-export has no Traditional Chinese: the words of its templates that our admin
# shows are translated in our catalogue, and named here so that makemessages keeps them.
IMPORT_EXPORT_WORDS = [gettext_noop("Export")]


class PressroomImportMixin(AuditedExport, ImportExportMixin):
    """django-import-export's admin integration (the Import and Export buttons, the import and
    export URLs, permissions, resources and formats) with Pressroom's import flow: the upload is
    checked first (a dry run showing new / updated / unchanged / invalid rows), then imported
    when the person confirms, in the request for a small file and on a Celery worker with a
    progress bar for a large one.

    The library gives the buttons, URLs, formats, permission hooks and the export; the two views
    that read a file are ours (`contacts.importing`), because the library's import is row by
    row: 10,000 plain contacts (email, two names, title, phone) took it 13.7 s, or 9.8 s with
    `use_bulk`, against 0.72 s for ours with the same rows (SQLite, median of 3, 2 cores,
    2026-12-04), and ours also matches outlets, beats, lists and the suppression list."""

    import_kind = ImportJob.Kind.CONTACTS
    import_template_name = "admin/contacts/import.html"
    import_job_template_name = "admin/contacts/import_job.html"
    to_encoding = None
    skip_admin_log = True

    def get_import_formats(self) -> list[Any]:
        return IMPORT_FORMATS

    def get_export_formats(self) -> list[Any]:
        return EXPORT_FORMATS

    def has_import_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and (
            request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )

    def has_export_permission(self, request: HttpRequest) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.export_{opts.model_name}")

    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}

    def get_export_filename(self, request: HttpRequest, queryset: Any, file_format: Any) -> str:
        name = str(self.opts.verbose_name_plural).replace(" ", "-")
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "import/<int:job_id>/",
                wrap(self.import_job_view),
                name=self._url_name("import_job"),
            ),
            path(
                "import/<int:job_id>/progress/",
                wrap(self.import_job_progress),
                name=self._url_name("import_progress"),
            ),
            *super().get_urls(),
        ]

    def _import_lists(self, request: HttpRequest) -> QuerySet[DistributionList] | None:
        if self.import_kind != ImportJob.Kind.CONTACTS:
            return None
        return DistributionList.objects.editable_by(request.user).select_related("owner")

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportFileForm(
            self.get_import_formats(),
            self.get_import_resource_classes(request),
            data=request.POST or None,
            files=request.FILES or None,
            lists=self._import_lists(request),
        )
        if request.method == "POST" and form.is_valid():
            try:
                job = services.import_job_create(
                    kind=self.import_kind,
                    upload=form.cleaned_data["import_file"],
                    by=request.user,
                    distribution_list=form.cleaned_data.get("distribution_list"),
                    encoding=form.cleaned_data.get("encoding") or "",
                )
            except services.ImportRefused as refused:
                form.add_error("import_file", str(refused))
            else:
                return HttpResponseRedirect(self._job_url(job))
        resource = self.get_import_resource_classes(request)[0]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import %(things)s") % {"things": self.opts.verbose_name_plural},
            "opts": self.opts,
            "form": form,
            "columns": resource.import_columns,
            "limit_mb": _megabytes(settings.IMPORT_MAX_BYTES),
            "background_kb": settings.IMPORT_BACKGROUND_BYTES // 1024,
            "recent": ImportJob.objects.filter(created_by_id=request.user.pk, kind=self.import_kind)
            .defer("data", "report")
            .select_related("distribution_list")[:10],
        }
        return TemplateResponse(request, self.import_template_name, context)

    @method_post_only
    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The person confirms a checked file: import its valid rows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = self._job_for(request, request.POST.get("job", ""))
        try:
            job = services.import_job_confirm(job=job, by=request.user)
        except services.ImportRefused as refused:
            messages.error(request, str(refused))
        else:
            if job.status == ImportJob.Status.IMPORTED:
                counts = job.report["counts"]
                messages.success(
                    request,
                    gettext(
                        "Imported %(file)s: %(new)s new, %(updated)s updated, %(unchanged)s "
                        "unchanged; %(invalid)s invalid rows not imported."
                    )
                    % {"file": job.file_name, **counts},
                )
            elif job.status == ImportJob.Status.FAILED:
                messages.error(request, job.error)
        return HttpResponseRedirect(self._job_url(job))

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = self._job_for(request, job_id)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Import of %(file)s") % {"file": job.file_name},
            "opts": self.opts,
            "job": job,
            "waiting": _waiting(job),
            "report": job.report or {},
            "progress_url": reverse(f"admin:{self._url_name('import_progress')}", args=[job.pk]),
            "import_url": reverse(f"admin:{self._url_name('import')}"),
            "changelist_url": reverse(f"admin:{self._url_name('changelist')}"),
        }
        return TemplateResponse(request, self.import_job_template_name, context)

    def import_job_progress(self, request: HttpRequest, job_id: int) -> JsonResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = self._job_for(request, job_id)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "running": job.is_running,
                "phase": job.phase,
                "rows_done": job.rows_done,
                "rows_total": job.rows_total,
                "percent": job.progress_percent(),
                "waiting": _waiting(job),
            }
        )

    def _job_for(self, request: HttpRequest, job_id: int | str) -> ImportJob:
        """The person's own import; another's is not found (a superuser sees every one)."""
        try:
            jobs = ImportJob.objects.defer("data").select_related("distribution_list")
            job = get_object_or_404(jobs, pk=int(job_id), kind=self.import_kind)
        except ValueError:
            raise Http404(gettext("No such import.")) from None
        if job.created_by_id != request.user.pk and not getattr(
            request.user, "is_superuser", False
        ):
            raise Http404(gettext("No such import."))
        return job

    def _job_url(self, job: ImportJob) -> str:
        return reverse(f"admin:{self._url_name('import_job')}", args=[job.pk])

    def _url_name(self, suffix: str) -> str:
        return "{}_{}_{}".format(*self.get_model_info(), suffix)


def _waiting(job: ImportJob) -> str:
    """Why no worker has taken the job (as /healthz sees it), once it has waited a few seconds."""
    return pickup_problem() if job.waits_for_worker(timezone.now()) else ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


@admin.register(Outlet)
class OutletAdmin(PressroomImportMixin, ScopedAdmin[Outlet]):
    resource_classes = [OutletResource]
    import_kind = ImportJob.Kind.OUTLETS
    list_display = ["name_en", "name_zh_hant", "kind", "language", "region", "contact_count"]
    list_filter = ["kind", "language", "region"]
    search_fields = ["name_en", "name_zh_hant", "website"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(contact_total=Count("contacts"))

    @admin.display(description=_("media contacts"), ordering="contact_total")
    def contact_count(self, outlet: Any) -> int:
        return int(outlet.contact_total)


class OnListFilter(admin.SimpleListFilter):
    """Everyone a list reaches: its static members and whoever its saved rule takes in."""

    title = _("distribution list (members and rule)")
    parameter_name = "on_list"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        lists = DistributionList.objects.editable_by(request.user)
        lists = lists.only("pk", "name", "name_zh_hant")
        return [(str(distribution_list.pk), str(distribution_list)) for distribution_list in lists]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        lists = DistributionList.objects.editable_by(request.user)
        distribution_list = (
            lists.filter(pk=value).first() if value.isascii() and value.isdigit() else None
        )
        if distribution_list is None:
            return queryset.none()
        return queryset.filter(pk__in=distribution_list.contacts().values("pk"))


class ChooseListForm(forms.Form):
    distribution_list = forms.ModelChoiceField(
        label=_("Distribution list"), queryset=DistributionList.objects.none()
    )

    def __init__(self, *args: Any, lists: QuerySet[DistributionList], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["distribution_list"].queryset = lists  # type: ignore[attr-defined]


@admin.register(MediaContact)
class MediaContactAdmin(PressroomImportMixin, ScopedAdmin[MediaContact]):
    resource_classes = [MediaContactResource]
    import_kind = ImportJob.Kind.CONTACTS
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
        OnListFilter,
        "consent_basis",
    ]
    list_select_related = ["outlet"]
    search_fields = ["email", "name_en", "name_zh_hant", "outlet__name_en", "outlet__name_zh_hant"]
    search_help_text = _("Search by email, name in English or Chinese, or outlet.")
    autocomplete_fields = ["outlet"]
    filter_horizontal = ["beats"]
    readonly_fields = ["created_at", "updated_at", "maintained_by", "basis_recorded_at"]
    fieldsets = [
        (None, {"fields": ["email", "name_en", "name_zh_hant", "status"]}),
        (_("Work"), {"fields": ["outlet", "job_title", "beats", "preferred_language", "phone"]}),
        (
            _("Record"),
            {
                "fields": [
                    "consent_basis",
                    "basis_recorded_at",
                    "source",
                    "notes",
                    "maintained_by",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    actions = ["add_to_list", "remove_from_list"]
    change_form_template = "admin/contacts/mediacontact/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[MediaContact]:
        return super().get_queryset(request).prefetch_related("beats")

    def has_change_permission(self, request: HttpRequest, obj: MediaContact | None = None) -> bool:
        # A PR agency changes only the contacts it maintains; the rest it may read and list.
        agency = agency_of(request.user)
        if obj is not None and agency is not None and obj.maintained_by_id != agency.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: MediaContact | None = None) -> bool:
        if obj is not None and not self.has_change_permission(request, obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: MediaContact, form: Any, change: bool) -> None:
        if not change:
            obj.maintained_by = agency_of(request.user)
        if not change or "consent_basis" in form.changed_data:
            obj.basis_recorded_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("beats"))
    def beat_names(self, contact: MediaContact) -> str:
        return ", ".join(beat.name_en for beat in contact.beats.all())

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        contact = self.get_object(request, object_id)
        extra_context = dict(extra_context or {})
        if contact is not None:
            extra_context["history"] = services.contact_history(
                contact=contact, viewer=request.user
            )
            # Panels render their own templates (autoescaped): their HTML is ours.
            extra_context["panels"] = [
                mark_safe(html)  # noqa: S308
                for panel in MEDIA_CONTACT_PANELS
                if (html := panel(request, contact))
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Add selected contacts to a distribution list…"))
    def add_to_list(
        self, request: HttpRequest, queryset: QuerySet[MediaContact]
    ) -> HttpResponse | None:
        return self._list_action(request, queryset, adding=True)

    @admin.action(description=_("Remove selected contacts from a distribution list…"))
    def remove_from_list(
        self, request: HttpRequest, queryset: QuerySet[MediaContact]
    ) -> HttpResponse | None:
        return self._list_action(request, queryset, adding=False)

    def _list_action(
        self, request: HttpRequest, queryset: QuerySet[MediaContact], *, adding: bool
    ) -> HttpResponse | None:
        lists = DistributionList.objects.editable_by(request.user).select_related("owner")
        form = ChooseListForm(request.POST if "apply" in request.POST else None, lists=lists)
        if form.is_valid():
            distribution_list = form.cleaned_data["distribution_list"]
            if adding:
                count = services.list_members_add(
                    distribution_list=distribution_list, contacts=queryset, by=request.user
                )
                already = queryset.count() - count
                message = (
                    gettext(
                        "Added %(count)s contacts to “%(list)s” (%(already)s were on it already)."
                    )
                    if already
                    else gettext("Added %(count)s contacts to “%(list)s”.")
                ) % {"count": count, "list": distribution_list, "already": already}
            else:
                count = services.list_members_remove(
                    distribution_list=distribution_list, contacts=queryset, by=request.user
                )
                message = gettext("Removed %(count)s contacts from “%(list)s”.") % {
                    "count": count,
                    "list": distribution_list,
                }
                if distribution_list.has_rule():
                    message += " " + gettext("Its saved rule may still take some of them in.")
            self.message_user(request, message, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Add to a distribution list")
            if adding
            else gettext("Remove from a distribution list"),
            "opts": self.opts,
            "form": form,
            "contacts": queryset[:20],
            "count": queryset.count(),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action": "add_to_list" if adding else "remove_from_list",
            "adding": adding,
        }
        return TemplateResponse(request, "admin/contacts/mediacontact/list_action.html", context)


class DistributionListForm(forms.ModelForm[DistributionList]):
    rule_languages = forms.MultipleChoiceField(
        label=_("Rule: preferred languages"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_outlet_kinds = forms.MultipleChoiceField(
        label=_("Rule: outlet types"),
        choices=Outlet.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rule_regions = forms.MultipleChoiceField(
        label=_("Rule: regions"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The regions outlets are in."),
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
            "rule_regions",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = sorted(
            {region.strip() for region in Outlet.objects.values_list("region", flat=True)}
            | set(self.instance.rule_regions or []) - {""}
        )
        self.fields["rule_regions"].choices = [(region, region) for region in regions]  # type: ignore[attr-defined]


# Who is looking at a distribution list's page, for its `reach` display (contacts.scoping).
_reach_viewer: ContextVar[Any] = ContextVar("reach_viewer", default=None)


@admin.register(DistributionList)
class DistributionListAdmin(AuditedExport, ExportMixin, ScopedAdmin[DistributionList]):
    form = DistributionListForm
    resource_classes = [DistributionListResource]
    list_display = [
        "name",
        "name_zh_hant",
        "owner",
        "trusted_for_embargo",
        "member_count",
        "updated_at",
    ]
    list_filter = ["trusted_for_embargo", ("owner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["owner"]
    search_fields = ["name", "name_zh_hant", "description"]
    autocomplete_fields = ["owner", "members", "rule_beats"]
    readonly_fields = ["reach"]
    to_encoding = None
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "name_zh_hant",
                    "description",
                    "owner",
                    "trusted_for_embargo",
                    "required_basis",
                ]
            },
        ),
        (_("Members"), {"fields": ["members"]}),
        (
            _("Saved rule"),
            {
                "fields": [
                    "rule_beats",
                    "rule_languages",
                    "rule_outlet_kinds",
                    "rule_regions",
                    "reach",
                ],
                "description": _(
                    "When the list is sent to, every active contact matching the rule is added "
                    "to the members: any of the beats, and one of the languages, and one of the "
                    "outlet types, and one of the regions (a criterion left empty is not applied)."
                ),
            },
        ),
    ]
    change_form_template = "admin/contacts/distributionlist/change_form.html"

    def get_export_formats(self) -> list[Any]:
        return EXPORT_FORMATS

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("contacts.export_distributionlist")

    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        return {"user": request.user}

    def get_queryset(self, request: HttpRequest) -> QuerySet[DistributionList]:
        return super().get_queryset(request).annotate(member_total=Count("members"))

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        agency = agency_of(request.user)
        if agency is not None and "owner" in form.base_fields:
            owner = form.base_fields["owner"]
            owner.queryset = Organisation.objects.filter(pk=agency.pk)  # type: ignore[attr-defined]
            owner.initial = agency.pk
        return form

    def get_urls(self) -> list[URLPattern]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "rule-preview/",
                self.admin_site.admin_view(self.rule_preview_view),
                name="{}_{}_rule_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # `reach` is shown on this page and, as an admin display, is given the list alone.
        viewer = _reach_viewer.set(request.user)
        try:
            response = super().changeform_view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()  # while the viewer is known
            return response
        finally:
            _reach_viewer.reset(viewer)

    @admin.display(description=_("who the list reaches now"))
    def reach(self, distribution_list: DistributionList) -> str:
        from django.template.loader import render_to_string

        viewer = _reach_viewer.get()
        preview = services.list_rule_preview(
            distribution_list=distribution_list,
            # Outside a change page (no viewer known): nobody, rather than everybody.
            visible=MediaContact.objects.none()
            if viewer is None
            else media_contacts_visible_to(viewer, MediaContact.objects.all()),
            beat_ids=list(distribution_list.rule_beats.values_list("pk", flat=True))
            if distribution_list.pk
            else [],
            languages=distribution_list.rule_languages,
            outlet_kinds=distribution_list.rule_outlet_kinds,
            regions=distribution_list.rule_regions,
        )
        return render_to_string(
            "admin/contacts/distributionlist/reach.html", {"preview": preview, "saved": True}
        )

    @method_post_only
    def rule_preview_view(self, request: HttpRequest) -> HttpResponse:
        """The live count and first matches of the rule as it stands in the form, unsaved."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        list_id = request.POST.get("list", "")
        if list_id.isascii() and list_id.isdigit():
            distribution_list = get_object_or_404(self.get_queryset(request), pk=int(list_id))
        else:
            distribution_list = DistributionList()
        beat_ids = [
            int(value)
            for value in request.POST.getlist("rule_beats")
            if value.isascii() and value.isdigit()
        ]
        preview = services.list_rule_preview(
            distribution_list=distribution_list,
            visible=media_contacts_visible_to(request.user, MediaContact.objects.all()),
            beat_ids=beat_ids,
            languages=request.POST.getlist("rule_languages"),
            outlet_kinds=request.POST.getlist("rule_outlet_kinds"),
            regions=request.POST.getlist("rule_regions"),
        )
        return TemplateResponse(
            request,
            "admin/contacts/distributionlist/reach.html",
            {"preview": preview, "saved": False},
        )

    @admin.display(description=_("static members"), ordering="member_total")
    def member_count(self, distribution_list: Any) -> int:
        return int(distribution_list.member_total)


@admin.register(Suppression)
class SuppressionAdmin(AuditedExport, ExportMixin, ScopedAdmin[Suppression]):
    """Why each address is never sent to, and from where (a webhook names the ESP and the send).
    A PR officer may lift one added by hand or a hard bounce; a complaint or an unsubscribe
    stays (Suppression.can_lift). Lifting makes a bounced contact active again."""

    resource_classes = [SuppressionResource]
    list_display = ["email", "reason", "source", "note_excerpt", "created_at", "liftable"]
    list_filter = ["reason", "created_at"]
    search_fields = ["email", "source", "note"]
    date_hierarchy = "created_at"
    to_encoding = None
    actions = ["lift"]

    def get_export_formats(self) -> list[Any]:
        return EXPORT_FORMATS

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("contacts.export_suppression")

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Lift" says what happens, and what is kept
        return actions

    def get_readonly_fields(self, request: HttpRequest, obj: Suppression | None = None) -> Any:
        # What a webhook recorded is evidence: only the note can be edited afterwards.
        if obj is not None:
            return ["email", "reason", "source", "created_at"]
        return []

    @admin.display(description=_("details"))
    def note_excerpt(self, suppression: Suppression) -> str:
        note = " ".join(suppression.note.split())
        return note if len(note) <= 80 else note[:79] + "…"

    @admin.display(description=_("can be lifted"), boolean=True)
    def liftable(self, suppression: Suppression) -> bool:
        return suppression.can_lift()

    def has_delete_permission(self, request: HttpRequest, obj: Suppression | None = None) -> bool:
        if obj is not None and not obj.can_lift():
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj: Suppression) -> None:
        services.suppression_lift(suppression=obj, by=request.user, request=request)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> None:
        for suppression in queryset:
            services.suppression_lift(suppression=suppression, by=request.user, request=request)

    @admin.action(description=_("Lift the selected suppressions"), permissions=["delete"])
    def lift(self, request: HttpRequest, queryset: QuerySet[Suppression]) -> None:
        lifted = kept = 0
        for suppression in queryset:
            if services.suppression_lift(suppression=suppression, by=request.user, request=request):
                lifted += 1
            else:
                kept += 1
        if lifted:
            self.message_user(
                request,
                ngettext(
                    "%(counter)s suppression lifted: later sends reach it again.",
                    "%(counter)s suppressions lifted: later sends reach them again.",
                    lifted,
                )
                % {"counter": lifted},
            )
        if kept:
            self.message_user(
                request,
                gettext(
                    "%(count)s kept: a complaint or an unsubscribe is the recipient's own word "
                    "and cannot be lifted here."
                )
                % {"count": kept},
                level=messages.WARNING,
            )

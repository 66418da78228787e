"""The "Import coverage" page: paste URLs or upload a monitoring export, choose the releases
they cover, check (dry run) or import. Views parse, call the importer, and render."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.importing import UnreadableFile
from coverage import importer, services
from releases.models import Release
from releases.scoping import releases_visible_to

if TYPE_CHECKING:
    from coverage.admin import CoverageItemAdmin


class CoverageImportForm(forms.Form):
    releases: forms.ModelMultipleChoiceField[Release] = forms.ModelMultipleChoiceField(
        queryset=Release.objects.none(),  # the officer's public releases: set per request
        label=_("Releases these stories cover"),
        widget=forms.CheckboxSelectMultiple,
    )
    urls = forms.CharField(
        label=_("Web addresses, one a line (a headline may follow after a tab)"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 100}),
        required=False,
    )
    file = forms.FileField(
        label=_("Or a monitoring service's export (CSV or XLSX)"), required=False
    )
    dry_run = forms.BooleanField(
        label=_("Check only: import nothing"), required=False, initial=True
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["releases"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = releases_visible_to(user, services.public_releases()).prefetch_related(
            "translations"
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB.")
                % {"size": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("urls", "").strip() and not data.get("file"):
            raise forms.ValidationError(gettext("Paste web addresses or choose a file."))
        return data


def coverage_import_view(model_admin: "CoverageItemAdmin", request: HttpRequest) -> HttpResponse:
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = CoverageImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            rows = importer.read_rows(
                text=form.cleaned_data.get("urls", ""),
                data=upload.read() if upload else b"",
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            report = importer.coverage_import(
                rows=rows,
                releases=list(form.cleaned_data["releases"]),
                dry_run=form.cleaned_data["dry_run"],
            )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Import coverage"),
        "form": form,
        "report": report,
    }
    return render(request, "admin/coverage/coverageitem/import.html", context)

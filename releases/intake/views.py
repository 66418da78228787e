"""The admin pages of intake, on the release admin: "New release from a document" (upload or
paste, then the proposal beside its source, then a saved draft) and the download of a release's
original files. Who may add a release may use intake; everything runs inside the admin site
(staff, CSRF) and sees only what the user's scope allows."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from contacts.models import Organisation, organisation_of
from releases.asset_files import original_download
from releases.intake import matching, services
from releases.intake.documents import Document, DocumentRefused, read_text, read_upload
from releases.intake.forms import (
    LANGUAGE_NAMES,
    ProposalForm,
    UploadForm,
    merged_assets,
    proposal_initial,
)
from releases.intake.parse import LanguageProposal, parse_document
from releases.models import Issuer, Release, ReleaseSourceFile, sanitise_html
from releases.scoping import issuers_worked_for

if TYPE_CHECKING:
    from django.contrib import admin

    _ReleaseAdminBase = admin.ModelAdmin[Release]
else:
    _ReleaseAdminBase = object

PASTED_NAME = "pasted-text.txt"


def issuer_choices(user: Any) -> QuerySet[Issuer]:
    """An in-house officer writes for their own issuers; others (an agency, a superuser) for
    any, as on the release form."""
    organisation = organisation_of(user)
    issuers = Issuer.objects.select_related("organisation").order_by("name_en")
    if organisation is not None and organisation.kind == Organisation.Kind.IN_HOUSE:
        return issuers_worked_for(user, issuers)
    return issuers


def _proposals(documents: list[Document], *, zone: str) -> list[LanguageProposal]:
    proposals = [p for document in documents for p in parse_document(document, zone=zone)]
    languages = [p.language for p in proposals]
    if len(set(languages)) != len(languages):
        raise DocumentRefused(
            _(
                "Both documents are in %(language)s. Give one Chinese and one English version, "
                "or one file holding both."
            )
            % {"language": LANGUAGE_NAMES.get(languages[0], languages[0])}
        )
    order = {"en": 0, "zh-hant": 1}
    return sorted(proposals, key=lambda p: order.get(p.language, 2))


def _read_staged(files: list[services.StagedFile]) -> list[Document]:
    documents = []
    for staged in files:
        with default_storage.open(staged.stored_name, "rb") as handle:
            data = handle.read()
        if staged.original_name == PASTED_NAME:
            documents.append(read_text(PASTED_NAME, data.decode("utf-8")))
        else:
            documents.append(read_upload(staged.original_name, data))
    return documents


class ReleaseFromDocument(_ReleaseAdminBase):
    """For ReleaseAdmin: the intake pages, and the release page's list of original files."""

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "intake/",
                self.admin_site.admin_view(self.intake_view),
                name="pressroom_release_intake",
            ),
            path(
                "<path:release_id>/source/<int:source_id>/",
                self.admin_site.admin_view(self.source_file_view),
                name="pressroom_release_source_file",
            ),
            *super().get_urls(),
        ]

    # --- The original files ------------------------------------------------------------------

    def source_file_view(
        self, request: HttpRequest, release_id: str, source_id: int
    ) -> HttpResponseBase:
        """An original file as a download (never shown inline), to whoever may see its
        release."""
        release = self.get_object(request, release_id) if release_id.isdigit() else None
        if release is None or not self.has_view_or_change_permission(request, release):
            raise Http404(_("No such file."))
        source = ReleaseSourceFile.objects.filter(release=release, pk=source_id).first()
        if source is None:
            raise Http404(_("No such file."))
        response = original_download(source.file, filename=source.download_name)
        response["Cache-Control"] = "private, no-store"
        return response

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Release | None = None,
    ) -> HttpResponse:
        if obj is not None and obj.pk:
            context["intake_sources"] = [
                (
                    source,
                    reverse("admin:pressroom_release_source_file", args=[obj.pk, source.pk]),
                )
                for source in obj.source_files.all()
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Intake -------------------------------------------------------------------------------

    def intake_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        issuers = issuer_choices(request.user)
        if request.method == "POST" and "token" in request.POST:
            return self._intake_save(request, issuers)
        form = UploadForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            issuers=issuers,
        )
        if request.method == "POST" and form.is_valid():
            issuer = form.cleaned_data["issuer"]
            try:
                uploads = [(f.name, f.read()) for f in form.cleaned_data["documents"]]
                documents = [read_upload(name, data) for name, data in uploads]
                text = form.cleaned_data["text"].strip()
                if text:
                    documents.append(read_text(PASTED_NAME, text))
                    uploads.append((PASTED_NAME, text.encode("utf-8")))
                proposals = _proposals(documents, zone=issuer.time_zone)
            except DocumentRefused as refused:
                form.add_error(None, str(refused))
            else:
                services.staged_purge()
                staged = [services.stage(name=name, data=data) for name, data in uploads]
                rows = matching.contact_rows(proposals, user=request.user, issuer=issuer)
                shape = {
                    "issuer": issuer.pk,
                    "languages": [p.language for p in proposals],
                    "assets": len(merged_assets(proposals)),
                    "contacts": len(rows),
                }
                token = services.staged_token(user=request.user, files=staged, shape=shape)
                checks = {
                    p.language: matching.boilerplate_check(p, issuer=issuer) for p in proposals
                }
                initial = proposal_initial(
                    proposals=proposals, rows=rows, checks=checks, issuer=issuer
                )
                proposal_form = ProposalForm(
                    initial={**initial, "token": token},
                    languages=shape["languages"],
                    assets=shape["assets"],
                    contacts=shape["contacts"],
                    user=request.user,
                    issuer=issuer,
                )
                return self._render_proposal(
                    request, proposal_form, documents, proposals, rows, checks, issuer
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("New release from a document"),
            "form": form,
        }
        return render(request, "admin/pressroom/release/intake_upload.html", context)

    def _intake_save(self, request: HttpRequest, issuers: QuerySet[Issuer]) -> HttpResponse:
        try:
            payload = services.staged_read(token=request.POST["token"], user=request.user)
        except (signing.BadSignature, KeyError, ValueError, TypeError):
            messages.error(
                request,
                _("This proposal has expired or is not yours: upload the document again."),
            )
            return redirect("admin:pressroom_release_intake")
        issuer = issuers.filter(pk=payload["issuer"]).first()
        if issuer is None:
            raise PermissionDenied
        files = services.staged_files(payload)
        form = ProposalForm(
            request.POST,
            languages=payload["languages"],
            assets=payload["assets"],
            contacts=payload["contacts"],
            user=request.user,
            issuer=issuer,
        )
        if form.is_valid():
            try:
                release = services.release_from_intake(
                    issuer=issuer, draft=form.draft(), files=files, by=request.user, request=request
                )
            except ValidationError as refused:
                for field, errors in _error_items(refused):
                    target = field if field in form.fields else None
                    for error in errors:
                        form.add_error(target, error)
            else:
                messages.success(
                    request,
                    _("Draft saved from %(names)s. Check it, then submit it for review.")
                    % {"names": ", ".join(f.original_name for f in files)},
                )
                return redirect("admin:pressroom_release_change", release.pk)
        try:
            documents = _read_staged(files)
            proposals = _proposals(documents, zone=issuer.time_zone)
        except (DocumentRefused, OSError):
            messages.error(request, _("The uploaded file is gone: upload the document again."))
            return redirect("admin:pressroom_release_intake")
        rows = matching.contact_rows(proposals, user=request.user, issuer=issuer)
        checks = {p.language: matching.boilerplate_check(p, issuer=issuer) for p in proposals}
        return self._render_proposal(request, form, documents, proposals, rows, checks, issuer)

    def _render_proposal(
        self,
        request: HttpRequest,
        form: ProposalForm,
        documents: list[Document],
        proposals: list[LanguageProposal],
        rows: list[matching.ContactRow],
        checks: dict[str, matching.BoilerplateCheck | None],
        issuer: Issuer,
    ) -> HttpResponse:
        by_language = {p.language: p for p in proposals}
        sections = []
        for language in form.languages:
            p = f"{language}-"
            sections.append(
                {
                    "language": language,
                    "name": LANGUAGE_NAMES.get(language, language),
                    "proposal": by_language.get(language),
                    "check": checks.get(language),
                    "fields": [
                        form[p + name] for name in ("headline", "subheadline", "dateline", "body")
                    ],
                    "boilerplate": form[p + "boilerplate"],
                    "boilerplate_choice": form[p + "boilerplate_choice"],
                }
            )
        assets = [
            {
                part: form[f"asset-{i}-{part}"]
                for part in ("include", "kind", "caption_en", "caption_zh_hant", "url")
            }
            for i in range(form.asset_count)
        ]
        contacts = [
            {
                "row": rows[i] if i < len(rows) else None,
                **{
                    part: form[f"contact-{i}-{part}"]
                    for part in (
                        "include",
                        "existing",
                        "organisation",
                        "name_en",
                        "name_zh_hant",
                        "title_en",
                        "title_zh_hant",
                        "phone",
                        "email",
                    )
                },
            }
            for i in range(form.contact_count)
        ]
        sources = [
            {
                "name": document.name,
                "html": mark_safe(sanitise_html(document.preview_html))  # noqa: S308 -- nh3 cleaned it
                if document.preview_html
                else "",
                "text": document.preview_text,
            }
            for document in documents
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("New release from a document: check the proposal"),
            "form": form,
            "issuer": issuer,
            "sources": sources,
            "sections": sections,
            "assets": assets,
            "contacts": contacts,
            "may_add_contacts": request.user.has_perm("contacts.add_prcontact"),
            "media": self.media + form.media,
        }
        return render(request, "admin/pressroom/release/intake_proposal.html", context)


def _error_items(refused: ValidationError) -> list[tuple[str | None, list[str]]]:
    if hasattr(refused, "error_dict"):
        return [
            (field, list(ValidationError(errors).messages))
            for field, errors in refused.error_dict.items()
        ]
    return [(None, list(refused.messages))]

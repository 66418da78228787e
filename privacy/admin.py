"""Access requests in the admin: record one (the address, when it came), download the answer
(a ZIP of everything held about that address; the download goes on the audit log), mark it
answered or refused with the reason. Overdue requests are marked in the list."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import Action
from audit.services import audit_record
from contacts.scoping import ScopedAdmin
from privacy.erasure import erase_address
from privacy.export import person_zip
from privacy.models import AccessRequest
from releases.models import format_in_zone


@admin.register(AccessRequest)
class AccessRequestAdmin(ScopedAdmin[AccessRequest]):
    list_display = ["email", "kind", "received_hkt", "due_hkt", "status", "overdue"]
    list_filter = ["status", "kind"]
    search_fields = ["email"]
    fields = ["kind", "email", "received_at", "due_at", "status", "answered_at", "refusal_reason"]
    change_form_template = "admin/privacy/accessrequest/change_form.html"

    @admin.display(description=_("received (HKT)"), ordering="received_at")
    def received_hkt(self, request_: AccessRequest) -> str:
        return format_in_zone(request_.received_at, "Asia/Hong_Kong")

    @admin.display(description=_("answer by (HKT)"), ordering="due_at")
    def due_hkt(self, request_: AccessRequest) -> str:
        return format_in_zone(request_.due_at, "Asia/Hong_Kong")

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, request_: AccessRequest) -> bool:
        return request_.status == AccessRequest.Status.OPEN and request_.due_at < timezone.now()

    def save_model(self, request: HttpRequest, obj: AccessRequest, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        if obj.status != AccessRequest.Status.OPEN and obj.answered_at is None:
            obj.answered_at = timezone.now()
        super().save_model(request, obj, form, change)

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/erase/",
                self.admin_site.admin_view(self.erase_view),
                name="privacy_accessrequest_erase",
            ),
            path(
                "<path:object_id>/export/",
                self.admin_site.admin_view(self.export_view),
                name="privacy_accessrequest_export",
            ),
            *super().get_urls(),
        ]

    def erase_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """POST: erase the person (an erasure request still open); the request is answered."""
        access_request = self.get_object(request, unquote(object_id))
        if access_request is None:
            raise Http404
        if not self.has_change_permission(request, access_request):
            raise PermissionDenied
        page = reverse("admin:privacy_accessrequest_change", args=[object_id])
        if request.method != "POST":
            return redirect(page)
        if (
            access_request.kind != AccessRequest.Kind.ERASURE
            or access_request.status != AccessRequest.Status.OPEN
        ):
            messages.error(request, gettext("Only an open erasure request erases anyone."))
            return redirect(page)
        counts = erase_address(email=access_request.email, by=request.user)
        AccessRequest.objects.filter(pk=access_request.pk).update(
            status=AccessRequest.Status.ANSWERED, answered_at=timezone.now()
        )
        messages.success(
            request,
            gettext("Erased: %(counts)s. The address is kept only as a hash, so an import "
                    "holds it for you to decide.")
            % {"counts": ", ".join(f"{kind} {count}" for kind, count in counts.items() if count)
               or "—"},
        )  # fmt: skip
        return redirect(page)

    def export_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The answer: everything held about the address, as a ZIP (data.json, report.html)."""
        access_request = self.get_object(request, unquote(object_id))
        if access_request is None:
            raise Http404
        if not self.has_view_permission(request, access_request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(reverse("admin:privacy_accessrequest_change", args=[object_id]))
        body = person_zip(access_request.email)
        audit_record(
            action=Action.EXPORTED, actor=request.user, obj=access_request, request=request,
            summary=f"Personal data of {access_request.email} exported for an access request",
        )  # fmt: skip
        messages.success(
            request, gettext("Exported. Send it to the person, then mark it answered.")
        )
        response = HttpResponse(body, content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="personal-data-{access_request.pk}.zip"'
        )
        response["Cache-Control"] = "private, no-store"
        return response

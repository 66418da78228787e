from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.scoping import entries_visible_to
from audit.services import audit_export_csv


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only for everyone, superusers included: the record is what it is."""

    list_display = ["created_at", "actor_name", "action", "object_repr", "summary", "ip_address"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["actor_name", "object_repr", "summary", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    actions = ["export_csv"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        # The list, the entry pages and the CSV export ("select all" included) all read this.
        return entries_visible_to(request.user, super().get_queryset(request))

    def _get_obj_does_not_exist_redirect(
        self, request: HttpRequest, opts: Any, object_id: str
    ) -> HttpResponse:
        # An entry outside the user's scope is not found, as on every scoped admin page.
        raise Http404(gettext("No such entry."))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    @admin.action(description=_("Export the selected entries to CSV"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[AuditEntry]) -> HttpResponse:
        # "Select all" on a filtered list exports everything the filters match.
        data = audit_export_csv(entries=queryset, by=request.user, request=request)
        name = f"audit-log-{timezone.localtime():%Y%m%d-%H%M}.csv"
        return HttpResponse(
            data,
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

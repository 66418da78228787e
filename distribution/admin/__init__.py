from collections.abc import Callable
from functools import update_wrapper
from typing import Any, TypeVar

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from contacts.scoping import ScopedAdmin
from distribution import scoping  # noqa: F401 -- registers the scoping rules
from distribution.admin import changes as admin_changes
from distribution.admin import domains as admin_domains
from distribution.admin import reports as admin_reports
from distribution.admin import views as admin_views
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from releases.models import format_in_zone


@admin.register(Send)
class SendAdmin(ScopedAdmin[Send]):
    """A send is made from its release ("Schedule send", with a confirmation page) and never
    edited as a raw form: its page shows live progress and the controls its status allows."""

    list_display = [
        "__str__",
        "kind",
        "status_shown",
        "scheduled_hkt",
        "recipients_count",
        "suppressed_count",
        "sent_count",
        "failed_count",
        "results_link",
    ]
    list_filter = ["status", "kind", ("release__issuer", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["release", "release__issuer"]
    search_fields = ["release__slug", "release__translations__headline"]
    change_list_template = "admin/distribution/send/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        def view(
            function: Callable[..., HttpResponseBase], methods: tuple[str, ...] = ("GET", "POST")
        ) -> Callable[..., HttpResponseBase]:
            def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
                return function(self, request, *args, **kwargs)

            allowed = require_http_methods(list(methods))(update_wrapper(wrapper, function))
            return self.admin_site.admin_view(allowed)

        name = "distribution_send"
        return [
            path("schedule/<int:release_id>/", view(admin_views.schedule), name=f"{name}_schedule"),
            path(
                "preview/<int:release_id>/", view(admin_views.preview), name=f"{name}_preview_any"
            ),
            path(
                "preview/<int:release_id>/<str:variant>/",
                view(admin_views.preview),
                name=f"{name}_preview",
            ),
            path("test/<int:release_id>/", view(admin_views.test_send), name=f"{name}_test"),
            path(
                "<int:send_id>/progress/",
                view(admin_views.send_progress, ("GET",)),
                name=f"{name}_progress",
            ),
            path(
                "<int:send_id>/results/",
                view(admin_views.send_results, ("GET",)),
                name=f"{name}_results",
            ),
            path(
                "<int:send_id>/results/<str:what>.<str:fmt>",
                view(admin_views.send_results_export, ("GET",)),
                name=f"{name}_results_export",
            ),
            *(
                path(
                    f"<int:send_id>/{action}/",
                    view(admin_views.send_action, ("POST",)),
                    {"action": action},
                    name=f"{name}_{action}",
                )
                for action in admin_views.ACTIONS
            ),
            path(
                "<int:send_id>/retry-failed/",
                view(admin_views.send_retry_failed, ("POST",)),
                name=f"{name}_retry_failed",
            ),
            # Embargo changes and follow-ups (distribution/admin_changes.py).
            path(
                "embargo/<int:release_id>/",
                view(admin_changes.embargo_change),
                name=f"{name}_embargo",
            ),
            path(
                "embargo/<int:release_id>/lift-now/",
                view(admin_changes.embargo_lift),
                name=f"{name}_embargo_lift",
            ),
            path(
                "embargo-update/<int:send_id>/",
                view(admin_changes.embargo_update),
                name=f"{name}_embargo_update",
            ),
            path(
                "<int:send_id>/follow-up/",
                view(admin_changes.follow_up),
                name=f"{name}_follow_up",
            ),
            path(
                "sending-check/",
                view(admin_views.sending_check),
                name="distribution_sending_check",
            ),
            path(
                "sending-domains/",
                view(admin_domains.sending_domains),
                name="distribution_sending_domains",
            ),
            path("outbox/", view(admin_views.outbox), name="distribution_outbox"),
            path(
                "outbox/<str:name>/",
                view(admin_views.outbox_message),
                name="distribution_outbox_message",
            ),
            path(
                "outbox/<str:name>/raw/",
                view(admin_views.outbox_raw),
                name="distribution_outbox_raw",
            ),
            path("outbox/<path:rest>", view(admin_views.outbox_not_found)),
            *admin_reports.report_urls(view, name),
            *super().get_urls(),
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a send starts from its release: "Schedule send"

    def has_change_permission(self, request: HttpRequest, obj: Send | None = None) -> bool:
        return False  # controls (cancel, pause, resume) check distribution.change_send

    def has_delete_permission(self, request: HttpRequest, obj: Send | None = None) -> bool:
        return False  # a send is a record of what went out; cancel it instead

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        messages.info(request, gettext("To send a release, open it and choose “Schedule send”."))
        return redirect(reverse("admin:pressroom_release_changelist"))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if request.method != "GET":
            return HttpResponse(status=405, headers={"Allow": "GET"})
        return admin_views.send_detail(self, request, object_id)

    @admin.display(description=_("Results"))
    def results_link(self, send: Send) -> str:
        if send.status in {Send.Status.DRAFT, Send.Status.SCHEDULED, Send.Status.CANCELLED}:
            return "—"
        url = reverse("admin:distribution_send_results", args=[send.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Results"))

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, send: Send) -> str:
        return send.status_label()

    @admin.display(description=_("Scheduled (HKT)"), ordering="scheduled_at")
    def scheduled_hkt(self, send: Send) -> str:
        if send.scheduled_at is None:
            return "—"
        return format_in_zone(send.scheduled_at, send.release.issuer.time_zone)


M = TypeVar("M", Delivery, DeliveryEvent, AssetClick)


class ReadOnlyAdmin(ScopedAdmin[M]):
    """Records of what happened: visible, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: M | None = None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin[Delivery]):
    list_display = ["email", "send", "language", "status", "sent_at", "error"]
    list_filter = ["status", "language"]
    list_select_related = ["send", "send__release"]
    search_fields = ["email", "esp_message_id"]
    raw_id_fields = ["send", "contact"]


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnlyAdmin[DeliveryEvent]):
    list_display = [
        "event_type",
        "delivery",
        "recipient",
        "esp_name",
        "occurred_at",
        "reject_reason",
        "is_machine",
    ]
    list_filter = ["event_type", "esp_name", "is_machine"]
    list_select_related = ["delivery"]
    search_fields = ["event_id", "delivery__email", "recipient"]
    raw_id_fields = ["delivery"]


@admin.register(AssetClick)
class AssetClickAdmin(ReadOnlyAdmin[AssetClick]):
    list_display = ["asset", "delivery", "clicked_at", "is_machine", "machine_reason"]
    list_filter = ["is_machine"]
    list_select_related = ["asset", "delivery"]
    search_fields = ["delivery__email"]
    raw_id_fields = ["delivery", "asset"]

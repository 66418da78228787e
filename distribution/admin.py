from typing import TypeVar

from django.contrib import admin
from django.http import HttpRequest

from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from pressroom.models import format_in_zone


@admin.register(Send)
class SendAdmin(admin.ModelAdmin[Send]):
    list_display = [
        "__str__",
        "kind",
        "status",
        "scheduled_hkt",
        "recipients_count",
        "suppressed_count",
        "sent_count",
        "failed_count",
    ]
    list_filter = ["status", "kind", "release__issuer"]
    list_select_related = ["release", "release__issuer"]
    search_fields = ["release__slug", "release__translations__headline"]
    autocomplete_fields = ["release", "lists"]
    readonly_fields = [
        "started_at",
        "finished_at",
        "status_reason",
        "recipients_count",
        "suppressed_count",
        "sent_count",
        "failed_count",
        "created_by",
        "created_at",
    ]

    @admin.display(description="Scheduled (HKT)", ordering="scheduled_at")
    def scheduled_hkt(self, send: Send) -> str:
        if send.scheduled_at is None:
            return "—"
        return format_in_zone(send.scheduled_at, send.release.issuer.time_zone)


M = TypeVar("M", Delivery, DeliveryEvent, AssetClick)


class ReadOnlyAdmin(admin.ModelAdmin[M]):
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
    search_fields = ["email", "message_id", "esp_message_id"]
    raw_id_fields = ["send", "contact"]


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnlyAdmin[DeliveryEvent]):
    list_display = ["event_type", "delivery", "esp_name", "occurred_at", "reject_reason"]
    list_filter = ["event_type", "esp_name"]
    list_select_related = ["delivery"]
    search_fields = ["event_id", "delivery__email"]
    raw_id_fields = ["delivery"]


@admin.register(AssetClick)
class AssetClickAdmin(ReadOnlyAdmin[AssetClick]):
    list_display = ["asset", "delivery", "clicked_at", "is_machine"]
    list_filter = ["is_machine"]
    list_select_related = ["asset", "delivery"]
    search_fields = ["delivery__email"]
    raw_id_fields = ["delivery", "asset"]

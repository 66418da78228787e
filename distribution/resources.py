"""Exports of a send's results with django-import-export: one row per recipient, and one row per
asset click. Times are written in the issuer's zone, ISO 8601 with the offset; people and
machines are told apart in their own columns."""

import zoneinfo
from datetime import datetime
from typing import Any

from django.utils.translation import override
from import_export import fields, resources

from audit.services import formula_safe
from distribution.models import AssetClick, Delivery


class _Zoned(resources.ModelResource):
    def __init__(self, zone: str = "Asia/Hong_Kong", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zone = zoneinfo.ZoneInfo(zone)

    def when(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).isoformat(timespec="seconds") if moment else ""

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        """A cell a spreadsheet would run as a formula is prefixed with a quote: user agents
        come from whoever clicked, so "=HYPERLINK(…)" (or its full-width "＝HYPERLINK(…)", as a
        Chinese input method types it) must stay text."""
        value = super().export_field(field, instance, **kwargs)
        return formula_safe(value) if isinstance(value, str) else value


class RecipientResultResource(_Zoned):
    email = fields.Field(attribute="email", column_name="email")
    name = fields.Field(column_name="name")
    outlet = fields.Field(column_name="outlet")
    language = fields.Field(attribute="language", column_name="language")
    status = fields.Field(column_name="status")
    sent = fields.Field(column_name="sent")
    opened = fields.Field(column_name="opened (person, first)")
    clicked = fields.Field(column_name="clicked (person, first)")
    machine_opened = fields.Field(column_name="opened by a machine (first)")
    machine_clicked = fields.Field(column_name="clicked by a machine (first)")
    unsubscribed = fields.Field(column_name="unsubscribed")
    downloads = fields.Field(attribute="downloads", column_name="downloads (person)")
    error = fields.Field(attribute="error", column_name="error")

    class Meta:
        model = Delivery
        fields = (
            "email", "name", "outlet", "language", "status", "sent", "opened", "clicked",
            "machine_opened", "machine_clicked", "unsubscribed", "downloads", "error",
        )  # fmt: skip

    def dehydrate_name(self, delivery: Delivery) -> str:
        contact = delivery.contact
        return (contact.name_en or contact.name_zh_hant) if contact else ""

    def dehydrate_outlet(self, delivery: Delivery) -> str:
        contact = delivery.contact
        return str(contact.outlet) if contact and contact.outlet else ""

    def dehydrate_status(self, delivery: Delivery) -> str:
        with override("en"):  # a file reads the same whoever exports it
            return str(delivery.get_status_display())

    def dehydrate_sent(self, delivery: Delivery) -> str:
        return self.when(delivery.sent_at)

    def dehydrate_opened(self, delivery: Delivery) -> str:
        return self.when(delivery.opened_at)

    def dehydrate_clicked(self, delivery: Delivery) -> str:
        return self.when(delivery.clicked_at)

    def dehydrate_machine_opened(self, delivery: Delivery) -> str:
        return self.when(delivery.machine_opened_at)

    def dehydrate_machine_clicked(self, delivery: Delivery) -> str:
        return self.when(delivery.machine_clicked_at)

    def dehydrate_unsubscribed(self, delivery: Delivery) -> str:
        return self.when(delivery.unsubscribed_at)


class AssetClickResource(_Zoned):
    asset = fields.Field(column_name="asset")
    email = fields.Field(column_name="email")
    outlet = fields.Field(column_name="outlet")
    clicked = fields.Field(column_name="clicked")
    who = fields.Field(column_name="person or machine")
    machine_reason = fields.Field(attribute="machine_reason", column_name="why a machine")
    user_agent = fields.Field(attribute="user_agent", column_name="user agent")

    class Meta:
        model = AssetClick
        fields = ("asset", "email", "outlet", "clicked", "who", "machine_reason", "user_agent")

    def dehydrate_asset(self, click: AssetClick) -> str:
        return str(click.asset)

    def dehydrate_email(self, click: AssetClick) -> str:
        return click.delivery.email if click.delivery else ""

    def dehydrate_outlet(self, click: AssetClick) -> str:
        contact = click.delivery.contact if click.delivery else None
        return str(contact.outlet) if contact and contact.outlet else ""

    def dehydrate_clicked(self, click: AssetClick) -> str:
        return self.when(click.clicked_at)

    def dehydrate_who(self, click: AssetClick) -> str:
        return "machine" if click.is_machine else "person"

"""The newsroom's subscribers in the admin: who asked, for which topics and language, whether
they confirmed or stopped. Read-only apart from deleting (a person who asks to be forgotten is
erased from Personal data › requests, which deletes their subscription too); subscribing is the
subscriber's own act, on the newsroom."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from contacts.scoping import ScopedAdmin
from releases.models import format_in_zone
from subscriptions.models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(ScopedAdmin[Subscriber]):
    list_display = ["email", "language", "topic_names", "confirmed_hkt", "unsubscribed_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter), "topics"]
    search_fields = ["email"]
    fields = ["email", "language", "topics", "created_at", "confirmed_at", "unsubscribed_at"]
    readonly_fields = [
        "email", "language", "topics", "created_at", "confirmed_at", "unsubscribed_at"
    ]  # fmt: skip

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subscriber]:
        return super().get_queryset(request).prefetch_related("topics")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Subscriber | None = None) -> bool:
        return False

    @admin.display(description=_("topics"))
    def topic_names(self, subscriber: Subscriber) -> str:
        return ", ".join(topic.name_en for topic in subscriber.topics.all()) or "—"

    @admin.display(description=_("confirmed (HKT)"), ordering="confirmed_at")
    def confirmed_hkt(self, subscriber: Subscriber) -> str:
        moment = subscriber.confirmed_at
        return format_in_zone(moment, "Asia/Hong_Kong") if moment else "—"

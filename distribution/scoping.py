"""Sends, deliveries and their results are visible to whoever sees the release
(`contacts.scoping` has the rules, `releases.scoping` the release rule)."""

from typing import Any

from django.db.models import QuerySet

from audit import scoping as audit_scoping
from contacts.models import StaffUser
from contacts.scoping import RULES
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from releases.models import Release
from releases.scoping import release_scope_applies, releases_visible_to

# The path from each model to its release.
_TO_RELEASE = {
    Send: "release",
    Delivery: "send__release",
    DeliveryEvent: "delivery__send__release",
    AssetClick: "send__release",
}


def _follows_release(path: str) -> Any:
    def rule(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not release_scope_applies(user):
            return queryset
        releases = releases_visible_to(user, Release.objects.all()).values("pk")
        return queryset.filter(**{f"{path}__in": releases})

    return rule


for _model, _path in _TO_RELEASE.items():
    RULES[_model] = _follows_release(_path)

# A send's entries on the audit log (scheduled, cancelled, embargo updates) follow it too.
audit_scoping.register(Send, RULES[Send])


def sends_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return RULES[Send](user, queryset)

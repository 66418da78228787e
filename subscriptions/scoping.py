"""Subscribers are the in-house team's: an agency's officer sees none."""

from typing import Any

from django.db.models import QuerySet

from contacts.models import StaffUser, agency_of
from contacts.scoping import RULES
from subscriptions.models import Subscriber


def subscribers_visible_to(user: StaffUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.none() if agency_of(user) is not None else queryset


RULES[Subscriber] = subscribers_visible_to

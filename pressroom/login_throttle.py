"""Login throttling beyond django-axes' per-name count: one address that fails for many user
names (password spraying: a few guesses at each of many accounts) is locked out too.

Axes counts failures per (address, user name), so an office behind one NAT keeps working when
one person mistypes. Its failure limit is one number for every lockout parameter, so an
address-wide count with the same limit would lock that office out after five typos; this
handler adds a second, larger limit for the address alone (LOGIN_ADDRESS_FAILURE_LIMIT)."""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(ip_address: str) -> int:
    """Failed logins from this address within the cool-off, whatever the user names."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return int(total or 0)


class AddressAwareHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = int(super().get_failures(request, credentials))
        address = getattr(request, "axes_ip_address", None)
        if address and address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            # Axes compares one count with one limit: report the address as at the limit.
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures

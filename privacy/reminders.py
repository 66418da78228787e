"""A week before a personal-data request falls due, the officer who recorded it is emailed,
once, in their admin language (and every in-house officer when no one recorded it)."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from distribution.alerts import alert_language
from privacy.models import AccessRequest
from releases.models import format_in_zone

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(days=7)


def _officers(request: AccessRequest) -> list[object]:
    if request.created_by is not None and request.created_by.email:
        return [request.created_by]
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="In-house PR officer")
        .exclude(email="")
    )
    return list(users.distinct())


def reminders_deliver(*, now: datetime) -> int:
    """Remind about each open request due within a week, once. How many emails went."""
    due = AccessRequest.objects.filter(
        status=AccessRequest.Status.OPEN, reminded_at__isnull=True, due_at__lte=now + REMIND_BEFORE
    ).select_related("created_by")
    messages = []
    for request in due:
        if not AccessRequest.objects.filter(pk=request.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            continue  # another beat took it
        page = settings.SITE_URL + reverse("admin:privacy_accessrequest_change", args=[request.pk])
        for officer in _officers(request):
            with translation.override(alert_language(officer)):
                when = format_in_zone(request.due_at, settings.TIME_ZONE)
                messages.append(EmailMessage(
                    subject=gettext("A personal-data request is due on %(when)s") % {"when": when},
                    body=gettext(
                        "The request about %(email)s (%(kind)s) must be answered by %(when)s "
                        "(40 days from when it came).\n\n%(page)s"
                    ) % {"email": request.email, "kind": request.get_kind_display(),
                         "when": when, "page": page},
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[str(getattr(officer, "email", ""))],
                ))  # fmt: skip
    if messages:
        get_connection(fail_silently=False).send_messages(messages)
        logger.info("personal-data requests: %s reminders", len(messages))
    return len(messages)

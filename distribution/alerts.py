"""An email to the officer when a send needs them: it stopped early (every message would have
failed: credentials refused, an option refused, a sender not verified), it failed (every
delivery failed, or it was refused at its moment), it ended with failed deliveries, or it
missed its moment while no worker ran.

Whom: the person who scheduled the send (they pressed "Schedule" on its confirmation page, so
scheduling and confirming are one person), and for an embargo update the person who approved it
too. Only staff accounts with an address: never a journalist. Each in their admin language.

Once per event: the status change that calls for an alert sets `Send.alert_due` in the same
UPDATE (services.send_stop, sends_finish, a send refused at its moment); a beat task claims each
due alert with a conditional UPDATE (alert_due true -> false), so two beats or a task run twice
send one email. Claim, then send: a mail server that fails after the claim loses the alert
(logged), never sends it twice. The alert goes through the configured EMAIL_BACKEND, the same
service as the send: when that service is what refused (credentials), the email cannot go
either, and the send page is where the officer reads it."""

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.preferences import user_language
from distribution.models import Send

logger = logging.getLogger(__name__)

ALERTED = [Send.Status.PAUSED, Send.Status.FAILED, Send.Status.SENT, Send.Status.MISSED]


def alert_recipients(send: Send) -> list[Any]:
    people = [send.created_by, send.approved_by if send.kind == Send.Kind.EMBARGO_UPDATE else None]
    seen: set[int] = set()
    found = []
    for user in people:
        if user is None or user.pk in seen or not user.is_active or not user.is_staff:
            continue
        if not user.email:
            continue
        seen.add(user.pk)
        found.append(user)
    return found


def alert_language(user: Any) -> str:
    language = user_language(user)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def send_page_url(send: Send) -> str:
    return settings.SITE_URL + reverse("admin:distribution_send_change", args=[send.pk])


def alert_email(*, send: Send, to: str) -> EmailMessage:
    """The alert in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    release = send.release.headline(language) or str(send.release)
    reason = send.status_reasons.get(language) or send.status_reason
    if send.status == Send.Status.PAUSED:
        subject = gettext("Send stopped: %(release)s") % {"release": release}
        advice = gettext(
            "Fix the sending configuration (“Check sending configuration” on the sends list "
            "says what is wrong), then resume the send on its page: the messages not sent yet "
            "go then, each once."
        )
    elif send.status == Send.Status.MISSED or not send.failed_count:
        # Missed, or refused at its moment: nothing went, and the reason says what to do.
        subject = gettext("%(status)s: %(release)s") % {
            "status": send.get_status_display(),
            "release": release,
        }
        advice = ""
    else:
        subject = gettext("%(status)s: %(release)s") % {
            "status": send.status_label(),
            "release": release,
        }
        advice = gettext(
            "Fix what the reasons say, then press “Retry failed deliveries” on the send page: "
            "the failed deliveries that may go again go once each. Addresses refused for good "
            "(rejected, suppressed, not valid) do not."
        )
    body = "\n\n".join(
        [
            gettext("%(kind)s of “%(release)s”: %(status)s.")
            % {"kind": send.get_kind_display(), "release": release, "status": send.status_label()},
            reason,
            *([advice] if advice else []),
            gettext("The send: %(url)s") % {"url": send_page_url(send)},
            gettext("Pressroom sent this because you scheduled the send."),
        ]
    )
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )


def alerts_deliver(*, now: datetime | None = None) -> int:
    """Send every alert that is due, each once. How many emails went."""
    now = now or timezone.now()
    due = list(Send.objects.filter(alert_due=True, status__in=ALERTED).values_list("pk", flat=True))
    sent = 0
    for send_id in due:
        if not Send.objects.filter(pk=send_id, alert_due=True, status__in=ALERTED).update(
            alert_due=False, alerted_at=now
        ):
            continue  # another beat (or task) took it
        sent += alert_deliver(send_id=send_id)
    return sent


def alert_deliver(*, send_id: int) -> int:
    send = Send.objects.select_related("release", "created_by", "approved_by").get(pk=send_id)
    messages = []
    for user in alert_recipients(send):
        with translation.override(alert_language(user)):
            messages.append(alert_email(send=send, to=user.email))
    if not messages:
        logger.warning("send %s needs attention; no one with an address to tell", send_id)
        return 0
    try:
        get_connection(fail_silently=False).send_messages(messages)
    except Exception:
        logger.exception("send %s: the alert to the officer could not be sent", send_id)
        return 0
    logger.info("send %s: alerted %s", send_id, ", ".join(m.to[0] for m in messages))
    return len(messages)

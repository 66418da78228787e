"""Retry a send's failed deliveries, once the officer has fixed what made them fail.

Which failures go again (the rule, stated once here and in the README):
- Never the journalist's own address refused: the ESP rejected or suppressed the recipient
  (anymail's "rejected" or "invalid" status: an inactive, hard-bounced or complained address),
  the address is not valid, or the mail server refused the mailbox itself (an SMTP 5xx reply
  whose enhanced status is 5.1.x "bad address" or 5.2.x "mailbox"). Nor an address that is now
  suppressed (bounce, complaint, unsubscribe) or a contact no longer active, nor one that another
  send of the release has reached since with the same copy (one email per recipient per release).
  Bounces and complaints reported later by the ESP are their own statuses, never "failed".
- Every other failure goes again: configuration (credentials, an unverified sender, an account
  pending approval, an option refused), the ESP's or the server's errors after the last attempt,
  lost connections and lost workers. A message whose worker was lost may have left before the
  loss: its copy carries the same Message-ID, as after the reaper.

Exactly once: the send moves from sent/failed to sending in one conditional UPDATE, so of two
clicks (or two officers, or two web processes) one retry happens and the other finds the send
already sending; the deliveries then go through the normal path (queued -> a batch task claims
them -> sent or failed), which claims each once."""

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext

from audit.models import Action
from audit.services import audit_record, in_english
from contacts.models import MediaContact, Suppression
from distribution.models import Delivery, Send
from distribution.recipients import SAME_COPY

# The ESP refused this recipient (Postmark's inactive addresses, Mailgun's and the others'
# rejected or invalid ones): written by distribution/transport.py.
_ESP_REFUSED_RECIPIENT = re.compile(r"^rejected by the ESP \((rejected|invalid)\)")
_RECIPIENT_ERRORS = ("AnymailRecipientsRefused", "AnymailInvalidAddress", "Not a valid email")
# An SMTP reply refusing the mailbox: 5xx with an enhanced status 5.1.x (address) or 5.2.x.
_SMTP_MAILBOX_REFUSED = re.compile(r"^5\d\d[ -]5\.[12]\.\d")


class RetryRefused(Exception):
    """The failed deliveries cannot go again now; the message says why."""


def failure_is_recipients_own(error: str) -> bool:
    """Whether a failed delivery's reason is the journalist's own address refused for good."""
    text = error.strip()
    return bool(
        _ESP_REFUSED_RECIPIENT.match(text)
        or any(marker in text for marker in _RECIPIENT_ERRORS)
        or _SMTP_MAILBOX_REFUSED.match(text)
    )


def _same_copy_elsewhere(send: Send) -> QuerySet[Delivery]:
    kinds = SAME_COPY.get(send.kind, [])
    return (
        Delivery.objects.filter(send__release_id=send.release_id, send__kind__in=kinds)
        .exclude(send_id=send.pk)
        .exclude(status__in=[Delivery.Status.FAILED, Delivery.Status.BOUNCED])
    )


def retryable_deliveries(send: Send) -> list[int]:
    """The failed deliveries of `send` that go again (the rule above)."""
    failed = Delivery.objects.filter(send=send, status=Delivery.Status.FAILED)
    elsewhere = _same_copy_elsewhere(send)
    inactive = MediaContact.objects.filter(pk=OuterRef("contact_id")).exclude(
        status=MediaContact.Status.ACTIVE
    )
    candidates = failed.exclude(
        Exists(Suppression.objects.filter(email=OuterRef("email")))
        | Exists(inactive)
        | Exists(elsewhere.filter(email=OuterRef("email")))
        | Exists(elsewhere.filter(contact_id=OuterRef("contact_id")))
    )
    return [
        pk
        for pk, error in candidates.order_by("pk").values_list("pk", "error")
        if not failure_is_recipients_own(error)
    ]


def send_retry_failed(
    *, send: Send, by: Any = None, request: HttpRequest | None = None, now: datetime | None = None
) -> int:
    """Queue again the failed deliveries of a finished send that may go again, and send each
    once through the scheduler and the workers. How many; 0 if none may, or if another retry
    of this send got there first. RetryRefused when the send may not go out now (its release
    withdrawn, an advance copy's embargo lifted)."""
    from distribution.services import deliveries_requeue

    now = now or timezone.now()
    refusal = send.refusal(now)
    if refusal:
        raise RetryRefused(refusal)
    with transaction.atomic():
        ids = retryable_deliveries(send)
        if not ids:
            return 0
        # The one retry: whoever moves the send out of sent/failed; a second click, a second
        # officer or a stale page finds it sending (or sent with nothing failed) and stops here.
        moved = Send.objects.filter(
            Q(status=Send.Status.FAILED) | Q(status=Send.Status.SENT, failed_count__gt=0),
            pk=send.pk,
        ).update(
            status=Send.Status.SENDING,
            finished_at=None,
            status_reason="",
            status_reasons={},
            alert_due=False,
        )
        if not moved:
            return 0
        # Back to queued, as new: a retried delivery's attempts start again from nought.
        count = Delivery.objects.filter(pk__in=ids, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.QUEUED,
            error="",
            attempts=0,
            claim="",
            leased_until=None,
            retry_at=now,
        )
        audit_record(
            action=Action.SEND_RETRIED,
            actor=by,
            obj=send,
            request=request,
            summary=in_english(lambda: f"{count} failed deliveries queued again"),
        )
    transaction.on_commit(lambda: deliveries_requeue(now=now, send_id=send.pk))
    return count


def retry_explained(send: Send) -> str:
    """For the send page: what a retry would send, in words."""
    failed = Delivery.objects.filter(send=send, status=Delivery.Status.FAILED).count()
    retryable = len(retryable_deliveries(send)) if failed else 0
    if not failed:
        return ""
    return gettext(
        "%(retryable)s of the %(failed)s failed deliveries can go again. Addresses the "
        "recipient's own mail server or the ESP refused for good (rejected, suppressed, not "
        "valid) do not."
    ) % {"retryable": retryable, "failed": failed}

"""Follow-ups: the release again, from a send's results page, to those who did not open it
(people, not scanners), to those whose delivery failed once their address is corrected, or to
new lists. Each is a Send of its own (its parent is the send it follows), scheduled for now
through the same rules (`Send.refusal`) and sent by the same engine (tick, batches, transport).

Nobody gets the release twice: a follow-up leaves out every address and every contact that
already has it from any send of the release (a delivery not failed or bounced), except, for
the "did not open" follow-up, the people it is for; and those, only if no person opened any
copy and no earlier follow-up reached them. The check runs when it is scheduled (for the
confirmation page) and again when the tick starts it, against what happened meanwhile."""

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record, audit_time
from contacts.models import DistributionList, MediaContact, normalise_email
from distribution.models import Delivery, Send, message_id_for
from distribution.recipients import (
    NOT_OPENED,
    NOT_RECEIVED,
    Row,
    followed_up_or_opened,
    name_for_variant,
    release_holders,
)
from distribution.render import variant_for
from distribution.services import (
    SendRefused,
    confirmation_check,
    send_check,
    send_save_once,
)

logger = logging.getLogger(__name__)

Audience = Send.Audience


@dataclass
class FollowUpPlan:
    """What a follow-up would do: whom it reaches, whom it leaves out and why, and every
    reason it cannot go (empty when it can)."""

    parent: Send
    audience: str
    recipients: list[Row] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    lists: list[DistributionList] = field(default_factory=list)


def _not_opened(parent: Send, plan: FollowUpPlan) -> None:
    leave_out = followed_up_or_opened(release_id=parent.release_id)
    rows = (
        Delivery.objects.filter(send=parent)
        .filter(NOT_OPENED)
        .order_by("pk")
        .values_list("pk", "contact_id", "email", "language", "contact__name_en",
                     "contact__name_zh_hant")
    )  # fmt: skip
    for pk, contact_id, email, variant, name_en, name_zh in rows:
        if leave_out.has(contact_id, email):
            plan.left_out[_("opened another copy, or already followed up")] += 1
            continue
        reply_to = message_id_for(pk, parent.pk)
        name = name_for_variant(variant, name_en, name_zh)
        plan.recipients.append((contact_id, email, variant, name, reply_to))
        leave_out.add(contact_id, email)


def _failed_corrected(parent: Send, plan: FollowUpPlan, corrections: dict[int, str]) -> None:
    """A failed or bounced delivery goes again to the contact's address when it has changed
    since, or to the address the officer typed for it."""
    holders = release_holders(release_id=parent.release_id)
    languages = list(parent.release.translations.values_list("language", flat=True))
    rows = (
        Delivery.objects.filter(send=parent, status__in=NOT_RECEIVED)
        .order_by("pk")
        .values_list("pk", "contact_id", "email", "contact__email", "contact__preferred_language",
                     "contact__name_en", "contact__name_zh_hant", "contact__status")
    )  # fmt: skip
    for pk, contact_id, email, current, preferred, name_en, name_zh, status in rows:
        typed = corrections.get(pk, "").strip()
        if typed:
            try:
                validate_email(typed)
            except ValidationError:
                plan.errors.append(
                    _("“%(typed)s” (for %(email)s) is not a valid email address.")
                    % {"typed": typed, "email": email}
                )
                continue
        corrected = normalise_email(typed) if typed else (current or "")
        if not corrected or corrected == email:
            plan.left_out[_("address not corrected yet")] += 1
            continue
        if contact_id is None or status != MediaContact.Status.ACTIVE:
            plan.left_out[_("contact gone or no longer active")] += 1
            continue
        if holders.has(contact_id, corrected) or holders.has(None, corrected):
            plan.left_out[_("already has the release")] += 1
            continue
        variant = variant_for(preferred, languages)
        name = name_for_variant(variant, name_en, name_zh)
        plan.recipients.append((contact_id, corrected, variant, name, ""))
        holders.add(contact_id, corrected)


def _new_lists(parent: Send, plan: FollowUpPlan, now: datetime) -> None:
    _moment, expansion, errors = send_check(
        release=parent.release, lists=plan.lists, kind=parent.release_kind, at=now, now=now
    )
    if expansion is None:
        plan.errors.extend(errors)
        return
    # The list being empty of new people is this page's message, not send_check's.
    plan.errors.extend(e for e in errors if not e.startswith("No one to send to"))
    holders = release_holders(release_id=parent.release_id)
    for contact_id, email, variant, name in expansion.recipients:
        if holders.has(contact_id, email):
            plan.left_out[_("already has the release")] += 1
            continue
        plan.recipients.append((contact_id, email, variant, name, ""))
    for reason, count in expansion.excluded.items():
        plan.left_out[reason] += count
    plan.left_out[_("not a valid email address")] += len(expansion.invalid)
    plan.left_out = +plan.left_out  # drop zero counts


def followup_check(
    *,
    parent: Send,
    audience: str,
    lists: list[DistributionList] | None = None,
    corrections: dict[int, str] | None = None,
    now: datetime | None = None,
) -> FollowUpPlan:
    """What a follow-up of `parent` would do now; saves nothing. The confirmation page shows
    it and followup_schedule acts on it."""
    now = now or timezone.now()
    plan = FollowUpPlan(parent=parent, audience=audience, lists=list(lists or []))
    if parent.kind not in (Send.Kind.ADVANCE, Send.Kind.IMMEDIATE):
        plan.errors.append(_("Follow up the advance copy or the immediate release it follows."))
        return plan
    status = Send.objects.filter(pk=parent.pk).values_list("status", flat=True).first()
    # A send whose every delivery failed went out too (a send refused at its moment has none).
    failed_out = status == Send.Status.FAILED and Delivery.objects.filter(send=parent).exists()
    if status not in (Send.Status.SENT, Send.Status.SENDING, Send.Status.PAUSED) and not failed_out:
        plan.errors.append(_("Only a send that went out can be followed up."))
        return plan
    probe = Send(release=parent.release, kind=Send.Kind.FOLLOW_UP, parent=parent)
    refusal = probe.refusal(now, lists=plan.lists)
    if refusal:
        plan.errors.append(refusal)
    if audience == Audience.NOT_OPENED:
        _not_opened(parent, plan)
    elif audience == Audience.FAILED_CORRECTED:
        _failed_corrected(parent, plan, corrections or {})
    elif audience == Audience.NEW_LISTS:
        if not plan.lists:
            plan.errors.append(_("Choose at least one distribution list."))
        else:
            _new_lists(parent, plan, now)
    else:
        plan.errors.append(_("Choose whom the follow-up is for."))
        return plan
    if not plan.recipients and not plan.errors:
        plan.errors.append(_("No one to follow up: everyone it could go to is left out (see why)."))
    return plan


def followup_schedule(
    *,
    parent: Send,
    audience: str,
    lists: list[DistributionList] | None = None,
    corrections: dict[int, str] | None = None,
    by: Any = None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
    confirmation: str | None = None,
) -> Send:
    """Schedule the follow-up for now: the next tick starts it. Refused, with the reason, as
    followup_check decides; AlreadyConfirmed if this confirmation page already scheduled one."""
    confirmation_check(confirmation)
    now = now or timezone.now()
    plan = followup_check(
        parent=parent, audience=audience, lists=lists, corrections=corrections, now=now
    )
    if plan.errors:
        raise SendRefused(plan.errors[0])
    send = Send(
        release=parent.release,
        kind=Send.Kind.FOLLOW_UP,
        parent=parent,
        audience=audience,
        status=Send.Status.SCHEDULED,
        scheduled_at=now,
        recipients_count=len(plan.recipients),
        suppressed_count=sum(plan.left_out.values()),
        # New lists are expanded again when the send starts; the others are these people.
        chosen_recipients=[] if audience == Audience.NEW_LISTS else plan.recipients,
        created_by=by if getattr(by, "pk", None) else None,
        confirmation=confirmation,
    )
    with transaction.atomic():
        send_save_once(send)
        send.lists.set(plan.lists)
        audit_record(
            action=Action.SEND_SCHEDULED,
            actor=by,
            obj=send,
            summary=f"Follow-up of send #{parent.pk} ({audience.replace('_', ' ')}) for "
            f"{audit_time(now)} to {len(plan.recipients)} recipients",
            request=request,
        )
    logger.info("follow-up %s of send %s scheduled by %s", send.pk, parent.pk, by)
    return send

"""Embargo changes as one event. When the embargo of a release whose advance copy went out moves
(or lifts now, because it broke), the recipients of that advance copy get an "embargo update"
in their language, in the advance copy's thread (In-Reply-To/References its Message-ID), and
every dependent send and the newsroom move with the embargo.

A moved embargo is drafted first (a Send of kind embargo_update, status draft) and approved by
an in-house approver, someone other than its drafter under the two-person rule. Approving
moves the embargo, the immediate sends, cancels advance copies that would now be too late and
schedules the update, in one transaction on the locked release row. Lifting now is the same
in one confirmed action by an approver: a broken embargo cannot wait for a second person."""

import logging
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record, audit_time
from distribution.models import Delivery, Send, message_id_for, status_reason_fields
from distribution.recipients import name_for_variant
from distribution.services import SendRefused
from releases.models import Release, format_in_zone

logger = logging.getLogger(__name__)

# An advance copy reached these recipients (a failed or bounced one did not).
REACHED = [
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.OPENED,
    Delivery.Status.CLICKED,
    Delivery.Status.COMPLAINED,
]
MOVABLE = [Send.Status.SCHEDULED]


def advance_recipients(*, release: Release) -> list[list[Any]]:
    """Everyone an advance copy of the release reached, once per address, each in the thread
    of the last advance copy they got: [contact id, email, variant, name, its Message-ID]."""
    rows = (
        Delivery.objects.filter(
            send__release=release, send__kind=Send.Kind.ADVANCE, status__in=REACHED
        )
        .order_by("pk")
        .values_list("pk", "send_id", "contact_id", "email", "language", "contact__name_en",
                     "contact__name_zh_hant")
    )  # fmt: skip
    chosen: dict[str, list[Any]] = {}
    for pk, send_id, contact_id, email, variant, name_en, name_zh in rows:
        name = name_for_variant(variant, name_en, name_zh)
        chosen[email] = [contact_id, email, variant, name or "", message_id_for(pk, send_id)]
    return list(chosen.values())


@dataclass
class EmbargoPlan:
    """What an embargo change does to the release's sends, for the pages and the approval."""

    moved: list[Send] = field(default_factory=list)  # immediate sends: to the new time
    cancelled: list[Send] = field(default_factory=list)  # advance copies now too late
    recipients: int = 0


def embargo_plan(*, release: Release, new: datetime) -> EmbargoPlan:
    old = release.embargo_until
    sends = Send.objects.filter(release=release, status__in=MOVABLE).order_by("scheduled_at")
    immediate = sends.filter(kind=Send.Kind.IMMEDIATE).filter(
        Q(scheduled_at=old) | Q(scheduled_at__lt=new)
    )
    too_late = sends.filter(kind=Send.Kind.ADVANCE, scheduled_at__gte=new)
    return EmbargoPlan(
        moved=list(immediate),
        cancelled=list(too_late),
        recipients=len(advance_recipients(release=release)),
    )


def embargo_change_problem(*, release: Release, by: Any, now: datetime | None = None) -> str | None:
    """Why `by` may not start an embargo change on this release, or None."""
    if not by.has_perm("distribution.add_send"):
        return _("Only a PR officer who may send releases can change an embargo.")
    if release.embargo_until is None:
        return _("This release has no embargo to change.")
    if release.embargo_until <= (now or timezone.now()):
        return _("The embargo has already lifted.")
    if release.status not in (
        Release.Status.APPROVED,
        Release.Status.SCHEDULED,
        Release.Status.PUBLISHED,
    ):
        return _("Only an approved or scheduled release's embargo can be changed here.")
    if not advance_recipients(release=release):
        return _(
            "No advance copy of this release has reached anyone: change the embargo on the "
            "release itself."
        )
    return None


def embargo_update_draft(
    *,
    release: Release,
    new: datetime,
    by: Any,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Send:
    """Draft the update announcing the embargo's move to `new`, for an approver. A newer draft
    replaces an older one still waiting."""
    now = now or timezone.now()
    problem = embargo_change_problem(release=release, by=by, now=now)
    if problem:
        raise SendRefused(problem)
    assert release.embargo_until is not None
    if new <= now:
        raise SendRefused(
            _("The new embargo time has passed. Choose a time in the future, or lift it now.")
        )
    if new == release.embargo_until:
        raise SendRefused(_("That is the embargo time already."))
    with transaction.atomic():
        update = _new_draft(release=release, new=new, by=by, now=now)
        audit_record(
            action=Action.CREATED,
            actor=by,
            obj=update,
            summary=f"Embargo update drafted: {audit_time(release.embargo_until)} -> "
            f"{audit_time(new)}, for approval",
            request=request,
        )
    return update


def _new_draft(*, release: Release, new: datetime, by: Any, now: datetime) -> Send:
    """A draft update from the embargo as it is to `new`; it replaces any draft still waiting."""
    Send.objects.filter(
        release=release, kind=Send.Kind.EMBARGO_UPDATE, status=Send.Status.DRAFT
    ).update(
        status=Send.Status.CANCELLED,
        finished_at=now,
        **status_reason_fields(lambda: _("Replaced by a newer update.")),
    )
    return Send.objects.create(
        release=release,
        kind=Send.Kind.EMBARGO_UPDATE,
        audience=Send.Audience.ADVANCE_RECIPIENTS,
        status=Send.Status.DRAFT,
        parent=_last_advance(release),
        embargo_from=release.embargo_until,
        embargo_to=new,
        created_by=by if getattr(by, "pk", None) else None,
    )


def _last_advance(release: Release) -> Send | None:
    return (
        Send.objects.filter(release=release, kind=Send.Kind.ADVANCE)
        .exclude(status__in=[Send.Status.DRAFT, Send.Status.SCHEDULED, Send.Status.CANCELLED])
        .order_by("-started_at", "-pk")
        .first()
    )


def approve_problem(*, update: Send, by: Any) -> str | None:
    """Why `by` may not approve this embargo update, or None: an in-house approver, and under
    the two-person rule someone other than whoever drafted it."""
    if not by.has_perm("pressroom.approve_release"):
        return _("Only an in-house approver can approve an embargo change.")
    if settings.RELEASE_TWO_PERSON_RULE and by.pk == update.created_by_id:
        return _("Someone other than whoever drafted it must approve it (the two-person rule).")
    return None


def embargo_update_approve(
    *,
    update: Send,
    by: Any,
    request: HttpRequest | None = None,
    now: datetime | None = None,
    lifting: bool = False,
) -> Send:
    """Move the embargo to the update's new time, and with it, in one transaction: the immediate
    sends due at the old embargo or before the new one (to the new time), the advance copies
    due at or after the new time (cancelled, with the reason), the newsroom (it follows the
    embargo), and the update itself (scheduled for now, to the advance copies' recipients)."""
    now = now or timezone.now()
    problem = None if lifting else approve_problem(update=update, by=by)
    if problem:
        raise SendRefused(problem)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=update.release_id)
        new = now if lifting else update.embargo_to
        assert new is not None
        if (
            update.status != Send.Status.DRAFT
            or not Send.objects.filter(pk=update.pk, status=Send.Status.DRAFT).exists()
        ):
            raise SendRefused(
                _(
                    "Nothing changed: this embargo update was already approved, replaced or "
                    "discarded."
                )
            )
        if release.embargo_until != update.embargo_from:
            raise SendRefused(
                _(
                    "Nothing changed: the embargo was changed since this update was drafted. "
                    "Draft it again from the current embargo."
                )
            )
        if new <= now and not lifting:
            raise SendRefused(
                _(
                    "Nothing changed: the new embargo time has passed. Draft a new time, or lift "
                    "it now."
                )
            )
        plan = embargo_plan(release=release, new=new)
        old = release.embargo_until

        def moved() -> str:  # in each language
            return _(
                "The embargo moved to %(moment)s: an advance copy can no longer go out at its time."
            ) % {"moment": format_in_zone(new)}

        assert old is not None
        Send.objects.filter(pk__in=[s.pk for s in plan.moved], status__in=MOVABLE).update(
            scheduled_at=new
        )
        Send.objects.filter(pk__in=[s.pk for s in plan.cancelled], status__in=MOVABLE).update(
            status=Send.Status.CANCELLED,
            finished_at=now,
            **status_reason_fields(moved),
        )
        _unprepare(release=release, new=new, now=now)
        release.embargo_until = new
        fields: dict[str, Any] = {"embargo_until": new}
        # The dateline's day is the release date: when it was the embargo's day, it moves with
        # the embargo (a date the officer set apart from the embargo stays as it is).
        zone = zoneinfo.ZoneInfo(release.issuer.time_zone)
        if release.release_date == old.astimezone(zone).date():
            release.release_date = fields["release_date"] = new.astimezone(zone).date()
        if release.approved_hash:
            # The change is approved here: the release stays approved with its new time.
            fields["approved_hash"] = release.content_hash()
        Release.objects.filter(pk=release.pk).update(**fields)
        recipients = advance_recipients(release=release)
        # Conditional, like every state change: a discard that came first wins, and this whole
        # transaction (embargo, sends) is rolled back.
        approved = Send.objects.filter(pk=update.pk, status=Send.Status.DRAFT).update(
            status=Send.Status.SCHEDULED,
            scheduled_at=now,
            embargo_to=new,
            approved_by=by if getattr(by, "pk", None) else None,
            approved_at=now,
            chosen_recipients=recipients,
            recipients_count=len(recipients),
        )
        if not approved:
            raise SendRefused(_("Nothing changed: this embargo update was discarded meanwhile."))
        summary = (
            f"Embargo {'lifted now' if lifting else 'moved'}: {audit_time(old)} -> "
            f"{audit_time(new)}; {len(plan.moved)} immediate sends moved, "
            f"{len(plan.cancelled)} advance copies cancelled, update to {len(recipients)} "
            "advance-copy recipients"
        )
        audit_record(
            action=Action.CHANGED,
            actor=by,
            obj=release,
            summary=summary[:500],
            changes={"embargo_until": [old.isoformat(), new.isoformat()]},
            request=request,
        )
        audit_record(action=Action.APPROVED, actor=by, obj=update, summary=summary[:500],
                     request=request)  # fmt: skip
    logger.info("release %s: %s", release.pk, summary)
    update.refresh_from_db()
    return update


def _unprepare(*, release: Release, new: datetime, now: datetime) -> None:
    """An immediate send the tick prepared ahead of the old embargo (sending, its moment still
    to come, nothing sent) goes back to scheduled at the new time, its prepared deliveries gone.
    Its batches, queued for the old moment, then find no send in progress and do nothing."""
    prepared = Send.objects.filter(
        release=release,
        kind=Send.Kind.IMMEDIATE,
        status=Send.Status.SENDING,
        scheduled_at__gt=now,
    ).exclude(deliveries__status__in=[Delivery.Status.SENDING, *REACHED])
    for send in prepared:
        if Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            status=Send.Status.SCHEDULED, scheduled_at=new, started_at=None
        ):
            Delivery.objects.filter(send=send).delete()


def embargo_update_discard(*, update: Send, by: Any, request: HttpRequest | None = None) -> bool:
    """Drop a draft update: nothing changes. False if it is no longer a draft."""
    done = Send.objects.filter(pk=update.pk, status=Send.Status.DRAFT).update(
        status=Send.Status.CANCELLED,
        finished_at=timezone.now(),
        **status_reason_fields(lambda: _("Discarded.")),
    )
    if done:
        audit_record(action=Action.SEND_CANCELLED, actor=by, obj=update,
                     summary="Embargo update discarded", request=request)  # fmt: skip
    return bool(done)


def lift_now_problem(*, release: Release, by: Any, now: datetime | None = None) -> str | None:
    if not by.has_perm("pressroom.approve_release"):
        return _("Only an in-house approver can lift an embargo now.")
    return embargo_change_problem(release=release, by=by, now=now)


def embargo_lift_now(
    *,
    release: Release,
    by: Any,
    seen_embargo: datetime | None,
    request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Send:
    """The embargo broke: lift it now, send the update and the immediate sends now, and the
    newsroom shows the release from now. One action, from the confirmation page, which names
    the embargo it saw (`seen_embargo`): a stale page changes nothing."""
    now = now or timezone.now()
    if not by.has_perm("pressroom.approve_release"):
        raise SendRefused(_("Only an in-house approver can lift an embargo now."))
    if seen_embargo != release.embargo_until:
        raise SendRefused(
            _("Nothing changed: the embargo was changed since you opened this page. Look again.")
        )
    problem = lift_now_problem(release=release, by=by, now=now)
    if problem:
        raise SendRefused(problem)
    with transaction.atomic():
        update = _new_draft(release=release, new=now, by=by, now=now)
        return embargo_update_approve(update=update, by=by, request=request, now=now, lifting=True)

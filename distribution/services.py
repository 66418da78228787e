"""Sends: scheduling, the tick that starts them, the batches that deliver them.

The database is the schedule; Celery only executes (DESIGN.md rule 3). Every state change is a
conditional UPDATE, so a tick run twice, a task delivered twice or a worker restarted finds
nothing left to do (rule 4). Claim, then send, then record: no email is sent inside a
transaction."""

import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from audit.models import Action
from audit.services import audit_record, audit_time, in_english
from contacts.models import DistributionList, MediaContact, Suppression
from distribution.kinds import registered_kind
from distribution.models import (
    SENDABLE_RELEASE_STATUSES,
    AssetClick,
    Delivery,
    DeliveryEvent,
    Send,
    status_reason_fields,
)
from distribution.ratelimit import esp_bucket
from distribution.recipients import (
    NOBODY_LEFT,
    Expansion,
    SendRefused,
    already_received_left_out,
    chosen_expansion,
    name_for_variant,
    recipients_expand,
)
from distribution.render import Recipient, SendRenderer
from distribution.transport import Outcome, Result, transport_for
from releases.models import Asset, Release, format_in_zone

logger = logging.getLogger(__name__)

UNFINISHED = [Delivery.Status.QUEUED, Delivery.Status.SENDING]


def send_default_moment(*, release: Release, kind: str, now: datetime) -> datetime:
    if kind == Send.Kind.IMMEDIATE and release.embargo_until and release.embargo_until > now:
        return release.embargo_until
    return now


def send_check(
    *,
    release: Release,
    lists: list[DistributionList],
    kind: str,
    at: datetime | None,
    now: datetime,
    send_again_reason: str = "",
) -> tuple[datetime, Expansion | None, list[str]]:
    """What scheduling would decide, without saving anything: the moment (default: the
    embargo for an immediate release, else now), the recipients, and every reason to refuse.
    Whoever already received the release is left out unless `send_again_reason` says why
    they should get it again. The confirmation page shows this; send_schedule acts on it."""
    moment = at or send_default_moment(release=release, kind=kind, now=now)
    errors: list[str] = []
    if not lists:
        errors.append(gettext("Choose at least one distribution list."))
    if moment < now - timedelta(seconds=settings.SEND_LATE_CUTOFF_SECONDS):
        errors.append(
            gettext("That moment (%(moment)s) has passed. Choose now or a time in the future.")
            % {"moment": format_in_zone(moment, release.issuer.time_zone)}
        )
    refusal = Send(release=release, kind=kind, scheduled_at=moment).refusal(
        max(moment, now), lists=lists
    )
    if refusal:
        errors.append(refusal)
    expansion: Expansion | None = None
    try:
        expansion = recipients_expand(release=release, lists=lists)
    except SendRefused as refused:
        errors.append(str(refused))
    if expansion is not None and not send_again_reason:
        already_received_left_out(expansion, send=Send(release=release, kind=kind))
    if expansion is not None and lists and not expansion.recipients:
        if expansion.excluded_total:
            errors.append(
                gettext(
                    "No one to send to: all %(count)s contacts on these lists are suppressed, "
                    "no longer active or already received this release."
                )
                % {"count": expansion.excluded_total}
            )
        else:
            errors.append(gettext("No one to send to: these lists have no contacts."))
    return moment, expansion, errors


class AlreadyConfirmed(Exception):
    """A send was already scheduled from this confirmation page (a double click, a resubmit)."""


def confirmation_check(confirmation: str | None) -> None:
    """AlreadyConfirmed before any other check: a resubmitted page says so, not that the plan
    it confirmed has since been carried out."""
    if confirmation and Send.objects.filter(confirmation=confirmation).exists():
        raise AlreadyConfirmed(confirmation)


def send_save_once(send: Send) -> None:
    """Insert a new send; AlreadyConfirmed if one from the same confirmation page exists (the
    unique column decides, whichever process or machine got there first)."""
    try:
        with transaction.atomic():
            send.save()
    except IntegrityError as error:
        if send.confirmation and Send.objects.filter(confirmation=send.confirmation).exists():
            raise AlreadyConfirmed(str(send.confirmation)) from error
        raise


def send_schedule(
    *,
    release: Release,
    lists: list[DistributionList],
    kind: str,
    at: datetime | None = None,
    by: object | None = None,
    now: datetime | None = None,
    confirmation: str | None = None,
    send_again_reason: str = "",
) -> Send:
    """Record a send for `at` (default: the embargo for an immediate release, else now).
    Refused, with the reason, if the release is not approved, the embargo rule forbids this
    kind of send at that moment, or no one would receive it. `confirmation` (the confirmation
    page's id) is recorded unique: a second send from the same page raises AlreadyConfirmed."""
    confirmation_check(confirmation)
    now = now or timezone.now()
    send_again_reason = send_again_reason.strip()[:500]
    moment, expansion, errors = send_check(
        release=release,
        lists=lists,
        kind=kind,
        at=at,
        now=now,
        send_again_reason=send_again_reason,
    )
    if errors or expansion is None:
        raise SendRefused(errors[0] if errors else gettext("Nothing to send."))
    send = Send(
        release=release,
        kind=kind,
        scheduled_at=moment,
        status=Send.Status.SCHEDULED,
        confirmation=confirmation,
        send_again_reason=send_again_reason,
    )
    with transaction.atomic():
        send.created_by = by if getattr(by, "pk", None) else None  # type: ignore[assignment]
        send.recipients_count = len(expansion.recipients) + len(expansion.invalid)
        send.suppressed_count = expansion.excluded_total
        send_save_once(send)
        send.lists.set(lists)
        if kind == Send.Kind.IMMEDIATE and release.embargo_until is not None:
            # Scheduled: public on the newsroom when the embargo lifts. A release with no
            # embargo stays approved until its send goes, so it is not public before.
            Release.objects.filter(pk=release.pk, status=Release.Status.APPROVED).update(
                status=Release.Status.SCHEDULED
            )
        audit_record(
            action=Action.SEND_SCHEDULED,
            actor=by,
            obj=send,
            summary=in_english(
                lambda: (
                    f"{send.get_kind_display()} for {audit_time(moment)} to "
                    f"{send.recipients_count} recipients"
                    + (
                        f"; again to those who already received it: {send_again_reason}"
                        if send_again_reason
                        else ""
                    )
                )
            ),
        )
    logger.info("send %s scheduled for %s by %s", send.pk, moment.isoformat(), by)
    return send


LIVE_IMMEDIATE = [Send.Status.SCHEDULED, Send.Status.SENDING, Send.Status.PAUSED]


def send_cancel(*, send: Send, by: Any = None, request: HttpRequest | None = None) -> bool:
    """Cancel a send before its moment. False if it already started (or ended). Cancelling
    the last immediate send of a scheduled release takes the release back to approved, so it
    does not appear on the newsroom at its embargo with no email sent."""
    now = timezone.now()
    cancellable = Q(status__in=[Send.Status.DRAFT, Send.Status.SCHEDULED, Send.Status.MISSED])
    # Prepared ahead of its moment but not yet due: nothing has gone, so it can still be called
    # off; its prepared deliveries go with it.
    prepared = Q(status=Send.Status.SENDING, scheduled_at__gt=now)
    with transaction.atomic():
        done = Send.objects.filter(cancellable | prepared, pk=send.pk).update(
            status=Send.Status.CANCELLED, finished_at=now
        )
        if done:
            Delivery.objects.filter(send_id=send.pk, status=Delivery.Status.QUEUED).delete()
        others = Send.objects.filter(
            release_id=send.release_id, kind=Send.Kind.IMMEDIATE, status__in=LIVE_IMMEDIATE
        )
        if done and not others.exists():
            Release.objects.filter(pk=send.release_id, status=Release.Status.SCHEDULED).update(
                status=Release.Status.APPROVED
            )
        if done:
            audit_record(action=Action.SEND_CANCELLED, actor=by, obj=send, request=request)
    return bool(done)


def send_pause(*, send: Send, by: Any = None, request: HttpRequest | None = None) -> bool:
    """Stop handing out batches; what is in flight finishes, the rest stays queued."""
    paused = Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
        status=Send.Status.PAUSED
    )
    if paused:
        audit_record(action=Action.SEND_PAUSED, actor=by, obj=send, request=request)
    return bool(paused)


def send_resume(
    *,
    send: Send,
    now: datetime | None = None,
    by: Any = None,
    request: HttpRequest | None = None,
) -> bool:
    now = now or timezone.now()
    with transaction.atomic():
        resumed = Send.objects.filter(pk=send.pk, status=Send.Status.PAUSED).update(
            status=Send.Status.SENDING, status_reason="", status_reasons={}, alert_due=False
        )
        if resumed:
            Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).update(retry_at=now)
            audit_record(action=Action.SEND_RESUMED, actor=by, obj=send, request=request)
    if resumed:
        transaction.on_commit(lambda: deliveries_requeue(now=now, send_id=send.pk))
    return bool(resumed)


# --- The tick (celery beat, every second) -----------------------------------------------------


@dataclass
class TickReport:
    started: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    requeued: int = 0
    reaped: int = 0
    finished: list[int] = field(default_factory=list)


def sends_tick(*, now: datetime | None = None) -> TickReport:
    now = now or timezone.now()
    report = TickReport()
    sends_start_due(now=now, report=report)
    report.reaped = deliveries_reap(now=now)
    report.requeued = deliveries_requeue(now=now)
    report.finished = sends_finish(now=now)
    return report


def sends_start_due(*, now: datetime, report: TickReport | None = None) -> TickReport:
    """Claim each send due now (or within SEND_PREPARE_AHEAD_SECONDS, so its deliveries are
    ready at the moment), check again that it may go, expand its recipients into deliveries and
    enqueue its batches once the transaction commits."""
    report = report or TickReport()
    horizon = now + timedelta(seconds=settings.SEND_PREPARE_AHEAD_SECONDS)
    due = Send.objects.filter(status=Send.Status.SCHEDULED, scheduled_at__lte=horizon)
    # Most ticks find nothing: look before opening a transaction, which on SQLite takes the
    # database's write lock the workers need.
    if not due.exists():
        return report
    while True:
        with transaction.atomic():
            # skip_locked: a second tick (or a second beat) passes over a send being claimed.
            # On SQLite there is no row locking; the conditional UPDATE below decides alone.
            send = (
                Send.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("release__issuer")
                .filter(pk__in=due.values("pk"))
                .order_by("scheduled_at", "pk")
                .first()
            )
            if send is None:
                return report
            # Claimed up to SEND_PREPARE_AHEAD_SECONDS early, it starts at its moment.
            assert send.scheduled_at is not None
            claimed = Send.objects.filter(pk=send.pk, status=Send.Status.SCHEDULED).update(
                status=Send.Status.SENDING, started_at=max(now, send.scheduled_at)
            )
            if not claimed:
                continue
            _start_claimed(send, now=now, report=report)


def _start_claimed(send: Send, *, now: datetime, report: TickReport) -> None:
    assert send.scheduled_at is not None
    late = (now - send.scheduled_at).total_seconds()
    if late > settings.SEND_LATE_CUTOFF_SECONDS:
        _end(send, Send.Status.MISSED, lambda: gettext(
            "Not sent: the moment passed %(minutes)s minutes ago while no worker was running. It "
            "waits for a person: cancel it, or schedule it again."
        ) % {"minutes": int(late // 60)})  # fmt: skip
        report.missed.append(send.pk)
        logger.warning("send %s missed its moment by %.0f s", send.pk, late)
        return
    lists = list(send.lists.all())
    refusal = send.refusal(max(now, send.scheduled_at), lists=lists)
    expansion = None
    registered = registered_kind(send.kind)
    # A registered kind may choose its recipients itself (subscriptions).
    choose = registered.recipients if registered is not None else None
    if not refusal:
        if choose is not None:
            expansion = choose(send)
        elif send.parent_id is not None:
            expansion = chosen_expansion(send=send, lists=lists)
        else:
            expansion = recipients_expand(release=send.release, lists=lists)
        if choose is not None or (send.parent_id is None and not send.send_again_reason):
            # One send of a release works out who already has it at a time: a second tick
            # starting another send of it waits here, then sees this one's deliveries.
            Release.objects.select_for_update().filter(pk=send.release_id).first()
            already_received_left_out(expansion, send=send)
    nobody = expansion is not None and not expansion.recipients and not expansion.invalid
    if nobody:
        refusal = NOBODY_LEFT
    if refusal or expansion is None:
        at = max(now, send.scheduled_at)

        def reason() -> str:  # in each language: the refusal is worded anew in it
            why = gettext(NOBODY_LEFT) if nobody else send.refusal(at, lists=lists)
            return gettext("Refused when its moment came: %(refusal)s") % {"refusal": why}

        _end(send, Send.Status.FAILED, reason)
        report.refused.append(send.pk)
        logger.warning("send %s refused: %s", send.pk, refusal)
        return
    retry_at = now + timedelta(seconds=settings.SEND_REQUEUE_AFTER_SECONDS)
    Delivery.objects.bulk_create(
        [
            Delivery(
                send=send,
                contact_id=pk,
                email=email,
                language=variant,
                retry_at=retry_at,
                in_reply_to=expansion.in_reply_to.get(email, ""),
            )
            for pk, email, variant, _name in expansion.recipients
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                send=send,
                contact_id=pk,
                email=email,
                language=variant,
                status=Delivery.Status.FAILED,
                error="Not a valid email address; correct the media contact and send again.",
            )
            for pk, email, variant, _name in expansion.invalid
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    Send.objects.filter(pk=send.pk).update(
        recipients_count=len(expansion.recipients) + len(expansion.invalid),
        suppressed_count=expansion.excluded_total,
        failed_count=len(expansion.invalid),
    )
    ids = list(
        Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    eta = send.scheduled_at if send.scheduled_at > now else None
    transaction.on_commit(lambda: enqueue_batches(send.pk, ids, eta=eta))
    report.started.append(send.pk)
    logger.info("send %s started: %s deliveries", send.pk, len(ids))


def _end(send: Send, status: str, reason: Callable[[], str]) -> None:
    Send.objects.filter(pk=send.pk).update(
        status=status,
        finished_at=timezone.now(),
        # Refused or missed at its moment: the officer who scheduled it is told by email.
        alert_due=status in {Send.Status.FAILED, Send.Status.MISSED},
        **status_reason_fields(reason),
    )


def enqueue_batches(send_id: int, ids: list[int], *, eta: datetime | None = None) -> None:
    from distribution.tasks import deliver_batch  # lazily: the task module imports this one

    size = settings.SEND_BATCH_SIZE
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        if eta is None:
            deliver_batch.apply_async(args=(send_id, batch))
        else:
            deliver_batch.apply_async(args=(send_id, batch), eta=eta)


def deliveries_requeue(*, now: datetime, send_id: int | None = None, limit: int = 50_000) -> int:
    """Enqueue again every queued delivery whose retry_at has come: its task was lost (broker
    restarted or flushed), its transient failure has backed off, or its send was resumed."""
    due = Delivery.objects.filter(
        status=Delivery.Status.QUEUED, retry_at__lte=now, send__status=Send.Status.SENDING
    )
    if send_id is not None:
        due = due.filter(send_id=send_id)
    rows = list(due.order_by("send_id", "pk").values_list("pk", "send_id")[:limit])
    if not rows:
        return 0
    ids = [pk for pk, _send in rows]
    later = now + timedelta(seconds=settings.SEND_REQUEUE_AFTER_SECONDS)
    for start in range(0, len(ids), 5000):
        Delivery.objects.filter(
            pk__in=ids[start : start + 5000], status=Delivery.Status.QUEUED
        ).update(retry_at=later)
    by_send: dict[int, list[int]] = {}
    for pk, send in rows:
        by_send.setdefault(send, []).append(pk)
    for send, pks in by_send.items():
        transaction.on_commit(partial(enqueue_batches, send, pks))
    return len(ids)


def deliveries_reap(*, now: datetime) -> int:
    """A delivery still 'sending' after its lease belongs to a worker that died (or hung past
    the lease) between claiming it and recording the outcome. Whether its message left is
    unknown. We choose to send it again rather than lose it: at most the messages in flight at
    the crash are duplicated, and each copy carries the delivery's own Message-ID, so mail
    servers and readers can recognise it. After SEND_MAX_ATTEMPTS it is failed instead."""
    expired = Delivery.objects.filter(status=Delivery.Status.SENDING, leased_until__lt=now)
    failed = expired.filter(attempts__gte=settings.SEND_MAX_ATTEMPTS).update(
        status=Delivery.Status.FAILED,
        error="The worker sending this message was lost too many times.",
        leased_until=None,
        claim="",
    )
    requeued = expired.update(
        status=Delivery.Status.QUEUED, retry_at=now, leased_until=None, claim=""
    )
    if requeued or failed:
        logger.warning("reaped %s deliveries from lost workers (%s failed)", requeued, failed)
    return requeued + failed


def sends_finish(*, now: datetime, send_id: int | None = None) -> list[int]:
    """Mark sent every sending send with nothing left queued or sending, caching its counts."""
    unfinished = Delivery.objects.filter(send=OuterRef("pk"), status__in=UNFINISHED)
    done = Send.objects.filter(status=Send.Status.SENDING).exclude(Exists(unfinished))
    if send_id is not None:
        done = done.filter(pk=send_id)
    finished = []
    for send in done.only("pk"):
        counts = send_counts(send)
        if Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            # Sent if any delivery went; failed if every one failed.
            status=Send.Status.FAILED
            if counts["failed"] and not counts["sent"]
            else Send.Status.SENT,
            finished_at=now,
            sent_count=counts["sent"],
            failed_count=counts["failed"],
            alert_due=bool(counts["failed"]),  # failures: the officer is told by email
            **status_reason_fields(partial(_failures_reason, send.pk, counts)),
        ):
            finished.append(send.pk)
            logger.info("send %s finished: %s", send.pk, counts)
    return finished


def _failures_reason(send_id: int, counts: dict[str, int]) -> str:
    """How many deliveries failed and the commonest reasons, or "" when none did."""
    if not counts["failed"]:
        return ""
    reasons = (
        Delivery.objects.filter(send_id=send_id, status=Delivery.Status.FAILED)
        .values("error")
        .annotate(n=Count("pk"))
        .order_by("-n", "error")[:3]
    )
    no_reason = gettext("no reason given")
    first = "; ".join(f"{_shortened(row['error'] or no_reason)} ({row['n']})" for row in reasons)
    if not counts["sent"]:
        return gettext("Every delivery failed. The reasons: %(reasons)s") % {"reasons": first}
    return ngettext(
        "%(failed)s of %(total)s deliveries failed. The reasons: %(reasons)s",
        "%(failed)s of %(total)s deliveries failed. The reasons: %(reasons)s",
        counts["failed"],
    ) % {"failed": counts["failed"], "total": counts["total"], "reasons": first}


def _shortened(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


DELIVERED_OR_BETTER = [
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.OPENED,
    Delivery.Status.CLICKED,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
]


def send_counts(send: Send) -> dict[str, int]:
    """Counts derived from the deliveries, in one query."""
    by_status = dict(
        Delivery.objects.filter(send=send)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "total": sum(by_status.values()),
        "queued": by_status.get(Delivery.Status.QUEUED, 0),
        "sending": by_status.get(Delivery.Status.SENDING, 0),
        "sent": sum(by_status.get(status, 0) for status in DELIVERED_OR_BETTER),
        "failed": by_status.get(Delivery.Status.FAILED, 0),
    }


# --- A batch (one Celery task) ----------------------------------------------------------------


def deliveries_send_batch(*, send_id: int, delivery_ids: list[int]) -> dict[str, int]:
    """Claim these deliveries (queued -> sending, with a lease), render and hand off each message
    over one connection, and record the outcomes in one bulk write per few dozen messages."""
    send = Send.objects.select_related("release__issuer").filter(pk=send_id).first()
    if send is None or send.status != Send.Status.SENDING:
        return {"claimed": 0}
    assert send.scheduled_at is not None
    wait = (send.scheduled_at - timezone.now()).total_seconds()
    if 0 < wait <= settings.SEND_PREPARE_AHEAD_SECONDS + 1:
        time.sleep(wait)  # the batch was prepared ahead; never send before the moment
    now = timezone.now()
    if now < send.scheduled_at:
        return {"claimed": 0}  # far too early (clock skew): the requeue will bring it back
    refusal = send.refusal(now)
    if refusal:
        Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
            status=Send.Status.PAUSED,
            **status_reason_fields(
                lambda: gettext("Stopped: %(refusal)s") % {"refusal": send.refusal(now)}
            ),
        )
        logger.warning("send %s stopped mid-way: %s", send.pk, refusal)
        return {"claimed": 0}

    if send.release_kind == Send.Kind.IMMEDIATE:
        # The moment has come: the release is published (a no-op for every batch but the first).
        Release.objects.filter(
            pk=send.release_id, status__in=[Release.Status.APPROVED, Release.Status.SCHEDULED]
        ).update(status=Release.Status.PUBLISHED, published_at=send.scheduled_at)
    claim, lease, rows = deliveries_claim(delivery_ids=delivery_ids, now=now)
    if not rows:
        return {"claimed": 0}
    claimed = len(rows)
    attempts = {row[0]: row[5] for row in rows}
    registered = registered_kind(send.kind)
    renderer = registered.renderer(send) if registered is not None else SendRenderer(send)
    transport = transport_for(renderer)
    bucket = esp_bucket()
    totals: Counter[str] = Counter(claimed=claimed)
    # Messages handed over and recorded at once: SEND_RECORD_EVERY, or a whole batch call for
    # an ESP's batch API.
    step = max(1, getattr(transport, "chunk", settings.SEND_RECORD_EVERY))
    try:
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            if start and not _may_continue(send, lease):
                _unclaim(claim, [row[0] for row in rows[start:]])
                totals["released"] += len(rows) - start
                break
            if bucket is not None:
                bucket.wait_for(len(chunk))
            outgoing = [
                renderer.outgoing(
                    Recipient(
                        delivery_id=pk,
                        email=email,
                        name=name_for_variant(variant, name_en, name_zh),
                        variant=variant,
                        in_reply_to=in_reply_to,
                    )
                )
                for pk, email, variant, name_en, name_zh, _attempts, in_reply_to in chunk
            ]
            outcomes = transport.send(outgoing)
            stop = next((outcome for outcome in outcomes if outcome.stops_send), None)
            if stop is not None:
                # Every message would fail as this one did: record what was sent before it,
                # give back the rest unsent, and stop the send until a person fixes it.
                outcomes = [outcome for outcome in outcomes if not outcome.stops_send]
                done = {outcome.delivery_id for outcome in outcomes}
                unsent = [row[0] for row in rows[start:] if row[0] not in done]
                deliveries_record(claim, outcomes, attempts)
                _unclaim(claim, unsent)
                send_stop(send=send, reason=stop.error)
                totals.update(outcome.result.value for outcome in outcomes)
                totals["released"] += len(unsent)
                break
            totals.update(outcome.result.value for outcome in outcomes)
            deliveries_record(claim, outcomes, attempts)
    finally:
        transport.close()
    sends_finish(now=timezone.now(), send_id=send.pk)
    return dict(totals)


def send_stop(*, send: Send, reason: str) -> bool:
    """Pause a sending send because every message would fail (`reason`, the mail server's or
    the ESP's words): its unsent deliveries stay queued, and resuming it once the configuration
    is fixed sends each of them once."""
    stopped = Send.objects.filter(pk=send.pk, status=Send.Status.SENDING).update(
        status=Send.Status.PAUSED,
        alert_due=True,  # the officer is told by email (distribution/alerts.py)
        **status_reason_fields(
            lambda: (
                gettext(
                    "Stopped: %(reason)s. Every message would fail the same way, so no more were "
                    "tried. Fix the sending configuration, then resume the send: the messages not "
                    "sent yet go then, each once."
                )
                % {"reason": reason.rstrip(".")}
            )
        ),
    )
    if stopped:
        logger.error("send %s stopped: %s", send.pk, reason)
    return bool(stopped)


def deliveries_claim(
    *, delivery_ids: list[int], now: datetime
) -> tuple[str, datetime, list[tuple[Any, ...]]]:
    """Claim those of these deliveries still queued (one conditional UPDATE: a batch delivered
    twice claims nothing the second time), leased until now + SEND_LEASE_SECONDS. The claim
    token, the lease, and the claimed rows (pk, email, language, names, attempts, In-Reply-To)."""
    claim = uuid.uuid4().hex
    lease = now + timedelta(seconds=settings.SEND_LEASE_SECONDS)
    claimed = Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SENDING,
        claim=claim,
        leased_until=lease,
        attempts=F("attempts") + 1,
        retry_at=None,
    )
    if not claimed:
        return claim, lease, []
    rows = list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .order_by("pk")
        .values_list(
            "pk",
            "email",
            "language",
            "contact__name_en",
            "contact__name_zh_hant",
            "attempts",
            "in_reply_to",
        )
    )
    return claim, lease, rows


def _may_continue(send: Send, lease: datetime) -> bool:
    """Between chunks: still within the lease, the send not paused or stopped, and its release
    still allowed out (not withdrawn, its embargo not moved later) -- else a release withdrawn
    mid-blast would go on to every recipient of the batches already running."""
    now = timezone.now()
    if now >= lease - timedelta(seconds=5):
        return False
    current = (
        Send.objects.select_related("release")
        .filter(pk=send.pk, status=Send.Status.SENDING)
        .first()
    )
    return current is not None and current.refusal(now) is None


def _unclaim(claim: str, ids: list[int]) -> None:
    """Give back claimed deliveries not yet attempted: queued again, for a later batch."""
    Delivery.objects.filter(pk__in=ids, claim=claim, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED,
        claim="",
        leased_until=None,
        retry_at=timezone.now(),
        attempts=F("attempts") - 1,
    )


def _backoff(attempts: int) -> timedelta:
    base = settings.SEND_RETRY_BACKOFF_SECONDS
    return timedelta(seconds=min(600, base * 2 ** max(0, attempts - 1)))


def deliveries_record(claim: str, outcomes: list[Outcome], attempts: dict[int, int]) -> None:
    """One write per outcome kind; only rows still held by this claim move, so a batch whose
    lease was reaped cannot overwrite what another worker recorded. "Sent" and the ESP's
    message ids go in one transaction: a worker killed between the two writes left deliveries
    sent without the id that matches the ESP's events to them."""
    now = timezone.now()
    mine = Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
    sent = [o.delivery_id for o in outcomes if o.result == Result.SENT]
    with transaction.atomic():
        if sent:
            mine.filter(pk__in=sent).update(
                status=Delivery.Status.SENT, sent_at=now, leased_until=None, error=""
            )
        _esp_ids_record(
            claim, [(o.delivery_id, o.esp_message_id) for o in outcomes if o.esp_message_id]
        )
    for outcome in outcomes:
        if outcome.result == Result.SENT:
            continue
        # Failures are few: one small write each, so each keeps its own reason.
        row = mine.filter(pk=outcome.delivery_id)
        if outcome.result == Result.TRANSIENT:
            row.filter(attempts__lt=settings.SEND_MAX_ATTEMPTS).update(
                status=Delivery.Status.QUEUED,
                claim="",
                leased_until=None,
                error=outcome.error,
                retry_at=now + _backoff(attempts.get(outcome.delivery_id, 1)),
            )
        row.update(
            status=Delivery.Status.FAILED,
            leased_until=None,
            error=outcome.error or "refused by the mail server",
        )


def _esp_ids_record(claim: str, pairs: list[tuple[int, str]]) -> None:
    """Each sent delivery's ESP message id, in one UPDATE … FROM a VALUES list per 500
    (PostgreSQL and SQLite 3.33+ alike), for the rows this claim sent. Built by hand: the ORM's
    bulk_update (a CASE WHEN per row) cost about 4 ms per message, most of a batch ESP's time."""
    table = Delivery._meta.db_table
    for start in range(0, len(pairs), 500):
        part = pairs[start : start + 500]
        rows = ", ".join(["(%s, %s)"] * len(part))
        params: list[Any] = [value for pair in part for value in pair]
        sql = (
            f"WITH esp_ids(delivery_id, esp_id) AS (VALUES {rows}) "  # noqa: S608 -- names are ours
            f"UPDATE {table} SET esp_message_id = esp_ids.esp_id FROM esp_ids "
            f"WHERE {table}.id = esp_ids.delivery_id AND {table}.claim = %s "
            f"AND {table}.status = %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, claim, Delivery.Status.SENT])


# --- What a journalist does with the email ----------------------------------------------------


def asset_link_allowed(*, delivery: Delivery, now: datetime) -> bool:
    """An asset link works once the release is public; before that only for a recipient of an
    embargoed advance copy that was actually sent to them."""
    release = delivery.send.release
    if release.is_public(now):
        return True
    return (
        delivery.send.release_kind == Send.Kind.ADVANCE
        and release.status in SENDABLE_RELEASE_STATUSES
        and delivery.status not in (Delivery.Status.QUEUED, Delivery.Status.FAILED)
    )


def asset_click_record(
    *,
    delivery: Delivery,
    asset: Asset,
    user_agent: str,
    ip_hash: str,
    machine_reason: str,
    at: datetime | None = None,
    network_hash: str = "",
) -> AssetClick:
    """Record a visit to an asset link, a person's or (with the reason) a machine's. A person's
    click moves the delivery to clicked and keeps the time of their first click."""
    at = at or timezone.now()
    if not settings.TRACK_RECIPIENTS:
        # Counted for the send and the asset; nothing says whose click it was.
        return AssetClick.objects.create(
            asset=asset,
            send_id=delivery.send_id,
            clicked_at=at,
            is_machine=bool(machine_reason),
            machine_reason=machine_reason[:100],
        )
    click = AssetClick.objects.create(
        delivery=delivery,
        asset=asset,
        send_id=delivery.send_id,
        outlet_id=delivery.contact.outlet_id if delivery.contact else None,
        clicked_at=at,
        user_agent=user_agent[:500],
        ip_hash=ip_hash,
        network_hash=network_hash,
        is_machine=bool(machine_reason),
        machine_reason=machine_reason[:100],
    )
    _click_counted(delivery.pk, at, machine=bool(machine_reason))
    return click


def _click_counted(delivery_id: int, at: datetime, *, machine: bool) -> None:
    rows = Delivery.objects.filter(pk=delivery_id)
    if machine:
        rows.filter(machine_clicked_at__isnull=True).update(machine_clicked_at=at)
        return
    rows.filter(clicked_at__isnull=True).update(clicked_at=at)
    rows.filter(
        status__in=[Delivery.Status.SENT, Delivery.Status.DELIVERED, Delivery.Status.OPENED]
    ).update(status=Delivery.Status.CLICKED)


UNCONFIRMED = "no cookie (browser check not passed)"


def asset_click_confirm(*, click_id: int, delivery: Delivery, asset: Asset) -> bool:
    """The browser came back from the cookie check with the cookie: the click recorded on its
    first visit was a person's after all. Only that click, on this link, within a minute."""
    at = timezone.now()
    anonymous = not settings.TRACK_RECIPIENTS
    # A click of no one (recipients not tracked) is known by its send instead.
    whose = Q(delivery=None, send_id=delivery.send_id) if anonymous else Q(delivery=delivery)
    confirmed = AssetClick.objects.filter(
        whose,
        pk=click_id,
        asset=asset,
        is_machine=True,
        machine_reason=UNCONFIRMED,
        clicked_at__gte=at - timedelta(minutes=1),
    ).update(is_machine=False, machine_reason="")
    if confirmed and not anonymous:
        clicked_at = AssetClick.objects.filter(pk=click_id).values_list("clicked_at", flat=True)[0]
        _click_counted(delivery.pk, clicked_at, machine=False)
    return bool(confirmed)


def contact_unsubscribe(*, delivery: Delivery, source: str) -> None:
    """Idempotent: the address is suppressed for every later send, the contact marked, and the
    delivery (and its send's results) record the unsubscribe once."""
    at = timezone.now()
    Suppression.objects.get_or_create(
        email=delivery.email,
        defaults={
            "reason": Suppression.Reason.UNSUBSCRIBE,
            "source": f"{source} (send {delivery.send_id})",
        },
    )
    MediaContact.objects.filter(email=delivery.email, status=MediaContact.Status.ACTIVE).update(
        status=MediaContact.Status.UNSUBSCRIBED
    )
    Delivery.objects.filter(pk=delivery.pk, unsubscribed_at__isnull=True).update(unsubscribed_at=at)
    DeliveryEvent.objects.get_or_create(
        event_id=f"pressroom:unsubscribe:{delivery.pk}",
        defaults={
            "delivery": delivery,
            "event_type": "unsubscribed",
            "esp_name": "Pressroom",
            "occurred_at": at,
            "recipient": delivery.email,
            "description": source,
        },
    )
    logger.info("delivery %s: %s unsubscribed", delivery.pk, delivery.email)

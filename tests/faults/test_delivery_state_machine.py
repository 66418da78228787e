"""The delivery state machine under any interleaving of what workers, the reaper and the ESP do:
claim a batch, hand its messages over and record the outcomes (sent, a transient or a permanent
refusal), a worker dying with its claim, the lease running out and the reaper giving the claim
back, the requeue, and tracking events of every kind applied alone or in chunks, in any order.

Invariants, after every step: statuses move forward only (the one way back is sending -> queued
by a retry, the reaper or a batch giving back what it did not try), a terminal status is never
left but for a stronger one, attempts stay within SEND_MAX_ATTEMPTS, and a message reaches the
mail server a second time only after the reaper gave its delivery back (the copy carries the
same Message-ID: it is derived from the delivery). That events in any order end where they
would in the order they happened is the webhook storm's test (test_webhook_storm.py)."""

from datetime import timedelta
from itertools import count

import pytest
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.conf import settings
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from distribution.models import STATUS_ORDER, TERMINAL_STATUSES, Delivery, Send
from distribution.services import (
    deliveries_claim,
    deliveries_reap,
    deliveries_record,
    deliveries_requeue,
)
from distribution.tracking import tracking_event_record, tracking_events_apply
from distribution.transport import Outcome, Result
from releases.models import Release
from tests.factories import DeliveryFactory, ReleaseFactory, SendFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

DELIVERIES = 4
EVENT_KINDS = ["delivered", "opened", "clicked", "bounced", "complained", "failed"]
RANK: dict[str, int] = {status: number for number, status in enumerate(STATUS_ORDER)}
TERMINAL: list[str] = list(TERMINAL_STATUSES)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
keys = count()


def allowed(before: str, after: str) -> bool:
    if before == after:
        return True
    if before in TERMINAL:
        return after in TERMINAL and TERMINAL.index(after) > TERMINAL.index(before)
    if after in TERMINAL:
        return True
    if (before, after) == (Delivery.Status.SENDING, Delivery.Status.QUEUED):
        return True  # a retry, the reaper, or a batch giving back what it did not try
    return RANK[after] > RANK[before]


class Deliveries(RuleBasedStateMachine):
    claims = Bundle("claims")

    def __init__(self) -> None:
        super().__init__()
        self.now = timezone.now()
        release = ReleaseFactory.create(status=Release.Status.PUBLISHED, bilingual=True)
        send = SendFactory.create(
            release=release, status=Send.Status.SENDING, scheduled_at=self.now
        )
        self.ids = [DeliveryFactory.create(send=send).pk for _ in range(DELIVERIES)]
        self.seen = self.statuses()
        self.copies = dict.fromkeys(self.ids, 0)  # messages the mail server took (or may have)
        self.given_back = dict.fromkeys(self.ids, 0)  # times the reaper requeued it
        self.pending: list[tuple[int, int, str]] = []  # events posted, not yet applied

    def statuses(self) -> dict[int, str]:
        return dict(Delivery.objects.filter(pk__in=self.ids).values_list("pk", "status"))

    @rule(target=claims, picked=st.sets(st.integers(0, DELIVERIES - 1), min_size=1))
    def claim(self, picked: set[int]) -> tuple[str, dict[int, int]]:
        claim, _lease, rows = deliveries_claim(
            delivery_ids=[self.ids[i] for i in picked], now=self.now
        )
        return claim, {row[0]: row[5] for row in rows}

    @rule(
        held=consumes(claims),
        results=st.lists(st.sampled_from(list(Result)), min_size=DELIVERIES, max_size=DELIVERIES),
    )
    def hand_over_and_record(self, held: tuple[str, dict[int, int]], results: list[Result]):
        """The batch sends what it claimed (even if its lease has run out meanwhile: a worker
        that hung) and records the outcomes; only rows still under its claim move."""
        claim, attempts = held
        outcomes = [
            Outcome(pk, result, error="" if result == Result.SENT else "421 try later")
            for pk, result in zip(attempts, results, strict=False)
        ]
        for outcome in outcomes:
            if outcome.result == Result.SENT:
                self.copies[outcome.delivery_id] += 1
        deliveries_record(claim, outcomes, attempts)

    @rule(held=consumes(claims), sent_before_dying=st.integers(0, DELIVERIES))
    def worker_dies(self, held: tuple[str, dict[int, int]], sent_before_dying: int) -> None:
        """SIGKILL after handing some messages over, before recording any."""
        for pk in list(held[1])[:sent_before_dying]:
            self.copies[pk] += 1

    @rule()
    def lease_runs_out_and_the_reaper_runs(self) -> None:
        self.now += timedelta(seconds=settings.SEND_LEASE_SECONDS + 1)
        expired = set(
            Delivery.objects.filter(
                pk__in=self.ids, status=Delivery.Status.SENDING, leased_until__lt=self.now
            ).values_list("pk", flat=True)
        )
        deliveries_reap(now=self.now)
        requeued = Delivery.objects.filter(pk__in=expired, status=Delivery.Status.QUEUED)
        for pk in requeued.values_list("pk", flat=True):
            self.given_back[pk] += 1

    @rule()
    def requeue(self) -> None:
        self.now += timedelta(seconds=settings.SEND_REQUEUE_AFTER_SECONDS + 1)
        deliveries_requeue(now=self.now)

    # Preconditions, not assume(): a rule that cannot apply is not drawn at all, where assume()
    # would throw away most of the draws before any message went out (Hypothesis's
    # filter_too_much health check failed on that).
    @precondition(lambda self: any(self.copies[pk] > 0 for pk in self.ids))
    @rule(data=st.data(), kind=st.sampled_from(EVENT_KINDS))
    def esp_reports(self, data: st.DataObject, kind: str) -> None:
        """The ESP posts an event about a message it has (the first copy or a later one)."""
        pk = data.draw(st.sampled_from([pk for pk in self.ids if self.copies[pk] > 0]))
        self.pending.append((next(keys), pk, kind))

    @precondition(lambda self: bool(self.pending))
    @rule(data=st.data())
    def drain(self, data: st.DataObject) -> None:
        """Beat's drain applies some of what was posted, in whatever order it was taken."""
        chosen = data.draw(st.permutations(self.pending))
        chunk = chosen[: data.draw(st.integers(1, len(chosen)))]
        for item in chunk:
            self.pending.remove(item)
        tracking_events_apply(records=[self.record(*item) for item in chunk])

    def record(self, order: int, pk: int, kind: str) -> dict[str, object]:
        delivery = Delivery.objects.get(pk=pk)
        event = AnymailTrackingEvent(
            event_type={"delivered": EventType.DELIVERED, "bounced": EventType.BOUNCED}.get(
                kind, kind
            ),
            timestamp=self.now + timedelta(hours=1, seconds=order),
            event_id=f"machine-{order}",
            recipient=delivery.email,
            message_id=delivery.message_id,
            metadata={"delivery_id": str(pk)},
            reject_reason=RejectReason.BOUNCED if kind == "bounced" else None,
            user_agent=BROWSER,
            esp_event={"RecordType": kind},
        )
        return tracking_event_record(event=event, esp_name="Postmark")

    @invariant()
    def statuses_move_forward_only(self) -> None:
        now = self.statuses()
        for pk, status in now.items():
            assert allowed(self.seen[pk], status), f"{pk}: {self.seen[pk]} -> {status}"
        self.seen = now

    @invariant()
    def attempts_are_bounded(self) -> None:
        assert not Delivery.objects.filter(
            pk__in=self.ids, attempts__gt=settings.SEND_MAX_ATTEMPTS
        ).exists()

    @invariant()
    def a_second_copy_only_after_the_reaper_gave_it_back(self) -> None:
        for pk in self.ids:
            assert self.copies[pk] <= 1 + self.given_back[pk], f"{pk} sent {self.copies[pk]}x"


def test_any_interleaving_keeps_the_delivery_invariants() -> None:
    run_state_machine_as_test(
        Deliveries,
        settings=hypothesis_settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )

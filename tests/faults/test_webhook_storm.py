"""Fault 8: a storm of 50,000 ESP tracking events during the blast (a tenth of them posted twice,
each delivery's events in shuffled order, some arriving before the batch has recorded its
message sent), fed through the webhook receiver's path into the tracking stream while beat's
drain applies them in bulk. Every delivery ends where the same events applied one by one in the
order they happened would leave it, each event is stored once, and the mail goes out once."""

import json
import random
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
import redis
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.utils import timezone

from contacts.models import Suppression
from distribution.models import Delivery, DeliveryEvent
from distribution.tracking import OUR_MESSAGE_ID, tracking_event_record
from tests.faults.conftest import (
    MESSAGE_ID,
    RECIPIENTS,
    FaultySink,
    Fleet,
    RedisServer,
    assert_exactly_once,
    blast_prepare,
    finished,
    tick_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(200)]

STORM = 50_000
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
ORDER = ["queued", "sending", "sent", "delivered", "opened", "clicked"]
TERMINAL = ["failed", "bounced", "complained"]  # weakest first


@dataclass(frozen=True)
class Event:
    delivery_id: int
    send_id: int
    email: str
    kind: str
    at: datetime
    key: str

    @property
    def target(self) -> str | None:
        return {"deferred": None}.get(self.kind, self.kind)

    def anymail(self) -> AnymailTrackingEvent:
        return AnymailTrackingEvent(
            event_type={"bounced": EventType.BOUNCED}.get(self.kind, self.kind),
            timestamp=self.at,
            event_id=self.key,
            recipient=self.email,
            message_id=f"<pressroom.{self.send_id}.{self.delivery_id}@pressroom.example.com>",
            metadata={"delivery_id": str(self.delivery_id)},
            reject_reason=RejectReason.BOUNCED if self.kind == "bounced" else None,
            user_agent=BROWSER if self.kind in {"opened", "clicked"} else None,
            esp_event={"RecordType": self.kind, "ID": self.key},
        )


def events_for(delivery_id: int, send_id: int, email: str, start: datetime) -> list[Event]:
    """What the ESP reports about one message: sent, a deferral, delivered, opens and clicks;
    some bounce (early), some complain (late), and a few do both."""
    steps = [("sent", 0), ("deferred", 1), ("delivered", 2), ("opened", 60), ("opened", 120),
             ("clicked", 180), ("opened", 240), ("clicked", 300), ("opened", 360)]  # fmt: skip
    if delivery_id % 40 == 0 or delivery_id % 97 == 0:
        steps.append(("bounced", 3))
    if delivery_id % 25 == 0 or delivery_id % 97 == 0:
        steps.append(("complained", 400))
    return [
        Event(delivery_id, send_id, email, kind, start + timedelta(seconds=offset),
              f"storm-{delivery_id}-{number}")
        for number, (kind, offset) in enumerate(steps)
    ]  # fmt: skip


def in_order(events: list[Event]) -> str:
    """The status the documented rules give, applying each event alone in the order it
    happened: forward only; a terminal status from any other; a stronger terminal status (a
    complaint) over a weaker one (a bounce, a failure)."""
    status = "sent"
    for event in sorted(events, key=lambda item: item.at):
        target = event.target
        if target is None:
            continue
        if target in TERMINAL:
            if status not in TERMINAL or TERMINAL.index(target) > TERMINAL.index(status):
                status = target
        elif status not in TERMINAL and ORDER.index(target) > ORDER.index(status):
            status = target
    return status


class Esp(threading.Thread):
    """Plays the ESP: reports on each message once the mail server has it, in windows of
    shuffled events with duplicates, through what the webhook receiver does (normalise, then
    append to the tracking stream)."""

    def __init__(self, sink: FaultySink, client: redis.Redis, stream: str, seed: int) -> None:
        super().__init__(daemon=True)
        self.sink, self.client, self.stream = sink, client, stream
        self.random = random.Random(seed)
        self.events: dict[int, list[Event]] = {}
        self.posted = 0
        self.repeated = 0
        self.error: BaseException | None = None
        self.start_at = timezone.now()

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:  # reported by the test
            self.error = error

    def _run(self) -> None:
        seen = 0
        while len(self.events) < RECIPIENTS:
            with self.sink.lock:
                fresh = self.sink.received[seen:]
            seen += len(fresh)
            window: list[Event] = []
            for item in fresh:
                found = MESSAGE_ID.search(item.raw)
                match = OUR_MESSAGE_ID.fullmatch(found.group(1).decode()) if found else None
                assert match is not None
                send_id, delivery_id = int(match.group(1)), int(match.group(2))
                if delivery_id not in self.events:
                    made = events_for(delivery_id, send_id, item.to, self.start_at)
                    self.events[delivery_id] = made
                    window += made
            if not window:
                threading.Event().wait(0.05)
                continue
            # About a tenth more, posted twice by the ESP (to STORM in all), all of it shuffled.
            unique = sum(len(events) for events in self.events.values())
            total = STORM if len(self.events) == RECIPIENTS else unique * 109 // 100
            window += self.random.choices(window, k=max(0, total - unique - self.repeated))
            self.random.shuffle(window)
            self._post(window)
            self.repeated = self.posted - unique

    def _post(self, window: list[Event]) -> None:
        for start in range(0, len(window), 500):
            with self.client.pipeline(transaction=False) as pipe:
                for event in window[start : start + 500]:
                    record = tracking_event_record(event=event.anymail(), esp_name="Postmark")
                    pipe.xadd(self.stream, {"e": json.dumps(record, default=str)})
                pipe.execute()
        self.posted += len(window)


def test_a_storm_of_shuffled_and_repeated_events_ends_as_if_applied_in_order(
    fleet: Fleet, faulty_sink: FaultySink, own_redis: RedisServer
) -> None:
    stream = "pressroom:faults:storm"
    seed = random.randrange(1_000_000)
    print(f"seed {seed}")
    # Beat drains the stream on the workers, as in production, while they send.
    fleet.env.update(TRACKING_STREAM=stream, TRACKING_DRAIN_SECONDS="0.25")
    fleet.start(concurrency=2)
    fleet.start(concurrency=2)
    fleet.start_beat()
    blast = blast_prepare()
    esp = Esp(faulty_sink, own_redis.client(), stream, seed)
    esp.start()
    tick_until(finished(blast.send), timeout=120, what="the blast to end")
    esp.join(timeout=60)
    assert esp.error is None, esp.error

    def drained() -> bool:
        return own_redis.client().xlen(stream) == 0

    tick_until(drained, timeout=120, what="the drain to apply the storm", beat=False)

    assert esp.posted == STORM
    assert own_redis.client().xlen(f"{stream}:failed") == 0
    assert_exactly_once(blast, faulty_sink, in_flight=0)
    unique = [event for events in esp.events.values() for event in events]
    assert len(unique) * 1.08 < STORM  # some 10 % of the storm were repeats
    assert DeliveryEvent.objects.filter(delivery__send=blast.send).count() == len(unique)
    final = dict(Delivery.objects.filter(send=blast.send).values_list("pk", "status"))
    expected = {pk: in_order(events) for pk, events in esp.events.items()}
    wrong = {pk: (final[pk], expected[pk]) for pk in expected if final[pk] != expected[pk]}
    assert not wrong, f"{len(wrong)} deliveries differ (got, in order): {list(wrong.items())[:5]}"
    assert Counter(expected.values())["complained"] > 0
    left_out = {event.email for event in unique if event.kind in {"bounced", "complained"}}
    assert set(Suppression.objects.filter(email__in=left_out).values_list("email", flat=True)) == (
        left_out
    )

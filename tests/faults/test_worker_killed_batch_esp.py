"""Fault 1 against an ESP's batch API: the workers send through the real Postmark anymail
backend (POST /email/batch, many messages per call) to the Postmark stand-in, and a worker is
SIGKILLed mid-blast. Nothing the ESP accepted and Pressroom recorded goes twice; only what was
in flight at the kill may: a batch call the ESP accepted but the dead worker never recorded is
sent again after the reaper gives its deliveries back, each copy with its original Message-ID.

In flight, at most: a worker process holds one task's deliveries claimed at a time (prefetched
tasks claim nothing until they run), and a batch ESP's task hands over and records its whole
task at once (its chunk is a whole call, up to Postmark's 500), so the bound is SEND_BATCH_SIZE
per pool process of the killed worker. SEND_BATCH_SIZE is set small here (50) so that bound
means something against a 5,000-recipient blast; in production (250) it is 250 per process."""

import random
from collections.abc import Iterator
from email.utils import getaddresses
from pathlib import Path

import pytest
from django.conf import LazySettings

from distribution.models import Delivery
from tests.distribution.conftest import Received, Sink
from tests.distribution.esp_standins import Postmark, serving
from tests.faults.conftest import (
    ENGINE,
    RECIPIENTS,
    Fleet,
    RedisServer,
    assert_exactly_once,
    blast_prepare,
    fleet_of,
    tick_until,
    tick_until_finished,
)

pytestmark = [pytest.mark.faults, pytest.mark.redis, pytest.mark.timeout(180)]

BATCH = 50  # deliveries per task: one or two Postmark batch calls (one per language)
POOL = 2  # pool processes per worker
BATCH_ENGINE = {**ENGINE, "SEND_BATCH_SIZE": BATCH, "SEND_RECORD_EVERY": BATCH}


@pytest.fixture
def postmark() -> Iterator[Postmark]:
    with serving("postmark") as stand_in:
        assert isinstance(stand_in, Postmark)
        yield stand_in


@pytest.fixture
def postmark_fleet(
    own_redis: RedisServer,
    postmark: Postmark,
    transactional_db: None,
    tmp_path: Path,
    settings: LazySettings,
) -> Iterator[Fleet]:
    email = {
        "EMAIL_BACKEND": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-server-token",
        "ANYMAIL_POSTMARK_API_URL": f"{postmark.url}/",
    }
    unused = Sink(host="127.0.0.1", port=1)  # no SMTP: the workers call the stand-in
    with fleet_of(own_redis, unused, tmp_path, settings, engine=BATCH_ENGINE, email=email) as pool:
        yield pool


def accepted(postmark: Postmark) -> int:
    with postmark.lock:
        return len(postmark.calls)


def as_received(postmark: Postmark) -> Sink:
    """What the stand-in accepted, one message per recipient, as the fault suite's assertion
    reads a mail server's: the address and the Message-ID header it carried."""
    sink = Sink(host="127.0.0.1", port=1)
    with postmark.lock:
        calls = list(postmark.calls)
    for call in calls:
        message = call.json()
        headers = {item["Name"].lower(): item["Value"] for item in message.get("Headers", [])}
        for _name, address in getaddresses([message["To"]]):
            raw = f"Message-ID: {headers.get('message-id', '')}\r\n\r\n".encode()
            sink.received.append(Received(to=address, raw=raw))
    return sink


def test_a_worker_killed_mid_batch_resends_only_what_was_in_flight(
    postmark_fleet: Fleet, postmark: Postmark
) -> None:
    seed = random.randrange(1_000_000)
    at = random.Random(seed).randrange(RECIPIENTS // 10, RECIPIENTS * 7 // 10)
    print(f"seed {seed}: the worker is killed once the ESP has accepted {at} messages")
    postmark_fleet.start(concurrency=POOL)
    postmark_fleet.start(concurrency=POOL)
    blast = blast_prepare()
    tick_until(lambda: accepted(postmark) >= at, timeout=90, what=f"{at} messages accepted")

    postmark_fleet.kill(postmark_fleet.processes[0])
    assert accepted(postmark) < RECIPIENTS, "the blast ended before the kill"
    postmark_fleet.start(concurrency=POOL)
    tick_until_finished(blast, postmark_fleet, as_received(postmark), timeout=120)

    # The workers really used the batch API: many messages per call.
    assert postmark.batch_calls >= RECIPIENTS // BATCH
    assert postmark.requests == postmark.batch_calls
    received = as_received(postmark)
    twice = sum(count - 1 for count in received.by_address().values())
    print(f"{accepted(postmark)} accepted in {postmark.batch_calls} calls; {twice} sent twice")
    assert_exactly_once(blast, received, in_flight=POOL * BATCH)
    # Each delivery keeps the id the ESP gave the copy it recorded.
    recorded = Delivery.objects.filter(send=blast.send).values_list("esp_message_id", flat=True)
    assert "" not in set(recorded)
    assert set(recorded) <= set(postmark.answered_ids)

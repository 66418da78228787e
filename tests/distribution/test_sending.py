"""A send from its moment to the mail server, in the test process (batches run when enqueued),
against a real SMTP server on loopback: who gets what, exactly once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from contacts.models import Language, MediaContact
from distribution.models import Delivery, Send
from distribution.ratelimit import TokenBucket
from distribution.services import (
    deliveries_requeue,
    deliveries_send_batch,
    send_schedule,
    sends_tick,
)
from pressroom.celery import app as celery_app
from releases.models import Release
from tests.conftest import redis_client
from tests.distribution.conftest import Sink
from tests.factories import (
    AssetFactory,
    DistributionListFactory,
    MediaContactFactory,
    ReleaseFactory,
    SuppressionFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("eager_celery")]

SCHEDULED = datetime(2025, 8, 31, 2, 0, tzinfo=UTC)
EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


def bilingual_release() -> Release:
    release = ReleaseFactory.create(
        status=Release.Status.APPROVED,
        release_type=Release.ReleaseType.EMBARGOED,
        embargo_until=EMBARGO,
        bilingual=True,
    )
    AssetFactory.create(release=release, caption_en="Press photos", caption_zh_hant="新聞圖片")
    return release


def schedule(
    release: Release, contacts: list[MediaContact], kind: str = Send.Kind.IMMEDIATE
) -> Send:
    team = DistributionListFactory.create(members=contacts, trusted_for_embargo=True)
    with time_machine.travel(SCHEDULED, tick=False):
        at = EMBARGO if kind == Send.Kind.IMMEDIATE else SCHEDULED
        return send_schedule(release=release, lists=[team], kind=kind, at=at)


def run_at(moment: datetime) -> None:
    with time_machine.travel(moment, tick=True):
        sends_tick()


def test_each_journalist_gets_exactly_one_email_in_their_language(smtp_sink: Sink) -> None:
    release = bilingual_release()
    english = MediaContactFactory.create(
        email="en@daily.example.com", preferred_language=Language.EN
    )
    chinese = MediaContactFactory.create(
        email="zh@daily.example.com", preferred_language=Language.ZH_HANT
    )
    both = MediaContactFactory.create(
        email="both@daily.example.com", preferred_language=Language.BOTH
    )
    left = MediaContactFactory.create(email="left@daily.example.com")
    SuppressionFactory.create(email=left.email)
    send = schedule(release, [english, chinese, both, left])

    run_at(EMBARGO)

    assert smtp_sink.by_address() == {english.email: 1, chinese.email: 1, both.email: 1}
    (en_message,) = smtp_sink.messages_to(english.email)
    assert en_message["Subject"] == "Innovation cluster ranked first in the world"
    assert "For immediate release" in en_message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    (zh_message,) = smtp_sink.messages_to(chinese.email)
    assert zh_message["Subject"] == "創新集群奪全球第一"
    assert "即時發布" in zh_message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    (both_message,) = smtp_sink.messages_to(both.email)
    assert (
        both_message["Subject"]
        == "創新集群奪全球第一 | Innovation cluster ranked first in the world"
    )

    deliveries = {d.email: d for d in Delivery.objects.filter(send=send)}
    for address, message in [(english.email, en_message), (chinese.email, zh_message)]:
        delivery = deliveries[address]
        assert delivery.status == Delivery.Status.SENT
        assert message["Message-ID"] == delivery.message_id
        assert message["List-Unsubscribe"].startswith("<http")
        assert f"/u/{delivery.pk}:" in message["List-Unsubscribe"]
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    send.refresh_from_db()
    assert send.status == Send.Status.SENT
    assert (send.recipients_count, send.suppressed_count, send.sent_count) == (3, 1, 3)
    release.refresh_from_db()
    assert (release.status, release.published_at) == (Release.Status.PUBLISHED, EMBARGO)


def test_an_advance_copy_says_embargoed_until_in_subject_and_body(smtp_sink: Sink) -> None:
    release = bilingual_release()
    editor = MediaContactFactory.create(
        email="editor@wire.example.com", preferred_language=Language.EN
    )
    schedule(release, [editor], kind=Send.Kind.ADVANCE)
    run_at(SCHEDULED)
    (message,) = smtp_sink.messages_to(editor.email)
    assert message["Subject"].startswith("EMBARGOED UNTIL 1 Sep 2025 10:00 HKT:")
    assert "EMBARGOED UNTIL 1 Sep 2025 10:00 HKT" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_the_same_batch_run_twice_sends_nothing_more(smtp_sink: Sink) -> None:
    release = bilingual_release()
    contacts = [MediaContactFactory.create() for _ in range(5)]
    send = schedule(release, contacts)
    run_at(EMBARGO)
    assert smtp_sink.count() == 5
    ids = list(Delivery.objects.filter(send=send).values_list("pk", flat=True))
    with time_machine.travel(EMBARGO + timedelta(seconds=5), tick=True):
        again = deliveries_send_batch(send_id=send.pk, delivery_ids=ids)
    assert again == {"claimed": 0}
    assert smtp_sink.count() == 5


def test_a_temporary_refusal_is_retried_later_and_delivered_once(smtp_sink: Sink) -> None:
    release = bilingual_release()
    busy = MediaContactFactory.create(email="busy@daily.example.com")
    calm = MediaContactFactory.create(email="calm@daily.example.com")
    smtp_sink.refusals[busy.email] = ["451 4.7.1 Greylisted, try again later"]
    send = schedule(release, [busy, calm])

    run_at(EMBARGO)
    waiting = Delivery.objects.get(send=send, email=busy.email)
    assert waiting.status == Delivery.Status.QUEUED
    assert "451" in waiting.error
    assert waiting.retry_at is not None
    assert waiting.retry_at > EMBARGO
    assert smtp_sink.by_address() == {calm.email: 1}

    with time_machine.travel(waiting.retry_at + timedelta(seconds=1), tick=True):
        assert deliveries_requeue(now=waiting.retry_at + timedelta(seconds=1)) == 1
    assert smtp_sink.by_address() == {calm.email: 1, busy.email: 1}
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.SENT
    send.refresh_from_db()
    assert send.status == Send.Status.SENT


def test_a_permanent_refusal_is_recorded_and_the_rest_go(smtp_sink: Sink) -> None:
    release = bilingual_release()
    gone = MediaContactFactory.create(email="gone@daily.example.com")
    fine = [MediaContactFactory.create() for _ in range(3)]
    smtp_sink.refusals[gone.email] = ["550 5.1.1 No such user here"]
    send = schedule(release, [gone, *fine])
    run_at(EMBARGO)
    failed = Delivery.objects.get(send=send, email=gone.email)
    assert failed.status == Delivery.Status.FAILED
    assert failed.error.startswith("550 5.1.1 No such user")
    assert smtp_sink.by_address() == {contact.email: 1 for contact in fine}
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.failed_count) == (Send.Status.SENT, 3, 1)


@pytest.mark.usefixtures("broker")
def test_a_release_withdrawn_mid_blast_stops_what_is_left(smtp_sink: Sink) -> None:
    release = bilingual_release()
    send = schedule(release, [MediaContactFactory.create() for _ in range(6)])
    celery_app.conf.task_always_eager = False  # batches wait in Redis; we run them one by one
    run_at(EMBARGO)
    ids = list(Delivery.objects.filter(send=send).order_by("pk").values_list("pk", flat=True))
    with time_machine.travel(EMBARGO, tick=True):
        deliveries_send_batch(send_id=send.pk, delivery_ids=ids[:2])
        Release.objects.filter(pk=release.pk).update(status=Release.Status.WITHDRAWN)
        deliveries_send_batch(send_id=send.pk, delivery_ids=ids[2:4])
        deliveries_send_batch(send_id=send.pk, delivery_ids=ids[4:])
    assert smtp_sink.count() == 2
    send.refresh_from_db()
    assert send.status == Send.Status.PAUSED
    assert "withdrawn" in send.status_reason
    assert Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).count() == 4


def test_the_rate_limit_is_shared_through_redis(redis_url: str) -> None:
    client = redis_client(redis_url)
    client.delete("pressroom:test:bucket")
    one = TokenBucket(rate=100, burst=100, key="pressroom:test:bucket", client=client)
    other = TokenBucket(rate=100, burst=100, key="pressroom:test:bucket", client=client)
    assert one.take(80, now=1000.0) == 80
    assert other.take(80, now=1000.0) == 20  # the second worker sees what the first took
    assert one.take(50, now=1000.2) == 20  # 0.2 s later: 20 more tokens
    assert other.take(500, now=1010.0) == 100  # never more than the burst

"""An embargo lifted now, with real parts: Redis, Celery worker processes and an SMTP server on
loopback, the test playing celery beat. Worker processes run on the real clock, so this one
test does too; the embargo rules themselves are pinned with frozen time in
test_embargo_change.py."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from distribution.embargo import embargo_lift_now
from distribution.models import Send
from distribution.services import send_schedule
from tests.distribution.conftest import Sink, Workers
from tests.distribution.officers import a_list, approved_release
from tests.distribution.test_worker_e2e import tick_until_sent
from tests.factories import MediaContactFactory
from tests.personas import persona

pytestmark = pytest.mark.redis


def test_lifted_now_the_update_and_the_release_go_together_each_once(
    workers: Workers, smtp_sink: Sink
) -> None:
    now = timezone.now()
    release = approved_release(embargo_until=now + timedelta(days=1), release_date=now.date())
    editors = [MediaContactFactory.create(email=f"editor{n}@daily.example.com") for n in range(4)]
    desk = [MediaContactFactory.create(email=f"desk{n}@biz.example.com") for n in range(4)]
    advance = send_schedule(
        release=release, lists=[a_list("Editors", editors, trusted=True)], kind="advance"
    )
    immediate = send_schedule(
        release=release, lists=[a_list("Editors again", editors), a_list("Desk", desk)],
        kind="immediate",
    )  # fmt: skip
    workers.start(concurrency=2)
    tick_until_sent(advance, timeout=60)
    assert smtp_sink.count() == 4, workers.logs()

    approver = persona("bob")  # the in-house approver
    update = embargo_lift_now(release=release, by=approver, seen_embargo=release.embargo_until)
    tick_until_sent(update, timeout=60)
    tick_until_sent(immediate, timeout=60)

    assert smtp_sink.by_address() == Counter(
        {**{c.email: 3 for c in editors}, **{c.email: 1 for c in desk}}
    ), workers.logs()
    for contact in editors:
        advance_copy, *rest = sorted(
            smtp_sink.messages_to(contact.email), key=lambda m: m["In-Reply-To"] is not None
        )
        (lifted,) = [m for m in rest if m["In-Reply-To"] is not None]
        assert lifted["In-Reply-To"] == advance_copy["Message-ID"]
        assert "EMBARGO LIFTED" in lifted["Subject"]
    assert Send.objects.get(pk=immediate.pk).scheduled_at == update.scheduled_at

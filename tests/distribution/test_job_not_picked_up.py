"""A send or an import that no worker has picked up within a few seconds says so on its page
and in its progress JSON, with the reason /healthz gives (no worker heartbeat, beat not
running, Redis unreachable), instead of sitting at 0%. Time is frozen and moved, not slept."""

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse

from contacts.models import ImportJob
from distribution import ops
from distribution.models import Send
from tests.conftest import redis_client
from tests.distribution.officers import alice, client_for, text_of
from tests.factories import DeliveryFactory, SendFactory, UserFactory

pytestmark = pytest.mark.django_db

T = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def sending_send() -> Send:
    """A send that started at T: its deliveries queued, none taken by a worker."""
    send = SendFactory.create(status=Send.Status.SENDING, scheduled_at=T, started_at=T)
    DeliveryFactory.create_batch(3, send=send)
    return send


def progress(send: Send) -> dict[str, Any]:
    url = reverse("admin:distribution_send_progress", args=[send.pk])
    return client_for(alice()).get(url).json()


def heartbeats(url: str, *, beat_age: float, worker_age: float | None) -> None:
    """Stamp beat's and a worker's heartbeat as seen `…_age` seconds before the frozen now."""
    client = redis_client(url)
    client.delete(ops.WORKERS_KEY, ops.BEAT_KEY)
    client.set(ops.BEAT_KEY, f"{time.time() - beat_age:.3f}")
    if worker_age is not None:
        client.hset(ops.WORKERS_KEY, "w1@box", f"{time.time() - worker_age:.3f}")


@pytest.fixture
def broker_settings(settings: Any, broker: str) -> str:
    settings.REDIS_URL = broker
    return broker


@pytest.mark.redis
def test_a_send_no_worker_took_says_no_worker_is_running(broker_settings: str) -> None:
    send = sending_send()
    with time_machine.travel(T + timedelta(seconds=2), tick=False):
        heartbeats(broker_settings, beat_age=1, worker_age=62)
        assert progress(send)["waiting"] == ""  # a few seconds: not yet

    with time_machine.travel(T + timedelta(seconds=10), tick=False):
        heartbeats(broker_settings, beat_age=1, worker_age=70)
        data = progress(send)
        page = client_for(alice()).get(reverse("admin:distribution_send_change", args=[send.pk]))

    assert data["percent"] == 0
    assert data["waiting"].startswith("No worker is running: the last one reported 70 seconds")
    assert "No worker has picked this send up." in text_of(page.content.decode())
    assert "the last one reported 70 seconds ago" in text_of(page.content.decode())


@pytest.mark.redis
def test_a_scheduled_send_the_tick_never_started_says_beat_is_not_running(
    broker_settings: str,
) -> None:
    send = SendFactory.create(status=Send.Status.SCHEDULED, scheduled_at=T)
    with time_machine.travel(T + timedelta(seconds=10), tick=False):
        heartbeats(broker_settings, beat_age=120, worker_age=120)
        waiting = progress(send)["waiting"]
    assert waiting.startswith("The scheduler (celery beat) last ran 120 seconds ago")


@pytest.mark.redis
def test_busy_workers_that_are_alive_are_not_reported(broker_settings: str) -> None:
    send = sending_send()
    with time_machine.travel(T + timedelta(seconds=30), tick=False):
        heartbeats(broker_settings, beat_age=1, worker_age=1)
        assert progress(send)["waiting"] == ""


def test_a_send_waiting_on_an_unreachable_redis_says_so(settings: Any) -> None:
    settings.REDIS_URL = NOBODY_LISTENS
    send = sending_send()
    with time_machine.travel(T + timedelta(seconds=10), tick=False):
        waiting = progress(send)["waiting"]
    assert waiting.startswith("The job queue (Redis) cannot be reached (ConnectionError)")
    assert "127.0.0.1" not in waiting


def test_a_send_waiting_reads_in_chinese(settings: Any) -> None:
    settings.REDIS_URL = NOBODY_LISTENS
    send = sending_send()
    url = reverse("admin:distribution_send_progress", args=[send.pk])
    with time_machine.travel(T + timedelta(seconds=10), tick=False):
        data = client_for(alice()).get(url, headers={"accept-language": "zh-hant"}).json()
    assert "Redis" in data["waiting"]
    assert "無法連接" in data["waiting"]


def test_an_import_no_worker_took_says_why(settings: Any) -> None:
    settings.REDIS_URL = NOBODY_LISTENS
    user = UserFactory.create(username="irene", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="contacts",
            codename__in=["add_mediacontact", "change_mediacontact", "view_mediacontact"],
        )
    )
    job = ImportJob.objects.create(
        file_name="journalists.csv",
        created_by=user,
        in_background=True,
        status=ImportJob.Status.IMPORT_QUEUED,
        created_at=T - timedelta(minutes=1),
        checked_at=T,
    )
    url = reverse("admin:contacts_mediacontact_import_progress", args=[job.pk])
    page_url = reverse("admin:contacts_mediacontact_import_job", args=[job.pk])
    with time_machine.travel(T + timedelta(seconds=2), tick=False):
        assert client_for(user).get(url).json()["waiting"] == ""
    with time_machine.travel(T + timedelta(seconds=10), tick=False):
        data = client_for(user).get(url).json()
        page = client_for(user).get(page_url)

    assert data["percent"] == 0
    assert data["waiting"].startswith("The job queue (Redis) cannot be reached")
    assert "No worker has picked this import up." in text_of(page.content.decode())

"""A large file is checked and imported by a Celery worker, not inside the web request: the
import page shows a progress bar fed by the job's row, and the job finishes on a real worker
taking its task from a real Redis."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from contacts import tasks
from contacts.models import ImportJob, MediaContact
from tests.conftest import IN_CI
from tests.contacts.conftest import client_for
from tests.contacts.spreadsheets import csv_bytes, upload

IMPORT_URL = reverse("admin:contacts_mediacontact_import")
CONFIRM_URL = reverse("admin:contacts_mediacontact_process_import")
BASE_DIR = Path(__file__).resolve().parents[2]


def big_file(rows: int = 300) -> bytes:
    return csv_bytes(
        [["Email", "Name", "Outlet"]]
        + [
            [f"reporter{n}@daily.example.com", f"Reporter {n}", "Harbour Daily"]
            for n in range(rows)
        ]
        + [["not-an-address", "Bad Row", ""]]
    )


@pytest.fixture
def small_background_limit(settings: Any) -> None:
    settings.IMPORT_BACKGROUND_BYTES = 1024


@pytest.mark.django_db
@pytest.mark.usefixtures("small_background_limit")
def test_a_large_file_is_queued_shows_progress_and_runs_in_the_task(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(alice)
    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(IMPORT_URL, {"import_file": upload("big.csv", big_file())})
    job = ImportJob.objects.get()
    assert job.in_background
    assert len(enqueued) == 1  # one task, sent once the job row is committed

    waiting = client.get(response["Location"]).content.decode()
    assert "Checking (dry run)" in waiting
    assert '<progress id="import-bar" max="100" value="0">' in waiting
    progress_url = reverse("admin:contacts_mediacontact_import_progress", args=[job.pk])
    assert client.get(progress_url).json() == {
        "status": "checking", "status_label": "Checking (dry run)", "running": True,
        "phase": "", "rows_done": 0, "rows_total": 0, "percent": 0, "waiting": "",
    }  # fmt: skip

    tasks.import_job_process(job.pk)  # what the worker runs

    state = client.get(progress_url).json()
    assert (
        state | {"running": False, "status": "checked", "rows_done": 301, "percent": 100} == state
    )
    check = client.get(response["Location"]).content.decode()
    assert '<div class="import-new"><strong>300</strong>new</div>' in check
    assert "<td>Row 302</td><td>not-an-address</td>" in check
    assert not MediaContact.objects.exists()

    with django_capture_on_commit_callbacks() as enqueued:
        client.post(CONFIRM_URL, {"job": job.pk})
    assert len(enqueued) == 1
    assert client.get(progress_url).json()["status_label"] == "Waiting to import"
    assert not MediaContact.objects.exists()

    tasks.import_job_process(job.pk)

    assert MediaContact.objects.count() == 300
    assert client.get(progress_url).json()["status"] == "imported"


@pytest.mark.django_db
@pytest.mark.usefixtures("small_background_limit")
def test_a_task_delivered_twice_imports_once(alice: Any) -> None:
    client = client_for(alice)
    client.post(IMPORT_URL, {"import_file": upload("big.csv", big_file(20))})
    job = ImportJob.objects.get()
    tasks.import_job_process(job.pk)
    client.post(CONFIRM_URL, {"job": job.pk})

    tasks.import_job_process(job.pk)
    tasks.import_job_process(job.pk)  # redelivered by the broker

    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTED
    assert MediaContact.objects.count() == 20


@pytest.mark.django_db
@pytest.mark.usefixtures("small_background_limit")
def test_a_job_whose_worker_died_is_taken_up_again_after_its_lease(alice: Any) -> None:
    client = client_for(alice)
    client.post(IMPORT_URL, {"import_file": upload("big.csv", big_file(20))})
    job = ImportJob.objects.get()
    tasks.import_job_process(job.pk)
    client.post(CONFIRM_URL, {"job": job.pk})
    # A worker claimed the import, then died: its transaction was rolled back, nothing written.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.IMPORTING, heartbeat_at=timezone.now()
    )
    tasks.import_job_process(job.pk)
    assert not MediaContact.objects.exists(), "a live claim is left alone"

    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    tasks.import_job_process(job.pk)

    assert MediaContact.objects.count() == 20


def _database_url_for_another_process() -> str | None:
    """The test database as a URL another process can open: PostgreSQL, yes; SQLite in
    memory, no."""
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        return None
    credentials = quote(settings_dict["USER"] or "")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"])
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{settings_dict['NAME']}"


@contextmanager
def celery_worker(redis_url: str, queue: str) -> Iterator[None]:
    """A real `celery worker` process on the test database and Redis, or, where the test
    database lives only in this process's memory (SQLite), Celery's own worker in a thread."""
    database_url = _database_url_for_another_process()
    if database_url is None:
        if IN_CI:
            pytest.fail("CI runs the suite on PostgreSQL, where the worker is a real process.")
        from celery.contrib.testing.worker import start_worker

        from pressroom.celery import app

        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
            yield
        return
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "pressroom", "worker", "-Q", queue,
         "--pool", "solo", "--concurrency", "1", "--without-mingle", "--without-gossip",
         "--without-heartbeat", "--loglevel", "WARNING"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        yield
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
        if "Traceback" in output:
            print(output)


def wait_until_done(job: ImportJob, timeout: float = 60) -> ImportJob:
    """Poll the job's row with a deadline (never a fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        job.refresh_from_db()
        if not job.is_running:
            return job
        assert time.monotonic() < deadline, f"the worker did not finish the job ({job.status})"
        time.sleep(0.1)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("small_background_limit")
def test_a_large_file_is_checked_and_imported_by_a_celery_worker_through_redis(
    alice: Any, celery_queue: str, redis_url: str
) -> None:
    client = client_for(alice)
    with celery_worker(redis_url, celery_queue):
        response = client.post(IMPORT_URL, {"import_file": upload("big.csv", big_file(200))})
        job = wait_until_done(ImportJob.objects.get())
        assert job.status == ImportJob.Status.CHECKED, job.error
        assert job.report["counts"]["new"] == 200
        assert not MediaContact.objects.exists()

        client.post(CONFIRM_URL, {"job": job.pk})
        job = wait_until_done(job)

    assert job.status == ImportJob.Status.IMPORTED, job.error
    assert MediaContact.objects.count() == 200
    page = client.get(response["Location"]).content.decode()
    assert '<div class="import-new"><strong>200</strong>added</div>' in page


@pytest.mark.django_db
@pytest.mark.usefixtures("small_background_limit")
def test_when_the_task_queue_is_down_the_job_says_so_and_nothing_is_imported(
    alice: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from pressroom.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")  # nothing listens
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    client = client_for(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT_URL, {"import_file": upload("big.csv", big_file(20))})

    page = client.get(response["Location"]).content.decode()
    assert "could not hand this file to its background worker" in page
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert not MediaContact.objects.exists()

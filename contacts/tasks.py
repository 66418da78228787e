"""Celery tasks of the media database: thin, each calls one service."""

from celery import shared_task

from contacts import services


@shared_task(name="contacts.import_job_process", acks_late=True, ignore_result=True)
def import_job_process(job_id: int) -> None:
    """Check or import an uploaded file: large files run here, not in the web request. Safe to
    run twice (the job is claimed first)."""
    services.import_job_process(job_id=job_id)

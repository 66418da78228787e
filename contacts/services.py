"""Work on the media database that crosses models or leaves the request: imports (checked, then
confirmed, in the request or on a Celery worker), list membership in bulk, a saved rule's live
preview, and everything known about one journalist."""

import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import Action
from audit.preferences import user_language
from audit.services import audit_record, in_english
from contacts.importing import (
    OUTLET_NAME_COLUMNS,
    ImportRefused,
    Table,
    UnreadableFile,
    import_contacts_table,
    import_outlets_table,
    match_columns,
    read_header,
    read_table,
)
from contacts.models import (
    DistributionList,
    ImportJob,
    Language,
    MediaContact,
    Organisation,
    StaffUser,
    Suppression,
    organisation_of,
)
from contacts.resources import CONTACT_COLUMNS, OUTLET_COLUMNS

logger = logging.getLogger(__name__)

# A job whose worker has not been heard of for this long is taken to have died: its transaction
# was rolled back, so running it again writes nothing twice.
IMPORT_LEASE = timedelta(minutes=15)
# How often a running job writes its progress to its row.
PROGRESS_EVERY_SECONDS = 0.5

__all__ = [
    "ImportRefused",
    "contact_history",
    "contacts_import",
    "import_job_confirm",
    "import_job_create",
    "import_job_process",
    "list_members_add",
    "list_members_remove",
    "list_rule_preview",
    "outlets_import",
]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _read(data: bytes, *, encoding: str) -> Table:
    try:
        return read_table(data, encoding=encoding, max_rows=settings.IMPORT_MAX_ROWS)
    except UnreadableFile as error:
        raise ImportRefused(str(error)) from None


def contacts_import(
    *,
    data: bytes,
    file_name: str,
    by: StaffUser,
    dry_run: bool,
    distribution_list: DistributionList | None = None,
    encoding: str = "",
) -> dict[str, Any]:
    """Check (dry_run=True: nothing written) or import a CSV/XLSX of media contacts, in this
    process. Returns the report; raises ImportRefused for a file that cannot be imported at all."""
    table = _read(data, encoding=encoding)
    return import_contacts_table(
        table, by=by, distribution_list=distribution_list, file_name=file_name, dry_run=dry_run
    )


def outlets_import(
    *, data: bytes, file_name: str, by: StaffUser, dry_run: bool, encoding: str = ""
) -> dict[str, Any]:
    """Check or import a CSV/XLSX of outlets, matched by name."""
    table = _read(data, encoding=encoding)
    return import_outlets_table(table, by=by, file_name=file_name, dry_run=dry_run)


# --- Import jobs: what the admin import page drives ------------------------------------------


def import_job_create(
    *,
    kind: str,
    upload: UploadedFile,
    by: StaffUser,
    distribution_list: DistributionList | None = None,
    encoding: str = "",
) -> ImportJob:
    """Take an uploaded file, refuse it at once if it cannot be imported (too large, empty, not a
    spreadsheet, no email column…), else store it as a job and check it: here for a small file,
    on a Celery worker for a large one. Nothing is written to the media database."""
    size = upload.size or 0
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ImportRefused(
            gettext(
                "The file is %(size)s; the largest file an import takes is %(limit)s. Split it "
                "into smaller files, or ask an administrator to raise IMPORT_MAX_MB."
            )
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )
    data = b"".join(upload.chunks())
    in_background = size > settings.IMPORT_BACKGROUND_BYTES
    # Refuse here, on the import page, whatever cannot be imported at all. A small file is read
    # in full (a formula in any cell refuses it); a large one only as far as its header, and
    # the worker reports the rest on the job's page.
    try:
        if in_background:
            header = read_header(data, encoding=encoding)
        else:
            header = read_table(data, encoding=encoding, max_rows=settings.IMPORT_MAX_ROWS).header
    except UnreadableFile as error:
        raise ImportRefused(str(error)) from None
    if kind == ImportJob.Kind.CONTACTS:
        match_columns(header, CONTACT_COLUMNS, required=("email",))
    else:
        match_columns(header, OUTLET_COLUMNS, required=OUTLET_NAME_COLUMNS)
    if distribution_list is not None and not (
        DistributionList.objects.editable_by(by).filter(pk=distribution_list.pk).exists()
    ):
        raise ImportRefused(
            gettext("You may not add contacts to the list “%(list)s”.")
            % {"list": distribution_list}
        )
    _forget_old_files()
    job = ImportJob.objects.create(
        kind=kind,
        file_name=(upload.name or "upload")[:255],
        file_size=size,
        data=data,
        encoding=encoding,
        created_by_id=by.pk,
        distribution_list=distribution_list,
        in_background=in_background,
        status=ImportJob.Status.CHECKING,
    )
    _run_or_enqueue(job)
    job.refresh_from_db()
    return job


def import_job_confirm(*, job: ImportJob, by: StaffUser) -> ImportJob:
    """The person has read the check and confirms: import the valid rows, once. A second click
    (or a second tab) finds the job already taken and changes nothing."""
    if job.created_by_id != by.pk and not getattr(by, "is_superuser", False):
        raise PermissionDenied
    taken = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.IMPORT_QUEUED, heartbeat_at=None, phase=gettext("Waiting to import")
    )
    if not taken:
        job.refresh_from_db()
        raise ImportRefused(
            gettext("This import is “%(status)s”: it cannot be confirmed now.")
            % {"status": job.get_status_display()}
        )
    job.refresh_from_db()
    _run_or_enqueue(job)
    job.refresh_from_db()
    return job


def _run_or_enqueue(job: ImportJob) -> None:
    if job.in_background:
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(job_id))
    else:
        import_job_process(job_id=job.pk)


def _enqueue(job_id: int) -> None:
    """Hand the job to a Celery worker. If the broker cannot be reached, the job says so on its
    page (nothing has been imported) rather than the request failing."""
    from contacts.tasks import (
        import_job_process as task,  # lazily: the task module imports this one
    )

    options: dict[str, Any] = {"queue": settings.IMPORT_QUEUE} if settings.IMPORT_QUEUE else {}
    try:
        task.apply_async((job_id,), **options)
    except Exception:
        logger.exception("Import job %s could not be queued", job_id)
        _fail(
            job_id,
            "Pressroom could not hand this file to its background worker (the task queue, "
            "Redis, did not answer). Nothing was imported: upload the file again in a moment, "
            "or tell an administrator if it happens again.",
        )


def _forget_old_files() -> None:
    """Files of jobs more than a day old are dropped: an unconfirmed check expires."""
    cutoff = timezone.now() - timedelta(days=1)
    old = ImportJob.objects.filter(created_at__lt=cutoff).exclude(data=b"")
    old.filter(status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.FAILED, error="Not confirmed within a day: upload the file again."
    )
    old.update(data=b"")


class _ProgressWriter:
    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        moment = timezone.now()
        if moment.timestamp() - self.last < PROGRESS_EVERY_SECONDS and done < total:
            return
        self.last = moment.timestamp()
        ImportJob.objects.filter(pk=self.job_id).update(
            phase=phase, rows_done=done, rows_total=total, heartbeat_at=moment
        )


def import_job_process(*, job_id: int) -> None:
    """Run a job's next step: the check (dry run) of a new upload, or the import a person
    confirmed. Claimed with a conditional UPDATE first, so a task delivered twice runs once.
    Its report is written in the language of the person who uploaded the file, who reads it,
    on a worker as in a web request."""
    uploader = ImportJob.objects.filter(pk=job_id).values_list("created_by", flat=True).first()
    language = user_language(uploader) if uploader is not None else ""
    with translation.override(language) if language else nullcontext():
        _import_job_process(job_id=job_id)


def _import_job_process(*, job_id: int) -> None:
    now = timezone.now()
    stale = now - IMPORT_LEASE
    status = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
    if status == ImportJob.Status.CHECKING:
        claim = Q(status=status) & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale))
        running, dry_run = ImportJob.Status.CHECKING, True
    elif status in {ImportJob.Status.IMPORT_QUEUED, ImportJob.Status.IMPORTING}:
        claim = Q(status=ImportJob.Status.IMPORT_QUEUED) | Q(
            status=ImportJob.Status.IMPORTING, heartbeat_at__lt=stale
        )
        running, dry_run = ImportJob.Status.IMPORTING, False
    else:
        return
    claimed = ImportJob.objects.filter(claim, pk=job_id).update(
        status=running, heartbeat_at=now, phase=gettext("Starting"), rows_done=0
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("distribution_list", "created_by").get(pk=job_id)
    progress = _ProgressWriter(job_id)
    try:
        if job.created_by is None:
            raise ImportRefused(
                gettext("The person who uploaded this file no longer has an account.")
            )
        progress(gettext("Reading the file"), 0, 0)
        table = _read(bytes(job.data), encoding=job.encoding)
        if job.kind == ImportJob.Kind.CONTACTS:
            report = import_contacts_table(
                table,
                by=job.created_by,
                distribution_list=job.distribution_list,
                file_name=job.file_name,
                dry_run=dry_run,
                progress=progress,
            )
        else:
            report = import_outlets_table(
                table, by=job.created_by, file_name=job.file_name, dry_run=dry_run
            )
    except ImportRefused as error:
        _fail(job_id, str(error))
        return
    except IntegrityError:
        logger.warning("Import job %s met a concurrent change", job_id, exc_info=True)
        _fail(
            job_id,
            gettext(
                "Some of these addresses, outlets or lists were added by someone else while the "
                "import ran, so nothing was imported. Upload the file again to check it against "
                "the media database as it is now."
            ),
        )
        return
    except Exception:
        logger.exception("Import job %s failed", job_id)
        _fail(
            job_id,
            gettext(
                "An unexpected error stopped the import; nothing was imported. It has been logged."
            ),
        )
        return
    finished = timezone.now()
    done = report["counts"]["rows"]
    if dry_run:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.CHECKED,
            report=report,
            phase="",
            rows_done=done,
            rows_total=done,
            checked_at=finished,
            heartbeat_at=finished,
        )
    else:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.IMPORTED,
            report=report,
            phase="",
            rows_done=done,
            rows_total=done,
            imported_at=finished,
            heartbeat_at=finished,
            data=b"",
        )
        counts = report["counts"]
        audit_record(
            action=Action.IMPORTED,
            actor=job.created_by,
            obj=job,
            summary=in_english(
                lambda: (
                    f"Imported {job.get_kind_display().lower()} from {job.file_name}: "
                    f"{counts.get('new', 0)} new, {counts.get('updated', 0)} updated, "
                    f"{counts.get('invalid', 0)} invalid rows left out"
                )
            ),
            changes={
                "counts": counts,
                "distribution_list": job.distribution_list_id,
            },
        )


def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED, error=message, phase="", data=b""
    )


# --- Lists -----------------------------------------------------------------------------------


def _may_fill(distribution_list: DistributionList, by: StaffUser) -> None:
    if not DistributionList.objects.editable_by(by).filter(pk=distribution_list.pk).exists():
        raise PermissionDenied(f"You may not change the list “{distribution_list}”.")


def list_members_add(
    *, distribution_list: DistributionList, contacts: QuerySet[MediaContact], by: StaffUser
) -> int:
    """Add contacts to a list's static members; returns how many were not members yet."""
    _may_fill(distribution_list, by)
    through = DistributionList.members.through
    ids = set(contacts.values_list("pk", flat=True))
    already = set(
        through.objects.filter(
            distributionlist_id=distribution_list.pk, mediacontact_id__in=ids
        ).values_list("mediacontact_id", flat=True)
    )
    rows = [
        through(distributionlist_id=distribution_list.pk, mediacontact_id=pk)
        for pk in sorted(ids - already)
    ]
    through.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def list_members_remove(
    *, distribution_list: DistributionList, contacts: QuerySet[MediaContact], by: StaffUser
) -> int:
    """Take contacts off a list's static members (a rule may still take them in); returns how
    many were members."""
    _may_fill(distribution_list, by)
    through = DistributionList.members.through
    deleted, _ = through.objects.filter(
        distributionlist_id=distribution_list.pk,
        mediacontact_id__in=contacts.values("pk"),
    ).delete()
    return deleted


@dataclass
class RulePreview:
    rule_count: int
    total_count: int
    static_count: int
    preview: list[MediaContact]
    has_rule: bool


def list_rule_preview(
    *,
    distribution_list: DistributionList,
    visible: "QuerySet[MediaContact]",
    beat_ids: list[int],
    languages: list[str],
    outlet_kinds: list[str],
    regions: list[str],
    limit: int = 20,
) -> RulePreview:
    """Who a rule takes in, counted live: for the saved rule or one being edited (the list's own
    fields are not changed). Counted and listed among `visible` only, the contacts the person
    asking may see (contacts.scoping): an agency's preview never names, or counts, the in-house
    team's own contacts."""
    draft = DistributionList(
        pk=distribution_list.pk,
        owner_id=distribution_list.owner_id,
        rule_languages=[value for value in languages if value in Language.values],
        rule_outlet_kinds=list(outlet_kinds),
        rule_regions=[region for region in regions if region.strip()],
    )
    rule = draft.rule_filter_for(beat_ids=beat_ids)
    members = (
        visible.filter(lists=distribution_list.pk)
        if distribution_list.pk
        else MediaContact.objects.none()
    )
    static_count = members.count()
    matched: QuerySet[MediaContact]
    if rule is None:
        matched = MediaContact.objects.none()
        everyone = members
    else:
        matched = visible.filter(rule)
        everyone = visible.filter(Q(pk__in=members.values("pk")) | rule)
    preview = list(matched.select_related("outlet").order_by("name_en", "email")[:limit])
    return RulePreview(
        rule_count=matched.count(),
        total_count=everyone.count(),
        static_count=static_count,
        preview=preview,
        has_rule=rule is not None,
    )


# --- One journalist --------------------------------------------------------------------------


@dataclass
class DeliveryLine:
    release: str
    kind: str
    sent_at: datetime | None
    status: str
    delivered_at: datetime | None
    opened_at: datetime | None
    opens: int
    clicks: list[dict[str, Any]]
    error: str


@dataclass
class ContactHistory:
    lists: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[DeliveryLine] = field(default_factory=list)
    delivery_total: int = 0
    suppression: Suppression | None = None


def contact_history(*, contact: MediaContact, viewer: StaffUser, limit: int = 50) -> ContactHistory:
    """Everything known about one journalist that the viewer may see: the lists they are on (as a
    member or by a list's rule), every release sent to them and what they did with it, and
    whether their address is suppressed and why. A bounded number of queries."""
    history = ContactHistory()
    history.suppression = Suppression.objects.filter(email=contact.email).first()

    contact_beats = set(contact.beats.values_list("pk", flat=True))
    member_of = set(contact.lists.values_list("pk", flat=True))
    lists = (
        DistributionList.objects.editable_by(viewer)
        .select_related("owner")
        .prefetch_related("rule_beats")
    )
    for distribution_list in lists:
        rule_beats = {beat.pk for beat in distribution_list.rule_beats.all()}
        by_rule = distribution_list.rule_matches(
            contact, contact_beat_ids=contact_beats, rule_beat_ids=rule_beats
        )
        if distribution_list.pk in member_of or by_rule:
            how = ["member"] if distribution_list.pk in member_of else []
            how += ["saved rule"] if by_rule else []
            history.lists.append(
                {"list": distribution_list, "how": " and ".join(how), "pk": distribution_list.pk}
            )

    # The releases the viewer sees (contacts.scoping): an agency those assigned to it, an
    # in-house officer their issuer's.
    deliveries = contact.deliveries.all()
    organisation = None if getattr(viewer, "is_superuser", False) else organisation_of(viewer)
    if organisation is not None and organisation.kind == Organisation.Kind.AGENCY:
        deliveries = deliveries.filter(send__release__agencies=organisation)
    elif organisation is not None:
        deliveries = deliveries.filter(send__release__issuer__organisation=organisation)
    history.delivery_total = deliveries.count()
    deliveries = (
        deliveries.select_related("send__release")
        .prefetch_related("send__release__translations", "events", "clicks__asset")
        .order_by("-pk")[:limit]
    )
    for delivery in deliveries:
        events = sorted(delivery.events.all(), key=lambda event: event.occurred_at)
        opened = [event.occurred_at for event in events if event.event_type == "opened"]
        delivered = [event.occurred_at for event in events if event.event_type == "delivered"]
        history.deliveries.append(
            DeliveryLine(
                release=str(delivery.send.release),
                kind=delivery.send.get_kind_display(),
                sent_at=delivery.sent_at,
                status=delivery.get_status_display(),
                delivered_at=delivered[0] if delivered else None,
                opened_at=opened[0] if opened else None,
                opens=len(opened),
                clicks=[
                    {
                        "asset": str(click.asset),
                        "at": click.clicked_at,
                        "machine": click.is_machine,
                    }
                    for click in sorted(delivery.clicks.all(), key=lambda click: click.clicked_at)
                ],
                error=delivery.error,
            )
        )
    return history


# The contact status a suppression of each reason sets, and lifting it undoes.
MARKED_BY = {
    Suppression.Reason.HARD_BOUNCE: MediaContact.Status.BOUNCED,
    Suppression.Reason.MANUAL: None,
}


def suppression_lift(
    *, suppression: Suppression, by: StaffUser | None, request: Any = None
) -> bool:
    """Take an address off the suppression list, on the record, so later sends reach it again,
    and make its media contact active again if the suppression had marked it (a hard bounce
    marks it bounced). Only what `Suppression.can_lift` allows: a complaint or an unsubscribe is
    the recipient's own word and stays. False if it may not be lifted (or is already gone)."""
    if not suppression.can_lift():
        return False
    with transaction.atomic():
        deleted, _ = Suppression.objects.filter(
            pk=suppression.pk, reason__in=list(MARKED_BY)
        ).delete()
        marked = MARKED_BY.get(Suppression.Reason(suppression.reason))
        if deleted and marked is not None:
            MediaContact.objects.filter(email=suppression.email, status=marked).update(
                status=MediaContact.Status.ACTIVE
            )
        if deleted:
            audit_record(
                action=Action.SUPPRESSION_LIFTED,
                actor=by,
                obj=suppression,
                summary=in_english(
                    lambda: (
                        f"{suppression.email} may be sent to again "
                        f"({suppression.get_reason_display()})"
                    )
                ),
                changes={"email": suppression.email, "reason": suppression.reason},
                request=request,
            )
    return bool(deleted)


def export_record(*, model: Any, rows: int, file_format: str, by: StaffUser, request: Any) -> None:
    """An export goes on the record: who took which data out, how much, in what form."""
    audit_record(
        action=Action.EXPORTED,
        actor=by,
        summary=in_english(
            lambda: f"Exported {rows} {model._meta.verbose_name_plural} as {file_format}"
        ),
        changes={"model": model._meta.label_lower, "rows": rows, "format": file_format},
        request=request,
    )

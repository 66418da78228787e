"""Personal data kept no longer than needed (PDPO s.26, GDPR art. 5(1)(e)): the ESPs' raw event
payloads after RETENTION_PAYLOAD_DAYS, the network hashes and user agents of asset clicks after
RETENTION_NETWORK_DAYS, and whole deliveries (with their events and clicks) after
RETENTION_DELIVERY_DAYS. A send's figures are its own columns, so they stay.

Run by beat every RETENTION_CHECK_SECONDS, in batches of RETENTION_BATCH rows a statement and
at most RETENTION_BATCHES statements a kind a run: a first run over years of data is spread
over many runs instead of one long lock. 0 days: kept for ever."""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from distribution.models import AssetClick, Delivery, DeliveryEvent

logger = logging.getLogger(__name__)


@dataclass
class RetentionReport:
    payloads_emptied: int = 0
    clicks_anonymised: int = 0
    deliveries_deleted: int = 0
    more: list[str] = field(default_factory=list)  # kinds with rows left for the next run


def _batched(
    queryset: "QuerySet[Model]", act: str, kind: str, report: RetentionReport, **changes: object
) -> int:
    """Update (or delete) the rows of `queryset` a batch at a time, primary keys first so each
    statement touches a bounded set."""
    done = 0
    for _batch in range(settings.RETENTION_BATCHES):
        pks = list(queryset.values_list("pk", flat=True)[: settings.RETENTION_BATCH])
        if not pks:
            return done
        rows = queryset.model._default_manager.filter(pk__in=pks)
        if act == "delete":
            rows.delete()
        else:
            rows.update(**changes)
        done += len(pks)
    if queryset.exists():
        report.more.append(kind)
    return done


def retention_apply(*, now: datetime) -> RetentionReport:
    report = RetentionReport()
    days = settings.RETENTION_PAYLOAD_DAYS
    if days:
        payloads = DeliveryEvent.objects.filter(received_at__lt=now - timedelta(days=days)).exclude(
            payload={}
        )
        report.payloads_emptied = _batched(payloads, "update", "payloads", report, payload={})
    days = settings.RETENTION_NETWORK_DAYS
    if days:
        clicks = AssetClick.objects.filter(clicked_at__lt=now - timedelta(days=days)).exclude(
            Q(ip_hash="") & Q(network_hash="") & Q(user_agent="")
        )
        report.clicks_anonymised = _batched(
            clicks, "update", "clicks", report, ip_hash="", network_hash="", user_agent=""
        )
    days = settings.RETENTION_DELIVERY_DAYS
    if days:
        cutoff = now - timedelta(days=days)
        # By the send's moment: a late event must not keep a delivery past its time.
        old = Delivery.objects.filter(
            Q(send__scheduled_at__lt=cutoff)
            | Q(send__scheduled_at__isnull=True, updated_at__lt=cutoff)
        )
        report.deliveries_deleted = _batched(old, "delete", "deliveries", report)
    if report.payloads_emptied or report.clicks_anonymised or report.deliveries_deleted:
        logger.info("retention: %s", report)
    return report

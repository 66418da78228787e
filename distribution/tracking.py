"""Tracking: what the ESP tells us happened to each message (DESIGN.md rule 5).

Two steps, so a webhook answers fast and the database is written in bulk:

1. `tracking_event_enqueue` runs in anymail's webhook view, once per event: it turns anymail's
   normalised event into a small record (no database query) and appends it to a Redis stream
   with one XADD. The ESP gets its 200 only after Redis has the record. Redis must therefore
   keep what it acknowledges: run it with `appendonly yes` (and `appendfsync always` to survive
   a power cut, not only a crash; `everysec` risks the last second) and
   `maxmemory-policy noeviction`. If Redis cannot take the record the webhook answers 503 and
   the ESP posts again later: nothing is lost either way.
2. `tracking_drain` (a Celery beat task every TRACKING_DRAIN_SECONDS, or called directly)
   reads the stream through a consumer group, applies a chunk in one transaction
   (`tracking_events_apply`) and only then acknowledges and deletes those entries. A drainer
   that dies mid-chunk leaves them pending; the next drain reclaims them after
   TRACKING_RECLAIM_SECONDS. Applying a chunk twice changes nothing: events are stored once
   (unique event id) and statuses only move forward.

Applying: each event is stored once as a `DeliveryEvent` (unique on the ESP's event id, or a
hash of the event where the ESP gives none), matched to its `Delivery` by our metadata first and
the ESP's message id second, and moves the delivery forward only; a hard bounce, a complaint or
an unsubscribe adds a `Suppression` and marks the contact."""

import hashlib
import json
import logging
import os
import re
import socket
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import redis
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from contacts.models import MediaContact, Suppression, normalise_email
from distribution.models import Delivery, DeliveryEvent, EngagementTally, statuses_before
from distribution.scanners import open_machine_reason

logger = logging.getLogger(__name__)

GROUP = "drain"
ESP_SLUGS = {"Amazon SES": "amazon_ses", "SendGrid": "sendgrid", "SparkPost": "sparkpost"}
OUR_MESSAGE_ID = re.compile(r"<?pressroom\.([0-9]{1,18})\.([0-9]{1,18})@[^>]*>?")
HARD_REASONS = {RejectReason.BOUNCED, RejectReason.INVALID}
BOUNCES = {EventType.BOUNCED, EventType.REJECTED}
# What an event does to a delivery's status. Opens and clicks only when a person made them.
TARGETS = {
    EventType.SENT: Delivery.Status.SENT,
    EventType.DELIVERED: Delivery.Status.DELIVERED,
    EventType.OPENED: Delivery.Status.OPENED,
    EventType.CLICKED: Delivery.Status.CLICKED,
    EventType.COMPLAINED: Delivery.Status.COMPLAINED,
    EventType.FAILED: Delivery.Status.FAILED,
}
# When one chunk brings several events for a delivery, the strongest wins.
STRENGTH: dict[str, int] = {
    Delivery.Status.SENT: 1,
    Delivery.Status.DELIVERED: 2,
    Delivery.Status.OPENED: 3,
    Delivery.Status.CLICKED: 4,
    Delivery.Status.FAILED: 5,
    Delivery.Status.BOUNCED: 6,
    Delivery.Status.COMPLAINED: 7,
}
CONTACT_STATUS = {
    Suppression.Reason.HARD_BOUNCE: MediaContact.Status.BOUNCED,
    Suppression.Reason.COMPLAINT: MediaContact.Status.DO_NOT_CONTACT,
    Suppression.Reason.UNSUBSCRIBE: MediaContact.Status.UNSUBSCRIBED,
}

_clients: dict[str, redis.Redis] = {}


def tracking_redis() -> redis.Redis:
    """One client (and connection pool) per process for the tracking stream's Redis."""
    url = settings.TRACKING_REDIS_URL
    client = _clients.get(url)
    if client is None:
        # redis-py says unix:// where Celery/kombu says redis+socket://. RESP2: its replies
        # parse in half the time of RESP3's, which matters at one XADD per webhook.
        client = redis.Redis.from_url(
            url.replace("redis+socket://", "unix://"),
            socket_timeout=10,
            socket_connect_timeout=5,
            protocol=2,
        )
        _clients[url] = client
    return client


# --- 1. In the webhook: normalise and append --------------------------------------------------


def esp_slug(esp_name: str) -> str:
    return ESP_SLUGS.get(esp_name, esp_name.lower().replace(" ", "_"))


def _plain(payload: Any) -> Any:
    """The ESP's event as JSON-ready data (Mailgun's legacy posts arrive as a QueryDict)."""
    if hasattr(payload, "lists"):
        return {key: values[0] if len(values) == 1 else values for key, values in payload.lists()}
    return payload


def _dig(payload: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(payload, dict):
            return None
        payload = payload.get(key)
    return payload


def _soft_bounce(payload: Any) -> bool:
    """Whether a "bounced" event is a temporary failure. anymail reports some soft bounces as
    bounced with reason "bounced"; the ESP's own payload says which they are."""
    if not isinstance(payload, dict):
        return False
    return (
        payload.get("event") == "soft_bounce"  # Brevo
        or payload.get("Type") in {"SoftBounce", "Transient", "DnsError"}  # Postmark
        or _dig(payload, "bounce", "bounceType") in {"Transient", "Undetermined"}  # Amazon SES
        or _dig(payload, "data", "bounce", "type") == "Transient"  # Resend
        or _dig(payload, "event-data", "severity") == "temporary"  # Mailgun
        or _dig(payload, "data", "type") == "soft_bounced"  # MailerSend
    )


def _hard_failure(payload: Any) -> bool:
    """A "failed" event that is a permanent refusal by the recipient's server: Postal's
    HardFail, which anymail reports as failed rather than bounced."""
    return _dig(payload, "payload", "status") == "HardFail"


def _event_key(slug: str, raw_id: str | None, recipient: str, payload: Any) -> str:
    if raw_id:
        key = f"{slug}:{raw_id}:{recipient}"
    else:
        canonical = json.dumps(payload, sort_keys=True, default=str)
        digest = hashlib.sha256(f"{canonical}|{recipient}".encode()).hexdigest()
        key = f"{slug}:h:{digest}"
    if len(key) > 255:
        key = f"{slug}:h:{hashlib.sha256(key.encode()).hexdigest()}"
    return key


def tracking_event_record(*, event: AnymailTrackingEvent, esp_name: str) -> dict[str, Any]:
    """anymail's event as the small record the stream carries. Never raises on odd content:
    a receiver that raises makes the ESP post the same event again, forever."""
    slug = esp_slug(esp_name)
    payload = _plain(event.esp_event)
    recipient = normalise_email(str(event.recipient or ""))
    raw_id = str(event.event_id) if event.event_id else None
    if slug == "mailgun":
        # Mailgun signs each post anew; its event id (unique within a day) with the event's
        # time names the event itself, so a post repeated by Mailgun is recognised.
        event_data = _dig(payload, "event-data") or {}
        if isinstance(event_data, dict) and event_data.get("id"):
            raw_id = f"{event_data['id']}@{event_data.get('timestamp')}"
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    timestamp = event.timestamp if isinstance(event.timestamp, datetime) else timezone.now()
    if timezone.is_naive(timestamp):
        timestamp = timezone.make_aware(timestamp, timezone.get_fixed_timezone(0))
    kind = str(event.event_type or EventType.UNKNOWN)
    esp_type = (
        _dig(payload, "event")
        or _dig(payload, "eventType")
        or _dig(payload, "RecordType")
        or _dig(payload, "type")
        or _dig(payload, "event-data", "event")
        or ""
    )
    return {
        "key": _event_key(slug, raw_id, recipient, payload),
        "type": kind,
        "esp": esp_name,
        "esp_type": str(esp_type)[:50],
        "at": timestamp.isoformat(),
        "recipient": recipient,
        "message_id": str(event.message_id or ""),
        "delivery_id": str(metadata.get("delivery_id", "")),
        "reject_reason": str(event.reject_reason or ""),
        # Read from the ESP's own payload only for the events they qualify.
        "soft": kind in BOUNCES and _soft_bounce(payload),
        "hard_failure": kind == EventType.FAILED and _hard_failure(payload),
        "description": str(event.description or event.mta_response or "")[:2000],
        "user_agent": str(event.user_agent or "")[:500],
        "payload": payload,
    }


# Set by the webhook service (pressroom/webhooks_asgi.py) while a post is handled: the events
# are kept here and appended by the service, awaiting Redis instead of blocking on it.
_collected: ContextVar[list[bytes] | None] = ContextVar("tracking_collected", default=None)


@contextmanager
def tracking_events_collected() -> Iterator[list[bytes]]:
    """Within the block, tracking_event_enqueue keeps each event's stream record (serialised)
    in the list it yields, in order, instead of appending it to the stream."""
    records: list[bytes] = []
    token = _collected.set(records)
    try:
        yield records
    finally:
        _collected.reset(token)


def tracking_event_enqueue(*, event: AnymailTrackingEvent, esp_name: str) -> None:
    """Append the event to the tracking stream: one round trip to Redis, no database."""
    record = tracking_event_record(event=event, esp_name=esp_name)
    data = orjson.dumps(record, default=str, option=orjson.OPT_NON_STR_KEYS)
    collected = _collected.get()
    if collected is not None:
        collected.append(data)
        return
    tracking_redis().xadd(settings.TRACKING_STREAM, {"e": data})


# --- 2. The drain: apply in bulk --------------------------------------------------------------


def _ensure_group(client: redis.Redis, stream: str) -> None:
    try:
        client.xgroup_create(stream, GROUP, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise


def tracking_drain(*, limit: int = 1_000_000, chunk: int | None = None) -> int:
    """Apply what the stream holds, a chunk per transaction; the number of events applied.
    Entries another drainer took and did not acknowledge within TRACKING_RECLAIM_SECONDS
    (it died) are taken over first."""
    client = tracking_redis()
    stream = settings.TRACKING_STREAM
    size = chunk or settings.TRACKING_DRAIN_CHUNK
    _ensure_group(client, stream)
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    idle_ms = int(settings.TRACKING_RECLAIM_SECONDS * 1000)
    done = 0
    reclaiming = True
    while done < limit:
        if reclaiming:
            reply: Any = client.xautoclaim(stream, GROUP, consumer, idle_ms, "0-0", count=size)
            entries = reply[1]
            reclaiming = bool(entries)
        if not reclaiming:
            read: Any = client.xreadgroup(GROUP, consumer, {stream: ">"}, count=size)
            entries = read[0][1] if read else []
        if not entries:
            break
        ids = [entry_id for entry_id, _fields in entries]
        _apply_chunk(client, stream, entries)
        # Only once the chunk is committed: acknowledge and delete.
        with client.pipeline(transaction=False) as pipe:
            pipe.xack(stream, GROUP, *ids)
            pipe.xdel(stream, *ids)
            pipe.execute()
        done += len(ids)
        if not reclaiming and len(ids) < size:
            # Caught up. What arrives meanwhile waits for the next run (a second later) and goes
            # in one chunk, not in a trickle of small transactions as the webhooks post it.
            break
    return done


def _apply_chunk(client: redis.Redis, stream: str, entries: list[Any]) -> None:
    """Apply a chunk in one transaction. Should one record in it break the transaction (a bug,
    a value the database refuses), apply the records one by one and set the one that fails
    aside in the stream "<stream>:failed", logged, instead of blocking every later event.
    The database being down is not a record's fault: that is raised, and the chunk waits."""
    records: list[tuple[Any, dict[str, Any]]] = []
    for entry_id, fields in entries:
        try:
            records.append((entry_id, orjson.loads(fields[b"e"])))
        except (KeyError, TypeError, ValueError):
            logger.error("tracking stream entry %s is unreadable: set aside", entry_id)
            client.xadd(f"{stream}:failed", {k: v for k, v in fields.items()})
    try:
        tracking_events_apply(records=[record for _id, record in records])
        return
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        logger.exception("tracking: a chunk of %s events failed; applying one by one", len(records))
    for entry_id, record in records:
        try:
            tracking_events_apply(records=[record])
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            logger.exception("tracking: event %s cannot be applied: set aside", entry_id)
            client.xadd(f"{stream}:failed", {"e": json.dumps(record, default=str)})


@dataclass
class ApplyReport:
    stored: int = 0
    duplicates: int = 0
    unmatched: int = 0
    moved: dict[str, int] = field(default_factory=dict)
    suppressed: int = 0


@dataclass
class _Matched:
    record: dict[str, Any]
    at: datetime
    delivery_id: int | None = None
    send_id: int | None = None
    email: str = ""
    target: str | None = None
    suppress: str | None = None
    machine: str = ""


def _delivery_id_from(record: dict[str, Any]) -> tuple[int | None, int | None]:
    """(from our metadata, from our own Message-ID) — either may be None."""
    raw = record.get("delivery_id") or ""
    # ASCII digits that fit a bigint: anything else names no delivery of ours.
    from_metadata = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None
    found = OUR_MESSAGE_ID.fullmatch(record.get("message_id") or "")
    return from_metadata, int(found.group(2)) if found else None


def _placed(record: dict[str, Any], by_pk: dict[int, Any]) -> Any:
    """The delivery row our metadata or our Message-ID names, if it went to this recipient:
    metadata naming a delivery to another address is not ours to trust."""
    recipient = record.get("recipient") or ""
    for candidate in _delivery_id_from(record):
        found = by_pk.get(candidate) if candidate is not None else None
        if found is not None and (not recipient or found[1] == recipient):
            return found
    return None


def _classify(item: _Matched, sent_at: datetime | None) -> None:
    """What the event does: the status it moves to, the suppression it adds, machine or not."""
    record = item.record
    kind = record["type"]
    reason = record.get("reject_reason") or ""
    if kind in {EventType.OPENED, EventType.CLICKED}:
        item.machine = open_machine_reason(
            user_agent=record.get("user_agent"),
            esp_event_name=record.get("esp_type") or "",
            at=item.at,
            sent_at=sent_at,
        )
        item.target = None if item.machine else TARGETS[kind]
    elif kind in {EventType.BOUNCED, EventType.REJECTED}:
        if reason in HARD_REASONS and not record.get("soft"):
            item.target = Delivery.Status.BOUNCED
            item.suppress = Suppression.Reason.HARD_BOUNCE
        elif kind == EventType.REJECTED:
            item.target = Delivery.Status.FAILED  # refused by the ESP, e.g. on its own block list
        # a soft bounce changes nothing: the ESP tries again and reports what happens
    elif kind == EventType.FAILED and record.get("hard_failure"):
        item.target = Delivery.Status.BOUNCED
        item.suppress = Suppression.Reason.HARD_BOUNCE
    elif kind == EventType.COMPLAINED:
        item.target = Delivery.Status.COMPLAINED
        item.suppress = Suppression.Reason.COMPLAINT
    elif kind == EventType.UNSUBSCRIBED:
        item.suppress = Suppression.Reason.UNSUBSCRIBE
    else:
        item.target = TARGETS.get(kind)  # sent, delivered, failed; queued/deferred/… nothing


def tracking_events_apply(*, records: list[dict[str, Any]]) -> ApplyReport:
    """Store and apply a chunk of event records in one transaction, a handful of queries
    whatever the chunk's size. Safe to run twice on the same records."""
    report = ApplyReport()
    unique: dict[str, dict[str, Any]] = {}
    for record in records:
        if not settings.TRACK_RECIPIENTS and record.get("type") in ENGAGEMENT:
            record = dict(record, key=_anonymous_key(record["key"]))
        unique.setdefault(record["key"], record)
    if not unique:
        return report
    existing = set(
        DeliveryEvent.objects.filter(event_id__in=list(unique)).values_list("event_id", flat=True)
    )
    report.duplicates = len(records) - len(unique) + len(existing)
    items = []
    for key, record in unique.items():
        if key in existing:
            continue  # stored before: a repeated post, or a chunk applied again
        at = parse_datetime(record.get("at") or "") or timezone.now()
        items.append(_Matched(record=record, at=at))
    if not items:
        return report

    # Match: our metadata first, our own Message-ID next, the ESP's message id last (a second
    # query, only for the events the first could not place).
    columns = ("pk", "email", "send_id", "sent_at", "esp_message_id", "status")
    wanted: set[int] = set()
    for item in items:
        wanted.update(pk for pk in _delivery_id_from(item.record) if pk is not None)
    by_pk = {row[0]: row for row in Delivery.objects.filter(pk__in=wanted).values_list(*columns)}
    esp_ids = {
        item.record["message_id"]
        for item in items
        if item.record.get("message_id") and _placed(item.record, by_pk) is None
    }
    by_esp = {}
    if esp_ids:
        found = Delivery.objects.filter(esp_message_id__in=esp_ids).values_list(*columns)
        by_esp = {row[4]: row for row in found}
    early: dict[int, tuple[datetime, str]] = {}  # matched while still queued/sending
    for item in items:
        recipient = item.record.get("recipient") or ""
        row = _placed(item.record, by_pk) or by_esp.get(item.record.get("message_id") or "")
        if row is None:
            report.unmatched += 1
            logger.info(
                "tracking: %s %s event for unknown message %r (%s): stored unmatched",
                item.record.get("esp"),
                item.record["type"],
                item.record.get("message_id"),
                recipient,
            )
            continue
        item.delivery_id, item.email, item.send_id = row[0], row[1], row[2]
        if row[5] in (Delivery.Status.QUEUED, Delivery.Status.SENDING):
            early[row[0]] = (item.at, item.record.get("message_id") or "")
        _classify(item, row[3])

    tallies = {} if settings.TRACK_RECIPIENTS else _tallied(items)
    with transaction.atomic():
        _store(items)
        report.stored = len(items)
        _add_tallies(tallies)
        matched = [item for item in items if item.delivery_id is not None]
        report.moved = _move_forward(matched)
        _record_firsts(matched)
        _record_early(early)
        report.suppressed = _suppress(matched)
    return report


ENGAGEMENT = frozenset({EventType.OPENED, EventType.CLICKED})


def _anonymous_key(key: str) -> str:
    """An event's key without the address it holds: still the same for the same event."""
    return f"a:{hashlib.sha256(key.encode()).hexdigest()}"


def _tallied(items: list[_Matched]) -> dict[tuple[int, datetime], list[int]]:
    """Recipients are not tracked: each open or click is counted for its send and hour (a
    person's only), then stored as an event of no one, kept only so a repeat is known."""
    tallies: dict[tuple[int, datetime], list[int]] = defaultdict(lambda: [0, 0])
    for item in items:
        kind = item.record["type"]
        if kind not in ENGAGEMENT:
            continue
        if item.send_id is not None and not item.machine:
            hour = item.at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
            tallies[(item.send_id, hour)][0 if kind == EventType.OPENED else 1] += 1
        item.delivery_id = item.send_id = None
        item.target = None
        item.email = ""
        item.record = {"key": item.record["key"], "type": kind, "esp": item.record.get("esp")}
    return tallies


def _add_tallies(tallies: dict[tuple[int, datetime], list[int]]) -> None:
    if not tallies:
        return
    EngagementTally.objects.bulk_create(
        [EngagementTally(send_id=send_id, hour=hour) for send_id, hour in tallies],
        ignore_conflicts=True,
    )
    for (send_id, hour), (opens, clicks) in tallies.items():
        EngagementTally.objects.filter(send_id=send_id, hour=hour).update(
            opens=F("opens") + opens, clicks=F("clicks") + clicks
        )


EVENT_COLUMNS = (
    "delivery_id",
    "event_id",
    "event_type",
    "esp_name",
    "occurred_at",
    "recipient",
    "reject_reason",
    "description",
    "user_agent",
    "is_machine",
    "payload",
    "received_at",
)


def _store(items: list[_Matched]) -> None:
    """Insert the new events; one already stored (a concurrent drainer's) is skipped.
    On PostgreSQL the rows go by COPY into a temporary table, then one INSERT … SELECT … ON
    CONFLICT DO NOTHING: the driver writes COPY rows in C, where a thousand-row INSERT costs
    more in parsing its placeholders and escaping the payloads than the rest of the drain."""
    now = timezone.now()
    rows = [
        (
            item.delivery_id,
            item.record["key"],
            item.record["type"][:50],
            str(item.record.get("esp", ""))[:50],
            item.at,
            (item.record.get("recipient") or "")[:320],
            (item.record.get("reject_reason") or "")[:50],
            item.record.get("description") or "",
            item.record.get("user_agent") or "",
            bool(item.machine),
            item.record.get("payload") or {},
            now,
        )
        for item in items
    ]
    if connection.vendor != "postgresql":
        DeliveryEvent.objects.bulk_create(
            [DeliveryEvent(**dict(zip(EVENT_COLUMNS, row, strict=True))) for row in rows],
            batch_size=1000,
            ignore_conflicts=True,
        )
        return
    table = connection.ops.quote_name(DeliveryEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in EVENT_COLUMNS)
    payload = EVENT_COLUMNS.index("payload")
    with connection.cursor() as cursor:
        # Same column types as the table, no constraints; one per database session.
        cursor.execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS pressroom_incoming_events "  # noqa: S608
            f"ON COMMIT DELETE ROWS AS SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY pressroom_incoming_events ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = list(row)
                values[payload] = orjson.dumps(values[payload], default=str).decode()
                copy.write_row(values)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} "  # noqa: S608 -- names are ours
            "FROM pressroom_incoming_events ON CONFLICT (event_id) DO NOTHING"
        )
        cursor.execute("DELETE FROM pressroom_incoming_events")


def _move_forward(items: list[_Matched]) -> dict[str, int]:
    """One conditional UPDATE per target status: a delivery moves only from an earlier status,
    so events applied in any order end at the same, furthest status."""
    best: dict[int, str] = {}
    for item in items:
        if item.target is None or item.delivery_id is None:
            continue
        current = best.get(item.delivery_id)
        if current is None or STRENGTH[item.target] > STRENGTH[current]:
            best[item.delivery_id] = item.target
    by_target: dict[str, list[int]] = defaultdict(list)
    for pk, target in best.items():
        by_target[target].append(pk)
    moved = {}
    for target, pks in by_target.items():
        moved[target] = Delivery.objects.filter(
            pk__in=pks, status__in=statuses_before(target)
        ).update(status=target)
    return moved


def _earliest(field_name: str, times: dict[int, datetime]) -> None:
    """Set `field_name` to the earliest of what it holds and the new time, per delivery, in
    one UPDATE … FROM a VALUES list (PostgreSQL and SQLite 3.33+ alike). Built by hand: the
    ORM's CASE WHEN per row costs more than the rest of the drain together."""
    if not times:
        return
    table = Delivery._meta.db_table
    field = Delivery._meta.get_field(field_name)
    assert isinstance(field, models.DateTimeField)
    column = connection.ops.quote_name(field.column)
    cast = "::timestamptz" if connection.vendor == "postgresql" else ""
    rows = ", ".join([f"(%s, %s{cast})"] * len(times))
    params: list[Any] = []
    for pk, at in times.items():
        params += [pk, connection.ops.adapt_datetimefield_value(at)]
    sql = (
        f"WITH new_times(delivery_id, at) AS (VALUES {rows}) "  # noqa: S608 -- names are ours
        f"UPDATE {table} SET {column} = CASE WHEN {table}.{column} IS NULL "
        f"OR new_times.at < {table}.{column} THEN new_times.at ELSE {table}.{column} END "
        f"FROM new_times WHERE {table}.id = new_times.delivery_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _record_firsts(items: list[_Matched]) -> None:
    firsts: dict[str, dict[int, datetime]] = defaultdict(dict)
    for item in items:
        kind = item.record["type"]
        name = {
            EventType.OPENED: "opened_at",
            EventType.CLICKED: "clicked_at",
            EventType.UNSUBSCRIBED: "unsubscribed_at",
        }.get(kind)
        if name is None or item.delivery_id is None:
            continue
        if item.machine:
            name = f"machine_{name}"
        times = firsts[name]
        previous = times.get(item.delivery_id)
        times[item.delivery_id] = item.at if previous is None else min(previous, item.at)
    for name, times in firsts.items():
        _earliest(name, times)


def _record_early(early: dict[int, tuple[datetime, str]]) -> None:
    """A delivery the ESP reports on before its batch recorded it sent (the batch records every
    few dozen messages): keep when it left and the ESP's id, which the batch will not write
    once the delivery has moved on. Rare, so one small write each."""
    for pk, (at, esp_id) in early.items():
        Delivery.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=at)
        if esp_id and not OUR_MESSAGE_ID.fullmatch(esp_id):
            Delivery.objects.filter(pk=pk, esp_message_id="").update(esp_message_id=esp_id[:255])


def _suppress(items: list[_Matched]) -> int:
    """A Suppression per address (bulk, once), a complaint replacing a weaker reason, and the
    media contact marked."""
    by_reason: dict[str, dict[str, _Matched]] = defaultdict(dict)
    for item in items:
        if item.suppress and item.email:
            by_reason[item.suppress].setdefault(item.email, item)
    if not by_reason:
        return 0
    created = 0
    for reason, chosen in by_reason.items():
        emails = list(chosen)
        have = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
        label = Suppression.Reason(reason).label.lower()
        new = [
            Suppression(
                email=email,
                reason=reason,
                source=(f"{item.record.get('esp')} webhook: {label} (send {item.send_id})")[:200],
                note=item.record.get("description") or "",
                created_at=item.at,
            )
            for email, item in chosen.items()
            if email not in have
        ]
        Suppression.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
        if reason == Suppression.Reason.COMPLAINT:
            Suppression.objects.filter(email__in=emails).exclude(reason=reason).update(
                reason=reason, source="webhook: spam complaint"
            )
        MediaContact.objects.filter(email__in=emails, status=MediaContact.Status.ACTIVE).update(
            status=CONTACT_STATUS[Suppression.Reason(reason)]
        )
        logger.info("tracking: %s suppressed (%s)", len(new), reason)
    return created

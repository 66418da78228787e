"""Sends, their deliveries (one per recipient) and what happened to each: the tracking events
the ESP reported (stored once each) and the asset links the recipient followed."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from contacts.models import DistributionList, MediaContact, NormalisedEmailField
from pressroom.models import Asset, Release

# A release in one of these statuses may be sent; any other (draft, in review, withdrawn) may not.
SENDABLE_RELEASE_STATUSES = frozenset(
    {Release.Status.APPROVED, Release.Status.SCHEDULED, Release.Status.PUBLISHED}
)


class Send(models.Model):
    """A release × one or more distribution lists × a moment. The row is the schedule."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", "Embargoed advance copy"
        IMMEDIATE = "immediate", "For immediate release"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        PAUSED = "paused", "Paused"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"
        MISSED = "missed", "Missed (waiting for a person)"

    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="sends")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.IMMEDIATE)
    lists = models.ManyToManyField(DistributionList, related_name="sends")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(null=True, blank=True, help_text="Hong Kong time (HKT).")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(
        blank=True, help_text="Why the send was refused, failed or missed."
    )
    # Derived from the deliveries and cached here; never incremented per message.
    recipients_count = models.PositiveIntegerField(default=0)
    suppressed_count = models.PositiveIntegerField(default=0)
    sent_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.release}"

    def can_cancel(self, now: datetime | None = None) -> bool:
        """Before its moment, even when its deliveries were prepared ahead of it."""
        if self.status in {self.Status.DRAFT, self.Status.SCHEDULED, self.Status.MISSED}:
            return True
        moment = now or timezone.now()
        return (
            self.status == self.Status.SENDING
            and self.scheduled_at is not None
            and self.scheduled_at > moment
        )

    def can_pause(self) -> bool:
        return self.status == self.Status.SENDING

    def can_resume(self) -> bool:
        return self.status == self.Status.PAUSED

    def refusal(self, at: datetime, lists: "list[DistributionList] | None" = None) -> str | None:
        """Why this send may not go out at `at`, or None. Checked when it is scheduled, again
        when the tick claims it, and by every batch before it sends (DESIGN.md rules 2-3)."""
        release = self.release
        if release.status not in SENDABLE_RELEASE_STATUSES:
            return f"The release is {release.get_status_display().lower()}, not approved."
        embargo = release.embargo_until
        if self.kind == self.Kind.ADVANCE:
            if embargo is None:
                return "An embargoed advance copy needs a release with an embargo time."
            if at >= embargo:
                return (
                    f"The embargo lifted at {release.embargo_display()}: an advance copy can no "
                    "longer go out. Send it as an immediate release."
                )
            untrusted = [
                item.name
                for item in (lists if lists is not None else self.lists.all())
                if not item.trusted_for_embargo
            ]
            if untrusted:
                return (
                    "Embargoed advance copies go only to lists trusted for embargo; not trusted: "
                    + ", ".join(untrusted)
                    + "."
                )
        elif release.is_embargoed(at):
            return (
                f"The release is under embargo until {release.embargo_display()}: an immediate "
                "release cannot go out before then."
            )
        return None


class Delivery(models.Model):
    """One email to one address for one send. Statuses only move forward."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        OPENED = "opened", "Opened"
        CLICKED = "clicked", "Clicked"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="deliveries")
    contact = models.ForeignKey(
        MediaContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    email = NormalisedEmailField()
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set when a batch task claims the delivery: which claim (one per task run) and until when.
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    leased_until = models.DateTimeField(null=True, blank=True)
    # While queued: when to enqueue it (again) if no task has claimed it by then. This makes a
    # lost broker message, a transient failure's backoff and a resumed send one mechanism.
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # What the recipient did, first time each, set by tracking (distribution/tracking.py) and
    # the tracked links. People and machines (link scanners, privacy proxies) apart.
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    machine_opened_at = models.DateTimeField(null=True, blank=True)
    machine_clicked_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["send", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["send", "email"], name="delivery_once_per_address")
        ]
        indexes = [
            models.Index(fields=["send", "status"]),
            models.Index(fields=["status", "retry_at"]),
            models.Index(fields=["status", "leased_until"]),
            # A send's opens and clicks per hour (its results' timeline), read from the index.
            models.Index(
                fields=["send", "opened_at"],
                name="delivery_send_opened",
                condition=models.Q(opened_at__isnull=False),
            ),
            models.Index(
                fields=["send", "clicked_at"],
                name="delivery_send_clicked",
                condition=models.Q(clicked_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_status_display()})"

    @property
    def message_id(self) -> str:
        return message_id_for(self.pk, self.send_id)


# Statuses only move forward along this order (DESIGN.md rule 4); a terminal one is never left
# for a non-terminal one.
STATUS_ORDER = [
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.SENT,
    Delivery.Status.DELIVERED,
    Delivery.Status.OPENED,
    Delivery.Status.CLICKED,
]
# Weakest first: a stronger terminal status replaces a weaker one (a complaint after a bounce or
# a failure), as the suppression it adds does, so the end is the same whatever order the events
# come in and however the drain groups them.
TERMINAL_STATUSES = [
    Delivery.Status.FAILED,
    Delivery.Status.BOUNCED,
    Delivery.Status.COMPLAINED,
]


def statuses_before(status: str) -> list[str]:
    """The statuses a delivery may move to `status` from: those earlier on the way, and for a
    terminal status every non-terminal one and the weaker terminal ones."""
    if status in TERMINAL_STATUSES:
        return [
            *STATUS_ORDER,
            *TERMINAL_STATUSES[: TERMINAL_STATUSES.index(Delivery.Status(status))],
        ]
    return list(STATUS_ORDER[: STATUS_ORDER.index(Delivery.Status(status))])


def message_id_for(delivery_id: int, send_id: int) -> str:
    """The Message-ID every copy of this delivery's email carries, derived from the delivery: a
    copy sent again after a crash is recognisable as the same message."""
    return f"<pressroom.{send_id}.{delivery_id}@{settings.MESSAGE_ID_DOMAIN}>"


class DeliveryEvent(models.Model):
    """One tracking event from the ESP, stored once."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    event_id = models.CharField(
        max_length=255, unique=True, help_text="The ESP's event id, or a hash of the event."
    )
    event_type = models.CharField(max_length=50)
    esp_name = models.CharField(max_length=50, blank=True)
    occurred_at = models.DateTimeField()
    recipient = models.CharField(max_length=320, blank=True)
    reject_reason = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    is_machine = models.BooleanField(
        default=False, help_text="An open or click by a scanner or privacy proxy, not a person."
    )
    payload = models.JSONField(default=dict, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["delivery", "event_type"])]

    def __str__(self) -> str:
        return f"{self.event_type} at {self.occurred_at:%Y-%m-%d %H:%M}"


class AssetClick(models.Model):
    """A recipient followed a tracked asset link."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="clicks")
    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="clicks")
    # Copied from the delivery when the click is recorded, so a send's results count clicks
    # per asset and per outlet without joining its deliveries and contacts.
    send = models.ForeignKey(
        Send, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    outlet = models.ForeignKey(
        "contacts.Outlet", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clicked_at = models.DateTimeField()
    user_agent = models.CharField(max_length=500, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True)
    is_machine = models.BooleanField(
        default=False, help_text="A link scanner, not a person: counted separately."
    )
    machine_reason = models.CharField(
        max_length=100, blank=True, help_text="Why the click was taken for a machine."
    )

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [
            models.Index(fields=["asset", "clicked_at"]),
            models.Index(fields=["delivery", "asset"]),
            models.Index(fields=["send", "asset"]),
        ]

    def __str__(self) -> str:
        return f"{self.asset} by {self.delivery.email}"

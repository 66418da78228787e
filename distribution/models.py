"""Sends, their deliveries (one per recipient) and what happened to each: the tracking events
the ESP reported (stored once each) and the asset links the recipient followed."""

from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from contacts.models import DistributionList, MediaContact, NormalisedEmailField
from distribution.kinds import registered_kind
from releases.models import Asset, Release

# A release in one of these statuses may be sent; any other (draft, in review, withdrawn) may not.
SENDABLE_RELEASE_STATUSES = frozenset(
    {Release.Status.APPROVED, Release.Status.SCHEDULED, Release.Status.PUBLISHED}
)


class Send(models.Model):
    """A release × one or more distribution lists × a moment. The row is the schedule."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Embargoed advance copy")
        IMMEDIATE = "immediate", _("For immediate release")
        # To the recipients of the advance copies, when the embargo moves or lifts early.
        EMBARGO_UPDATE = "embargo_update", _("Embargo update")
        # The release again, to some recipients of an earlier send (its parent) or new lists.
        FOLLOW_UP = "follow_up", _("Follow-up")
        # An invitation to a press event (the events app renders it and says when it may go).
        MEDIA_INVITATION = "media_invitation", _("Media invitation")
        # The release, at its embargo, to the newsroom's subscribers (the subscriptions app
        # chooses them as the send starts).
        SUBSCRIBERS = "subscribers", _("To newsroom subscribers")

    class Audience(models.TextChoices):
        """Whom a follow-up or an embargo update is for (lists are for the other kinds)."""

        NOT_OPENED = "not_opened", _("Recipients who did not open it")
        FAILED_CORRECTED = "failed_corrected", _("Failed deliveries, to corrected addresses")
        NEW_LISTS = "new_lists", _("New lists, leaving out whoever has the release")
        ADVANCE_RECIPIENTS = "advance_recipients", _("Recipients of the advance copies")
        # Addresses chosen by the app that scheduled it (e.g. the guests of a press event).
        CHOSEN = "chosen", _("Chosen recipients")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        PAUSED = "paused", _("Paused")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")
        MISSED = "missed", _("Missed (waiting for a person)")

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="sends", verbose_name=_("release")
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.IMMEDIATE, verbose_name=_("kind")
    )
    lists = models.ManyToManyField(DistributionList, related_name="sends", verbose_name=_("lists"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    scheduled_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Hong Kong time (HKT)."), verbose_name=_("scheduled at")
    )
    # The confirmation page the officer pressed "Schedule" on: one send per page, a database fact
    # (unique), so a double click or a resubmitted page on any process or machine adds nothing.
    confirmation = models.UUIDField(
        null=True, blank=True, unique=True, editable=False, verbose_name=_("confirmation")
    )
    # Exactly one email per recipient per release: whoever an earlier send of the release reached
    # is left out, unless the officer chose to send to them again and said why (kept here).
    send_again_reason = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Why those who already received this release get it again."),
        verbose_name=_("reason to send again"),
    )
    started_at = models.DateTimeField(null=True, blank=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    status_reason = models.TextField(
        blank=True,
        help_text=_("Why the send was refused, failed or missed."),
        verbose_name=_("status reason"),
    )
    # The same reason in each admin language, written when the reason is (by a worker, in no
    # one's language): each officer reads it in their own. status_reason keeps the English one
    # for logs, exports and the audit.
    status_reasons = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("status reason in each language")
    )
    # Derived from the deliveries and cached here; never incremented per message.
    recipients_count = models.PositiveIntegerField(default=0, verbose_name=_("recipients count"))
    suppressed_count = models.PositiveIntegerField(default=0, verbose_name=_("suppressed count"))
    sent_count = models.PositiveIntegerField(default=0, verbose_name=_("sent count"))
    failed_count = models.PositiveIntegerField(default=0, verbose_name=_("failed count"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    # When the morning-after report (distribution/report.py) was claimed for sending: set once,
    # by a conditional UPDATE, so only one beat sends it.
    report_sent_at = models.DateTimeField(null=True, blank=True)
    # An email to the officer is owed (the send stopped early, failed or ended with failures):
    # set with the status that calls for it, claimed once by distribution/alerts.py.
    alert_due = models.BooleanField(default=False, editable=False)
    alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Follow-ups and embargo updates: the send they follow, whom they are for, and the people
    # chosen when they were scheduled, as [contact id, email, variant, name, In-Reply-To] rows.
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    audience = models.CharField(max_length=30, choices=Audience.choices, blank=True)
    chosen_recipients = models.JSONField(default=list, blank=True)
    # Embargo updates: the change they announce. A draft waits for an approver; approving it
    # moves the embargo, the dependent sends and the newsroom together.
    embargo_from = models.DateTimeField(null=True, blank=True)
    embargo_to = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "scheduled_at"]),
            # The beat looks for due alerts every few seconds: few rows, read from this index.
            models.Index(
                fields=["alert_due"], name="send_alert_due", condition=models.Q(alert_due=True)
            ),
        ]
        verbose_name = _("send")
        verbose_name_plural = _("sends")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.release}"

    @property
    def release_kind(self) -> str:
        """Advance copy or immediate release, as the email presents the release: a follow-up
        is the kind of the send it follows."""
        if self.kind == self.Kind.FOLLOW_UP and self.parent is not None:
            if self.parent.kind == self.Kind.MEDIA_INVITATION:
                return self.Kind.IMMEDIATE  # the release, after the event that announced it
            return self.parent.release_kind
        if self.kind == self.Kind.SUBSCRIBERS:
            return self.Kind.IMMEDIATE
        return self.kind

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

    def status_label(self) -> str:
        """The status as the officer reads it: a send that went out with some deliveries failed
        says how many ("Sent, 3 failed"); one whose every delivery failed is "Failed"."""
        if self.status == self.Status.SENT and self.failed_count:
            return ngettext(
                "Sent, %(count)s failed", "Sent, %(count)s failed", self.failed_count
            ) % {"count": self.failed_count}
        return str(self.get_status_display())

    def can_retry(self) -> bool:
        """Finished with failed deliveries: those that may go again can be retried."""
        return self.status in {self.Status.FAILED, self.Status.SENT} and self.failed_count > 0

    def needs_attention(self) -> bool:
        """Stopped early, failed, missed or sent with failures: the page says so prominently."""
        stopped = self.status == self.Status.PAUSED and bool(self.status_reason)
        ended_badly = self.status in {self.Status.FAILED, self.Status.MISSED}
        return stopped or ended_badly or self.can_retry()

    def can_pause(self) -> bool:
        return self.status == self.Status.SENDING

    def can_resume(self) -> bool:
        return self.status == self.Status.PAUSED

    @property
    def reason(self) -> str:
        """The status reason in the active language, else as written."""
        return self.status_reasons.get(translation.get_language() or "") or self.status_reason

    def refusal(self, at: datetime, lists: "list[DistributionList] | None" = None) -> str | None:
        """Why this send may not go out at `at`, or None. Checked when it is scheduled, again
        when the tick claims it, and by every batch before it sends (DESIGN.md rules 2-3)."""
        registered = registered_kind(self.kind)
        if registered is not None:
            return registered.refusal(self, at)
        release = self.release
        if release.status not in SENDABLE_RELEASE_STATUSES:
            return gettext("The release is %(status)s, not approved.") % {
                "status": release.get_status_display().lower()
            }
        embargo = release.embargo_until
        if self.kind == self.Kind.EMBARGO_UPDATE:
            return None  # it announces the embargo's new time; it may go at any moment
        if self.release_kind == self.Kind.ADVANCE:
            if embargo is None:
                return gettext("An embargoed advance copy needs a release with an embargo time.")
            if at >= embargo:
                return gettext(
                    "The embargo lifted at %(embargo)s: an advance copy can no longer go out. "
                    "Send it as an immediate release."
                ) % {"embargo": release.embargo_display()}
            untrusted = [
                item.name
                for item in (lists if lists is not None else self.lists.all())
                if not item.trusted_for_embargo
            ]
            if untrusted:
                return gettext(
                    "Embargoed advance copies go only to lists trusted for embargo; not trusted: "
                    "%(lists)s."
                ) % {"lists": ", ".join(untrusted)}
        elif release.is_embargoed(at):
            return gettext(
                "The release is under embargo until %(embargo)s: an immediate release cannot go "
                "out before then."
            ) % {"embargo": release.embargo_display()}
        return None


class Delivery(models.Model):
    """One email to one address for one send. Statuses only move forward."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        DELIVERED = "delivered", _("Delivered")
        OPENED = "opened", _("Opened")
        CLICKED = "clicked", _("Clicked")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Complained")

    send = models.ForeignKey(
        Send, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("send")
    )
    contact = models.ForeignKey(
        MediaContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("contact"),
    )
    email = NormalisedEmailField(verbose_name=_("email"))
    language = models.CharField(max_length=10, verbose_name=_("language"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, verbose_name=_("status")
    )
    esp_message_id = models.CharField(
        max_length=255, blank=True, db_index=True, verbose_name=_("esp message id")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    # Set when a batch task claims the delivery: which claim (one per task run) and until when.
    claim = models.CharField(max_length=32, blank=True, db_index=True, verbose_name=_("claim"))
    leased_until = models.DateTimeField(null=True, blank=True, verbose_name=_("leased until"))
    # While queued: when to enqueue it (again) if no task has claimed it by then. This makes a
    # lost broker message, a transient failure's backoff and a resumed send one mechanism.
    retry_at = models.DateTimeField(null=True, blank=True, verbose_name=_("retry at"))
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent at"))
    # What the recipient did, first time each, set by tracking (distribution/tracking.py) and
    # the tracked links. People and machines (link scanners, privacy proxies) apart.
    opened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("opened at"))
    clicked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("clicked at"))
    machine_opened_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("machine opened at")
    )
    machine_clicked_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("machine clicked at")
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("unsubscribed at"))
    # The Message-ID of the earlier message this one answers (an embargo update or a follow-up
    # in the advance copy's thread): sent as In-Reply-To and References.
    in_reply_to = models.CharField(max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name_plural = _("deliveries")
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
        verbose_name = _("delivery")

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
        Delivery,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("delivery"),
    )
    event_id = models.CharField(
        max_length=255,
        unique=True,
        help_text=_("The ESP's event id, or a hash of the event."),
        verbose_name=_("event id"),
    )
    event_type = models.CharField(max_length=50, verbose_name=_("event type"))
    esp_name = models.CharField(max_length=50, blank=True, verbose_name=_("esp name"))
    occurred_at = models.DateTimeField(verbose_name=_("occurred at"))
    recipient = models.CharField(max_length=320, blank=True, verbose_name=_("recipient"))
    reject_reason = models.CharField(max_length=50, blank=True, verbose_name=_("reject reason"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    user_agent = models.CharField(max_length=500, blank=True, verbose_name=_("user agent"))
    is_machine = models.BooleanField(
        default=False,
        help_text=_("An open or click by a scanner or privacy proxy, not a person."),
        verbose_name=_("is machine"),
    )
    payload = models.JSONField(default=dict, blank=True, verbose_name=_("payload"))
    received_at = models.DateTimeField(auto_now_add=True, verbose_name=_("received at"))

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["delivery", "event_type"])]
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")

    def __str__(self) -> str:
        return f"{self.event_type} at {self.occurred_at:%Y-%m-%d %H:%M}"


class AssetClick(models.Model):
    """A recipient followed a tracked asset link."""

    # None where recipients are not tracked (TRACK_RECIPIENTS off): the click counts for its
    # send and asset and names no one.
    delivery = models.ForeignKey(
        Delivery,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clicks",
        verbose_name=_("delivery"),
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, related_name="clicks", verbose_name=_("asset")
    )
    # Copied from the delivery when the click is recorded, so a send's results count clicks
    # per asset and per outlet without joining its deliveries and contacts.
    send = models.ForeignKey(
        Send,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("send"),
    )
    outlet = models.ForeignKey(
        "contacts.Outlet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outlet"),
    )
    clicked_at = models.DateTimeField(verbose_name=_("clicked at"))
    user_agent = models.CharField(max_length=500, blank=True, verbose_name=_("user agent"))
    ip_hash = models.CharField(max_length=64, blank=True, verbose_name=_("ip hash"))
    # A hash of the network the click came from (/24 for IPv4, /48 for IPv6): the leak report
    # (distribution/leaks.py) counts a link's networks, not its addresses.
    network_hash = models.CharField(max_length=32, blank=True)
    is_machine = models.BooleanField(
        default=False,
        help_text=_("A link scanner, not a person: counted separately."),
        verbose_name=_("is machine"),
    )
    machine_reason = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("Why the click was taken for a machine."),
        verbose_name=_("machine reason"),
    )

    class Meta:
        ordering = ["-clicked_at"]
        indexes = [
            models.Index(fields=["asset", "clicked_at"]),
            models.Index(fields=["delivery", "asset"]),
            models.Index(fields=["send", "asset"]),
        ]
        verbose_name = _("asset click")
        verbose_name_plural = _("asset clicks")

    def __str__(self) -> str:
        return f"{self.asset} by {self.delivery.email}" if self.delivery else str(self.asset)


def status_reason_fields(build: Callable[[], str]) -> dict[str, object]:
    """`status_reason` (English) and `status_reasons` (every admin language) for an update():
    the reason `build` writes, written once in each language."""
    texts: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(build())
    return {"status_reason": texts.get("en", next(iter(texts.values()))), "status_reasons": texts}


class SendingDomain(models.Model):
    """The last check of a sending domain's DNS (SPF, DKIM, DMARC): what the confirmation of a
    bulk send goes by, in every process, without asking DNS itself."""

    domain = models.CharField(max_length=253, unique=True, verbose_name=_("domain"))
    ready = models.BooleanField(verbose_name=_("ready for bulk mail"))
    checked_at = models.DateTimeField(verbose_name=_("checked at"))

    class Meta:
        verbose_name = _("sending domain")
        verbose_name_plural = _("sending domains")

    def __str__(self) -> str:
        return self.domain


class EngagementTally(models.Model):
    """Opens and clicks of a send counted per hour without saying whose: what is kept instead of
    each recipient's opens and clicks when recipients are not tracked (TRACK_RECIPIENTS off).
    Events are counted as they come (two opens by one person are two), people's only."""

    send = models.ForeignKey(
        Send, on_delete=models.CASCADE, related_name="tallies", verbose_name=_("send")
    )
    hour = models.DateTimeField(verbose_name=_("hour"))
    opens = models.PositiveIntegerField(default=0, verbose_name=_("opens"))
    clicks = models.PositiveIntegerField(default=0, verbose_name=_("clicks"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["send", "hour"], name="one_tally_per_send_hour")
        ]
        verbose_name = _("engagement count")
        verbose_name_plural = _("engagement counts")

    def __str__(self) -> str:
        return f"{self.send_id} {self.hour:%Y-%m-%d %H:00}"

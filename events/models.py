"""Press events (press conferences, briefings, interview and photo opportunities, site visits),
the invitations that went out for them, and each journalist's answer."""

import uuid
import zoneinfo
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import NormalisedEmailField, Organisation, PRContact
from releases.models import Issuer, Release, format_in_zone


class Event(models.Model):
    """One press event of an issuer, optionally announcing a release. Its times are stored in
    UTC and typed and shown in the issuer's zone (HKT)."""

    class Kind(models.TextChoices):
        PRESS_CONFERENCE = "press_conference", _("Press conference")
        BRIEFING = "briefing", _("Media briefing")
        INTERVIEW = "interview", _("Interview opportunity")
        SITE_VISIT = "site_visit", _("Site visit")
        PHOTO_OPPORTUNITY = "photo_opportunity", _("Photo opportunity")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        CANCELLED = "cancelled", _("Cancelled")

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="events", verbose_name=_("issuer")
    )
    release = models.ForeignKey(
        Release,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("The release announced at the event. Invitations go out with it."),
        verbose_name=_("release"),
    )
    agencies = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="assigned_events",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
        help_text=_("PR agencies that may see and draft this event."),
        verbose_name=_("agencies"),
    )
    kind = models.CharField(
        max_length=30, choices=Kind.choices, default=Kind.PRESS_CONFERENCE, verbose_name=_("kind")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh_hant = models.CharField(_("title (Chinese)"), max_length=300)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hant = models.TextField(_("description (Chinese)"), blank=True)
    starts_at = models.DateTimeField(help_text=_("Hong Kong time (HKT)."), verbose_name=_("starts"))
    ends_at = models.DateTimeField(help_text=_("Hong Kong time (HKT)."), verbose_name=_("ends"))
    venue_name_en = models.CharField(_("venue (English)"), max_length=300)
    venue_name_zh_hant = models.CharField(_("venue (Chinese)"), max_length=300)
    venue_address_en = models.CharField(_("address (English)"), max_length=500, blank=True)
    venue_address_zh_hant = models.CharField(_("address (Chinese)"), max_length=500, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Places for the media, counting each person attending. Empty: no limit."),
        verbose_name=_("capacity"),
    )
    rsvp_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Hong Kong time (HKT). Answers are taken until then."),
        verbose_name=_("reply by"),
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Hong Kong time (HKT). What is announced at the event is embargoed until then."
        ),
        verbose_name=_("embargo of what is announced"),
    )
    remind_hours_before = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=24,
        help_text=_("A reminder goes to those attending this many hours before. Empty: none."),
        verbose_name=_("reminder (hours before)"),
    )
    enquiry_contacts = models.ManyToManyField(
        PRContact,
        blank=True,
        related_name="events",
        verbose_name=_("media enquiries"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    listed_on_newsroom = models.BooleanField(
        default=False,
        help_text=_(
            "Approved, it is listed on the public newsroom with its calendar entry; what it "
            "announces is shown only once the embargo has passed."
        ),
        verbose_name=_("show on the newsroom"),
    )
    # The calendar entry's identity and version: every .ics of the event names the same UID,
    # and an update carries a higher SEQUENCE, so calendars replace the entry, never add one.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("approved at")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("press event")
        verbose_name_plural = _("press events")
        permissions = [
            ("submit_event", _("Can submit a press event for review")),
            ("approve_event", _("Can approve a press event")),
        ]

    def __str__(self) -> str:
        return self.title("zh-hant" if _chinese_active() else "en")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = gettext("The event must end after it starts.")
        if self.rsvp_deadline and self.starts_at and self.rsvp_deadline > self.starts_at:
            errors["rsvp_deadline"] = gettext("Replies must be due before the event starts.")
        if self.release is not None and self.issuer_id and self.release.issuer_id != self.issuer_id:
            errors["release"] = gettext("The release must be one of the event's issuer.")
        if errors:
            raise ValidationError(errors)

    def title(self, language: str) -> str:
        return self.title_zh_hant if language.startswith("zh") else self.title_en

    def description(self, language: str) -> str:
        return self.description_zh_hant if language.startswith("zh") else self.description_en

    def venue(self, language: str) -> str:
        return self.venue_name_zh_hant if language.startswith("zh") else self.venue_name_en

    def address(self, language: str) -> str:
        if language.startswith("zh"):
            return self.venue_address_zh_hant or self.venue_address_en
        return self.venue_address_en or self.venue_address_zh_hant

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.issuer.time_zone)

    def when_display(self) -> str:
        return format_in_zone(self.starts_at, self.issuer.time_zone)

    def is_listed(self) -> bool:
        """Whether the newsroom shows it: approved and marked to be shown."""
        return self.status == self.Status.APPROVED and self.listed_on_newsroom

    def description_public(self, at: datetime) -> bool:
        """Whether its description may be read: what the event announces is embargoed until
        `embargo_until`, and the release it announces until that release is public."""
        if self.embargo_until is not None and at < self.embargo_until:
            return False
        return self.release is None or self.release.is_public(at)

    def announced(self) -> str:
        """What an invitation announces of when and where, as one value: an invitation that
        announced another needs an update."""
        return "|".join(
            str(value)
            for value in (
                self.starts_at.isoformat(), self.ends_at.isoformat(), self.venue_name_en,
                self.venue_name_zh_hant, self.venue_address_en, self.venue_address_zh_hant,
                self.map_url,
            )
        )  # fmt: skip

    def answers_open(self, at: datetime) -> bool:
        """Whether a journalist may still answer: approved, not started, before the deadline."""
        if self.status != self.Status.APPROVED or at >= self.starts_at:
            return False
        return self.rsvp_deadline is None or at < self.rsvp_deadline


def _chinese_active() -> bool:
    return (translation.get_language() or "").startswith("zh")


class Invitation(models.Model):
    """A send of the "media invitation" kind for an event: the send (distribution) is the
    schedule and the deliveries; this row says which event it invites to, and at which version
    of the event's calendar entry."""

    class Purpose(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        UPDATE = "update", _("Update: new time or venue")
        CANCELLATION = "cancellation", _("Cancellation")
        REMINDER = "reminder", _("Reminder to those attending")
        PLACE = "place", _("A place from the wait list")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("event")
    )
    purpose = models.CharField(
        max_length=20, choices=Purpose.choices, default=Purpose.INVITATION,
        verbose_name=_("purpose"),
    )  # fmt: skip
    # Event.announced() as this email gave it: the page offers an update when it changes.
    announced = models.TextField(blank=True, editable=False)
    send = models.OneToOneField(
        "distribution.Send",
        on_delete=models.CASCADE,
        related_name="invitation",
        verbose_name=_("send"),
    )
    sequence = models.PositiveIntegerField(default=0, verbose_name=_("calendar version"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One reminder per event, however many beat processes run.
            models.UniqueConstraint(
                fields=["event"], condition=models.Q(purpose="reminder"), name="one_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.send_id})"


class Rsvp(models.Model):
    """A journalist's answer to an invitation: one per event and address, the latest kept."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Attending")
        DECLINED = "declined", _("Not attending")
        WAITLISTED = "waitlisted", _("On the wait list")

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        PHOTOGRAPHER = "photographer", _("Photographer")
        CAMERA_CREW = "camera_crew", _("Camera crew")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("event")
    )
    delivery = models.ForeignKey(
        "distribution.Delivery",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitation email"),
    )
    email = NormalisedEmailField(verbose_name=_("email"))
    answer = models.CharField(max_length=20, choices=Answer.choices, verbose_name=_("answer"))
    attendees = models.PositiveSmallIntegerField(default=1, verbose_name=_("number attending"))
    role = models.CharField(
        max_length=20, choices=Role.choices, blank=True, verbose_name=_("attending as")
    )
    equipment = models.CharField(max_length=500, blank=True, verbose_name=_("equipment notes"))
    answered_at = models.DateTimeField(verbose_name=_("answered at"))

    class Meta:
        ordering = ["event", "email"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="rsvp_once_per_address")
        ]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.email}: {self.get_answer_display()}"


class Attendance(models.Model):
    """Someone who came, ticked at the door: a journalist who replied (their reply) or a walk-in
    (their name and outlet as they gave them). The door page makes `client_id` when the tick is
    made, so a tick sent twice (the page resending after the venue's Wi-Fi came back) is
    recorded once."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("event")
    )
    rsvp = models.OneToOneField(
        Rsvp,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
        verbose_name=_("reply"),
    )
    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(
        max_length=20, choices=Rsvp.Role.choices, blank=True, verbose_name=_("attending as")
    )
    attendees = models.PositiveSmallIntegerField(default=1, verbose_name=_("number attending"))
    walk_in = models.BooleanField(default=False, verbose_name=_("walk-in"))
    arrived_at = models.DateTimeField(verbose_name=_("arrived at"))
    client_id = models.UUIDField(unique=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["event", "arrived_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return self.name

"""Coverage: what the media published from a release. A `CoverageItem` is one story at one
canonical address (`coverage.canonical`), tied to its outlet, its journalist when known and
the published releases it covers. Items a feed or an import finds wait as proposals for a PR
officer's yes or no; a "no" is kept, so the same address is never proposed again.

Outlet feeds live here (`OutletFeed`, a foreign key to contacts' Outlet): contacts knows
nothing of coverage."""

import uuid
from datetime import datetime, timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import MediaContact, Outlet
from releases.models import ContentLanguage, Release, format_in_zone


def capture_upload_to(instance: "CoverageItem", filename: str) -> str:
    # A random folder per upload: no capture's address can be guessed.
    return f"coverage/{uuid.uuid4().hex}/{PurePath(filename).name}"


class OutletFeed(models.Model):
    """An RSS or Atom feed of an outlet, polled by the beat (`coverage.polling`). What the last
    answer said (ETag, Last-Modified) makes the next request conditional; failures push the
    next poll back."""

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="coverage_feeds", verbose_name=_("outlet")
    )
    url = models.URLField(_("feed address"), max_length=1000)
    active = models.BooleanField(_("polled"), default=True)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    polled_at = models.DateTimeField(_("last polled"), null=True, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        ordering = ["outlet__name_en", "url"]
        constraints = [
            models.UniqueConstraint(fields=["outlet", "url"], name="outletfeed_unique_url")
        ]
        verbose_name = _("outlet feed")
        verbose_name_plural = _("outlet feeds")

    def __str__(self) -> str:
        return self.url

    def back_off(self, now: datetime) -> datetime:
        """When to try again after a failure: doubling from the poll interval, capped."""
        base = settings.COVERAGE_POLL_SECONDS
        delay = min(base * 2 ** min(self.failures + 1, 16), settings.COVERAGE_BACKOFF_MAX_SECONDS)
        return now + timedelta(seconds=delay)


class CoverageItem(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    class Medium(models.TextChoices):
        ONLINE = "online", _("Online")
        PRINT = "print", _("Print")
        BROADCAST = "broadcast", _("TV or radio")

    class Tone(models.TextChoices):
        POSITIVE = "positive", _("Positive")
        NEUTRAL = "neutral", _("Neutral")
        NEGATIVE = "negative", _("Negative")

    class FoundBy(models.TextChoices):
        FEED = "feed", _("Outlet feed")
        IMPORT = "import", _("Import")
        MANUAL = "manual", _("Added by hand")

    url = models.URLField(_("address"), max_length=2000)
    canonical_url = models.CharField(
        _("canonical address"), max_length=2000, unique=True, editable=False
    )
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coverage_items",
        verbose_name=_("outlet"),
    )
    journalist = models.ForeignKey(
        MediaContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coverage_items",
        verbose_name=_("journalist"),
    )
    headline = models.CharField(_("headline as published"), max_length=500)
    language = models.CharField(
        _("language"), max_length=10, choices=ContentLanguage.choices, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    medium = models.CharField(
        _("medium"), max_length=20, choices=Medium.choices, default=Medium.ONLINE
    )
    print_page = models.CharField(_("page (print)"), max_length=50, blank=True)
    programme = models.CharField(_("programme (TV or radio)"), max_length=200, blank=True)
    broadcast_at = models.DateTimeField(_("broadcast at"), null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), null=True, blank=True)
    tone = models.CharField(_("tone"), max_length=10, choices=Tone.choices, blank=True)
    snapshot_title = models.CharField(_("snapshot: title"), max_length=500, blank=True)
    snapshot_paragraph = models.TextField(_("snapshot: first paragraph"), blank=True)
    capture = models.FileField(
        _("capture (PDF, image or saved page)"),
        upload_to=capture_upload_to,
        blank=True,
        max_length=300,
    )
    releases = models.ManyToManyField(
        Release, related_name="coverage_items", verbose_name=_("releases covered")
    )
    found_by = models.CharField(
        _("found by"), max_length=10, choices=FoundBy.choices, default=FoundBy.MANUAL
    )
    feed = models.ForeignKey(
        OutletFeed,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="items",
        verbose_name=_("feed"),
    )
    match_reason = models.CharField(_("why proposed"), max_length=500, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="coverage_status_time")]
        verbose_name = _("coverage item")
        verbose_name_plural = _("coverage")

    def __str__(self) -> str:
        return self.headline or self.url

    def published_display(self) -> str:
        """The publication time in Hong Kong time (or the zone configured), with its name."""
        return format_in_zone(self.published_at) if self.published_at else ""

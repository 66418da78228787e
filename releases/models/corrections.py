"""A correction of a published release: the only way its text changes once journalists may
have read it. The correction is a draft of the new text with a note saying what changed; it is
submitted and approved by someone other than whoever wrote it, as a release is, and then the
newsroom shows the corrected text with a dated "Corrected on …" note. The text it replaced
stays here (`original`), so the history keeps what was first published."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release


class Correction(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("release")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    headline_en = models.CharField(_("headline (English)"), max_length=300, blank=True)
    subheadline_en = models.CharField(_("sub-headline (English)"), max_length=500, blank=True)
    body_en = models.TextField(_("body (English)"), blank=True)
    headline_zh_hant = models.CharField(_("headline (Chinese)"), max_length=300, blank=True)
    subheadline_zh_hant = models.CharField(_("sub-headline (Chinese)"), max_length=500, blank=True)
    body_zh_hant = models.TextField(_("body (Chinese)"), blank=True)
    note_en = models.CharField(
        _("what was corrected (English)"),
        max_length=500,
        help_text=_("Shown under the release, e.g. “The number of patents was corrected.”"),
    )
    note_zh_hant = models.CharField(_("what was corrected (Chinese)"), max_length=500)
    original = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("original")
    )
    # The release's content when the correction was started: approving it over a release that
    # has changed since (another correction published meanwhile) would silently undo that one.
    based_on_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Everyone who changed its text: none of them may approve it (the two-person rule).
    revised_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("revised by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))

    class Meta:
        ordering = ["release", "-created_at"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.release}: {self.note_en}"

    def note(self, language: str) -> str:
        if language.startswith("zh"):
            return self.note_zh_hant or self.note_en
        return self.note_en or self.note_zh_hant

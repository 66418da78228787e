"""The original file(s) a release was made from by intake, kept with it. Stored under a random
folder and only ever served as a download to those who may see the release (never inline)."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseSourceFile(models.Model):
    release = models.ForeignKey(
        "pressroom.Release",
        on_delete=models.CASCADE,
        related_name="source_files",
        verbose_name=_("release"),
    )
    # Stored by intake at upload (releases.intake.services.stage), under intake/<random>/.
    file = models.FileField(_("file"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["release", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        return PurePath(self.original_name).name or "source"

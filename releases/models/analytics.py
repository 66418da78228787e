"""The newsroom's own numbers: page views and downloads per release and per asset, by day,
counted without cookies or personal data (releases/analytics.py): a row holds a day, what was
seen and how often, nothing about who."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from releases.models.release import Asset, Release


class NewsroomCount(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", _("page view")
        DOWNLOAD = "download", _("download")

    day = models.DateField(verbose_name=_("day"))
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="+", verbose_name=_("release")
    )
    # None: the release's own page; else the asset's page (view) or its file (download).
    asset = models.ForeignKey(
        Asset, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("asset"),
    )  # fmt: skip
    kind = models.CharField(max_length=10, choices=Kind.choices, verbose_name=_("kind"))
    count = models.PositiveIntegerField(default=0, verbose_name=_("count"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "release", "kind"],
                condition=models.Q(asset__isnull=True),
                name="one_release_count_a_day",
            ),
            models.UniqueConstraint(
                fields=["day", "asset", "kind"],
                condition=models.Q(asset__isnull=False),
                name="one_asset_count_a_day",
            ),
        ]
        indexes = [models.Index(fields=["release", "day"])]
        verbose_name = _("newsroom count")
        verbose_name_plural = _("newsroom counts")

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.release_id}/{self.asset_id or '-'}: {self.count}"

"""The newsroom's search index: one row per release with its text as PostgreSQL `tsvector`s
(releases/search.py builds and reads them). A table of its own, so the vectors are not read with
every release."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from releases.models.release import Release


class ReleaseSearch(models.Model):
    release = models.OneToOneField(
        Release,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search",
        verbose_name=_("release"),
    )
    # Headline and sub-headline of every language; everything (those and the bodies), which
    # the GIN index (PostgreSQL only, made by the migration) answers a search from.
    title = SearchVectorField(null=True)
    document = SearchVectorField(null=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return str(self.release_id)


class NewsroomVersion(models.Model):
    """One row whose number database triggers raise with every write to what the newsroom shows
    (releases, their text, assets, topics, contacts, issuers, boilerplates, corrections): the
    newsroom's page cache (releases/page_cache.py) keys its entries with it, so a write in any
    process, by any code path (a queryset update() included), retires every cached page."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("newsroom version")
        verbose_name_plural = _("newsroom versions")

    def __str__(self) -> str:
        return str(self.version)

"""The sitemap: the newsroom's index and every release public at the moment of the request, in
each language the release is written in, with hreflang alternates."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.urls import reverse

from pressroom.models import Release, ReleaseTranslation


class IndexSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["newsroom:index"]

    def location(self, item: str) -> str:
        return reverse(item)


class ReleaseSitemap(Sitemap):
    i18n = True
    alternates = True

    def __init__(self, at: datetime) -> None:
        self.at = at
        self._offered = [code for code, _name in settings.LANGUAGES]

    def items(self) -> Any:
        return (
            Release.objects.public(self.at)
            .only("pk", "slug", "updated_at", "embargo_until")
            .prefetch_related(
                Prefetch(
                    "translations", queryset=ReleaseTranslation.objects.only("release", "language")
                )
            )
            .order_by("-release_date", "-pk")
        )

    def get_languages_for_item(self, item: Release) -> list[str]:
        written = {translation.language for translation in item.translations.all()}
        return [code for code in self._offered if code in written] or self._offered[:1]

    def location(self, item: Release) -> str:
        return reverse("newsroom:release", kwargs={"pk": item.pk, "slug": item.slug})

    def lastmod(self, item: Release) -> datetime:
        # Edited before its embargo lifted, a release still changed, for the public, at the lift.
        return max(item.updated_at, item.embargo_until or item.updated_at)


def newsroom_sitemaps(at: datetime) -> dict[str, Sitemap[Any] | type[Sitemap[Any]]]:
    return {"index": IndexSitemap(), "releases": ReleaseSitemap(at)}

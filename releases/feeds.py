"""RSS and Atom feeds of the newsroom, one per language (the language is the URL's prefix). They
list the same releases as the index, public at the moment of the request, newest first."""

import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from releases import newsroom as services
from releases.models import Release, sanitise_html
from releases.newsroom import topic_name, translation_for

# XML 1.0 cannot carry these; a stray one pasted into a headline must not break the feed.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


class _WithHub:
    """Names the WebSub hubs (NEWSROOM_WEBSUB_HUBS) the beat tick pings, for readers to follow."""

    hub_element = "link"

    def add_root_elements(self, handler: Any) -> None:
        super().add_root_elements(handler)  # type: ignore[misc]
        for hub in settings.NEWSROOM_WEBSUB_HUBS:
            handler.addQuickElement(self.hub_element, "", {"rel": "hub", "href": hub})


class _Rss(_WithHub, feedgenerator.Rss201rev2Feed):
    hub_element = "atom:link"  # RSS has no link element with attributes; Atom's is declared


class _Atom(_WithHub, feedgenerator.Atom1Feed):
    pass


class RssFeed(Feed):
    feed_type: type[feedgenerator.SyndicationFeed] = _Rss
    feed_url_name = "newsroom:feed-rss"

    def __init__(self, at: datetime) -> None:
        self.at = at
        self.request: HttpRequest | None = None

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        self.request = request
        return get_language()

    def title(self, language: str) -> str:
        return _("Newsroom")

    def description(self, language: str) -> str:
        return _("Press releases, newest first.")

    def link(self, language: str) -> str:
        return reverse("newsroom:index")

    def feed_url(self, language: str) -> str:
        return reverse(self.feed_url_name)

    def items(self, language: str) -> list[Release]:
        return services.newsroom_feed_releases(at=self.at)

    def item_title(self, release: Release) -> str:
        translation = translation_for(release, get_language())
        return xml_text(translation.headline if translation else release.slug)

    def item_description(self, release: Release) -> str:
        translation = translation_for(release, get_language())
        if translation is None:
            return ""
        parts = []
        if translation.subheadline:
            parts.append(f"<p><strong>{escape(translation.subheadline)}</strong></p>")
        parts.append(sanitise_html(translation.body))
        return xml_text("\n".join(parts))

    def item_link(self, release: Release) -> str:
        return reverse("newsroom:release", kwargs={"pk": release.pk, "slug": release.slug})

    def item_guid(self, release: Release) -> str:
        # The id address, which never changes even when the slug is edited.
        path = reverse("newsroom:release-by-id", kwargs={"pk": release.pk})
        return self.request.build_absolute_uri(path) if self.request else path

    def item_pubdate(self, release: Release) -> datetime:
        return release.public_since()

    def item_updateddate(self, release: Release) -> datetime:
        return max(release.updated_at, release.public_since())

    def item_categories(self, release: Release) -> list[str]:
        language = get_language()
        return [xml_text(topic_name(topic, language)) for topic in release.topics.all()]

    def item_author_name(self, release: Release) -> str:
        return xml_text(release.issuer.name(get_language()))


class AtomFeed(RssFeed):
    feed_type = _Atom
    feed_url_name = "newsroom:feed-atom"

    def subtitle(self, language: str) -> str:
        return self.description(language)

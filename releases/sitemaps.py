"""The sitemap: the newsroom's index and every release public at the moment of the request, once
per language it is written in, with hreflang alternates.

Built as text rather than with django.contrib.sitemaps: that framework reverses every URL
under a language override, several times per URL with alternates (about 40,000 reverses for
5,000 bilingual releases, seconds of work); here each language's address is reversed once and
filled in per release."""

from collections import defaultdict
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from releases.models import Release, ReleaseTranslation

# The sitemap protocol allows 50,000 addresses per file: the newest releases that fit are listed.
MAX_URLS = 50_000
_PK, _SLUG = 918273645, "slug-placeholder"


def _hreflang(code: str) -> str:
    language, _, script = code.partition("-")
    return f"{language}-{script.title()}" if script else language


def _paths(name: str, **kwargs: object) -> dict[str, str]:
    paths = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths[code] = reverse(name, kwargs=kwargs or None)
    return paths


def sitemap_xml(*, at: datetime, base_url: str) -> str:
    languages = [code for code, _name in settings.LANGUAGES]
    index_paths = _paths("newsroom:index")
    release_paths = _paths("newsroom:release", pk=_PK, slug=_SLUG)
    placeholder = f"{_PK}-{_SLUG}"

    public = Release.objects.public(at)
    rows = list(
        public.order_by("-release_date", "-pk").values_list(
            "pk", "slug", "updated_at", "embargo_until"
        )[: MAX_URLS // len(languages) - 1]
    )
    written: dict[int, set[str]] = defaultdict(set)
    for release_id, language in ReleaseTranslation.objects.filter(release__in=public).values_list(
        "release_id", "language"
    ):
        written[release_id].add(language)

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]

    def entries(paths: dict[str, str], codes: list[str], lastmod: datetime | None) -> None:
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{_hreflang(code)}" '
            f"href={quoteattr(base_url + paths[code])}/>"
            for code in codes
        )
        modified = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        for code in codes:
            out.append(
                f"<url><loc>{escape(base_url + paths[code])}</loc>{modified}{alternates}</url>\n"
            )

    entries(index_paths, languages, None)
    for pk, slug, updated_at, embargo_until in rows:
        address = f"{pk}-{slug}"
        paths = {code: path.replace(placeholder, address) for code, path in release_paths.items()}
        codes = [code for code in languages if code in written[pk]] or languages[:1]
        # Edited before its embargo lifted, a release still changed, for the public, at the lift.
        entries(paths, codes, max(updated_at, embargo_until or updated_at))
    out.append("</urlset>\n")
    return "".join(out)

"""The sitemap: the newsroom's index and every release public at the moment of the request, once
per language it is written in, with hreflang alternates. The protocol allows 50,000 addresses
a file, so /sitemap.xml is a sitemap index naming one file per range of release ids
(/sitemap-1.xml, /sitemap-2.xml…), each small enough in every language; a range keeps its
releases as new ones come, so a crawler re-reads only the files whose lastmod moved.

Built as text rather than with django.contrib.sitemaps: that framework reverses every URL
under a language override, several times per URL with alternates (about 40,000 reverses for
5,000 bilingual releases, seconds of work); here each language's address is reversed once and
filled in per release."""

from collections import defaultdict
from datetime import datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import F, Max
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import translation

from releases.models import Release, ReleaseTranslation

# The sitemap protocol allows 50,000 addresses per file.
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


def releases_per_file() -> int:
    """Releases a sitemap file lists: every language's address of each, and the index pages,
    within the protocol's 50,000 (SITEMAP_RELEASES_PER_FILE lowers it)."""
    fits = MAX_URLS // len(settings.LANGUAGES) - 1
    return max(1, min(settings.SITEMAP_RELEASES_PER_FILE, fits))


def sitemap_index_xml(*, at: datetime, base_url: str) -> str:
    """The files there are, each with the newest change of its public releases (one GROUP BY
    query); always at least the first, which lists the newsroom's index pages."""
    per_file = releases_per_file()
    changed: dict[int, datetime] = {
        number + 1: latest
        for number, latest in Release.objects.public(at)
        .annotate(number=(F("pk") - 1) / per_file)
        .values("number")
        .annotate(latest=Max(Greatest("updated_at", Coalesce("embargo_until", "updated_at"))))
        .values_list("number", "latest")
        .order_by()
    }
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    path = reverse("newsroom_files:sitemap-file", kwargs={"number": _PK})
    for number in sorted(changed.keys() | {1}):
        modified = changed.get(number)
        lastmod = f"<lastmod>{modified.isoformat(timespec='seconds')}</lastmod>" if modified else ""
        loc = escape(base_url + path.replace(str(_PK), str(number)))
        out.append(f"<sitemap><loc>{loc}</loc>{lastmod}</sitemap>\n")
    out.append("</sitemapindex>\n")
    return "".join(out)


def sitemap_xml(*, at: datetime, base_url: str, number: int = 1) -> str:
    """Sitemap file `number`: the public releases whose ids are in its range (the first file
    also the newsroom's index pages)."""
    languages = [code for code, _name in settings.LANGUAGES]
    index_paths = _paths("newsroom:index")
    release_paths = _paths("newsroom:release", pk=_PK, slug=_SLUG)
    placeholder = f"{_PK}-{_SLUG}"

    per_file = releases_per_file()
    public = Release.objects.public(at).filter(
        pk__gt=(number - 1) * per_file, pk__lte=number * per_file
    )
    rows = list(public.order_by("pk").values_list("pk", "slug", "updated_at", "embargo_until"))
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

    if number == 1:
        entries(index_paths, languages, None)
    for pk, slug, updated_at, embargo_until in rows:
        address = f"{pk}-{slug}"
        paths = {code: path.replace(placeholder, address) for code, path in release_paths.items()}
        codes = [code for code in languages if code in written[pk]] or languages[:1]
        # Edited before its embargo lifted, a release still changed, for the public, at the lift.
        entries(paths, codes, max(updated_at, embargo_until or updated_at))
    out.append("</urlset>\n")
    return "".join(out)

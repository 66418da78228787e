"""The RSS and Atom feeds of each language and the sitemap parse as XML and list exactly the
releases public at that moment: none under embargo, none withdrawn, none still in the workflow."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from releases.models import Release
from tests.factories import (
    IssuerFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
RELEASE_ID = re.compile(r"/releases/(\d+)-")
Status = Release.Status


def _parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 -- our own output


def _ids(urls: list[str]) -> set[int]:
    return {int(m.group(1)) for url in urls if (m := RELEASE_ID.search(url))}


@pytest.fixture
def releases(db: None) -> list[Release]:
    issuer = IssuerFactory.create()
    with time_machine.travel(EMBARGO - timedelta(days=3), tick=False):
        made = [
            PublicReleaseFactory.create(issuer=issuer),
            ReleaseFactory.create(issuer=issuer, status=Status.SCHEDULED, bilingual=True),
            ReleaseFactory.create(issuer=issuer, status=Status.DRAFT, bilingual=True),
            ReleaseFactory.create(issuer=issuer, status=Status.APPROVED, bilingual=True),
            ReleaseFactory.create(issuer=issuer, status=Status.WITHDRAWN, bilingual=True),
        ]
        for status in (Status.SCHEDULED, Status.PUBLISHED, Status.WITHDRAWN, Status.APPROVED):
            for embargo in (EMBARGO - timedelta(hours=1), EMBARGO + timedelta(hours=1)):
                made.append(
                    ReleaseFactory.create(
                        issuer=issuer, status=status, embargoed=True, embargo_until=embargo
                    )
                )
                # Written in English only: the Chinese feed still lists it, in English.
                ReleaseTranslationFactory.create(release=made[-1])
    return made


def _public_ids(releases: list[Release]) -> set[int]:
    now = timezone.now()
    ids = {release.pk for release in releases if release.is_public(now)}
    assert ids, "the fixture has public releases at this moment"
    assert len(ids) < len(releases), "and releases that are not"
    return ids


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_rss_feed_lists_exactly_the_public_releases(
    releases: list[Release], anonymous: Client, language: str
) -> None:
    with time_machine.travel(EMBARGO, tick=False):
        response = anonymous.get(f"/{language}/feed/rss/")
        expected = _public_ids(releases)
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = _parse(response.content).find("channel")
    assert channel is not None
    assert channel.findtext("language") == language
    items = channel.findall("item")
    links = [item.findtext("link") or "" for item in items]
    assert _ids(links) == expected
    assert len(items) == len(expected)
    assert all(link.startswith(f"http://testserver/{language}/releases/") for link in links)
    assert all(item.findtext("title") for item in items)
    assert all(item.findtext("pubDate") for item in items)


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_atom_feed_lists_exactly_the_public_releases(
    releases: list[Release], anonymous: Client, language: str
) -> None:
    with time_machine.travel(EMBARGO + timedelta(hours=2), tick=False):
        response = anonymous.get(f"/{language}/feed/atom/")
        expected = _public_ids(releases)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _parse(response.content)
    entries = feed.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href", "") for e in entries]  # type: ignore[union-attr]
    assert _ids(links) == expected
    assert len(entries) == len(expected)
    # Each entry keeps an id that survives an edited slug: the id address.
    ids = [entry.findtext(f"{ATOM}id") or "" for entry in entries]
    assert all(re.fullmatch(rf"http://testserver/{language}/releases/\d+/", i) for i in ids)


def sitemap_files(client: Client) -> list[ET.Element]:
    """Every file the sitemap index names, parsed, in order."""
    index = _parse(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = []
    for loc in index.iter(f"{SITEMAP}loc"):
        assert (loc.text or "").startswith("http://testserver/sitemap-")
        response = client.get((loc.text or "").removeprefix("http://testserver"))
        assert response.status_code == 200
        files.append(_parse(response.content))
    return files


def test_the_sitemap_lists_exactly_the_public_releases_in_each_language(
    releases: list[Release], anonymous: Client
) -> None:
    with time_machine.travel(EMBARGO, tick=False):
        [root] = sitemap_files(anonymous)
        expected = _public_ids(releases)
    locations = [url.findtext(f"{SITEMAP}loc") or "" for url in root.findall(f"{SITEMAP}url")]
    release_urls = [loc for loc in locations if "/releases/" in loc]
    assert _ids(release_urls) == expected
    assert {"http://testserver/en/", "http://testserver/zh-hant/"} <= set(locations)
    # Each release once per language it is written in, with hreflang alternates.
    english_only = {r.pk for r in releases if r.languages() == ["en"]} & expected
    assert len(release_urls) == 2 * len(expected) - len(english_only)
    alternates = root.findall(f"{SITEMAP}url/{XHTML}link")
    assert {link.get("hreflang") for link in alternates} == {"en", "zh-Hant"}


def test_an_empty_newsroom_has_valid_empty_feeds_and_sitemap(db: None, anonymous: Client) -> None:
    for url in ("/en/feed/rss/", "/zh-hant/feed/atom/"):
        assert _parse(anonymous.get(url).content) is not None
    [root] = sitemap_files(anonymous)
    assert not [loc.text for loc in root.iter(f"{SITEMAP}loc") if "/releases/" in (loc.text or "")]


def test_a_control_character_pasted_into_a_headline_does_not_break_the_feed(
    db: None, anonymous: Client
) -> None:
    release = PublicReleaseFactory.create()
    release.translations.filter(language="en").update(headline="Cluster\x0b ranks first\x01")
    for url in ("/en/feed/rss/", "/en/feed/atom/"):
        response = anonymous.get(url)
        assert response.status_code == 200
        assert b"Cluster ranks first" in response.content
        _parse(response.content)


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_previews(
    db: None, anonymous: Client
) -> None:
    response = anonymous.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert {"Disallow: /admin/", "Disallow: /en/preview/", "Disallow: /zh-hant/preview/"} <= set(
        lines
    )


def test_beyond_one_file_the_index_names_a_file_per_range_each_within_its_size(
    releases: list[Release], anonymous: Client, settings: Any
) -> None:
    """50,000 addresses a file is the protocol's limit; a smaller size shows the split."""
    settings.SITEMAP_RELEASES_PER_FILE = 2
    with time_machine.travel(EMBARGO, tick=False):
        files = sitemap_files(anonymous)
        expected = _public_ids(releases)
        index = _parse(anonymous.get("/sitemap.xml").content)
    listed: list[int] = []
    for root in files:
        urls = [url.findtext(f"{SITEMAP}loc") or "" for url in root.findall(f"{SITEMAP}url")]
        ids = _ids(urls)
        assert len(ids) <= 2
        listed += sorted(ids)
    assert sorted(listed) == sorted(expected)  # each public release in exactly one file
    assert len(listed) == len(set(listed))
    assert len(files) > 2
    lastmods = [el.text for el in index.iter(f"{SITEMAP}lastmod")]
    assert all(lastmods)
    assert anonymous.get("/sitemap-0.xml").status_code == 404
    assert anonymous.get("/sitemap-100001.xml").status_code == 404
    # A range with no public release is an empty, valid file, not an error.
    empty = _parse(anonymous.get("/sitemap-9999.xml").content)
    assert empty.findall(f"{SITEMAP}url") == []

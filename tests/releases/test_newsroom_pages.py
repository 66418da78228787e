"""What a journalist or a member of the public sees on the newsroom's index and release pages,
in English and in Traditional Chinese."""

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.test import Client
from pytest_django.fixtures import Settings

from releases.models import Asset, Release
from tests.factories import (
    AssetFactory,
    BeatFactory,
    EnquiryContactFactory,
    IssuerFactory,
    PRContactFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    UploadedPhotoFactory,
)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 HKT
AFTER = EMBARGO + timedelta(minutes=5)


class Meta(HTMLParser):
    """The <meta> and <link> tags of a page's head."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        if tag == "link":
            self.links.append(values)


@pytest.fixture
def gii(db: None) -> Release:
    """The GII 2025 release: embargoed until 10:00 HKT, with photos, a video and two contacts."""
    with time_machine.travel(EMBARGO - timedelta(days=1), tick=False):
        issuer = IssuerFactory.create(
            name_en="Harbourfront Technology Park", name_zh_hant="海濱科技園"
        )
        release = ReleaseFactory.create(
            issuer=issuer,
            slug="gii-2025-cluster",
            status=Release.Status.SCHEDULED,
            embargoed=True,
            embargo_until=EMBARGO,
            release_date=date(2025, 9, 1),
        )
        ReleaseTranslationFactory.create(
            release=release,
            headline="Cluster ranked first in the Global Innovation Index 2025",
            subheadline="Park to keep linking the mainland and the world",
            body="<p>The cluster now stands first.</p><p>“A proud day,” said the chairman.</p>",
        )
        ReleaseTranslationFactory.create(
            release=release,
            zh_hant=True,
            headline="集群登上《2025 年全球創新指數》首位",
            subheadline="科技園繼續連接內地與國際",
            body="<p>集群位列全球第一。</p>",
        )
        UploadedPhotoFactory.create(
            release=release, order=0, caption_en="The chairman speaks", caption_zh_hant="主席致辭"
        )
        UploadedPhotoFactory.create(release=release, order=1, file__color="navy")
        AssetFactory.create(
            release=release,
            kind=Asset.Kind.VIDEO,
            order=2,
            caption_en="Park video",
            caption_zh_hant="園區影片",
            external_url="https://video.example.com/park",
        )
        EnquiryContactFactory.create(
            release=release,
            order=0,
            pr_contact=PRContactFactory.create(
                name_en="Chan Tai-man", name_zh_hant="陳大文", phone="(852) 5550 0101"
            ),
        )
        release.topics.add(BeatFactory.create(slug="innovation", name_en="Innovation"))
    return release


def _get(client: Client, url: str) -> str:
    with time_machine.travel(AFTER, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _page(release: Release, language: str = "en") -> str:
    return f"/{language}/releases/{release.pk}-{release.slug}/"


def test_it_shows_every_part_of_the_release_in_english(gii: Release, anonymous: Client) -> None:
    html = _get(anonymous, _page(gii))
    photo = gii.assets.order_by("order").first()
    assert photo is not None
    for text in [
        "For immediate release",
        "<h1>Cluster ranked first in the Global Innovation Index 2025</h1>",
        "Park to keep linking the mainland and the world",
        "Hong Kong, 1 September 2025",
        "Released <time",
        "1 Sep 2025 10:00 HKT",
        "<p>The cluster now stands first.</p>",
        "Media enquiries",
        "Chan Tai-man",
        'href="tel:+85255500101"',
        "About Harbourfront Technology Park",
        "Harbour Technology Park is a digital technology hub.",  # the factory boilerplate
        f'src="/files/{photo.pk}/w480.jpg"',
        f'href="/files/{photo.pk}/original/{photo.filename}"',
        "The chairman speaks",
        'href="https://video.example.com/park"',
        "Watch the video",
        "Innovation",
    ]:
        assert text in html, text
    assert '<article class="release" lang="en">' in html
    assert '<html lang="en">' in html


def test_it_shows_every_part_of_the_release_in_chinese(gii: Release, anonymous: Client) -> None:
    html = _get(anonymous, _page(gii, "zh-hant"))
    for text in [
        "即時發布",
        "<h1>集群登上《2025 年全球創新指數》首位</h1>",
        "香港，2025 年 9 月 1 日",
        "發布時間",
        "2025 年 9 月 1 日 10:00 HKT",
        "<p>集群位列全球第一。</p>",
        "傳媒查詢",
        "陳大文",
        "關於海濱科技園",
        "海港科技園是數碼科技樞紐。",
        "主席致辭",
        "觀看影片",
        "相片、影片及下載",
    ]:
        assert text in html, text
    assert '<html lang="zh-Hant">' in html
    assert '<article class="release" lang="zh-Hant">' in html


def test_it_gives_link_previews_the_headline_and_lead_photo(
    gii: Release, anonymous: Client
) -> None:
    html = _get(anonymous, _page(gii))
    head = Meta(html)
    lead = gii.assets.order_by("order").first()
    assert lead is not None
    assert head.meta["og:title"] == "Cluster ranked first in the Global Innovation Index 2025"
    assert head.meta["og:description"] == "Park to keep linking the mainland and the world"
    assert head.meta["og:type"] == "article"
    assert head.meta["og:url"] == "http://testserver" + _page(gii)
    assert head.meta["og:image"] == f"http://testserver/files/{lead.pk}/social.jpg"
    assert head.meta["og:image:alt"] == "The chairman speaks"
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["twitter:image"] == head.meta["og:image"]
    assert head.meta["twitter:title"] == head.meta["og:title"]
    alternates = {link["hreflang"]: link["href"] for link in head.links if link.get("hreflang")}
    assert alternates == {
        "en": "http://testserver" + _page(gii),
        "zh-Hant": "http://testserver" + _page(gii, "zh-hant"),
    }
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver" + _page(gii)]


def test_it_switches_language_on_the_same_release(gii: Release, anonymous: Client) -> None:
    html = _get(anonymous, _page(gii))
    assert f'<a href="{_page(gii, "zh-hant")}" hreflang="zh-Hant"' in html
    chinese = _get(anonymous, _page(gii, "zh-hant"))
    assert f'<a href="{_page(gii)}" hreflang="en"' in chinese


def test_it_keeps_the_address_when_the_headline_changes(gii: Release, anonymous: Client) -> None:
    gii.translations.filter(language="en").update(headline="A new headline")
    assert "A new headline" in _get(anonymous, _page(gii))


def test_it_moves_old_addresses_to_the_current_one(gii: Release, anonymous: Client) -> None:
    old = _page(gii)
    Release.objects.filter(pk=gii.pk).update(slug="gii-2025-ranking")
    with time_machine.travel(AFTER, tick=False):
        moved = anonymous.get(old)
        by_id = anonymous.get(f"/zh-hant/releases/{gii.pk}/")
    assert moved.status_code == 301
    assert moved["Location"] == f"/en/releases/{gii.pk}-gii-2025-ranking/"
    assert by_id.status_code == 301
    assert by_id["Location"] == f"/zh-hant/releases/{gii.pk}-gii-2025-ranking/"


def test_it_shows_a_release_written_only_in_english_on_the_chinese_site_in_english(
    db: None, anonymous: Client
) -> None:
    release = ReleaseFactory.create(status=Release.Status.PUBLISHED)
    ReleaseTranslationFactory.create(release=release, headline="English only")
    html = _get(anonymous, _page(release, "zh-hant"))
    assert '<html lang="zh-Hant">' in html  # the site speaks Chinese…
    assert '<article class="release" lang="en">' in html  # …the release, English
    assert "For immediate release" in html
    head = Meta(html)
    assert [link["hreflang"] for link in head.links if link.get("hreflang")] == ["en"]


def test_it_cleans_html_that_reached_the_database_without_the_editor(
    gii: Release, anonymous: Client
) -> None:
    gii.translations.filter(language="en").update(
        body='<p onclick="steal()">Fine</p><script>alert(1)</script>'
    )
    html = _get(anonymous, _page(gii))
    assert "<p>Fine</p>" in html
    assert "<script>alert" not in html
    assert "steal()" not in html


def test_public_pages_set_no_cookie_even_for_a_logged_in_reader(gii: Release, rita: Client) -> None:
    """A shared cache may keep them: they must be the same for everybody."""
    with time_machine.travel(AFTER, tick=False):
        for url in [_page(gii), "/en/", "/zh-hant/feed/rss/", "/sitemap.xml"]:
            response = rita.get(url)
            assert response.status_code == 200
            assert not response.cookies, url
            assert "Cookie" not in response.get("Vary", ""), url
            assert response["Cache-Control"].startswith("public, max-age="), url


# --- Index --------------------------------------------------------------------------------------


@pytest.fixture
def archive(db: None) -> list[Release]:
    """23 public releases over three years, newest last created; topics on some."""
    ai = BeatFactory.create(slug="ai", name_en="Artificial intelligence", name_zh_hant="人工智能")
    BeatFactory.create(slug="property", name_en="Property")  # no public release
    releases = []
    for n in range(23):
        release = PublicReleaseFactory.create(release_date=date(2023 + n % 3, 1 + n % 12, 1 + n))
        if n % 4 == 0:
            release.topics.add(ai)
        releases.append(release)
    return releases


def _listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<h2><a href="/[a-z-]+/releases/(\d+)-', html)]


def test_the_index_lists_newest_first_twenty_to_a_page(
    archive: list[Release], anonymous: Client
) -> None:
    newest_first = [
        r.pk for r in sorted(archive, key=lambda r: (r.release_date, r.pk), reverse=True)
    ]
    first = _get(anonymous, "/en/")
    second = _get(anonymous, "/en/?page=2")
    assert _listed(first) == newest_first[:20]
    assert _listed(second) == newest_first[20:]
    assert "Page 1 of 2" in first
    assert 'rel="next" href="?page=2"' in first
    with time_machine.travel(AFTER, tick=False):
        assert anonymous.get("/en/?page=3").status_code == 404


def test_the_index_filters_by_year_and_by_topic(archive: list[Release], anonymous: Client) -> None:
    of_2024 = {r.pk for r in archive if r.release_date.year == 2024}
    assert set(_listed(_get(anonymous, "/en/?year=2024"))) == of_2024
    on_ai = {r.pk for r in archive if r.topics.filter(slug="ai").exists()}
    html = _get(anonymous, "/zh-hant/?topic=ai")
    assert set(_listed(html)) == on_ai
    # Only topics with a public release are offered, named in the page's language.
    assert '<option value="ai" selected>人工智能</option>' in html
    assert 'value="property"' not in html
    assert '<option value="2025">2025</option>' in html
    assert "找到 6 篇新聞稿" in html


def test_the_index_keeps_the_filters_when_switching_language(
    archive: list[Release], anonymous: Client
) -> None:
    html = _get(anonymous, "/en/?topic=ai&year=2023")
    assert 'href="/zh-hant/?topic=ai&amp;year=2023"' in html


# --- Search -------------------------------------------------------------------------------------


@pytest.fixture
def searchable(db: None) -> dict[str, Release]:
    def release(headline_en: str, body_en: str, headline_zh: str, body_zh: str) -> Release:
        made = ReleaseFactory.create(status=Release.Status.PUBLISHED)
        ReleaseTranslationFactory.create(release=made, headline=headline_en, body=body_en)
        ReleaseTranslationFactory.create(
            release=made, zh_hant=True, headline=headline_zh, body=body_zh
        )
        return made

    return {
        "fintech": release(
            "Fintech week opens",
            "<p>Start-ups meet investors.</p>",
            "金融科技周開幕",
            "<p>初創與投資者會面。</p>",
        ),
        "ai": release(
            "AI supercomputer expands",
            "<p>Capacity grows by 100% this year.</p>",
            "人工智能超算中心擴建",
            "<p>算力今年倍增。</p>",
        ),
    }


@pytest.mark.parametrize(
    ("language", "query", "found"),
    [
        pytest.param("en", "fintech", {"fintech"}, id="English headline, any case"),
        pytest.param("zh-hant", "Supercomputer", {"ai"}, id="English word on the Chinese site"),
        pytest.param("en", "超算", {"ai"}, id="Chinese word inside a longer word"),
        pytest.param("en", "投資者", {"fintech"}, id="Chinese body text"),
        pytest.param("en", "investors", {"fintech"}, id="English body text"),
        pytest.param("en", "100%", {"ai"}, id="a percent sign is literal"),
        pytest.param("en", "10_%", set(), id="so is an underscore"),
        pytest.param("en", "nothing like this", set(), id="no match"),
    ],
)
def test_search_finds_releases_by_headline_and_body_in_both_languages(
    searchable: dict[str, Release], anonymous: Client, language: str, query: str, found: set[str]
) -> None:
    html = _get(anonymous, f"/{language}/?q={query.replace('%', '%25')}")
    assert set(_listed(html)) == {searchable[name].pk for name in found}
    if not found:
        assert "No release matches" in html or "沒有相符的新聞稿" in html


def test_search_does_not_find_what_is_not_public(db: None, anonymous: Client) -> None:
    hidden = ReleaseFactory.create(status=Release.Status.APPROVED)
    ReleaseTranslationFactory.create(release=hidden, headline="Secret merger")
    assert _listed(_get(anonymous, "/en/?q=merger")) == []


def test_search_results_are_newest_first_and_paged(
    archive: list[Release], anonymous: Client
) -> None:
    """Every archive release says "Innovation cluster" (the factory's headline)."""
    newest_first = [
        r.pk for r in sorted(archive, key=lambda r: (r.release_date, r.pk), reverse=True)
    ]
    first = _get(anonymous, "/en/?q=innovation+cluster")
    second = _get(anonymous, "/en/?q=innovation+cluster&page=2")
    assert _listed(first) == newest_first[:20]
    assert _listed(second) == newest_first[20:]
    assert "23 releases found" in first
    assert 'href="?q=innovation+cluster&amp;page=2"' in first


def test_a_simplified_chinese_site_shows_the_traditional_chinese_text_before_the_english(
    gii: Release, anonymous: Client, settings: Settings
) -> None:
    """PRESSROOM_LANGUAGES may switch zh-hans on; releases are written in zh-hant and en."""
    settings.LANGUAGES = [*settings.LANGUAGES, ("zh-hans", "简体中文")]
    html = _get(anonymous, _page(gii, "zh-hans"))
    assert "<h1>集群登上《2025 年全球創新指數》首位</h1>" in html
    assert '<article class="release" lang="zh-Hant">' in html

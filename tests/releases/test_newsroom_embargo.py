"""Nothing before the embargo, on any surface (DESIGN.md rule 2). One second before the embargo
every newsroom surface answers as if the release did not exist; at the embargo and after it, all
of them show it together. No worker runs in these tests: visibility is computed, not published."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client

from releases.models import Asset, Release
from tests.factories import (
    AssetFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    UploadedPhotoFactory,
)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT
SECOND = timedelta(seconds=1)
MOMENTS = [
    pytest.param(EMBARGO - SECOND, False, id="1 s before"),
    pytest.param(EMBARGO, True, id="at the embargo"),
    pytest.param(EMBARGO + SECOND, True, id="1 s after"),
]
PERSONAS = ["anonymous", "rita"]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Newsroom:
    release: Release
    photo: Asset
    neighbours: list[Release]


@pytest.fixture
def newsroom(db: None) -> Newsroom:
    """An embargoed, scheduled release with a photo and a video, between two releases that are
    not public (a draft just before it, and one whose embargo lifts a day later)."""
    with time_machine.travel(EMBARGO - timedelta(days=2), tick=False):
        draft = ReleaseFactory.create(status=Release.Status.DRAFT, bilingual=True)
        release = ReleaseFactory.create(
            status=Release.Status.SCHEDULED,
            release_type=Release.ReleaseType.EMBARGOED,
            embargo_until=EMBARGO,
            slug="gii-2025-cluster-ranking",
        )
        ReleaseTranslationFactory.create(
            release=release, language="en", headline="Quasar cluster tops the innovation index"
        )
        ReleaseTranslationFactory.create(
            release=release, zh_hant=True, headline="星雲集群登上創新指數榜首"
        )
        later = ReleaseFactory.create(
            status=Release.Status.SCHEDULED,
            embargoed=True,
            embargo_until=EMBARGO + timedelta(days=1),
            bilingual=True,
        )
        photo = UploadedPhotoFactory.create(release=release)
        AssetFactory.create(release=release, kind=Asset.Kind.VIDEO)
    return Newsroom(release=release, photo=photo, neighbours=[draft, later])


@dataclass
class Surface:
    name: str
    url: str
    shows: Callable[[bytes, Newsroom], bool] | None = None  # None: the answer itself is it
    visible_status: int = 200


def _release_link(newsroom: Newsroom) -> str:
    return f"/releases/{newsroom.release.pk}-{newsroom.release.slug}/"


def _in_html(content: bytes, newsroom: Newsroom) -> bool:
    return _release_link(newsroom).encode() in content


def _in_rss(content: bytes, newsroom: Newsroom) -> bool:
    root = ET.fromstring(content)  # noqa: S314 -- our own output
    return any(_release_link(newsroom) in (link.text or "") for link in root.iter("link"))


def _in_atom(content: bytes, newsroom: Newsroom) -> bool:
    root = ET.fromstring(content)  # noqa: S314 -- our own output
    return any(_release_link(newsroom) in link.get("href", "") for link in root.iter(f"{ATOM}link"))


def _in_sitemap(content: bytes, newsroom: Newsroom) -> bool:
    root = ET.fromstring(content)  # noqa: S314 -- our own output
    return any(_release_link(newsroom) in (loc.text or "") for loc in root.iter(f"{SITEMAP}loc"))


def surfaces(newsroom: Newsroom) -> list[Surface]:
    release, photo = newsroom.release, newsroom.photo
    page = _release_link(newsroom)
    return [
        Surface("page (en)", f"/en{page}"),
        Surface("page (zh-hant)", f"/zh-hant{page}"),
        Surface("page by id (en)", f"/en/releases/{release.pk}/", visible_status=301),
        Surface("page by id (zh-hant)", f"/zh-hant/releases/{release.pk}/", visible_status=301),
        Surface("asset page", f"/en{page}assets/{photo.pk}/"),
        Surface("asset page (zh-hant)", f"/zh-hant{page}assets/{photo.pk}/"),
        Surface("asset file", f"/files/{photo.pk}/original/{photo.filename}"),
        Surface("thumbnail", f"/files/{photo.pk}/w480.jpg"),
        Surface("Open Graph image", f"/files/{photo.pk}/w1200.jpg"),
        Surface("index (en)", "/en/", _in_html),
        Surface("index (zh-hant)", "/zh-hant/", _in_html),
        Surface("search, English word", "/en/?q=quasar", _in_html),
        Surface("search, Chinese word", "/en/?q=" + quote("星雲"), _in_html),
        Surface("search from the Chinese index", "/zh-hant/?q=" + quote("星雲集群"), _in_html),
        Surface("RSS (en)", "/en/feed/rss/", _in_rss),
        Surface("RSS (zh-hant)", "/zh-hant/feed/rss/", _in_rss),
        Surface("Atom (en)", "/en/feed/atom/", _in_atom),
        Surface("Atom (zh-hant)", "/zh-hant/feed/atom/", _in_atom),
        Surface("sitemap file", "/sitemap-1.xml", _in_sitemap),
    ]


def visible(client: Client, surface: Surface, newsroom: Newsroom) -> bool:
    response = client.get(surface.url)
    content = response.getvalue()
    if surface.shows is not None:  # a list: always there, the release in it or not
        assert response.status_code == 200, surface.name
        assert response["Cache-Control"].startswith("public, max-age="), surface.name
        return surface.shows(content, newsroom)
    if response.status_code in {404, 410}:  # 410: the notice a withdrawn release leaves
        assert response["Cache-Control"] == "private, no-store", surface.name
        return False
    assert response.status_code == surface.visible_status, surface.name
    assert response["Cache-Control"].startswith("public, max-age="), surface.name
    return True


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("moment", "public"), MOMENTS)
def test_it_shows_the_release_on_every_surface_exactly_from_its_embargo(
    newsroom: Newsroom, persona: str, moment: datetime, public: bool, request: pytest.FixtureRequest
) -> None:
    client: Client = request.getfixturevalue(persona)
    with time_machine.travel(moment, tick=False):
        seen = {s.name: visible(client, s, newsroom) for s in surfaces(newsroom)}
    assert seen == dict.fromkeys(seen, public)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("moment", "public"), MOMENTS)
def test_it_answers_every_probe_exactly_as_it_answers_an_unknown_address(
    newsroom: Newsroom, persona: str, moment: datetime, public: bool, request: pytest.FixtureRequest
) -> None:
    """Neighbouring ids, the other language, a guessed slug: the same bytes as an address that
    never existed, so nobody learns a release exists before it is public."""
    client: Client = request.getfixturevalue(persona)
    release = newsroom.release
    probes = [
        f"/{language}/releases/{other.pk}{suffix}"
        for other in newsroom.neighbours
        for language in ("en", "zh-hant")
        for suffix in (f"-{other.slug}/", "/")
    ]
    probes += [
        f"/en/releases/{release.pk + 100}-{release.slug}/",  # the slug, with an id next door
        f"/files/{newsroom.photo.pk + 1}/w480.jpg",
    ]
    if not public:
        probes += [
            f"/en/releases/{release.pk}-{release.slug}/",
            f"/zh-hant/releases/{release.pk}-{release.slug}/",
            f"/en/releases/{release.pk}-guessed-slug/",
            f"/en/releases/{release.pk}-guessed-slug/assets/{newsroom.photo.pk}/",
        ]
    with time_machine.travel(moment, tick=False):
        unknown = {
            language: client.get(f"/{language}/releases/987654-no-such-release/")
            for language in ("en", "zh-hant")
        }
        unknown["files"] = client.get("/files/987654/w480.jpg")
        assert {response.status_code for response in unknown.values()} == {404}
        for url in probes:
            response = client.get(url)
            assert response.status_code == 404, url
            assert response.content == unknown[url.split("/")[1]].content, url
            assert response["Cache-Control"] == "private, no-store", url


def test_a_list_s_cache_lifetime_says_nothing_about_an_embargo_to_come(
    newsroom: Newsroom, anonymous: Client
) -> None:
    """Security review: a max-age counting down to the next lift told anyone reading the header
    that an embargoed release exists and when it lifts. The lists' lifetime is fixed and short
    (30 s), the same a minute, a day or no time before a lift; a page keeps its five minutes."""
    lists = ("/en/", "/zh-hant/feed/rss/", "/en/feed/atom/", "/sitemap.xml", "/sitemap-1.xml")
    for before in (timedelta(days=1), timedelta(minutes=1), timedelta(seconds=10)):
        with time_machine.travel(EMBARGO - before, tick=False):
            for url in lists:
                assert anonymous.get(url)["Cache-Control"] == "public, max-age=30", url
    with time_machine.travel(EMBARGO + SECOND, tick=False):
        assert anonymous.get("/en/")["Cache-Control"] == "public, max-age=30"
        page = anonymous.get(f"/en{_release_link(newsroom)}")
        assert page["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("status", [s for s in Release.Status if s not in Release.PUBLIC_STATUSES])
def test_it_never_shows_a_release_that_is_not_scheduled_or_published(
    newsroom: Newsroom, anonymous: Client, status: str
) -> None:
    Release.objects.filter(pk=newsroom.release.pk).update(status=status)
    with time_machine.travel(EMBARGO + timedelta(days=30), tick=False):
        seen = {s.name: visible(anonymous, s, newsroom) for s in surfaces(newsroom)}
    assert not any(seen.values()), seen

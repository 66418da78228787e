"""A withdrawn release disappears from every list and file at once and leaves a short notice at
its address (410 Gone), without its content."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from releases.models import Asset, Release
from tests.factories import PublicReleaseFactory, ReleaseFactory, UploadedPhotoFactory

NOW = datetime(2025, 9, 2, 2, 0, tzinfo=UTC)


@pytest.fixture
def withdrawn(db: None) -> tuple[Release, Asset]:
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        release = PublicReleaseFactory.create(slug="retracted-figures")
        photo = UploadedPhotoFactory.create(release=release)
    Release.objects.filter(pk=release.pk).update(status=Release.Status.WITHDRAWN)
    return release, photo


def test_it_leaves_a_notice_at_the_address_and_nothing_of_the_release(
    withdrawn: tuple[Release, Asset], anonymous: Client
) -> None:
    release, _photo = withdrawn
    with time_machine.travel(NOW, tick=False):
        english = anonymous.get(f"/en/releases/{release.pk}-{release.slug}/")
        chinese = anonymous.get(f"/zh-hant/releases/{release.pk}-{release.slug}/")
    assert english.status_code == chinese.status_code == 410
    assert "The issuer has withdrawn this press release." in english.content.decode()
    assert "發布機構已撤回此新聞稿" in chinese.content.decode()
    assert english["Cache-Control"] == "private, no-store"
    assert release.headline() not in english.content.decode()


def test_it_disappears_from_every_list_and_file(
    withdrawn: tuple[Release, Asset], anonymous: Client
) -> None:
    release, photo = withdrawn
    with time_machine.travel(NOW, tick=False):
        for url in [
            "/en/",
            "/en/?q=Innovation",
            "/zh-hant/feed/rss/",
            "/en/feed/atom/",
            "/sitemap.xml",
            "/sitemap-1.xml",
        ]:
            assert f"/releases/{release.pk}-".encode() not in anonymous.get(url).content, url
        for url in [
            f"/en/releases/{release.pk}/",  # by id: no notice, the slug is not given away
            f"/en/releases/{release.pk}-{release.slug}/assets/{photo.pk}/",
            f"/files/{photo.pk}/original/{photo.filename}",
            f"/files/{photo.pk}/w480.jpg",
            f"/files/{photo.pk}/w1200.jpg",
        ]:
            assert anonymous.get(url).status_code == 404, url


def test_a_release_withdrawn_under_embargo_is_an_unknown_address_until_the_embargo(
    db: None, anonymous: Client
) -> None:
    release = ReleaseFactory.create(
        status=Release.Status.WITHDRAWN, embargoed=True, embargo_until=NOW, bilingual=True
    )
    address = f"/en/releases/{release.pk}-{release.slug}/"
    with time_machine.travel(NOW - timedelta(seconds=1), tick=False):
        assert anonymous.get(address).status_code == 404
    with time_machine.travel(NOW, tick=False):
        assert anonymous.get(address).status_code == 410


def test_a_wrong_slug_for_a_withdrawn_release_is_an_unknown_address(
    withdrawn: tuple[Release, Asset], anonymous: Client
) -> None:
    release, _photo = withdrawn
    with time_machine.travel(NOW, tick=False):
        assert anonymous.get(f"/en/releases/{release.pk}-guess/").status_code == 404

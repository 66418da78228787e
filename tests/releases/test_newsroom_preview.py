"""A PR officer previews a release on the newsroom exactly as it will look, with a banner saying
it is not public yet. Only staff who may view releases see it; nobody caches it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from releases.models import Asset, Release
from tests.factories import (
    ReleaseFactory,
    ReleaseTranslationFactory,
    UploadedPhotoFactory,
    UserFactory,
)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 HKT
BEFORE = EMBARGO - timedelta(hours=3)


@pytest.fixture
def embargoed(db: None) -> tuple[Release, Asset]:
    with time_machine.travel(BEFORE - timedelta(days=1), tick=False):
        release = ReleaseFactory.create(
            status=Release.Status.SCHEDULED, embargoed=True, embargo_until=EMBARGO, slug="gii"
        )
        ReleaseTranslationFactory.create(release=release, headline="Cluster ranked first")
        ReleaseTranslationFactory.create(release=release, zh_hant=True, headline="集群奪全球第一")
        photo = UploadedPhotoFactory.create(release=release)
    return release, photo


def test_an_officer_sees_the_page_with_an_embargo_banner(
    embargoed: tuple[Release, Asset], olive: Client
) -> None:
    release, photo = embargoed
    with time_machine.travel(BEFORE, tick=False):
        response = olive.get(f"/en/preview/{release.pk}/")
        chinese = olive.get(f"/zh-hant/preview/{release.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "EMBARGOED — not public until 1 Sep 2025 10:00 HKT" in html
    assert "<h1>Cluster ranked first</h1>" in html
    assert "For immediate release" in html  # what the public will see at the embargo
    assert "<h1>集群奪全球第一</h1>" in chinese.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    # Its photos come through staff-only addresses, which work before the embargo…
    assert f'src="/preview/files/{photo.pk}/w480.jpg"' in html
    with time_machine.travel(BEFORE, tick=False):
        thumbnail = olive.get(f"/preview/files/{photo.pk}/w480.jpg")
        original = olive.get(f"/preview/files/{photo.pk}/original/{photo.filename}")
        asset_page = olive.get(f"/en/preview/{release.pk}/assets/{photo.pk}/")
        # …while the public ones stay shut, for the officer too.
        public_thumbnail = olive.get(f"/files/{photo.pk}/w480.jpg")
    assert thumbnail.status_code == original.status_code == asset_page.status_code == 200
    assert thumbnail["Cache-Control"] == "private, no-store"
    assert public_thumbnail.status_code == 404


def test_the_banner_says_when_a_release_will_not_appear_by_itself(
    embargoed: tuple[Release, Asset], olive: Client
) -> None:
    release, _photo = embargoed
    Release.objects.filter(pk=release.pk).update(status=Release.Status.APPROVED)
    with time_machine.travel(EMBARGO + timedelta(days=1), tick=False):
        html = olive.get(f"/en/preview/{release.pk}/").content.decode()
    assert "NOT PUBLIC — this release is “Approved”" in html


def test_an_anonymous_visitor_is_asked_to_log_in(
    embargoed: tuple[Release, Asset], anonymous: Client
) -> None:
    release, photo = embargoed
    with time_machine.travel(BEFORE, tick=False):
        for url in [f"/en/preview/{release.pk}/", f"/preview/files/{photo.pk}/w480.jpg"]:
            response = anonymous.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/?next="), url
            assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize("who", ["rita", "staff without the view permission"])
def test_anyone_else_gets_the_newsrooms_404(
    embargoed: tuple[Release, Asset], rita: Client, who: str
) -> None:
    client = rita
    if who != "rita":
        client = Client()
        client.force_login(UserFactory.create(username="intern", is_staff=True))
    release, photo = embargoed
    with time_machine.travel(BEFORE, tick=False):
        for url in [
            f"/en/preview/{release.pk}/",
            f"/zh-hant/preview/{release.pk}/assets/{photo.pk}/",
            f"/preview/files/{photo.pk}/w480.jpg",
            f"/preview/files/{photo.pk}/original/{photo.filename}",
        ]:
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"EMBARGOED" not in response.content


def test_the_admin_offers_a_preview_link_per_language(
    embargoed: tuple[Release, Asset], db: None
) -> None:
    release, _photo = embargoed
    officer = Client()
    officer.force_login(UserFactory.create(username="admin", is_superuser=True))
    html = officer.get(f"/admin/pressroom/release/{release.pk}/change/").content.decode()
    assert f'href="/en/preview/{release.pk}/"' in html
    assert f'href="/zh-hant/preview/{release.pk}/"' in html
    assert "Preview on newsroom (繁體中文)" in html


def test_the_preview_only_answers_get(embargoed: tuple[Release, Asset], olive: Client) -> None:
    release, _photo = embargoed
    assert olive.post(f"/en/preview/{release.pk}/").status_code == 405

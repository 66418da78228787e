"""Bad input on the newsroom gets a 404 or a 400, never a 500 (the test client re-raises any
exception a view lets out) and never a file from outside the asset store."""

import pytest
from django.test import Client

from releases.models import Asset, Release
from tests.factories import PublicReleaseFactory, UploadedPhotoFactory

KB = 1024


@pytest.fixture
def public(db: None) -> tuple[Release, Asset]:
    release = PublicReleaseFactory.create(slug="gii")
    return release, UploadedPhotoFactory.create(release=release)


def bad_addresses(release: Release, photo: Asset) -> list[tuple[str, int]]:
    r, p = release.pk, photo.pk
    return [
        # Unknown slugs and mangled ids
        ("/en/releases/not-a-release/", 404),
        (f"/en/releases/{r}-unknown-slug/assets/{p + 1}/", 404),
        ("/en/releases/99999999999999999999999-gii/", 404),  # more than a database id holds
        ("/en/releases/9223372036854775807-gii/", 404),  # the largest bigint, 19 digits
        ("/en/releases/999999999999999999-gii/", 404),  # 18 digits: looked up, not found
        ("/en/releases/-1-gii/", 404),
        ("/en/releases/1.5-gii/", 404),
        ("/en/releases/%EF%BC%91-gii/", 404),  # a full-width digit one
        (f"/en/releases/{r}-%00/", 404),
        (f"/en/releases/{r}-%3Cscript%3E/", 404),
        (f"/en/releases/{r}-gii/assets/abc/", 404),
        (f"/en/releases/{r}/extra/", 404),
        # Languages that do not exist, or are not switched on
        ("/xx/", 404),
        ("/zh-hans/", 404),
        ("/zh/", 404),
        ("/EN/", 404),
        (f"/fr/releases/{r}-gii/", 404),
        ("/en-gb/feed/rss/", 404),
        # Query strings: too long, NUL bytes, nonsense values
        ("/en/?q=" + "x" * 10 * KB, 400),
        ("/en/?q=" + "創" * 201, 400),
        ("/en/?utm=" + "x" * 10 * KB, 400),
        ("/en/feed/rss/?" + "a=b&" * 3 * KB, 400),
        ("/sitemap.xml?x=" + "y" * 10 * KB, 400),
        (f"/files/{p}/w480.jpg?" + "z" * 10 * KB, 400),
        ("/en/?q=%00", 400),
        ("/en/?topic=%00", 400),
        ("/en/?year=abcd", 400),
        ("/en/?year=0000", 400),
        ("/en/?year=9999", 400),
        ("/en/?year=20255", 400),
        ("/en/?topic=no-such-topic", 404),
        ("/en/?page=abc", 404),
        ("/en/?page=0", 404),
        ("/en/?page=-1", 404),
        ("/en/?page=99999999999999999999999", 404),
        # Path traversal and other names for an asset's file
        (f"/files/{p}/original/..%2F..%2Fpressroom%2Fsettings.py", 404),
        (f"/files/{p}/original/../../pressroom/settings.py", 404),
        (f"/files/{p}/original/%2e%2e", 404),
        (f"/files/{p}/original/..", 404),
        (f"/files/{p}/original/", 404),
        (f"/files/{p}/original/{photo.filename}%00.txt", 404),
        (f"/files/{p}/original/%2Fetc%2Fpasswd", 404),
        (f"/files/{p}/original/{photo.file.name.replace('/', '%2F')}", 404),
        (f"/files/{p}/original/..%5C..%5Csettings.py", 404),
        ("/files/../pressroom/settings.py", 404),
        ("/files/abc/w480.jpg", 404),
        (f"/files/{p}/w480.png", 404),
        (f"/files/{p}/w-480.jpg", 404),
        ("/media/../pressroom/settings.py", 404),
        (f"/media/{photo.file.name}", 404),
    ]


def test_every_bad_address_gets_a_404_or_a_400_and_no_file(
    public: tuple[Release, Asset], anonymous: Client
) -> None:
    answers = {}
    for url, _expected in bad_addresses(*public):
        response = anonymous.get(url)
        answers[url[:80]] = response.status_code
        body = response.getvalue()
        assert b"SECRET_KEY" not in body, url
        assert b"root:x:" not in body, url
        if response.status_code in {400, 404}:
            assert response["Cache-Control"] == "private, no-store", url
    assert answers == {url[:80]: expected for url, expected in bad_addresses(*public)}


def test_ordinary_tracking_parameters_do_not_get_in_the_way(
    public: tuple[Release, Asset], anonymous: Client
) -> None:
    release, _photo = public
    response = anonymous.get(f"/en/releases/{release.pk}-gii/?utm_source=newsletter&fbclid=x")
    assert response.status_code == 200


def test_the_newsroom_only_answers_get_and_head(
    public: tuple[Release, Asset], anonymous: Client
) -> None:
    release, photo = public
    page = f"/en/releases/{release.pk}-gii/"
    assert anonymous.head(page).status_code == 200
    for url in [page, "/en/", f"/files/{photo.pk}/w480.jpg", "/en/feed/rss/", "/sitemap.xml"]:
        assert anonymous.post(url).status_code == 405, url

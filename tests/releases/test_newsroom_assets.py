"""Photos and files of public releases, served only through the newsroom's views: thumbnails made
on demand and kept on disk, originals as downloads, nothing from a static path, and nothing
outside the asset store whatever the database or the address says."""

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, resolve
from PIL import Image

from releases.models import Asset, Release
from tests.factories import AssetFactory, PublicReleaseFactory, UploadedPhotoFactory


@pytest.fixture
def release(db: None) -> Release:
    return PublicReleaseFactory.create()


def _image(response: object) -> Image.Image:
    return Image.open(io.BytesIO(response.getvalue()))  # type: ignore[attr-defined]


def _upload(release: Release, name: str, content: bytes, kind: str = Asset.Kind.PHOTO) -> Asset:
    asset = Asset(release=release, kind=kind, caption_en=name)
    asset.file.save(name, ContentFile(content), save=True)
    return asset


@pytest.mark.parametrize("width", [480, 1200])
def test_it_serves_a_thumbnail_of_the_photo_at_the_width_asked(
    release: Release, anonymous: Client, width: int
) -> None:
    photo = UploadedPhotoFactory.create(release=release)  # 1600 x 1067
    response = anonymous.get(f"/files/{photo.pk}/w{width}.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    image = _image(response)
    assert image.format == "JPEG"
    assert image.width == width
    assert abs(image.height - width * 1067 / 1600) <= 1


def test_it_keeps_thumbnails_on_disk_and_makes_them_once(
    release: Release, anonymous: Client, asset_store: Path
) -> None:
    photo = UploadedPhotoFactory.create(release=release)
    assert anonymous.get(f"/files/{photo.pk}/w480.jpg").status_code == 200
    kept = list((asset_store / "thumbnails" / str(photo.pk)).glob("*-w480.jpg"))
    assert len(kept) == 1
    Path(photo.file.path).unlink()  # the original is gone: the kept thumbnail still serves
    assert anonymous.get(f"/files/{photo.pk}/w480.jpg").status_code == 200


def test_it_never_enlarges_a_small_photo_and_flattens_transparency_onto_white(
    release: Release, anonymous: Client
) -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, "PNG")
    logo = _upload(release, "logo.png", buffer.getvalue())
    image = _image(anonymous.get(f"/files/{logo.pk}/w1200.jpg"))
    assert image.size == (300, 200)
    assert image.getpixel((10, 10)) == (255, 255, 255)


def test_it_downloads_the_original_under_its_own_name(release: Release, anonymous: Client) -> None:
    photo = UploadedPhotoFactory.create(release=release, file__filename="GII 2025 photo.jpg")
    response = anonymous.get(f"/files/{photo.pk}/original/{photo.filename}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{photo.filename}"'
    assert response.getvalue() == Path(photo.file.path).read_bytes()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<script>alert(document.cookie)</script>"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ],
)
def test_an_uploaded_page_or_drawing_is_a_download_never_a_page_of_this_site(
    release: Release, anonymous: Client, name: str, content: bytes
) -> None:
    asset = _upload(release, name, content, kind=Asset.Kind.DOCUMENT)
    response = anonymous.get(f"/files/{asset.pk}/original/{asset.filename}")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert anonymous.get(f"/files/{asset.pk}/w480.jpg").status_code == 404


def test_a_broken_photo_has_no_thumbnail_but_still_downloads(
    release: Release, anonymous: Client
) -> None:
    broken = _upload(release, "broken.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    assert anonymous.get(f"/files/{broken.pk}/w480.jpg").status_code == 404
    assert anonymous.get(f"/files/{broken.pk}/original/broken.jpg").status_code == 200


def test_a_file_missing_from_the_store_is_a_404(release: Release, anonymous: Client) -> None:
    photo = UploadedPhotoFactory.create(release=release)
    Path(photo.file.path).unlink()
    assert anonymous.get(f"/files/{photo.pk}/original/{photo.filename}").status_code == 404
    assert anonymous.get(f"/files/{photo.pk}/w480.jpg").status_code == 404


@pytest.mark.parametrize("width", [1, 100, 481, 4800, 99999999])
def test_it_makes_thumbnails_only_at_the_widths_it_offers(
    release: Release, anonymous: Client, width: int
) -> None:
    photo = UploadedPhotoFactory.create(release=release)
    assert anonymous.get(f"/files/{photo.pk}/w{width}.jpg").status_code == 404


@pytest.mark.parametrize(
    "stored_name", ["../../pressroom/settings.py", "/etc/passwd", "assets/../../../etc/passwd"]
)
def test_a_stored_name_pointing_outside_the_store_serves_nothing(
    release: Release, anonymous: Client, stored_name: str
) -> None:
    asset = AssetFactory.create(release=release)
    Asset.objects.filter(pk=asset.pk).update(file=stored_name, external_url="")
    asset.refresh_from_db()
    for url in [f"/files/{asset.pk}/original/{asset.filename}", f"/files/{asset.pk}/w480.jpg"]:
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert b"SECRET_KEY" not in response.getvalue()
        assert b"root:" not in response.getvalue()


def test_uploads_are_not_served_from_their_storage_address(
    release: Release, anonymous: Client
) -> None:
    """MEDIA_URL serves nothing, with DEBUG on or off: a file's only way out is the view."""
    photo = UploadedPhotoFactory.create(release=release)
    assert photo.file.url.startswith("/media/assets/")
    with pytest.raises(Resolver404):
        resolve(photo.file.url)
    assert anonymous.get(photo.file.url).status_code == 404


def test_the_asset_page_shows_the_large_photo_caption_and_download(
    release: Release, anonymous: Client
) -> None:
    photo = UploadedPhotoFactory.create(
        release=release, caption_en="Chairman at the podium", caption_zh_hant="主席在台上"
    )
    html = anonymous.get(
        f"/zh-hant/releases/{release.pk}-{release.slug}/assets/{photo.pk}/"
    ).content.decode()
    assert f'<img class="asset-image" src="/files/{photo.pk}/w1200.jpg" alt="主席在台上">' in html
    assert f'href="/files/{photo.pk}/original/{photo.filename}"' in html
    assert "下載原檔 (JPG)" in html
    assert f'href="/zh-hant/releases/{release.pk}-{release.slug}/"' in html


def test_an_external_link_that_is_not_http_is_not_linked(
    release: Release, anonymous: Client
) -> None:
    asset = AssetFactory.create(release=release, kind=Asset.Kind.VIDEO)
    Asset.objects.filter(pk=asset.pk).update(external_url="javascript:alert(1)")
    html = anonymous.get(f"/en/releases/{release.pk}-{release.slug}/").content.decode()
    assert "javascript:" not in html

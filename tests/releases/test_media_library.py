"""The release's media on the newsroom: credit, licence and a description for screen readers in
each language; an asset whose licence expired leaves every surface; the press kit (every
original and a bilingual captions file in one ZIP) is built ahead of the embargo by the tick,
is not found before the embargo, and is one click after it; renditions carry no EXIF or GPS."""

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from releases.models import Asset, Release
from releases.newsroom import newsroom_tick
from releases.presskit import presskit_path
from tests.factories import (
    AssetFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    UploadedPhotoFactory,
)
from tests.media_files import photo_with_gps

pytestmark = pytest.mark.django_db

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 HKT
BEFORE = EMBARGO - timedelta(minutes=5)
AFTER = EMBARGO + timedelta(minutes=1)


@pytest.fixture
def release() -> Release:
    with time_machine.travel(BEFORE - timedelta(days=1), tick=False):
        made = ReleaseFactory.create(
            status=Release.Status.SCHEDULED, embargoed=True, embargo_until=EMBARGO, slug="gii"
        )
        ReleaseTranslationFactory.create(release=made, headline="Cluster ranked first")
        ReleaseTranslationFactory.create(release=made, zh_hant=True, headline="集群奪全球第一")
        chairman = Asset(
            release=made, kind=Asset.Kind.PHOTO, order=0, caption_en="The chairman speaks",
            caption_zh_hant="主席致辭", alt_en="The chairman at a lectern before a blue wall",
            alt_zh_hant="主席在藍色背景前的講台發言", credit="Photo: Harbourfront Park",
            licence=Asset.Licence.EDITORIAL,
        )  # fmt: skip
        chairman.file.save("chairman.jpg", ContentFile(photo_with_gps()), save=True)
        UploadedPhotoFactory.create(
            release=made, order=1, caption_en="Old map", caption_zh_hant="舊地圖",
            licence_expires=date(2025, 8, 31),  # expired the day before
        )  # fmt: skip
        AssetFactory.create(
            release=made, order=2, kind=Asset.Kind.VIDEO, caption_en="Ceremony video",
            caption_zh_hant="典禮影片", external_url="https://video.example.com/gii",
        )  # fmt: skip
    return made


def page(client: Client, release: Release, language: str = "en") -> str:
    return client.get(f"/{language}/releases/{release.pk}-{release.slug}/").content.decode()


def test_credit_licence_and_descriptions_in_each_language(release: Release) -> None:
    with time_machine.travel(AFTER, tick=False):
        english, chinese = page(Client(), release), page(Client(), release, "zh-hant")

    assert 'alt="The chairman at a lectern before a blue wall"' in english
    assert "Credit: Photo: Harbourfront Park · Editorial use only" in english
    assert 'alt="主席在藍色背景前的講台發言"' in chinese
    assert "僅供新聞報道使用" in chinese


def test_an_expired_licence_takes_the_asset_off_every_surface(release: Release) -> None:
    old_map = release.assets.get(caption_en="Old map")
    client = Client()
    with time_machine.travel(AFTER, tick=False):
        html = page(client, release)
        assert "Old map" not in html
        assert "The chairman speaks" in html
        base = f"/en/releases/{release.pk}-{release.slug}"
        assert client.get(f"{base}/assets/{old_map.pk}/").status_code == 404
        assert client.get(f"/files/{old_map.pk}/original/{old_map.filename}").status_code == 404
        assert client.get(f"/files/{old_map.pk}/w480.jpg").status_code == 404


def test_the_press_kit_is_built_ahead_hidden_until_the_embargo_and_one_click_after(
    release: Release,
) -> None:
    client = Client()
    url = f"/files/releases/{release.pk}/presskit.zip"
    with time_machine.travel(BEFORE, tick=False):
        newsroom_tick(at=BEFORE)  # the beat, five minutes before the lift
        assert presskit_path(release, at=BEFORE).exists()  # built, kept privately
        hidden = client.get(url)
        assert hidden.status_code == 404
        assert hidden["Cache-Control"] == "private, no-store"

    with time_machine.travel(AFTER, tick=False):
        response = client.get(url)
        assert 'href="/files/releases/' in page(client, release)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f'filename="presskit-{release.pk}-gii.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    assert sorted(archive.namelist()) == ["01-chairman.jpg", "captions.txt"]  # not the old map
    assert archive.read("01-chairman.jpg") == release.assets.get(order=0).file.open("rb").read()
    captions = archive.read("captions.txt").decode()
    assert "集群奪全球第一" in captions
    assert "主席致辭" in captions
    assert "Cluster ranked first" in captions
    assert "The chairman speaks" in captions
    assert "https://video.example.com/gii" in captions  # a linked video, by its link
    assert "Photo: Harbourfront Park" in captions


def test_renditions_carry_no_exif_or_location(release: Release) -> None:
    chairman = release.assets.get(order=0)
    with Image.open(chairman.file.open("rb")) as original:
        assert original.getexif()  # the upload has them
    with time_machine.travel(AFTER, tick=False):
        for path in ("w480.jpg", "w1200.jpg", "social.jpg", "print/chairman-print.jpg"):
            response = Client().get(f"/files/{chairman.pk}/{path}")
            assert response.status_code == 200
            data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
            with Image.open(io.BytesIO(data)) as rendition:
                assert not rendition.getexif()
                assert "exif" not in rendition.info

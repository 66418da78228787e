"""The images the newsroom makes of a release's media: a social card of exactly 1200 × 630 from a
photo of any shape, a full-size print JPEG without camera data or position, a poster frame for
an uploaded video (which plays on its page), and YouTube or Vimeo players that enter the page
only when a reader presses play. Before the embargo none of them is found."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.test import Client
from PIL import Image

from releases.models import Asset, NewsroomCount, Release
from releases.players import external_player
from tests.factories import PublicReleaseFactory, ReleaseFactory, ReleaseTranslationFactory
from tests.media_files import AFTER_A_SECOND, OPENING, photo_with_gps, video

pytestmark = pytest.mark.django_db

READER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0"


def upload(release: Release, name: str, content: bytes, kind: str = Asset.Kind.PHOTO) -> Asset:
    asset = Asset(release=release, kind=kind, caption_en=f"About {name}", caption_zh_hant="典禮")
    asset.file.save(name, ContentFile(content), save=True)
    return asset


def image_of(response: object) -> Image.Image:
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return Image.open(io.BytesIO(data))


def close_to(pixel: object, colour: tuple[int, int, int]) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= 12 for a, b in zip(pixel, colour, strict=False))


@pytest.mark.parametrize("size", [(1600, 1067), (800, 1200), (640, 200)])
def test_the_social_card_is_exactly_1200_by_630_whatever_the_photo_s_shape(
    size: tuple[int, int],
) -> None:
    photo = upload(PublicReleaseFactory.create(), "wide.jpg", photo_with_gps(size))

    response = Client().get(f"/files/{photo.pk}/social.jpg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    card = image_of(response)
    assert card.size == (1200, 630)
    assert not card.getexif()


def test_the_print_rendition_is_full_size_without_camera_data_or_position_and_downloads(
    ) -> None:  # fmt: skip
    release = PublicReleaseFactory.create()
    photo = upload(release, "chairman.jpg", photo_with_gps((2400, 1600), profile=True))
    client = Client(HTTP_USER_AGENT=READER)

    response = client.get(f"/files/{photo.pk}/print/chairman-print.jpg")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="chairman-print.jpg"'
    printed = image_of(response)
    assert printed.size == (2400, 1600)  # full resolution
    assert not printed.getexif()  # no camera, no GPS
    assert printed.info.get("icc_profile")  # the colours as shot
    assert client.get(f"/files/{photo.pk}/print/other.jpg").status_code == 404
    counted = NewsroomCount.objects.get(asset=photo)
    assert (counted.kind, counted.count) == (NewsroomCount.Kind.DOWNLOAD, 1)
    page = client.get(f"/en/releases/{release.pk}-{release.slug}/").content.decode()
    assert f'href="/files/{photo.pk}/print/chairman-print.jpg"' in page
    assert "Download for print (full-size JPEG)" in page


def test_an_uploaded_video_has_a_poster_frame_from_a_second_in_and_plays_on_its_page() -> None:
    release = PublicReleaseFactory.create()
    clip = upload(release, "ceremony.mp4", video("mp4"), kind=Asset.Kind.VIDEO)
    client = Client()

    poster = client.get(f"/files/{clip.pk}/w1200.jpg")
    thumbnail = client.get(f"/files/{clip.pk}/w480.jpg")
    card = client.get(f"/files/{clip.pk}/social.jpg")
    base = f"/zh-hant/releases/{release.pk}-{release.slug}"
    gallery = client.get(f"{base}/").content.decode()
    page = client.get(f"{base}/assets/{clip.pk}/").content.decode()

    assert poster.status_code == thumbnail.status_code == card.status_code == 200
    frame = image_of(poster)
    assert frame.size == (640, 360)  # never enlarged
    assert close_to(frame.getpixel((20, 20)), AFTER_A_SECOND)  # not the dark opening
    assert not close_to(frame.getpixel((20, 20)), OPENING)
    assert image_of(thumbnail).width == 480
    assert image_of(card).size == (1200, 630)
    assert f'class="gallery-thumb is-video" href="{base}/assets/{clip.pk}/"' in gallery
    assert f'src="/files/{clip.pk}/w480.jpg"' in gallery
    video_tag = re.search(r"<video [^>]*>", page)
    assert video_tag is not None
    assert f'poster="/files/{clip.pk}/w1200.jpg"' in video_tag.group()
    assert f'src="/files/{clip.pk}/original/ceremony.mp4"' in video_tag.group()
    assert 'preload="none"' in video_tag.group()
    assert "下載原檔 (MP4)" in page
    assert f'content="http://testserver/files/{clip.pk}/social.jpg"' in page  # og:image
    assert client.get(f"/files/{clip.pk}/original/ceremony.mp4").status_code == 200


def test_a_damaged_video_has_no_poster_but_its_page_and_file_still_work() -> None:
    release = PublicReleaseFactory.create()
    broken = video("mp4")[:64] + b"\0" * 4096  # an MP4's header, then nothing playable
    clip = upload(release, "broken.mp4", broken, kind=Asset.Kind.VIDEO)
    client = Client()

    assert client.get(f"/files/{clip.pk}/w1200.jpg").status_code == 404
    page = client.get(f"/en/releases/{release.pk}-{release.slug}/assets/{clip.pk}/")
    assert page.status_code == 200
    assert client.get(f"/files/{clip.pk}/original/broken.mp4").status_code == 200


def test_no_image_of_a_photo_or_video_is_found_before_the_embargo() -> None:
    embargo = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
    with time_machine.travel(embargo - timedelta(days=1), tick=False):
        release = ReleaseFactory.create(
            status=Release.Status.SCHEDULED, embargoed=True, embargo_until=embargo
        )
        ReleaseTranslationFactory.create(release=release, headline="Cluster ranked first")
        photo = upload(release, "chairman.jpg", photo_with_gps())
        clip = upload(release, "ceremony.webm", video("webm"), kind=Asset.Kind.VIDEO)
    addresses = [
        *(f"/files/{asset.pk}/{name}.jpg" for asset in (photo, clip) for name in
          ("w480", "w1200", "social")),
        f"/files/{photo.pk}/print/chairman-print.jpg",
        f"/files/{clip.pk}/print/ceremony-print.jpg",
        f"/files/{clip.pk}/original/ceremony.webm",
    ]  # fmt: skip
    client = Client()
    with time_machine.travel(embargo - timedelta(seconds=1), tick=False):
        assert [client.get(url).status_code for url in addresses] == [404] * len(addresses)
    with time_machine.travel(embargo, tick=False):
        assert [client.get(url).status_code for url in addresses] == [200] * len(addresses)


def test_a_youtube_video_enters_the_page_only_when_the_reader_presses_play() -> None:
    release = PublicReleaseFactory.create()
    link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42"
    clip = Asset.objects.create(
        release=release, kind=Asset.Kind.VIDEO, external_url=link, caption_zh_hant="典禮影片"
    )

    response = Client().get(f"/zh-hant/releases/{release.pk}-{release.slug}/assets/{clip.pk}/")

    page = response.content.decode()
    assert "<iframe" not in page
    # Nothing of the provider's is fetched by the page: no src= names another site.
    assert not re.findall(r'src="(?:https?:)?//', page)
    assert (
        'data-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0"'
        in page
    )
    assert f'class="player-start button" href="{link.replace("&", "&amp;")}"' in page  # no script
    assert "播放影片（YouTube）" in page
    assert "按下播放後才會載入 YouTube 的播放器" in page
    policy = response["Content-Security-Policy"]
    frame_src = re.search(r"frame-src ([^;]+)", policy)
    assert frame_src is not None
    assert "https://www.youtube-nocookie.com" in frame_src.group(1).split()
    assert "https://www.youtube.com" not in frame_src.group(1).split()


@pytest.mark.parametrize(
    ("link", "embed"),
    [
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "https://player.vimeo.com/video/76979871"),
        ("https://www.youtube.com/watch?v=short", None),  # not a video id
        ("https://www.youtube.com.evil.test/watch?v=dQw4w9WgXcQ", None),
        ("javascript:alert(1)//youtu.be/dQw4w9WgXcQ", None),
        ("https://drive.example.com/park/videos", None),
        ("https://vimeo.com/about", None),
    ],
)  # fmt: skip
def test_only_youtube_and_vimeo_video_links_get_a_player(link: str, embed: str | None) -> None:
    player = external_player(link)
    assert (player.embed_url.split("?")[0] if player else None) == embed

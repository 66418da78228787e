"""Videos on the newsroom in a real browser (chromium, headless): an uploaded video shows its
poster frame and plays from the newsroom's own file; a YouTube video's page contacts no site but
ours until the reader presses play, then the privacy-enhanced player enters the page, allowed by
the Content-Security-Policy."""

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from pytest_django.live_server_helper import LiveServer

from releases.models import Asset
from tests.browser.test_newsroom_browser import ARTEFACTS, browser  # noqa: F401 -- the fixture
from tests.factories import PublicReleaseFactory
from tests.media_files import video

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_uploaded_video_shows_its_poster_and_plays_and_youtube_waits_for_a_press(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    release = PublicReleaseFactory.create()
    clip = Asset(release=release, kind=Asset.Kind.VIDEO, caption_en="The ceremony")
    clip.file.save("ceremony.webm", ContentFile(video("webm")), save=True)
    youtube = Asset.objects.create(
        release=release, kind=Asset.Kind.VIDEO, caption_en="The chairman's speech",
        external_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )  # fmt: skip
    base = f"{live_server.url}/en/releases/{release.pk}-{release.slug}/assets"
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    # Nothing leaves the machine: the provider's player is answered here.
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    page = context.new_page()
    hosts: list[str] = []
    refused: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Refused" in message.text else None,
    )
    try:
        page.goto(f"{base}/{clip.pk}/")
        player = page.locator("video.asset-video")
        expect(player).to_be_visible()
        poster_width = player.evaluate(
            "v => new Promise(ok => { const i = new Image(); i.onload = () => ok(i.naturalWidth);"
            " i.onerror = () => ok(0); i.src = v.poster; })"
        )
        assert poster_width == 640
        duration = player.evaluate(
            "v => { v.muted = true; return v.play().then(() => v.duration) }"
        )
        assert 2.5 <= duration <= 3.5
        page.screenshot(path=str(ARTEFACTS / "video-upload.png"))

        hosts.clear()
        page.goto(f"{base}/{youtube.pk}/")
        start = page.get_by_role("link", name="Play the video (YouTube)")
        expect(start).to_be_visible()
        expect(page.locator("iframe")).to_have_count(0)
        assert set(hosts) == {urlsplit(live_server.url).netloc}  # no one else, yet
        page.screenshot(path=str(ARTEFACTS / "video-youtube-waiting.png"))

        start.click()
        frame = page.locator(".player iframe")
        expect(frame).to_have_attribute(
            "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
        )
        expect(page.frame_locator(".player iframe").get_by_text("player")).to_be_visible()
        assert "www.youtube-nocookie.com" in hosts
        assert not {"www.youtube.com", "youtube.com"} & set(hosts)
        assert refused == []
    finally:
        context.close()

"""The newsroom in a real browser (Debian's chromium, headless, driven by Playwright), at a
phone's width and a desktop's: the index and a release in both languages, the language switch,
an asset page. Screenshots of each are saved to var/test-artefacts/browser/ for a person to look
at (they are not compared pixel by pixel). In CI a missing chromium fails the test."""

import io
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from contacts.models import Beat
from releases.models import Asset, Release
from tests.conftest import IN_CI
from tests.factories import (
    AssetFactory,
    BeatFactory,
    EnquiryContactFactory,
    IssuerFactory,
    PRContactFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("PRESSROOM_CHROMIUM", "/usr/bin/chromium"))
ARTEFACTS = Path(settings.BASE_DIR) / "var" / "test-artefacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}
HEADLINE_EN = "Shenzhen–Hong Kong–Guangzhou ranked first among the world's innovation clusters"
HEADLINE_ZH = "「深圳—香港—廣州」集群登上《2025 年全球創新指數》百強創新集群首位"


def _need_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _photo(colour: tuple[int, int, int], label: str) -> ContentFile[bytes]:
    """A 1600 x 1067 JPEG with a gradient and a few shapes, so a screenshot shows a picture."""
    image = Image.new("RGB", (1600, 1067), colour)
    draw = ImageDraw.Draw(image)
    for y in range(0, 1067, 8):
        shade = tuple(max(0, c - y // 12) for c in colour)
        draw.rectangle((0, y, 1600, y + 8), fill=shade)
    draw.ellipse((1000, 200, 1400, 600), fill=(250, 220, 120))
    draw.rectangle((150, 650, 700, 1000), fill=(30, 40, 60))
    draw.rectangle((760, 520, 1100, 1000), fill=(50, 60, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return ContentFile(out.getvalue(), name=f"{label}.jpg")


@pytest.fixture
def release(transactional_db: None, settings: Settings) -> Release:
    """The GII 2025 release, public, with three photos, a video link and two contacts, among
    a few older releases so the index has a page to show."""
    issuer = IssuerFactory.create(
        name_en="Harbourfront Technology Park",
        name_zh_hant="海濱科技園",
        boilerplate_en="<p>Harbourfront Technology Park is Hong Kong's digital-technology hub.</p>",
        boilerplate_zh_hant="<p>海濱科技園是香港的數碼科技樞紐和人工智能加速器。</p>",
    )
    innovation: Beat = BeatFactory.create(
        slug="innovation", name_en="Innovation", name_zh_hant="創新及科研"
    )
    for n, (en, zh) in enumerate(
        [
            ("Fintech week brings 300 start-ups to the park", "金融科技周匯聚三百間初創"),
            ("AI supercomputing centre doubles its capacity", "人工智能超算中心算力倍增"),
            ("Park welcomes its 2,200th company", "園區迎來第二千二百間企業"),
        ]
    ):
        older = ReleaseFactory.create(
            issuer=issuer, status=Release.Status.PUBLISHED, release_date=date(2025, 6 + n, 10)
        )
        ReleaseTranslationFactory.create(release=older, headline=en, subheadline="")
        ReleaseTranslationFactory.create(release=older, zh_hant=True, headline=zh, subheadline="")
        older.topics.add(innovation)
    gii = ReleaseFactory.create(
        issuer=issuer,
        slug="gii-2025-innovation-cluster",
        status=Release.Status.PUBLISHED,
        release_date=date(2025, 9, 1),
    )
    gii.topics.add(innovation)
    ReleaseTranslationFactory.create(
        release=gii,
        headline=HEADLINE_EN,
        subheadline="Harbourfront Technology Park to keep linking the mainland and the world",
        body=(
            "<p>The World Intellectual Property Organization today published the cluster ranking "
            "of its Global Innovation Index 2025: the Shenzhen–Hong Kong–Guangzhou cluster now "
            "stands first among the world's top 100 science and technology clusters.</p>"
            "<p>“Coming first shows how much Hong Kong matters to innovation,” said the "
            "chairman of Harbourfront Technology Park.</p>"
        ),
    )
    ReleaseTranslationFactory.create(
        release=gii,
        zh_hant=True,
        headline=HEADLINE_ZH,
        subheadline="海濱科技園繼續擔當連接內地與國際的橋樑 助力大灣區國際科創中心發展",
        body=(
            "<p>世界知識產權組織今天公布《2025 年全球創新指數》全球百強科技集群排名，"
            "「深圳—香港—廣州」集群位列全球第一。海濱科技園對此表示歡迎，並向各方致賀。</p>"
            "<p>海濱科技園主席說：「集群登上首位，反映香港在國家創新發展中的重要角色。」</p>"
        ),
    )
    for order, (colour, caption_en, caption_zh) in enumerate(
        [
            ((40, 110, 160), "The chairman welcomes the ranking", "主席歡迎排名結果"),
            ((150, 60, 70), "The park at dusk", "黃昏下的園區"),
            ((60, 130, 90), "Start-up founders at the park", "園區初創創辦人"),
        ]
    ):
        asset = Asset(
            release=gii, order=order, kind=Asset.Kind.PHOTO, caption_en=caption_en,
            caption_zh_hant=caption_zh,
        )  # fmt: skip
        asset.file.save(f"photo-{order}.jpg", _photo(colour, f"photo-{order}"), save=True)
    AssetFactory.create(
        release=gii,
        order=9,
        kind=Asset.Kind.VIDEO,
        caption_en="Park photos and videos",
        caption_zh_hant="園區圖片及影片",
        external_url="https://drive.example.com/park/videos",
    )
    officers = [("Chan Tai-man", "陳大文"), ("Wong Siu-ming", "黃小明")]
    for order, (name_en, name_zh) in enumerate(officers):
        EnquiryContactFactory.create(
            release=gii,
            order=order,
            pr_contact=PRContactFactory.create(
                name_en=name_en, name_zh_hant=name_zh, phone=f"(852) 5550 010{order}"
            ),
        )
    return gii


@pytest.fixture
def browser() -> Iterator[object]:
    _need_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed: make install")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_a_reader_finds_a_release_switches_language_and_opens_a_photo(
    release: Release, live_server: LiveServer, browser: object, device: str
) -> None:
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(browser, Browser)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        viewport=VIEWPORTS[device],  # type: ignore[arg-type]
        is_mobile=device == "phone",
        has_touch=device == "phone",
        locale="en-GB",
    )
    page: Page = context.new_page()
    shots: list[Path] = []

    def screenshot(name: str) -> None:
        # No sideways scrolling at this width: the layout fits the screen.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the {device} screen"
        path = ARTEFACTS / f"{name}-{device}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)

    try:
        page.goto(f"{live_server.url}/en/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Press releases")
        expect(page.get_by_role("link", name=HEADLINE_EN)).to_be_visible()
        # The Chinese font is there, so Chinese text will not render as boxes.
        assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK TC\"', '創新')")
        screenshot("index-en")

        page.get_by_role("link", name=HEADLINE_EN).click()
        expect(page).to_have_url(f"{live_server.url}/en/releases/{release.pk}-{release.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE_EN)
        expect(page.get_by_text("For immediate release")).to_be_visible()
        expect(page.get_by_role("heading", name="Media enquiries")).to_be_visible()
        screenshot("release-en")
        # Printed, it is the release alone: no site header, language switch or photo tiles.
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.locator(".gallery-thumb").first).to_be_hidden()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot("release-en-print")
        page.emulate_media(media="screen")

        page.get_by_role("link", name="繁體中文").click()
        expect(page).to_have_url(f"{live_server.url}/zh-hant/releases/{release.pk}-{release.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(HEADLINE_ZH)
        expect(page.get_by_text("即時發布")).to_be_visible()
        expect(page.get_by_text("香港，2025 年 9 月 1 日")).to_be_visible()
        thumbnails = page.locator(".gallery-thumb img")
        expect(thumbnails).to_have_count(3)
        for index in range(3):
            thumbnails.nth(index).scroll_into_view_if_needed()
            assert thumbnails.nth(index).evaluate("img => img.complete && img.naturalWidth") == 480
        screenshot("release-zh-hant")

        page.get_by_role("link", name="主席歡迎排名結果").click()
        image = page.locator("img.asset-image")
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth") == 1200
        expect(page.get_by_role("link", name="下載原檔 (JPG)")).to_be_visible()
        screenshot("asset-zh-hant")

        page.get_by_role("link", name="所有新聞稿").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("新聞稿")
        expect(page.get_by_role("link", name=HEADLINE_ZH)).to_be_visible()
        screenshot("index-zh-hant")

        page.get_by_role("link", name="English").click()
        expect(page).to_have_url(f"{live_server.url}/en/")
    finally:
        context.close()
        print(f"\nScreenshots ({device}):", *(str(p) for p in shots), sep="\n  ")

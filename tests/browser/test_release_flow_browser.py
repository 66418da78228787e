"""A release from draft to the journalists' inboxes, in a real browser (Debian's chromium,
headless, through Playwright): Charlie, the agency officer, drafts it in English and Chinese and
submits it; Bob, the in-house approver, reads the bilingual check side by side, approves and
schedules the send; the tick runs in this process and the outbox receives one email per
journalist. A screenshot of each step goes to var/test-artefacts/browser/ for a person to look
at. In CI a missing chromium fails the test."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from contacts.models import Language
from distribution.services import sends_tick
from releases.models import Release
from tests.browser.test_newsroom_browser import ARTEFACTS, browser  # noqa: F401 -- the fixture
from tests.factories import (
    DistributionListFactory,
    IssuerFactory,
    MediaContactFactory,
)
from tests.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"
HEADLINE_EN = "Innovation cluster ranked first in the world for 2025"
HEADLINE_ZH = "創新集群榮登 2025 年全球第一"
BODY_EN = (
    "Hong Kong, 1 September 2025 – The cluster ranked first among 100 clusters, "
    "with 25% more patents."
)
BODY_ZH = "香港，2025 年 9 月 1 日 - 創新集群在 100 個集群中排名第一，專利數目增加 30%。"


@pytest.fixture
def outbox(settings: Settings, tmp_path: Path) -> Path:
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    return settings.OUTBOX_DIR


def test_a_release_goes_from_draft_to_the_outbox(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    outbox: Path,
    eager_celery: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, Page, expect

    assert isinstance(browser, Browser)
    # Playwright's sync API keeps an event loop in this thread; the database work between the
    # steps is ordinary synchronous code all the same.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    IssuerFactory.create(name_en="Science Park", name_zh_hant="科學園")
    journalists = [
        MediaContactFactory.create(email="en@daily.example.com", preferred_language=Language.EN),
        MediaContactFactory.create(
            email="zh@daily.example.com", preferred_language=Language.ZH_HANT
        ),
    ]
    DistributionListFactory.create(name="Technology desk", members=journalists)
    for name in ("charlie", "bob"):  # the agency's officer drafts, the in-house approver approves
        user = persona(name)
        user.set_password(PASSWORD)
        user.save()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page: Page = context.new_page()

    def screenshot(name: str) -> None:
        path = ARTEFACTS / f"release-flow-{len(shots) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shots.append(path)

    def log_in(username: str) -> None:
        context.clear_cookies()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#user-tools")).to_be_visible()

    try:
        # Charlie drafts the release in both languages.
        log_in("charlie")
        page.goto(f"{live_server.url}/admin/pressroom/release/add/")
        page.locator(".field-issuer .select2-selection").click()
        page.locator(".select2-search__field[aria-controls='select2-id_issuer-results']").fill(
            "Science"
        )
        page.locator(".select2-results__option", has_text="Science Park").click()
        page.fill("#id_slug", "innovation-cluster-first-2025")
        english, chinese = page.locator("#translations-0"), page.locator("#translations-1")
        english.locator("input[name$='-headline']").fill(HEADLINE_EN)
        english.locator(".field-body .ProseMirror[contenteditable='true']").click()
        page.keyboard.type(BODY_EN)
        chinese.locator("input[name$='-headline']").fill(HEADLINE_ZH)
        chinese.locator(".field-body .ProseMirror[contenteditable='true']").click()
        page.keyboard.insert_text(BODY_ZH)  # an input method inserts text, it does not type it
        screenshot("charlie-drafts")
        page.locator("input[name='_continue']").click()
        expect(page.locator(".messagelist .success")).to_be_visible()
        release = Release.objects.get()
        assert release.translations.count() == 2

        # She submits; the bilingual check finds 25% against 30% and asks first.
        page.get_by_role("button", name="Submit for review").click()
        expect(page.get_by_text("The bilingual check found differences")).to_be_visible()
        expect(page.locator("mark", has_text="25%")).to_be_visible()
        screenshot("charlie-submit-warning")
        page.get_by_role("button", name="Submit anyway").click()
        expect(page.locator(".messagelist")).to_contain_text("Submitted for review.")
        expect(page.locator("#release-workflow .status")).to_have_text("In review")
        screenshot("charlie-submitted")

        # Bob reads the check side by side, comments, and approves what he saw.
        log_in("bob")
        page.goto(f"{live_server.url}/admin/pressroom/release/{release.pk}/change/")
        page.fill("#id_comment_text", "30% is right: the English will be corrected later.")
        page.get_by_role("button", name="Comment", exact=True).click()
        expect(page.locator("#comments")).to_contain_text("30% is right")
        page.get_by_role("link", name="Approve…").click()
        expect(page.locator("#version-en")).to_contain_text(HEADLINE_EN)
        expect(page.locator("#version-zh-hant")).to_contain_text(HEADLINE_ZH)
        expect(page.locator("#version-en mark", has_text="25%")).to_be_visible()
        expect(page.locator("#version-zh-hant mark", has_text="30%")).to_be_visible()
        screenshot("bob-approval-page")
        page.get_by_role("button", name="Approve exactly this text").click()
        expect(page.locator("#release-workflow .status")).to_have_text("Approved")
        expect(page.locator("#history")).to_contain_text("Submitted for review")
        screenshot("bob-approved")

        # He schedules the send: for immediate release, straight away.
        page.get_by_role("link", name="Schedule send").click()
        page.get_by_label("Technology desk").check()
        page.get_by_role("button", name="Review before sending").click()
        confirm = page.locator("input[name='confirm']")
        expect(confirm).to_be_visible()
        screenshot("bob-confirms-send")
        page.once("dialog", lambda dialog: dialog.accept())
        confirm.click()
        page.wait_for_load_state()
        screenshot("bob-send-scheduled")
    except Exception:
        screenshot("failed-here")
        raise
    finally:
        context.close()
        print("\nScreenshots:", *(str(p) for p in shots), sep="\n  ")

    # The beat's tick, in this process; its batches run eagerly.
    sends_tick(now=timezone.now() + timedelta(minutes=1))
    messages = sorted(outbox.glob("*.eml"))
    assert len(messages) == 2
    text = b"".join(path.read_bytes() for path in messages)
    assert b"en@daily.example.com" in text
    assert b"zh@daily.example.com" in text

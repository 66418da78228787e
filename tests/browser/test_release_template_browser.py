"""A release started from a template, in a real browser (Debian's chromium, headless, through
Playwright): the rich-text editors and the issuer's autocomplete are JavaScript, so only a
browser shows that the template's text arrives in them. Alice, an officer, opens the
template chooser from the release list, picks the issuer's template, finds both languages
written, gives the release its address and saves it. Screenshots go to
var/test-artefacts/browser/."""

import pytest
from pytest_django.live_server_helper import LiveServer

from releases.models import Release
from tests.browser.test_newsroom_browser import ARTEFACTS, browser  # noqa: F401 -- the fixture
from tests.factories import IssuerFactory, ReleaseTemplateFactory
from tests.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"


def test_a_release_from_a_template_opens_with_both_languages_in_the_editors(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    issuer = IssuerFactory.create(name_en="Science Park", name_zh_hant="科學園")
    ReleaseTemplateFactory.create(issuer=issuer, name="Award or ranking")
    # Who may see which template is tested without a browser (test_release_templates.py).
    alice = persona("alice")
    alice.set_password(PASSWORD)
    alice.save()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}/admin/pressroom/release/")
        page.get_by_role("link", name="New release from template").click()
        page.get_by_role("link", name="Use this template").click()

        expect(page.locator(".field-issuer .select2-selection")).to_contain_text("Science Park")
        english, chinese = page.locator("#translations-0"), page.locator("#translations-1")
        expect(english.locator("input[name$='-headline']")).to_have_value(
            "[Who] named [award] by [organiser]"
        )
        expect(english.locator(".field-body .ProseMirror[contenteditable='true']")).to_contain_text(
            "[What was announced]"
        )
        expect(chinese.locator("input[name$='-headline']")).to_have_value("［獲獎者］獲頒［獎項］")
        expect(chinese.locator(".field-body .ProseMirror[contenteditable='true']")).to_contain_text(
            "［公布內容］"
        )
        page.screenshot(path=str(ARTEFACTS / "release-from-template.png"), full_page=True)

        page.fill("#id_slug", "science-park-award")
        page.locator("input[name='_continue']").click()
        expect(page.locator(".messagelist .success")).to_be_visible()
        release = Release.objects.get(slug="science-park-award")
        assert {t.language: t.headline for t in release.translations.all()} == {
            "en": "[Who] named [award] by [organiser]",
            "zh-hant": "［獲獎者］獲頒［獎項］",
        }
    except Exception:
        page.screenshot(path=str(ARTEFACTS / "release-from-template-failed.png"), full_page=True)
        raise
    finally:
        context.close()

"""The Content-Security-Policy breaks nothing a person uses, in a real browser: an officer logs
in through the admin's form (django-axes in the way), the prose editor comes up and takes
typing, the language menu switches the admin to Traditional Chinese on change, a send's cancel
button still asks first, and the newsroom renders — and chromium reports no policy violation on
any of these pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from distribution.models import Send
from tests.browser.test_newsroom_browser import browser  # noqa: F401 -- the fixture
from tests.factories import PublicReleaseFactory, SendFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"


def test_the_admin_and_newsroom_work_under_the_policy(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    UserFactory.create(username="olive", is_staff=True, is_superuser=True, password=PASSWORD)
    release = PublicReleaseFactory.create()
    send = SendFactory.create(
        release=release,
        status=Send.Status.SCHEDULED,
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Refused to load: Content Security Policy ' + e.violatedDirective))"
    )
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "olive")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.locator("#user-tools")).to_be_visible()

        page.goto(f"{live_server.url}/admin/pressroom/release/add/")
        editor = page.locator(".ProseMirror[contenteditable='true']").first
        editor.click()
        page.keyboard.type("Typed under the policy")
        expect(editor).to_contain_text("Typed under the policy")

        asked: list[str] = []

        def decline(dialog: Dialog) -> None:
            asked.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", decline)
        page.goto(f"{live_server.url}/admin/distribution/send/{send.pk}/change/")
        page.get_by_role("button", name="Cancel send").click()
        assert asked == ["Cancel this send? Nothing of it will go out."]
        send.refresh_from_db()
        assert send.status == Send.Status.SCHEDULED  # declined: nothing cancelled

        page.goto(f"{live_server.url}/admin/")
        page.select_option("#admin-language", "zh-hant")
        expect(page.locator("html")).to_have_attribute("lang", "zh-hant")

        page.goto(f"{live_server.url}/en/releases/{release.pk}-{release.slug}/")
        expect(page.locator("h1")).to_be_visible()
    finally:
        context.close()

    assert violations == [], "\n".join(violations)

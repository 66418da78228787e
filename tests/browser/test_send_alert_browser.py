"""A send that ended with failed deliveries, in a real browser: its page says so at the top, in
the alert box with the reason and the retry button, and the button asks first."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from distribution.models import Delivery, Send
from tests.browser.test_newsroom_browser import browser  # noqa: F401 -- the fixture
from tests.factories import DeliveryFactory, PublicReleaseFactory, SendFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"
REASON = "2 of 3 deliveries failed. The reasons: pending approval (2)"


def test_the_alert_and_the_retry_button_on_a_send_with_failures(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, Dialog, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    UserFactory.create(username="olive", is_staff=True, is_superuser=True, password=PASSWORD)
    moment = timezone.now() - timedelta(minutes=5)
    send = SendFactory.create(
        release=PublicReleaseFactory.create(),
        status=Send.Status.SENT,
        scheduled_at=moment,
        started_at=moment,
        finished_at=moment,
        recipients_count=3,
        sent_count=1,
        failed_count=2,
        status_reason=REASON,
    )
    DeliveryFactory.create(send=send, status=Delivery.Status.SENT)
    DeliveryFactory.create_batch(
        2, send=send, status=Delivery.Status.FAILED, error="pending approval"
    )
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "olive")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_be_visible()

    page.goto(f"{live_server.url}/admin/distribution/send/{send.pk}/change/")
    alert = page.locator("#send-alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("This send needs you: Sent, 2 failed.")
    expect(alert).to_contain_text(REASON)
    expect(alert).to_contain_text("2 of the 2 failed deliveries can go again.")
    expect(page.locator("#status-reason")).to_be_hidden()  # said once, in the alert
    expect(page.locator("#send-waiting")).to_be_hidden()  # finished: no worker is awaited
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/send-alert.png", full_page=True)

    asked: list[str] = []

    def decline(dialog: Dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", decline)
    page.get_by_role("button", name="Retry failed deliveries").click()
    assert asked == ["Send the failed deliveries again, each once? Fix what made them fail first."]
    send.refresh_from_db()
    assert send.status == Send.Status.SENT  # declined: nothing retried
    context.close()

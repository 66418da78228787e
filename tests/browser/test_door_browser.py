"""The check-in page at the door, on a phone's screen in a real browser (Debian's chromium through
Playwright): the venue's Wi-Fi drops, two journalists are ticked and the page says two ticks wait
to be sent; nothing has reached the server. The network comes back, the page sends them by
itself, and both arrivals are recorded, once each."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from distribution.models import Send
from events.models import Attendance, Event, Rsvp
from tests.browser.test_newsroom_browser import ARTEFACTS, browser  # noqa: F401 -- the fixture
from tests.factories import (
    EventFactory,
    IssuerFactory,
    MediaContactFactory,
    OrganisationFactory,
    OutletFactory,
    ReleaseFactory,
)
from tests.personas import persona

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password-1"
GUESTS = {"chan@daily.example.com": "陳大文", "wong@radio.example.com": "黃小玲"}


def press_conference() -> Event:
    team = OrganisationFactory.create(name_en="Harbour Park Corporate Communications")
    officer = persona("alice", team)
    officer.set_password(PASSWORD)
    officer.save()
    issuer = IssuerFactory.create(organisation=team)
    event = EventFactory.create(
        issuer=issuer, release=ReleaseFactory.create(issuer=issuer),
        starts_at=timezone.now() + timedelta(hours=1), status=Event.Status.APPROVED,
    )  # fmt: skip
    assert event.release is not None
    send = Send.objects.create(release=event.release, kind=Send.Kind.MEDIA_INVITATION)
    for email, name in GUESTS.items():
        contact = MediaContactFactory.create(
            email=email, name_en="", name_zh_hant=name, outlet=OutletFactory.create()
        )
        delivery = send.deliveries.create(contact=contact, email=email, language="zh-hant")
        Rsvp.objects.create(event=event, email=email, delivery=delivery,
                            answer=Rsvp.Answer.ACCEPTED, answered_at=timezone.now())  # fmt: skip
    return event


def test_ticks_made_offline_wait_and_are_sent_when_the_network_is_back(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    event = press_conference()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/events/event/{event.pk}/door/")
    expect(page.locator("#door-queue")).to_have_text("Everything is sent.")

    context.set_offline(True)
    page.fill("#door-search", "陳")  # found by a character of his name
    expect(page.locator("#door-list li", has_text="黃小玲")).to_be_hidden()
    page.locator("#door-list li", has_text="陳大文").locator("button").click()
    page.fill("#door-search", "")
    page.locator("#door-list li", has_text="黃小玲").locator("button").click()
    expect(page.locator("#door-queue")).to_have_text("2 waiting to send")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "door-offline.png"), full_page=True)
    assert Attendance.objects.count() == 0  # nothing reached the server

    context.set_offline(False)
    expect(page.locator("#door-queue")).to_have_text("Everything is sent.")
    arrived = sorted(Attendance.objects.values_list("name", flat=True))
    assert arrived == sorted(GUESTS.values())
    page.reload()  # what the server has: both ticked, nothing waiting in the browser
    expect(page.locator("#door-list li.arrived")).to_have_count(2)
    expect(page.locator("#door-queue")).to_have_text("Everything is sent.")
    context.close()

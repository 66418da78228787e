"""The release form as an officer meets it in a real browser (chromium, 1280 px wide): the
issuer she writes for is already chosen, the slug follows the English headline until she writes
one of her own, and the assets table fits the page with several rows in it."""

from typing import Any

import pytest
from pytest_django.live_server_helper import LiveServer

from releases.models import Release
from tests.browser.test_newsroom_browser import browser  # noqa: F401 -- the fixture
from tests.factories import IssuerFactory, OrganisationFactory
from tests.personas import persona

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"
HEADLINE_EN = "Shenzhen-Hong Kong-Guangzhou cluster tops the 2025 Global Innovation Index"


def in_house_officer() -> Any:
    team = OrganisationFactory.create(name_en="Cyberport Corporate Communications")
    IssuerFactory.create(name_en="Cyberport", name_zh_hant="數碼港", organisation=team)
    IssuerFactory.create(name_en="Another park")  # not hers
    user = persona("alice", team)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_the_release_form_preselects_fills_the_slug_and_fits_the_page(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    in_house_officer()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/admin/pressroom/release/add/")

    # The one issuer she writes for is chosen.
    expect(page.locator(".field-issuer .select2-selection__rendered")).to_contain_text("Cyberport")

    # The slug follows the English headline…
    english = page.locator("#translations-0")
    assert english.locator("select[name$='-language']").input_value() == "en"
    english.locator("input[name$='-headline']").fill(HEADLINE_EN)
    expected = "shenzhen-hong-kong-guangzhou-cluster-tops-the-2025-global-innovation-index"
    expect(page.locator("#id_slug")).to_have_value(expected)
    # …and the Chinese one does not touch it.
    page.locator("#translations-1 input[name$='-headline']").fill("創新集群奪全球創新指數榜首")
    expect(page.locator("#id_slug")).to_have_value(expected)

    # Three asset rows fit in 1280 px: nothing scrolls sideways.
    for _ in range(3):
        page.locator("#assets-group .add-row a").click()
    widths = page.evaluate(
        """() => {
            const group = document.querySelector('#assets-group');
            return {page: document.documentElement.scrollWidth, view: window.innerWidth,
                    group: group.scrollWidth, box: group.clientWidth};
        }"""
    )
    assert widths["page"] <= widths["view"], widths
    assert widths["group"] <= widths["box"] + 1, widths

    # Her own slug stays hers when the headline changes; saved, the release has it.
    for row, body in enumerate(["The cluster ranks first.", "集群排名第一。"]):
        page.locator(
            f"#translations-{row} .field-body .ProseMirror[contenteditable='true']"
        ).click()
        page.keyboard.insert_text(body)
    page.fill("#id_slug", "gii-2025")
    english.locator("input[name$='-headline']").fill(HEADLINE_EN + " again")
    expect(page.locator("#id_slug")).to_have_value("gii-2025")
    for _ in range(3):
        page.locator("#assets-group .inline-deletelink").first.click()
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Release.objects.get().slug == "gii-2025"
    assert Release.objects.get().issuer.name_en == "Cyberport"
    context.close()

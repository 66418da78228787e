"""Release intake in a real browser (Debian's chromium, headless, through Playwright), timed:
Pat, an in-house officer, uploads the seed release (the real Chinese text copied out of a PDF,
from ../shared/seed/) with an English version in Word, checks the proposal beside the source,
names the organisations of the two new enquiry contacts and saves a draft in both languages.
The time from choosing the files to the saved draft is printed (`pytest -s` shows it); the
issue's goal is under two minutes for a person, so the pages themselves must take seconds.
Screenshots go to var/test-artefacts/browser/."""

import io
import re
import time
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import Permission
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from distribution.management.commands.load_demo import TRANSLATIONS
from releases.models import Release
from tests.browser.test_newsroom_browser import ARTEFACTS, browser  # noqa: F401 -- the fixture
from tests.factories import AgencyFactory, IssuerFactory, MembershipFactory, UserFactory
from tests.releases.intake_helpers import seed_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-1"
# The page may take this long from the files chosen to the saved draft (a person reading and
# correcting takes longer; this bounds what the pages themselves cost).
PAGE_BUDGET_SECONDS = 30


def _english_version(folder: Path) -> Path:
    """The seed release's English version in our own words (the demo's), as a Word file."""
    text = TRANSLATIONS["en"]
    document = docx.Document()
    document.add_paragraph("For immediate release")
    document.add_paragraph(text["headline"])
    document.add_paragraph(text["subheadline"])
    body = re.findall(r"<p>(.*?)</p>", text["body"], re.S)
    document.add_paragraph(f"HONG KONG, 1 September 2025 – {body[0]}")
    for paragraph in body[1:]:
        document.add_paragraph(paragraph)
    document.add_paragraph("About Harbourfront Technology Park")
    document.add_paragraph(
        "Harbourfront Technology Park is Hong Kong's home for digital technology."
    )
    path = folder / "gii-2025-english.docx"
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def test_the_seed_release_becomes_a_bilingual_draft_in_seconds(
    live_server: LiveServer,
    browser: object,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    seed = seed_path()
    english = _english_version(tmp_path)
    issuer = IssuerFactory.create(
        name_en="Harbourfront Technology Park", boilerplate_en="", boilerplate_zh_hant=""
    )
    AgencyFactory.create(name_en="Lantern PR")
    pat = UserFactory.create(username="pat")
    pat.set_password(PASSWORD)
    pat.save()
    # What the In-house PR officer group holds (groups are data and gone after another
    # transactional test's flush; permissions are made again).
    pat.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["pressroom", "contacts"])
    )
    MembershipFactory.create(user=pat, organisation=issuer.organisation)

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "pat")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server.url}/admin/pressroom/release/")
        page.get_by_role("link", name="New release from a document").click()

        started = time.monotonic()
        page.set_input_files("input[name='documents']", [str(seed), str(english)])
        page.get_by_role("button", name="Read the document").click()
        chinese = page.locator("#intake-zh-hant")
        expect(chinese.locator("input[name='zh-hant-headline']")).to_have_value(
            "「深圳-香港-廣州」創新集群奪《2025 年全球創新指數》榜首"
        )
        expect(chinese.locator("input[name='zh-hant-dateline']")).to_have_value(
            "香港，2025 年 9 月 1 日"
        )
        expect(page.locator("input[name='en-headline']")).to_have_value(
            TRANSLATIONS["en"]["headline"]
        )
        expect(
            chinese.locator(".field-zh-hant-body .ProseMirror[contenteditable='true']")
        ).to_contain_text("每百萬人 2,292 個")
        expect(page.locator("#intake-source")).to_contain_text("請按此處下載")
        page.screenshot(path=str(ARTEFACTS / "intake-proposal.png"), full_page=True)
        # The two people in 傳媒查詢 are new: the officer names their organisations.
        page.select_option("select[name='contact-0-organisation']", label=str(issuer.organisation))
        page.select_option("select[name='contact-1-organisation']", label="Lantern PR")
        page.get_by_role("button", name="Save draft").click()
        expect(page.locator(".messagelist .success")).to_contain_text("Draft saved")
        elapsed = time.monotonic() - started
        page.screenshot(path=str(ARTEFACTS / "intake-saved-draft.png"), full_page=True)

        release = Release.objects.get()
        assert sorted(release.languages()) == ["en", "zh-hant"]
        assert release.assets.count() == 2
        assert release.enquiry_links.count() == 2
        assert release.source_files.count() == 2
        print(f"\nIntake of the seed release: upload to saved bilingual draft in {elapsed:.1f} s")
        assert elapsed < PAGE_BUDGET_SECONDS
    except Exception:
        page.screenshot(path=str(ARTEFACTS / "intake-failed.png"), full_page=True)
        raise
    finally:
        context.close()

"""The release form, smoothed: Alice (the park's in-house officer) finds her issuer chosen, may
leave the slug to the English headline, is offered each language's boilerplate versions in
that language only, reads every date one way with its zone; and a boilerplate that brings its
own "About …" heading gets no second one on the newsroom or in the email."""

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.preferences import user_language_set
from distribution.render import Recipient, SendRenderer
from releases.models import BoilerplateVersion, Issuer, Release
from tests.factories import (
    DeliveryFactory,
    IssuerFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    SendFactory,
)
from tests.releases.admin_forms import initial_form_data
from tests.test_roles_and_scoping import client_for

pytestmark = pytest.mark.django_db

HEADLINE_EN = "Shenzhen-Hong Kong-Guangzhou cluster tops the 2025 Global Innovation Index"
HEADLINE_ZH = "「深圳-香港-廣州」創新集群奪《2025 年全球創新指數》榜首"
SAVED = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 1 Sep 2025 10:00 HKT


@pytest.fixture
def park() -> Issuer:
    return IssuerFactory.create(name_en="Cyberport", name_zh_hant="數碼港")


@pytest.fixture
def in_house(park: Issuer) -> Any:
    """The personas' team: the park's (alice sees its releases)."""
    return park.organisation


def add_page(client: Client) -> Any:
    response = client.get(reverse("admin:pressroom_release_add"))
    assert response.status_code == 200
    return response


def post_new_release(client: Client, issuer: Issuer, *, slug: str, en: str, zh: str) -> Any:
    data = initial_form_data(add_page(client))
    data.update({"issuer": str(issuer.pk), "slug": slug, "release_date": "2025-09-01"})
    for prefix, headline in (("translations-0", en), ("translations-1", zh)):
        data[f"{prefix}-headline"] = headline
        data[f"{prefix}-body"] = "<p>…</p>" if headline else ""
    return client.post(reverse("admin:pressroom_release_add"), data)


def test_the_issuer_she_writes_for_is_chosen(park: Issuer, alice: Any) -> None:
    IssuerFactory.create(name_en="Another park")  # another team's

    page = add_page(client_for(alice)).content.decode()

    assert f'<option value="{park.pk}" selected>' in page


def test_an_issuer_is_not_chosen_for_someone_who_writes_for_two(park: Issuer, alice: Any) -> None:
    IssuerFactory.create(name_en="Cyberport Academy", organisation=park.organisation)

    assert " selected>Cyberport" not in add_page(client_for(alice)).content.decode()


def test_a_slug_left_empty_comes_from_the_english_headline(park: Issuer, alice: Any) -> None:
    client = client_for(alice)
    post_new_release(client, park, slug="", en=HEADLINE_EN, zh=HEADLINE_ZH)
    post_new_release(client, park, slug="", en=HEADLINE_EN, zh=HEADLINE_ZH)
    post_new_release(client, park, slug="", en="", zh=HEADLINE_ZH)
    post_new_release(client, park, slug="gii-2025", en=HEADLINE_EN, zh=HEADLINE_ZH)

    made = "shenzhen-hong-kong-guangzhou-cluster-tops-the-2025-global-innovation-index"
    assert sorted(Release.objects.values_list("slug", flat=True)) == sorted(
        [made, f"{made}-2", "release-2025-09-01", "gii-2025"]
    )


def test_each_languages_boilerplate_choice_offers_that_languages_versions(
    park: Issuer, alice: Any
) -> None:
    release = ReleaseFactory.create(issuer=park, bilingual=True)
    versions = BoilerplateVersion.objects.filter(boilerplate__issuer=park)
    english = versions.get(boilerplate__language="en")
    chinese = versions.get(boilerplate__language="zh-hant")
    page = client_for(alice).get(reverse("admin:pressroom_release_change", args=[release.pk]))
    forms = {
        language: page.context["inline_admin_formsets"][0].formset.forms[index]
        for index, language in enumerate(
            t.language for t in release.translations.order_by("language")
        )
    }

    def offered(language: str) -> set[int]:
        field = forms[language].fields["boilerplate_version"]
        return {int(str(value)) for value, _label in field.choices if value != ""}

    assert offered("en") == {english.pk}
    assert offered("zh-hant") == {chinese.pk}


@pytest.mark.parametrize(
    ("language", "saved"), [("en", "1 Sep 2025 10:00 HKT"), ("zh-hant", "2025年9月1日 10:00 HKT")]
)
def test_the_release_page_gives_its_dates_one_way_with_the_zone(
    park: Issuer, alice: Any, language: str, saved: str
) -> None:
    with time_machine.travel(SAVED, tick=False):
        release = ReleaseFactory.create(issuer=park, release_date=date(2025, 9, 1))
    user_language_set(user=alice, language=language)

    page = client_for(alice).get(reverse("admin:pressroom_release_change", args=[release.pk]))

    text = page.content.decode()
    assert saved in text  # created at, updated at
    assert "a.m." not in text
    assert "Sept." not in text


OWN_HEADING_EN = (
    "<p><strong>About Cyberport</strong></p><p>Cyberport is a digital technology hub.</p>"
)
OWN_HEADING_ZH = "<p><strong>關於數碼港</strong></p><p>數碼港是數碼科技樞紐。</p>"


def email_in_both_languages(release: Release) -> str:
    """The text and HTML of the email a journalist who reads both languages gets."""
    send = SendFactory.create(release=release)
    delivery = DeliveryFactory.create(send=send, language="both")
    outgoing = SendRenderer(send).outgoing(Recipient(delivery.pk, delivery.email, "李思穎", "both"))
    return outgoing.text


def newsroom_page(release: Release, language: str) -> str:
    with translation.override(language):
        url = reverse("newsroom:release", args=[release.pk, release.slug])
    return Client().get(url).content.decode()


def release_with_boilerplates(park: Issuer, en: str, zh: str) -> Release:
    release = ReleaseFactory.create(issuer=park, status=Release.Status.PUBLISHED)
    ReleaseTranslationFactory.create(release=release, boilerplate_override=en)
    ReleaseTranslationFactory.create(release=release, zh_hant=True, boilerplate_override=zh)
    return release


def test_a_boilerplate_with_its_own_heading_gets_no_second_one(park: Issuer) -> None:
    release = release_with_boilerplates(park, OWN_HEADING_EN, OWN_HEADING_ZH)

    english, chinese = newsroom_page(release, "en"), newsroom_page(release, "zh-hant")
    email = email_in_both_languages(release)

    assert english.count("About Cyberport") == 1
    assert chinese.count("關於數碼港") == 1
    assert email.count("About Cyberport") == 1
    assert email.count("關於數碼港") == 1


def test_a_boilerplate_without_a_heading_gets_the_issuers(park: Issuer) -> None:
    release = release_with_boilerplates(
        park, "<p>Cyberport is a digital technology hub.</p>", "<p>數碼港是數碼科技樞紐。</p>"
    )

    english = newsroom_page(release, "en")
    email = email_in_both_languages(release)

    assert 'id="about-title">About Cyberport</h2>' in english
    assert email.count("About Cyberport") == 1
    assert email.count("關於數碼港") == 1

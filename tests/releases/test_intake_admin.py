"""Release intake in the admin, as Pat, an in-house PR officer of Harbourfront Technology Park,
uses it: upload or paste, read the proposal beside the source, correct it, save a draft. The
draft has its translations, assets, known and new enquiry contacts, the boilerplate choice and
the original file, which downloads and is never shown inline. Vera (a viewer) may not use it."""

from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from contacts.models import Organisation, PRContact
from releases.models import BoilerplateVersion, Release, ReleaseSourceFile, ReleaseTranslation
from tests.factories import (
    AgencyFactory,
    IssuerFactory,
    MembershipFactory,
    OrganisationFactory,
    PRContactFactory,
    UserFactory,
)
from tests.personas import persona
from tests.releases.intake_helpers import FIXTURES, english_docx

pytestmark = pytest.mark.django_db

INTAKE = "/admin/pressroom/release/intake/"
FIXTURE = FIXTURES / "harbourfront-awards-2026.zh-hant.txt"
ABOUT_ZH = (
    "<p>海濱科技園是香港的數碼科技樞紐和人工智能加速器，協助企業應用數碼及人工智能技術，"
    "推動香港發展成為國際創新科技中心。園區現有逾 2,300 間企業，當中包括 8 間獨角獸企業；"
    "企業創辦人來自 26 個國家及地區。</p>"
    "<p>科技園的人工智能生態圈以全港最大的人工智能超級運算中心為核心，"
    "連同業界龍頭企業及逾 400 間人工智能與數據科學初創共同發展。</p>"
    '<p>詳情請瀏覽：<a href="https://park.example.com/zh/">https://park.example.com/zh/</a>。</p>'
)


@pytest.fixture
def park() -> Organisation:
    return OrganisationFactory.create(name_en="Harbourfront Comms", name_zh_hant="海濱科技園傳訊部")


@pytest.fixture
def issuer(park: Organisation) -> Any:
    return IssuerFactory.create(
        organisation=park,
        name_en="Harbourfront Technology Park",
        name_zh_hant="海濱科技園",
        boilerplate_zh_hant=ABOUT_ZH,
    )


@pytest.fixture
def pat(park: Organisation) -> Client:
    user = UserFactory.create(username="pat")
    user.groups.add(Group.objects.get(name="In-house PR officer"))
    MembershipFactory.create(user=user, organisation=park)
    client = Client()
    client.force_login(user)
    return client


def _version(translation: ReleaseTranslation) -> BoilerplateVersion:
    assert translation.boilerplate_version is not None
    return translation.boilerplate_version


def _upload(client: Client, issuer: Any, **data: Any) -> Any:
    return client.post(INTAKE, {"issuer": issuer.pk, "_upload": "1", **data})


def _proposal_post(response: Any, **changes: Any) -> dict[str, Any]:
    """The proposal's form as shown, with the officer's corrections."""
    form = response.context["form"]
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if getattr(field.widget, "input_type", "") == "checkbox":
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_pasted_release_in_the_seeds_shape_becomes_a_draft_with_everything_in_place(
    pat: Client, issuer: Any
) -> None:
    agency = AgencyFactory.create(name_en="Lantern PR", name_zh_hant="燈籠公關")
    known = PRContactFactory.create(
        organisation=issuer.organisation, name_en="Chan Tai-man",
        email="chan.taiman@park.example.com", phone="+852 5550 0101",
    )  # fmt: skip
    shown = _upload(pat, issuer, text=FIXTURE.read_text(encoding="utf-8"))
    assert shown.status_code == 200
    page = shown.content.decode()
    assert "海濱科技園初創企業奪《2026 年亞洲智慧城市大獎》三項金獎" in page
    assert "Matches the PR contact Chan Tai-man" in page
    assert "The same as the issuer's current boilerplate (version 1)" in page
    assert "Repeated quote" in page and "Photo caption" in page  # noqa: PT018
    assert Release.objects.count() == 0  # nothing saved before the officer saves

    saved = pat.post(INTAKE, _proposal_post(shown, **{"zh-hant-subheadline": "園區企業獲獎"}))
    release = Release.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:pressroom_release_change", args=[release.pk])
    assert release.status == Release.Status.DRAFT
    assert release.release_type == Release.ReleaseType.IMMEDIATE
    assert str(release.release_date) == "2026-03-12"
    assert release.dateline_zh_hant == "香港"
    (translation,) = release.translations.all()
    assert translation.headline == "海濱科技園初創企業奪《2026 年亞洲智慧城市大獎》三項金獎"
    assert translation.subheadline == "園區企業獲獎"  # corrected in place
    assert translation.body.count("<p>") == 4
    assert _version(translation).number == 1
    assert translation.boilerplate_override == ""
    assert [(a.caption_zh_hant, a.kind, a.external_url) for a in release.assets.all()] == [
        ("得獎典禮相片", "photo",
         "https://files.example.com/harbourfront/awards-2026-photos?usp=sharing"),
        ("得獎方案示範影片", "video", "https://files.example.com/harbourfront/awards-2026-videos"),
    ]  # fmt: skip
    first, second = (link.pr_contact for link in release.enquiry_links.order_by("order"))
    assert first == known
    assert (second.organisation, second.name_zh_hant, second.email) == (
        agency, "黃小明", "wong.siuming@agency.example.com"
    )  # fmt: skip
    (source,) = release.source_files.all()
    assert source.original_name == "pasted-text.txt"

    page = pat.get(saved["Location"]).content.decode()
    assert "pasted-text.txt" in page
    download = pat.get(reverse("admin:pressroom_release_source_file", args=[release.pk, source.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download.getvalue() == FIXTURE.read_text(encoding="utf-8").strip().encode()


def test_a_different_about_block_is_kept_for_this_release_or_made_the_issuers_new_version(
    pat: Client, issuer: Any
) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace("\n400 間", "\n450 間")
    shown = _upload(pat, issuer, text=text)
    page = shown.content.decode()
    assert "Different from the issuer's current boilerplate (version 1)" in page
    assert "<del>400</del><ins>450</ins>" in page
    # The agency's officer is left out (their organisation is not in Pressroom yet).
    leave_out = {"contact-1-include": None}
    saved = pat.post(INTAKE, _proposal_post(shown, slug="kept-for-this-release", **leave_out))
    assert saved.status_code == 302, saved.context["form"].errors
    release = Release.objects.get(slug="kept-for-this-release")
    assert release.enquiry_links.count() == 1
    translation = release.translations.get()
    assert "逾 450 間" in translation.boilerplate_override
    assert _version(translation).number == 1

    shown = _upload(pat, issuer, text=text)
    pat.post(
        INTAKE,
        _proposal_post(
            shown, slug="new-version", **leave_out, **{"zh-hant-boilerplate_choice": "new_version"}
        ),
    )
    translation = Release.objects.get(slug="new-version").translations.get()
    assert translation.boilerplate_override == ""
    assert _version(translation).number == 2
    assert "逾 450 間" in _version(translation).text


def test_a_word_file_and_pasted_chinese_make_a_release_in_both_languages(
    pat: Client, issuer: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    AgencyFactory.create(name_en="Lantern PR", name_zh_hant="燈籠公關")
    shown = _upload(
        pat,
        issuer,
        documents=SimpleUploadedFile("award.docx", english_docx()),
        text=FIXTURE.read_text(encoding="utf-8"),
    )
    assert shown.status_code == 200, shown.content.decode()[:2000]
    data = _proposal_post(shown)
    assert data["slug"] == "harbourfront-start-ups-win-three-gold-awards-at-asia-smart-city-awards"
    response = pat.post(INTAKE, data)
    assert response.status_code == 302, response.context["form"].errors
    release = Release.objects.get()
    assert sorted(release.languages()) == ["en", "zh-hant"]
    english = release.translations.get(language="en")
    assert "<strong>three gold awards</strong>" in english.body
    assert "<table>" in english.body
    assert release.dateline_en == "Hong Kong"
    # The same person in both languages (by phone) is one contact, with both names.
    (both,) = [
        link.pr_contact
        for link in release.enquiry_links.all()
        if link.pr_contact.name_zh_hant == "陳大文"
    ]
    assert both.name_en == "Chan Tai-man"
    assert both.organisation == issuer.organisation
    assert sorted(release.source_files.values_list("original_name", flat=True)) == [
        "award.docx",
        "pasted-text.txt",
    ]


@time_machine.travel("2026-12-01 09:00 +08:00", tick=False)
def test_an_embargo_line_sets_the_release_type_and_its_time_in_hkt(
    pat: Client, issuer: Any
) -> None:
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "即時發布 ", "傳媒禁發時間：2027 年 1 月 5 日上午 10 時 "
    )
    shown = _upload(pat, issuer, text=text)
    data = _proposal_post(shown)
    assert data["release_type"] == "embargoed"
    assert data["embargo_until"] == "2027-01-05 10:00"
    saved = pat.post(INTAKE, {**data, "contact-1-include": ""})
    assert saved.status_code == 302, saved.context["form"].errors
    release = Release.objects.get()
    assert release.release_type == Release.ReleaseType.EMBARGOED
    assert release.embargo_until is not None
    assert release.embargo_until.isoformat() == "2027-01-05T02:00:00+00:00"


def test_a_refused_save_keeps_nothing_and_says_why(pat: Client, issuer: Any) -> None:
    AgencyFactory.create(name_en="Lantern PR", name_zh_hant="燈籠公關")
    shown = _upload(pat, issuer, text=FIXTURE.read_text(encoding="utf-8"))
    contacts_before = PRContact.objects.count()
    response = pat.post(
        INTAKE,
        _proposal_post(shown, release_type="embargoed", embargo_until="2001-01-01 10:00"),
    )
    assert response.status_code == 200
    assert "has already passed" in response.content.decode()
    assert Release.objects.count() == 0
    assert PRContact.objects.count() == contacts_before
    assert ReleaseSourceFile.objects.count() == 0


def test_a_proposal_is_saved_only_by_the_officer_who_uploaded_it(
    pat: Client, issuer: Any, park: Organisation
) -> None:
    shown = _upload(pat, issuer, text=FIXTURE.read_text(encoding="utf-8"))
    other = UserFactory.create(username="quinn")
    other.groups.add(Group.objects.get(name="In-house PR officer"))
    MembershipFactory.create(user=other, organisation=park)
    quinn = Client()
    quinn.force_login(other)
    response = quinn.post(INTAKE, _proposal_post(shown), follow=True)
    assert "upload the document again" in response.content.decode()
    assert Release.objects.count() == 0


def test_who_may_not_add_a_release_may_not_use_intake(issuer: Any, park: Organisation) -> None:
    vera = persona("vera", park)
    client = Client()
    client.force_login(vera)
    assert client.get(INTAKE).status_code == 403
    assert _upload(client, issuer, text="新聞稿").status_code == 403
    assert Client().get(INTAKE).status_code == 302  # to the login page
    listing = client.get("/admin/pressroom/release/").content.decode()
    assert "New release from a document" not in listing


def test_an_agency_officer_drafts_for_its_agency_and_cannot_rewrite_the_boilerplate(
    issuer: Any,
) -> None:
    agency = AgencyFactory.create(name_en="Lantern PR", name_zh_hant="燈籠公關")
    agnes = UserFactory.create(username="agnes")
    agnes.groups.add(Group.objects.get(name="Agency PR officer"))
    MembershipFactory.create(user=agnes, organisation=agency)
    client = Client()
    client.force_login(agnes)
    text = FIXTURE.read_text(encoding="utf-8").replace("\n400 間", "\n450 間")
    shown = _upload(client, issuer, text=text)
    refused = client.post(
        INTAKE, _proposal_post(shown, **{"zh-hant-boilerplate_choice": "new_version"})
    )
    page = refused.content.decode().replace("&#x27;", "'")
    assert "Only those who may change the issuer's boilerplate" in page
    assert Release.objects.count() == 0
    assert PRContact.objects.count() == 0  # the new contacts went with the refused draft
    assert BoilerplateVersion.objects.filter(boilerplate__issuer=issuer).count() == 2  # en, zh

    saved = client.post(INTAKE, _proposal_post(shown))
    assert saved.status_code == 302
    release = Release.objects.get()
    assert list(release.agencies.all()) == [agency]
    assert "450" in release.translations.get().boilerplate_override


def test_a_contact_or_asset_left_out_is_not_checked(pat: Client, issuer: Any) -> None:
    shown = _upload(pat, issuer, text=FIXTURE.read_text(encoding="utf-8"))
    data = _proposal_post(shown)
    data.update({"contact-1-email": "not an address", "contact-1-include": "",
                 "asset-1-url": "javascript:alert(1)"})  # fmt: skip
    kept = pat.post(INTAKE, data)
    assert kept.status_code == 200  # the asset is still kept: its link is refused
    assert "Enter a valid URL." in kept.content.decode()
    saved = pat.post(INTAKE, {**data, "asset-1-include": ""})
    assert saved.status_code == 302
    release = Release.objects.get()
    assert release.assets.count() == 1
    assert release.enquiry_links.count() == 1

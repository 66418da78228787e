"""Release templates: a PR officer starts a release from one of their issuer's templates and gets
its text in both languages, its release type and its media-enquiry contacts; saving it as it
stands keeps all of that and pins the issuer's current boilerplate. Alice is the park's in-house
officer, Charlie an officer of agency A (which drafts the park's releases), Dave an officer of
agency B (which works for another issuer)."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from audit.models import Action, AuditEntry
from releases.models import Issuer, Release, ReleaseTemplate
from tests.factories import (
    AgencyFactory,
    IssuerFactory,
    OrganisationFactory,
    PRContactFactory,
    ReleaseFactory,
    ReleaseTemplateContactFactory,
    ReleaseTemplateFactory,
)
from tests.releases.admin_forms import initial_form_data
from tests.test_roles_and_scoping import client_for

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 8, 30, 4, 0, tzinfo=UTC)  # 30 Aug 2025 12:00 HKT


@pytest.fixture
def park() -> Issuer:
    return IssuerFactory.create(name_en="Harbourfront Technology Park", slug="park")


@pytest.fixture
def award(park: Issuer) -> ReleaseTemplate:
    template = ReleaseTemplateFactory.create(
        issuer=park, name="Award or ranking", release_type=Release.ReleaseType.EMBARGOED
    )
    for order, name in enumerate(["Chan Tai-man", "Wong Siu-ming"]):
        ReleaseTemplateContactFactory.create(
            template=template,
            pr_contact=PRContactFactory.create(organisation=park.organisation, name_en=name),
            order=order,
        )
    return template


# The personas: alice of the park; charlie's agency works for the park, dave's elsewhere.
@pytest.fixture
def in_house(park: Issuer) -> Any:
    return park.organisation


@pytest.fixture
def agency(park: Issuer) -> Any:
    agency = AgencyFactory.create(name_en="Agency A")
    ReleaseFactory.create(issuer=park, slug="assigned").agencies.add(agency)
    return agency


@pytest.fixture
def other_agency() -> Any:
    other = IssuerFactory.create(organisation=OrganisationFactory.create(name_en="Other Comms"))
    agency = AgencyFactory.create(name_en="Agency B")
    ReleaseFactory.create(issuer=other, slug="elsewhere").agencies.add(agency)
    return agency


def add_from(template: ReleaseTemplate) -> str:
    return reverse("admin:pressroom_release_add") + f"?template={template.pk}"


@time_machine.travel(NOW, tick=False)
def test_a_release_made_from_a_template_starts_with_its_text_in_both_languages(
    alice: Any, award: ReleaseTemplate, park: Issuer
) -> None:
    client = client_for(alice)
    page = client.get(add_from(award))
    assert page.status_code == 200
    form = initial_form_data(page)
    translations = {
        form[f"translations-{n}-language"]: (
            form[f"translations-{n}-headline"],
            form[f"translations-{n}-body"],
        )
        for n in range(int(form["translations-TOTAL_FORMS"]))
    }
    assert translations == {
        "en": ("[Who] named [award] by [organiser]", "<p>[Date] – [What was announced]</p>"),
        "zh-hant": ("［獲獎者］獲頒［獎項］", "<p>［日期］－［公布內容］</p>"),
    }
    assert form["issuer"] == str(park.pk)
    assert form["release_type"] == "embargoed"
    assert form["enquiry_links-TOTAL_FORMS"] == "2"

    # The officer gives it an address and an embargo, and saves the rest as the template has it.
    form.update(slug="park-wins-award", embargo_until_0="2025-09-01", embargo_until_1="10:00")
    response = client.post(add_from(award), form)

    assert response.status_code == 302, response.context["errors"]
    release = Release.objects.get(slug="park-wins-award")
    assert release.headline("en") == "[Who] named [award] by [organiser]"
    assert release.headline("zh-hant") == "［獲獎者］獲頒［獎項］"
    assert release.release_type == Release.ReleaseType.EMBARGOED
    assert [link.pr_contact.name_en for link in release.enquiry_links.order_by("order")] == [
        "Chan Tai-man",
        "Wong Siu-ming",
    ]
    # Each language pins the issuer's boilerplate as it stands today.
    for translation in release.translations.all():
        assert translation.boilerplate_version is not None
        assert translation.boilerplate_version.boilerplate.language == translation.language


def test_the_release_list_offers_the_template_chooser_with_the_issuers_templates(
    alice: Any, award: ReleaseTemplate
) -> None:
    client = client_for(alice)
    chooser = reverse("admin:pressroom_release_from_template")
    assert chooser in client.get(reverse("admin:pressroom_release_changelist")).content.decode()
    page = client.get(chooser).content.decode()
    assert "Award or ranking" in page
    assert add_from(award).replace("&", "&amp;") in page


def test_an_agency_sees_the_templates_of_issuers_it_works_for_only(
    charlie: Any, dave: Any, award: ReleaseTemplate
) -> None:
    chooser = reverse("admin:pressroom_release_from_template")
    template_page = reverse("admin:pressroom_releasetemplate_change", args=[award.pk])

    # A contact of another agency on the template: agency A may not see it, so it is left out.
    ReleaseTemplateContactFactory.create(
        template=award,
        pr_contact=PRContactFactory.create(organisation=AgencyFactory.create(), name_en="Other"),
        order=2,
    )
    charlie_client = client_for(charlie)
    assert "Award or ranking" in charlie_client.get(chooser).content.decode()
    add_page = charlie_client.get(add_from(award))
    assert add_page.status_code == 200
    assert initial_form_data(add_page)["enquiry_links-TOTAL_FORMS"] == "2"
    assert charlie_client.get(template_page).status_code == 200
    # It reads the template; changing it is the in-house team's.
    refused = charlie_client.post(template_page, {"name": "Ours now"})
    assert refused.status_code == 403
    award.refresh_from_db()
    assert award.name == "Award or ranking"

    dave_client = client_for(dave)
    assert "Award or ranking" not in dave_client.get(chooser).content.decode()
    assert dave_client.get(add_from(award)).status_code == 404
    assert dave_client.get(template_page).status_code == 404
    listed = dave_client.get(reverse("admin:pressroom_releasetemplate_changelist"))
    assert list(listed.context["cl"].queryset) == []


def test_an_unknown_or_malformed_template_is_not_found(alice: Any) -> None:
    client = client_for(alice)
    add = reverse("admin:pressroom_release_add")
    assert client.get(add + "?template=999999").status_code == 404
    assert client.get(add + "?template=%27%3B--").status_code == 404


def test_a_template_may_not_be_made_for_another_issuer(alice: Any) -> None:
    other = IssuerFactory.create(organisation=OrganisationFactory.create(name_en="Other Comms"))
    response = client_for(alice).post(
        reverse("admin:pressroom_releasetemplate_add"),
        {
            "issuer": str(other.pk),
            "name": "Not ours",
            "release_type": "immediate",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "contact_links-TOTAL_FORMS": "0",
            "contact_links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ReleaseTemplate.objects.exists()


def test_changes_to_a_template_go_on_the_audit_log(alice: Any, award: ReleaseTemplate) -> None:
    client = client_for(alice)
    url = reverse("admin:pressroom_releasetemplate_change", args=[award.pk])
    form = initial_form_data(client.get(url))
    form["name"] = "Awards and rankings"
    assert client.post(url, form).status_code == 302

    entry = AuditEntry.objects.get(action=Action.CHANGED, object_id=str(award.pk))
    assert entry.actor == alice
    assert "name" in entry.summary

"""What a PR officer sees when the admin forms get bad input: a clear message, nothing saved."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from contacts.models import MediaContact, Organisation, Outlet
from releases.models import Issuer, Release, ReleaseTranslation

NOW = datetime(2025, 8, 30, 4, 0, tzinfo=UTC)  # 30 Aug 2025 12:00 HKT


@pytest.fixture
def officer(db: None) -> Client:
    user = get_user_model().objects.create_superuser("alice", "alice@example.com", "x")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def issuer(db: None) -> Issuer:
    team = Organisation.objects.create(name_en="Park comms", kind=Organisation.Kind.IN_HOUSE)
    return Issuer.objects.create(name_en="Park", slug="park", organisation=team)


def _release_form(issuer: Issuer, **fields: str) -> dict[str, str]:
    data = {
        "issuer": str(issuer.pk),
        "slug": "gii-2025",
        "status": "draft",
        "release_type": "immediate",
        "embargo_until_0": "",
        "embargo_until_1": "",
        "release_date": "2025-09-01",
        "published_at_0": "",
        "published_at_1": "",
        "dateline_en": "Hong Kong",
        "dateline_zh_hant": "香港",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "assets-TOTAL_FORMS": "0",
        "assets-INITIAL_FORMS": "0",
        "enquiry_links-TOTAL_FORMS": "0",
        "enquiry_links-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


def _english(headline: str, body: str) -> dict[str, str]:
    return {
        "translations-TOTAL_FORMS": "1",
        "translations-0-language": "en",
        "translations-0-headline": headline,
        "translations-0-subheadline": "",
        "translations-0-body": body,
        "translations-0-boilerplate_override": "",
    }


@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_new_embargoed_release_whose_embargo_has_passed(
    officer: Client, issuer: Issuer
) -> None:
    data = _release_form(
        issuer,
        release_type="embargoed",
        embargo_until_0="2025-08-30",
        embargo_until_1="11:59",  # one minute ago, HKT
        **_english("Cluster ranks first", "<p>Body</p>"),
    )
    response = officer.post(reverse("admin:pressroom_release_add"), data)
    assert response.status_code == 200
    assert "has already passed" in response.content.decode()
    assert not Release.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_it_saves_an_embargo_typed_in_hong_kong_time_as_utc(
    officer: Client, issuer: Issuer
) -> None:
    data = _release_form(
        issuer,
        release_type="embargoed",
        embargo_until_0="2025-09-01",
        embargo_until_1="10:00",
        **_english("Cluster ranks first", "<p>Body</p>"),
    )
    response = officer.post(reverse("admin:pressroom_release_add"), data)
    assert response.status_code == 302
    assert Release.objects.get().embargo_until == datetime(2025, 9, 1, 2, 0, tzinfo=UTC)


def test_the_status_cannot_be_set_from_the_form(officer: Client, issuer: Issuer) -> None:
    # The status moves only through the workflow's buttons (tests/releases/test_workflow_admin.py),
    # so a posted status is ignored: the new release is a draft.
    response = officer.post(
        reverse("admin:pressroom_release_add"), _release_form(issuer, status="approved")
    )
    assert response.status_code == 302
    assert Release.objects.get().status == Release.Status.DRAFT


def test_a_draft_may_be_saved_without_a_translation(officer: Client, issuer: Issuer) -> None:
    response = officer.post(reverse("admin:pressroom_release_add"), _release_form(issuer))
    assert response.status_code == 302
    assert Release.objects.get().status == Release.Status.DRAFT


def test_it_records_who_wrote_the_release_and_cleans_its_body(
    officer: Client, issuer: Issuer
) -> None:
    body = '<p onclick="steal()">Ranked <strong>first</strong><script>alert(1)</script></p>'
    response = officer.post(
        reverse("admin:pressroom_release_add"),
        _release_form(issuer, **_english("Cluster ranks first", body)),
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert release.created_by is not None
    assert release.created_by.get_username() == "alice"
    saved = ReleaseTranslation.objects.get(release=release).body
    assert "<strong>first</strong>" in saved
    assert "script" not in saved
    assert "onclick" not in saved


def test_a_duplicate_contact_email_in_another_case_names_the_existing_contact(
    officer: Client,
) -> None:
    outlet = Outlet.objects.create(name_en="Harbour Daily", kind=Outlet.Kind.NEWSPAPER)
    MediaContact.objects.create(
        name_en="Mary Lam", email="mary.lam@daily.example.com", outlet=outlet
    )
    response = officer.post(
        reverse("admin:contacts_mediacontact_add"),
        {
            "email": "  Mary.Lam@DAILY.example.com ",
            "name_en": "M. Lam",
            "name_zh_hant": "",
            "status": "active",
            "preferred_language": "both",
            "consent_basis": "legitimate_interest",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "already belongs to media contact" in page
    assert "Mary Lam" in page
    assert "Harbour Daily" in page
    assert MediaContact.objects.count() == 1


def test_the_add_release_page_offers_both_languages(officer: Client, issuer: Issuer) -> None:
    page = officer.get(reverse("admin:pressroom_release_add")).content.decode()
    assert 'name="translations-0-language"' in page
    assert 'name="translations-1-language"' in page
    assert '<option value="zh-hant" selected>' in page

"""`manage.py load_demo`: fictional, bilingual, on reserved domains, and safe to run again."""

import io
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from contacts.models import (
    DistributionList,
    MediaContact,
    Membership,
    Organisation,
    Outlet,
    PRContact,
    Suppression,
)
from distribution.management.commands import load_demo as load_demo_module
from releases.models import BoilerplateVersion, Issuer, Release, ReleaseTemplate

RESERVED_SUFFIXES = (".example.com", ".test", "@example.com")


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_release() -> Release:
    return Release.objects.get(
        issuer__slug="harbourfront-technology-park", slug=load_demo_module.RELEASE_SLUG
    )


def row_counts() -> dict[str, int]:
    """Rows in every table of our apps and auth, through tables of many-to-many fields included."""
    labels = {"contacts", "pressroom", "distribution", "auth"}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }


@pytest.mark.django_db
def test_it_loads_a_bilingual_release_about_the_ranking() -> None:
    load_demo()

    release = demo_release()
    assert release.status == Release.Status.PUBLISHED  # sent and public since 1 Sep 2025
    assert release.is_public(datetime(2025, 9, 1, 2, 0, tzinfo=UTC))
    assert release.release_type == Release.ReleaseType.EMBARGOED
    assert release.embargo_until == datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # 10:00 HKT
    assert release.embargo_display() == "1 Sep 2025 10:00 HKT"
    assert str(release.release_date) == "2025-09-01"
    assert release.agencies.get().kind == Organisation.Kind.AGENCY
    translations = {t.language: t for t in release.translations.all()}
    assert set(translations) == {"en", "zh-hant"}
    assert "Global Innovation Index 2025" in translations["en"].headline
    assert "全球創新指數" in translations["zh-hant"].headline
    for translation in translations.values():
        assert translation.subheadline
        assert "2,292" in translation.body
        assert "3,775" in translation.body
        assert "1:9" in translation.body
        assert translation.body.startswith("<p>")
        assert "<script" not in translation.body.lower()
        assert translation.boilerplate_override == ""
    assert "Dr Lee Ka-keung" in translations["en"].body
    assert "李家強博士" in translations["zh-hant"].body


@pytest.mark.django_db
def test_the_issuer_has_its_boilerplate_in_both_languages() -> None:
    load_demo()

    issuer = Issuer.objects.get(slug="harbourfront-technology-park")
    assert issuer.name_zh_hant == "海濱科技園"
    assert issuer.time_zone == "Asia/Hong_Kong"
    assert issuer.website == "https://park.example.com"
    assert issuer.organisation.kind == Organisation.Kind.IN_HOUSE
    # Two versions: the revised wording is current, the published release keeps the first.
    assert "2,300" in issuer.boilerplate("en")
    assert "2,300" in issuer.boilerplate("zh-hant")
    assert "人工智能" in issuer.boilerplate("zh-hant")
    for translation in demo_release().translations.all():
        assert translation.boilerplate_version is not None
        assert translation.boilerplate_version.number == 1
        assert "2,200" in translation.boilerplate()


@pytest.mark.django_db
def test_the_issuer_has_a_release_template_in_both_languages_and_loading_again_adds_nothing() -> (
    None
):
    load_demo()
    load_demo()

    template = ReleaseTemplate.objects.get(issuer__slug="harbourfront-technology-park")
    assert {t.language for t in template.translations.all()} == {"en", "zh-hant"}
    assert template.contact_links.count() == 2
    assert BoilerplateVersion.objects.filter(boilerplate__issuer=template.issuer).count() == 4


@pytest.mark.django_db
def test_the_release_has_two_asset_links_in_order_on_a_reserved_domain() -> None:
    load_demo()

    assets = list(demo_release().assets.all())
    assert [(a.kind, a.caption_en, a.caption_zh_hant) for a in assets] == [
        ("photo", "High-resolution press photos", "高像素新聞圖片"),
        ("video", "Park photos and videos", "園區圖片及影片"),
    ]
    for asset in assets:
        assert asset.external_url.startswith("https://drive.example.com/")
        assert not asset.file


@pytest.mark.django_db
def test_media_enquiries_name_the_in_house_officer_then_the_agency_officer() -> None:
    load_demo()

    links = list(demo_release().enquiry_links.select_related("pr_contact__organisation"))
    assert [link.order for link in links] == [0, 1]
    in_house, agency = (link.pr_contact for link in links)
    assert (in_house.name_en, in_house.organisation.kind) == ("Chan Tai-man", "in_house")
    assert (agency.name_en, agency.organisation.kind) == ("Wong Siu-ming", "agency")
    assert in_house.email.endswith("@park.example.com")
    assert agency.email.endswith("@agency.example.com")


@pytest.mark.django_db
def test_it_loads_about_two_hundred_contacts_on_reserved_domains_only() -> None:
    load_demo()

    contacts = list(MediaContact.objects.prefetch_related("beats").select_related("outlet"))
    assert len(contacts) == 200
    for contact in contacts:
        assert contact.email.endswith(RESERVED_SUFFIXES), contact.email
        assert contact.name_en
        assert contact.name_zh_hant
        assert contact.outlet is not None
        assert contact.job_title
        assert 1 <= len(contact.beats.all()) <= 3
        assert contact.source == "Pressroom demo data"
    assert {c.preferred_language for c in contacts} == {"zh-hant", "en", "both"}
    for email in PRContact.objects.values_list("email", flat=True):
        assert email.endswith(RESERVED_SUFFIXES), email


@pytest.mark.django_db
def test_outlets_cover_every_kind_with_fictional_websites() -> None:
    load_demo()

    outlets = list(Outlet.objects.all())
    assert {o.kind for o in outlets} == set(Outlet.Kind.values)
    for outlet in outlets:
        assert outlet.name_zh_hant
        assert outlet.region == "Hong Kong"
        assert outlet.website.rstrip("/").endswith((".example.com", ".test")), outlet.website


@pytest.mark.django_db
def test_every_contact_who_left_the_list_is_suppressed() -> None:
    load_demo()

    gone = MediaContact.objects.exclude(status=MediaContact.Status.ACTIVE)
    assert gone.count() == 3
    expected = {"unsubscribed": "unsubscribe", "bounced": "hard_bounce"}
    for contact in gone:
        suppression = Suppression.objects.get(email=contact.email)
        assert suppression.reason == expected[contact.status]
        assert suppression.source == "demo"
    assert Suppression.objects.count() == 3


@pytest.mark.django_db
def test_it_loads_a_list_of_active_senior_editors_trusted_with_embargoes() -> None:
    load_demo()

    trusted = DistributionList.objects.get(trusted_for_embargo=True)
    assert trusted.name == "Embargo-trusted editors"
    assert trusted.owner.kind == Organisation.Kind.IN_HOUSE
    members = list(trusted.contacts())
    assert len(members) == 15
    assert all(m.status == MediaContact.Status.ACTIVE for m in members)
    assert all("Editor" in m.job_title for m in members)


@pytest.mark.django_db
def test_the_desk_lists_hold_contacts_on_their_beats() -> None:
    load_demo()

    tech = DistributionList.objects.get(name="Technology desk")
    business = DistributionList.objects.get(name="Business & finance desk")
    for desk, beats in [
        (tech, {"technology", "ai", "startups", "innovation"}),
        (business, {"business", "finance", "fintech", "property"}),
    ]:
        assert not desk.trusted_for_embargo
        assert desk.rule_filter() is None
        members = list(desk.contacts().prefetch_related("beats"))
        assert len(members) > 50
        for member in members:
            assert beats & {b.slug for b in member.beats.all()}


@pytest.mark.django_db
def test_the_agency_list_finds_chinese_reading_fintech_writers_by_its_rule() -> None:
    load_demo()

    agency_list = DistributionList.objects.get(owner__kind=Organisation.Kind.AGENCY)
    assert list(agency_list.rule_beats.values_list("slug", flat=True)) == ["fintech"]
    assert agency_list.rule_languages == ["zh-hant", "both"]
    assert not agency_list.members.exists()
    found = list(agency_list.contacts().prefetch_related("beats"))
    assert found
    for contact in found:
        assert contact.preferred_language in {"zh-hant", "both"}
        assert "fintech" in {b.slug for b in contact.beats.all()}


@pytest.mark.django_db
def test_it_creates_the_demo_superuser_with_the_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", "a-password-from-the-env")

    load_demo()

    user = get_user_model().objects.get(username="demo")
    assert user.email == "demo@example.com"
    assert user.is_staff
    assert user.is_superuser
    assert user.check_password("a-password-from-the-env")


@pytest.mark.django_db
def test_running_it_twice_changes_nothing() -> None:
    load_demo()
    counts = row_counts()
    contacts = list(
        MediaContact.objects.order_by("email").values_list(
            "pk", "email", "name_en", "outlet__name_en", "status", "preferred_language"
        )
    )
    translations = list(demo_release().translations.values_list("pk", "headline", "body"))

    load_demo()

    assert row_counts() == counts
    assert counts["contacts.MediaContact"] == 200
    assert counts["contacts.MediaContact_beats"] >= 200
    assert counts["contacts.DistributionList_members"] > 0
    assert (
        list(
            MediaContact.objects.order_by("email").values_list(
                "pk", "email", "name_en", "outlet__name_en", "status", "preferred_language"
            )
        )
        == contacts
    )
    assert list(demo_release().translations.values_list("pk", "headline", "body")) == translations


@pytest.mark.django_db
def test_running_it_again_keeps_a_password_someone_changed() -> None:
    load_demo()
    user = get_user_model().objects.get(username="demo")
    user.set_password("changed-by-a-person")
    user.is_staff = False
    user.save()

    output = load_demo()

    user.refresh_from_db()
    assert user.check_password("changed-by-a-person")
    assert user.is_staff
    assert user.is_superuser
    assert "password unchanged" in output


@pytest.mark.django_db
def test_running_it_again_keeps_a_contact_who_unsubscribed_meanwhile_unsubscribed() -> None:
    load_demo()
    contact = MediaContact.objects.filter(status=MediaContact.Status.ACTIVE).first()
    assert contact is not None
    contact.status = MediaContact.Status.UNSUBSCRIBED
    contact.save()

    load_demo()

    contact.refresh_from_db()
    assert contact.status == MediaContact.Status.UNSUBSCRIBED


@pytest.mark.django_db
def test_a_failure_part_way_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(load_demo_module, "load_suppressions", fail)

    with pytest.raises(RuntimeError):
        load_demo()

    assert not Organisation.objects.exists()
    assert not Release.objects.exists()
    assert not MediaContact.objects.exists()
    assert not get_user_model().objects.filter(username="demo").exists()


@pytest.mark.django_db
def test_it_prints_a_summary_of_what_it_loaded() -> None:
    output = load_demo()

    assert "media contacts: 200 (3 suppressed)" in output
    assert "gii-2025-innovation-cluster" in output
    assert "Embargo-trusted editors (15)" in output
    assert "user 'demo': created" in output


@pytest.mark.django_db
def test_it_loads_an_upcoming_release_under_embargo_for_an_advance_copy() -> None:
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 17:00 HKT
    with time_machine.travel(now, tick=False):
        load_demo()
    upcoming = Release.objects.get(slug=load_demo_module.UPCOMING_SLUG)
    assert upcoming.status == Release.Status.APPROVED
    assert upcoming.embargo_display() == "30 Nov 2026 10:00 HKT"
    assert not upcoming.is_public(now)
    assert set(upcoming.languages()) == {"en", "zh-hant"}


def demo_login(username: str) -> Any:
    """Log in through the admin's login form, as a person does (and as django-axes watches)."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": "pressroom-demo", "next": "/admin/"},
    )
    assert response.status_code == 302, f"{username} could not log in with the demo password"
    return client


@pytest.mark.django_db
def test_each_role_has_a_demo_login_that_can_do_what_the_role_allows() -> None:
    from django.urls import reverse

    from audit.models import UserPreference
    from contacts.models import agency_of

    load_demo()
    load_demo()  # idempotent: still one user per role, in one group
    release = demo_release()
    expected = {
        # username: (organisation kind, may schedule a send, may approve, reads the audit log)
        "officer": ("in_house", True, True, True),
        "approver": ("in_house", True, True, True),
        "agency": ("agency", False, False, False),
        "viewer": ("in_house", False, False, False),
    }
    for username, (kind, schedules, approves, audits) in expected.items():
        user = get_user_model().objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert user.groups.count() == 1
        assert Membership.objects.get(user=user).organisation.kind == kind
        assert (agency_of(user) is not None) == (kind == "agency")
        client = demo_login(username)
        assert client.get(reverse("admin:pressroom_release_changelist")).status_code == 200
        schedule = client.get(reverse("admin:distribution_send_schedule", args=[release.pk]))
        assert (schedule.status_code == 200) == schedules, username
        assert user.has_perm("pressroom.approve_release") == approves, username
        audit = client.get(reverse("admin:audit_auditentry_changelist"))
        assert (audit.status_code == 200) == audits, username
    # The viewer reads a release but cannot change it.
    viewer = demo_login("viewer")
    page = viewer.get(reverse("admin:pressroom_release_change", args=[release.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    # The approver reads the admin in Chinese.
    approver = get_user_model().objects.get(username="approver")
    assert UserPreference.objects.get(user=approver).language == "zh-hant"

"""Security review, finding 2: a published release changes only through a correction. Its page
no longer edits the text journalists read; a correction is drafted with the published text,
submitted, approved by someone else, and the newsroom then shows the corrected text with a
dated "Corrected on …" note in the reader's language, the original kept on the correction."""

from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from pressroom.correction_models import Correction
from pressroom.models import Release
from tests.factories import (
    IssuerFactory,
    MembershipFactory,
    OrganisationFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    UserFactory,
)
from tests.pressroom.admin_forms import initial_form_data

pytestmark = pytest.mark.django_db

PUBLISHED_AT = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
CORRECTED_AT = datetime(2025, 9, 2, 6, 30, tzinfo=UTC)  # 2 Sep 2025 14:30 HKT
FIRST = "創新集群奪全球第一"
FIXED = "創新集群連續兩年奪全球第一"


@pytest.fixture
def team() -> dict[str, Any]:
    park = OrganisationFactory.create(name_en="Park Comms")
    issuer = IssuerFactory.create(organisation=park)
    people = {}
    for name, group in (("pat", "In-house PR officer"), ("abby", "In-house approver")):
        user = UserFactory.create(username=name)
        user.groups.add(Group.objects.get(name=group))
        MembershipFactory.create(user=user, organisation=park)
        people[name] = user
    with time_machine.travel(PUBLISHED_AT, tick=False):
        release = PublicReleaseFactory.create(issuer=issuer, slug="gii-2025")
    return {"release": release, **people}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def newsroom(release: Release, language: str) -> str:
    with time_machine.travel(CORRECTED_AT, tick=False):
        response = Client().get(f"/{language}/releases/{release.pk}-{release.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_release_page_no_longer_edits_a_published_text(team: dict[str, Any]) -> None:
    release: Release = team["release"]
    chinese = release.translations.get(language="zh-hant")
    client = client_for(team["pat"])
    page = client.get(reverse("admin:pressroom_release_change", args=[release.pk]))
    form = initial_form_data(page)
    assert not any(key.endswith("-headline") for key in form)  # shown, not editable
    assert 'id="correct-link"' in page.content.decode()
    form.update({"translations-TOTAL_FORMS": "1", "translations-INITIAL_FORMS": "1",
                 "translations-0-id": str(chinese.pk), "translations-0-language": "zh-hant",
                 "translations-0-headline": "竄改的標題"})  # fmt: skip
    client.post(reverse("admin:pressroom_release_change", args=[release.pk]), form)

    chinese.refresh_from_db()
    assert chinese.headline == FIRST
    assert FIRST in newsroom(release, "zh-hant")


def test_a_correction_is_approved_by_someone_else_and_shown_dated(team: dict[str, Any]) -> None:
    release: Release = team["release"]
    pat, abby = client_for(team["pat"]), client_for(team["abby"])
    add = reverse("admin:pressroom_correction_add")
    start = pat.get(add, {"release": release.pk})
    form = initial_form_data(start)
    assert form["headline_zh_hant"] == FIRST  # starts from the published text
    form.update({"release": str(release.pk), "headline_zh_hant": FIXED,
                 "note_en": "The headline now says it is the second year.",
                 "note_zh_hant": "標題已更正為連續兩年。"})  # fmt: skip
    assert pat.post(add, form).status_code == 302
    correction = Correction.objects.get()
    changelist = reverse("admin:pressroom_correction_changelist")

    def act(client: Client, action: str) -> str:
        response = client.post(
            changelist, {"action": action, "_selected_action": [correction.pk]}, follow=True
        )
        return response.content.decode()

    act(pat, "submit_for_review")
    refused = act(pat, "approve_and_publish")  # pat may approve releases, not his own text
    assert "Someone other than the author must approve it" in refused
    assert FIRST in newsroom(release, "zh-hant")
    with time_machine.travel(CORRECTED_AT, tick=False):
        act(abby, "approve_and_publish")

    correction.refresh_from_db()
    assert correction.status == Correction.Status.PUBLISHED
    assert correction.original["zh-hant"]["headline"] == FIRST
    chinese_page, english_page = newsroom(release, "zh-hant"), newsroom(release, "en")
    assert FIXED in chinese_page
    assert "更正於 2025年9月2日 14:30 HKT： 標題已更正為連續兩年。" in chinese_page
    assert "Corrected on 2 Sep 2025 14:30 HKT: The headline now says it is the second year." in (
        english_page
    )
    release.refresh_from_db()
    assert release.approved_hash == release.content_hash()
    assert AuditEntry.objects.filter(
        action=Action.APPROVED, object_id=str(release.pk), summary__startswith="Correction"
    ).exists()


def test_a_release_not_yet_published_is_edited_not_corrected(team: dict[str, Any]) -> None:
    draft = ReleaseFactory.create(issuer=team["release"].issuer, bilingual=True)
    response = client_for(team["pat"]).post(
        reverse("admin:pressroom_correction_add"),
        {"release": draft.pk, "note_en": "x", "note_zh_hant": "x"},
    )
    assert "Only a published release is corrected" in response.content.decode()
    assert not Correction.objects.exists()

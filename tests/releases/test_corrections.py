"""A published release changes only through a correction. Its page
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
from releases.models import Correction, Release
from tests.factories import (
    IssuerFactory,
    MembershipFactory,
    OrganisationFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    UserFactory,
)
from tests.releases.admin_forms import initial_form_data

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


def _draft_correction(team: dict[str, Any], headline: str = FIXED) -> Correction:
    add = reverse("admin:pressroom_correction_add")
    client = client_for(team["pat"])
    form = initial_form_data(client.get(add, {"release": team["release"].pk}))
    form.update({"release": str(team["release"].pk), "headline_zh_hant": headline,
                 "note_en": "Corrected.", "note_zh_hant": "已更正。"})  # fmt: skip
    assert client.post(add, form).status_code == 302
    return Correction.objects.latest("pk")


def _act(user: Any, correction: Correction, action: str) -> str:
    response = client_for(user).post(
        reverse("admin:pressroom_correction_changelist"),
        {"action": action, "_selected_action": [correction.pk]},
        follow=True,
    )
    return response.content.decode()


def test_whoever_rewrote_a_correction_cannot_approve_it(team: dict[str, Any]) -> None:
    """Review of the fix: an officer who edited someone else's draft correction could then
    approve their own words."""
    correction = _draft_correction(team)
    abby = team["abby"]
    abby.groups.add(Group.objects.get(name="In-house PR officer"))  # may edit and approve
    change = reverse("admin:pressroom_correction_change", args=[correction.pk])
    form = initial_form_data(client_for(abby).get(change))
    form["headline_zh_hant"] = "由批核人改寫的標題"
    assert client_for(abby).post(change, form).status_code == 302
    _act(team["pat"], correction, "submit_for_review")

    refused = _act(abby, correction, "approve_and_publish")

    assert "Someone other than the author must approve it" in refused
    correction.refresh_from_db()
    assert correction.status == Correction.Status.IN_REVIEW


def test_a_correction_started_before_another_was_published_is_refused(
    team: dict[str, Any],
) -> None:
    first, second = _draft_correction(team), _draft_correction(team, headline="另一個標題")
    for correction in (first, second):
        _act(team["pat"], correction, "submit_for_review")
    _act(team["abby"], first, "approve_and_publish")

    refused = _act(team["abby"], second, "approve_and_publish")

    assert "The release changed after this correction was started" in refused
    assert FIXED in newsroom(team["release"], "zh-hant")


def test_a_published_correction_stays_on_record(team: dict[str, Any]) -> None:
    correction = _draft_correction(team)
    _act(team["pat"], correction, "submit_for_review")
    _act(team["abby"], correction, "approve_and_publish")
    delete = reverse("admin:pressroom_correction_delete", args=[correction.pk])
    assert client_for(team["pat"]).post(delete, {"post": "yes"}).status_code == 403
    assert Correction.objects.filter(pk=correction.pk).exists()


def test_a_published_release_keeps_its_issuer_and_address(team: dict[str, Any]) -> None:
    release: Release = team["release"]
    client = client_for(team["pat"])
    url = reverse("admin:pressroom_release_change", args=[release.pk])
    form = initial_form_data(client.get(url))
    assert "slug" not in form
    assert "issuer" not in form
    form.update({"slug": "moved", "issuer": str(IssuerFactory.create().pk)})
    client.post(url, form)
    release.refresh_from_db()
    assert (release.slug, release.issuer_id) == ("gii-2025", team["release"].issuer_id)


@pytest.mark.parametrize("value", ["²", "١٢"])
def test_an_odd_release_number_in_the_address_is_not_an_error(
    team: dict[str, Any], value: str
) -> None:
    response = client_for(team["pat"]).get(
        reverse("admin:pressroom_correction_add"), {"release": value}
    )
    assert response.status_code == 200

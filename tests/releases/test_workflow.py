"""The release workflow as the people in it meet it: Charlie (agency) drafts and submits, Bob
(in-house approver) approves exactly what he saw, nobody approves their own release, an edit
after approval sends it back to review, and two people acting at once cannot both win."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from releases.models import Release
from releases.workflow import (
    TransitionRefused,
    bilingual_findings,
    release_approve,
    release_back_to_draft,
    release_comment,
    release_submit,
    release_withdraw,
)
from tests.factories import EnquiryContactFactory, ReleaseFactory, UserFactory
from tests.personas import persona
from tests.releases.admin_forms import initial_form_data as _initial_form_data

pytestmark = pytest.mark.django_db


def with_perms(user: Any, *codenames: str) -> Any:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="pressroom", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached


@pytest.fixture
def draft(charlie: Any, agency: Any) -> Release:
    """Charlie's draft, of a release assigned to his agency."""
    return drafted_by(charlie, agency, bilingual=True)


def drafted_by(charlie: Any, agency: Any, **fields: Any) -> Release:
    release = ReleaseFactory.create(created_by=charlie, **fields)
    release.agencies.add(agency)
    return release


def test_a_draft_goes_to_review_and_is_approved_by_someone_else(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    assert draft.status == Release.Status.IN_REVIEW
    assert draft.submitted_by == charlie
    release_approve(release=draft, by=bob, seen_hash=draft.content_hash())
    assert draft.status == Release.Status.APPROVED
    assert draft.approved_by == bob
    assert draft.approved_hash == draft.content_hash()
    actions = list(
        AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("action", "actor_name")
    )
    assert (Action.SUBMITTED, "charlie") in actions
    assert (Action.APPROVED, "bob") in actions


def test_a_release_without_text_cannot_be_submitted(charlie: Any) -> None:
    empty = ReleaseFactory.create(created_by=charlie)
    with pytest.raises(TransitionRefused, match="at least one language"):
        release_submit(release=empty, by=charlie)
    empty.refresh_from_db()
    assert empty.status == Release.Status.DRAFT


def test_nobody_approves_their_own_release(draft: Release, charlie: Any) -> None:
    author_approver = with_perms(charlie, "approve_release")
    release_submit(release=draft, by=author_approver)
    with pytest.raises(TransitionRefused, match="two-person rule"):
        release_approve(release=draft, by=author_approver, seen_hash=draft.content_hash())
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW


def test_an_agency_officer_cannot_approve(draft: Release, charlie: Any) -> None:
    release_submit(release=draft, by=charlie)
    other_agency_officer = persona("dave")
    with pytest.raises(TransitionRefused, match="in-house approver"):
        release_approve(release=draft, by=other_agency_officer, seen_hash=draft.content_hash())


def test_a_stale_approval_is_refused(draft: Release, charlie: Any, bob: Any) -> None:
    release_submit(release=draft, by=charlie)
    seen = draft.content_hash()
    english = draft.translations.get(language="en")
    english.body = "<p>The cluster recorded 2,293 patent applications.</p>"  # edited in another tab
    english.save()
    with pytest.raises(TransitionRefused, match="changed after you opened it"):
        release_approve(release=draft, by=bob, seen_hash=seen)
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW


def test_the_second_of_two_concurrent_approvals_is_refused(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    alice = persona("alice")  # an in-house officer approves too
    seen = draft.content_hash()
    same_release_in_bobs_tab = Release.objects.get(pk=draft.pk)
    release_approve(release=draft, by=alice, seen_hash=seen)
    with pytest.raises(TransitionRefused, match="now approved"):
        release_approve(release=same_release_in_bobs_tab, by=bob, seen_hash=seen)
    draft.refresh_from_db()
    assert draft.approved_by == alice
    assert AuditEntry.objects.filter(action=Action.REFUSED, actor_name="bob").exists()


def test_an_edit_after_approval_sends_the_release_back_to_review(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    release_approve(release=draft, by=bob, seen_hash=draft.content_hash())
    english = draft.translations.get(language="en")
    client = Client()
    client.force_login(UserFactory.create(username="root", is_superuser=True))
    page = client.get(reverse("admin:pressroom_release_change", args=[draft.pk]))
    assert page.status_code == 200
    form = {
        key: value for key, value in _initial_form_data(page).items() if not key.startswith("_")
    }
    form[f"translations-{_form_index(page, english.pk)}-headline"] = (
        "A headline changed after approval"
    )
    response = client.post(reverse("admin:pressroom_release_change", args=[draft.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW
    assert draft.approved_hash == ""
    assert AuditEntry.objects.filter(
        action=Action.RETURNED_TO_REVIEW, object_id=str(draft.pk)
    ).exists()


def test_saving_an_approved_release_unchanged_keeps_the_approval(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    release_approve(release=draft, by=bob, seen_hash=draft.content_hash())
    client = Client()
    client.force_login(UserFactory.create(username="root", is_superuser=True))
    page = client.get(reverse("admin:pressroom_release_change", args=[draft.pk]))
    response = client.post(
        reverse("admin:pressroom_release_change", args=[draft.pk]), _initial_form_data(page)
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Release.Status.APPROVED


def test_withdraw_and_back_to_draft(draft: Release, charlie: Any, bob: Any) -> None:
    release_submit(release=draft, by=charlie)
    with pytest.raises(TransitionRefused, match="in-house officer"):
        release_withdraw(release=draft, by=charlie)
    release_back_to_draft(release=draft, by=charlie)
    assert draft.status == Release.Status.DRAFT
    release_submit(release=draft, by=charlie)
    release_withdraw(release=draft, by=bob)
    assert draft.status == Release.Status.WITHDRAWN
    with pytest.raises(TransitionRefused, match="now withdrawn"):
        release_submit(release=draft, by=charlie)


def test_reviewers_comments_are_kept_in_order(draft: Release, charlie: Any, bob: Any) -> None:
    release_comment(release=draft, by=bob, text="Check the patent figure in Chinese.")
    release_comment(release=draft, by=charlie, text="Fixed.")
    assert [c.text for c in draft.comments.all()] == [
        "Check the patent figure in Chinese.",
        "Fixed.",
    ]
    with pytest.raises(TransitionRefused):
        release_comment(release=draft, by=bob, text="   ")


def test_the_bilingual_check_names_the_field_that_differs(draft: Release) -> None:
    chinese = draft.translations.get(language="zh-hant")
    chinese.body = "<p>香港，2025 年 9 月 2 日 - 創新集群今日榮登全球第一位。</p>"
    chinese.save()
    (finding,) = bilingual_findings(release=draft)
    assert finding.kind == "dates"
    assert finding.message.startswith("Body: Dates differ")


def _form_index(page: Any, translation_pk: int) -> int:
    data = _initial_form_data(page)
    for key, value in data.items():
        if key.startswith("translations-") and key.endswith("-id") and value == str(translation_pk):
            return int(key.split("-")[1])
    raise AssertionError("translation not on the page")


def test_a_media_contact_edited_after_approval_sends_the_release_back_to_review(
    draft: Release, charlie: Any, bob: Any
) -> None:
    """The approval covered which PR contacts were named, not what
    journalists read of them, so a phone number or email changed after approval went out
    unapproved."""
    link = EnquiryContactFactory.create(release=draft)
    release_submit(release=draft, by=charlie)
    release_approve(release=draft, by=bob, seen_hash=draft.content_hash())
    approved = draft.content_hash()

    contact = link.pr_contact
    contact.phone = "+852 5550 9999"
    contact.name_zh_hant = "冒名者"
    contact.save()

    draft.refresh_from_db()
    assert draft.content_hash() != approved
    assert draft.status == Release.Status.IN_REVIEW
    assert draft.approved_hash == ""
    assert AuditEntry.objects.filter(
        action=Action.RETURNED_TO_REVIEW, object_id=str(draft.pk)
    ).exists()

"""The workflow on the release page, as the people in it meet it. Charlie (agency) drafts and
submits; Bob (in-house approver) approves on the approval page, which shows the bilingual check;
Vera (viewer) may only look. A step someone may not take is not offered, and a forged POST for it is
refused with the release unchanged."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import Action, AuditEntry
from releases.models import Release, ReleaseComment
from releases.workflow import bilingual_findings, release_submit
from tests.factories import ReleaseFactory, ReleaseTranslationFactory
from tests.personas import persona

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(charlie: Any, agency: Any) -> Release:
    """Charlie's draft, of a release assigned to his agency."""
    return drafted_by(charlie, agency, bilingual=True)


def drafted_by(charlie: Any, agency: Any, **fields: Any) -> Release:
    release = ReleaseFactory.create(created_by=charlie, **fields)
    release.agencies.add(agency)
    return release


def page(user: Any, release: Release) -> str:
    response = client_for(user).get(reverse("admin:pressroom_release_change", args=[release.pk]))
    assert response.status_code == 200
    return response.content.decode()


def transition_url(release: Release, name: str) -> str:
    return reverse("admin:pressroom_release_transition", args=[release.pk, name])


def approve_url(release: Release) -> str:
    return reverse("admin:pressroom_release_approve", args=[release.pk])


def test_it_offers_each_person_only_the_steps_they_may_take(
    draft: Release, charlie: Any, bob: Any, vera: Any
) -> None:
    assert 'name="submit-for-review"' in page(charlie, draft)
    assert 'name="submit-for-review"' not in page(bob, draft)  # no submit permission
    assert 'name="submit-for-review"' not in page(vera, draft)

    release_submit(release=draft, by=charlie)
    alice_sees, bob_sees, charlie_sees = page(charlie, draft), page(bob, draft), page(vera, draft)
    assert 'id="approve-link"' not in alice_sees
    assert 'name="back-to-draft"' in alice_sees
    assert 'name="withdraw"' not in alice_sees
    assert 'id="approve-link"' in bob_sees
    assert 'name="withdraw"' in bob_sees
    for step in ('name="submit-for-review"', 'id="approve-link"', 'name="back-to-draft"'):
        assert step not in charlie_sees


def test_it_submits_a_draft_from_the_release_page(draft: Release, charlie: Any) -> None:
    response = client_for(charlie).post(transition_url(draft, "submit"), follow=True)
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW
    assert draft.submitted_by == charlie
    assert "Submitted for review." in response.content.decode()


def test_it_refuses_a_forged_post_without_permission_and_changes_nothing(
    draft: Release, charlie: Any, vera: Any
) -> None:
    response = client_for(vera).post(transition_url(draft, "submit"), follow=True)
    assert "Only a PR officer who may submit releases" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Release.Status.DRAFT

    release_submit(release=draft, by=charlie)
    response = client_for(charlie).post(transition_url(draft, "withdraw"), follow=True)
    assert "Only an in-house officer can withdraw a release." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW
    assert AuditEntry.objects.filter(action=Action.REFUSED, actor_name="charlie").exists()


def test_it_refuses_a_step_the_status_does_not_allow(draft: Release, bob: Any) -> None:
    response = client_for(bob).post(transition_url(draft, "withdraw"), follow=True)
    assert "cannot be withdrawn" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Release.Status.DRAFT


def test_it_accepts_only_posts_for_a_step(draft: Release, charlie: Any) -> None:
    response = client_for(charlie).get(transition_url(draft, "submit"))
    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.status == Release.Status.DRAFT


def test_it_warns_on_submit_when_the_bilingual_check_finds_something(
    charlie: Any, agency: Any
) -> None:
    release = drafted_by(charlie, agency)
    ReleaseTranslationFactory.create(
        release=release, body="<p>Hong Kong, 1 September 2025 – 25% more start-ups.</p>"
    )
    ReleaseTranslationFactory.create(
        release=release,
        zh_hant=True,
        body="<p>香港，2025 年 9 月 1 日 - 初創企業增加 30%。</p>",
    )
    client = client_for(charlie)
    response = client.post(transition_url(release, "submit"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Submit anyway" in text
    assert "<mark>25%</mark>" in text
    assert "<mark>30%</mark>" in text
    release.refresh_from_db()
    assert release.status == Release.Status.DRAFT

    client.post(transition_url(release, "submit"), {"confirmed": "1"})
    release.refresh_from_db()
    assert release.status == Release.Status.IN_REVIEW


def test_the_approval_page_shows_both_versions_side_by_side_and_approves(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    client = client_for(bob)
    text = client.get(approve_url(draft)).content.decode()
    assert 'id="version-en"' in text
    assert 'id="version-zh-hant"' in text
    assert text.index('id="version-en"') < text.index('id="version-zh-hant"')
    assert "創新集群今日榮登全球第一位" in text
    assert "The cluster was ranked first today." in text
    assert draft.content_hash() in text

    client.post(approve_url(draft), {"seen_hash": draft.content_hash()})
    draft.refresh_from_db()
    assert draft.status == Release.Status.APPROVED
    assert draft.approved_by == bob


def test_the_approval_page_marks_what_only_one_side_has(
    charlie: Any, agency: Any, bob: Any
) -> None:
    release = drafted_by(charlie, agency)
    ReleaseTranslationFactory.create(release=release, body="<p>Revenue rose 25% this year.</p>")
    ReleaseTranslationFactory.create(
        release=release, zh_hant=True, body="<p>收入今年增加 30%。</p>"
    )
    release_submit(release=release, by=charlie)
    text = client_for(bob).get(approve_url(release)).content.decode()
    # The findings table: each sentence, with what only it has marked.
    assert "Revenue rose <mark>25%</mark> this year." in text
    assert "收入今年增加 <mark>30%</mark>。" in text
    # Both versions in full: the sentence the finding is about, not every "2" or "5".
    assert '<mark class="finding-sentence">Revenue rose 25% this year.</mark>' in text
    assert '<mark class="finding-sentence">收入今年增加 30%。</mark>' in text


def test_a_stale_approval_is_refused_through_the_page(
    draft: Release, charlie: Any, bob: Any
) -> None:
    release_submit(release=draft, by=charlie)
    seen = draft.content_hash()
    english = draft.translations.get(language="en")
    english.headline = "Innovation cluster ranked second"
    english.save()

    response = client_for(bob).post(approve_url(draft), {"seen_hash": seen}, follow=True)
    assert "The release changed after you opened it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Release.Status.IN_REVIEW
    assert draft.approved_by is None


def test_the_author_is_not_offered_approval_and_cannot_approve_by_post(charlie: Any) -> None:
    approver_author = persona("alice")  # an in-house officer, who may approve others' work
    release = ReleaseFactory.create(bilingual=True, created_by=approver_author)
    release_submit(release=release, by=approver_author)
    assert 'id="approve-link"' not in page(approver_author, release)
    client_for(approver_author).post(approve_url(release), {"seen_hash": release.content_hash()})
    release.refresh_from_db()
    assert release.status == Release.Status.IN_REVIEW


def test_a_comment_is_added_and_shown(draft: Release, charlie: Any, bob: Any) -> None:
    client_for(bob).post(
        reverse("admin:pressroom_release_comment", args=[draft.pk]),
        {"text": "Please check the ranking's date."},
    )
    comment = ReleaseComment.objects.get(release=draft)
    assert comment.author == bob
    assert "Please check the ranking&#x27;s date." in page(charlie, draft)


def test_the_history_lists_the_transitions_with_who_and_when_in_hkt(
    draft: Release, charlie: Any, bob: Any, alice: Any
) -> None:
    client_for(charlie).post(transition_url(draft, "submit"))
    client_for(bob).post(approve_url(draft), {"seen_hash": draft.content_hash()})
    client_for(alice).post(transition_url(draft, "back_to_draft"))  # the in-house officer
    text = page(charlie, draft)
    history = text[text.index('id="history"') :]
    for label in ("Submitted for review", "Approved", "Returned to draft"):
        assert label in history
    assert "bob" in history
    assert "HKT" in history
    assert "Submitted by charlie" in text


def test_the_status_cannot_be_changed_by_editing_the_form(draft: Release, charlie: Any) -> None:
    text = page(charlie, draft)
    assert 'name="status"' not in text


def test_a_reader_of_the_release_page_sees_formatted_text_not_html() -> None:
    """The approver reads every release (view permissions) but may change few."""
    reader = persona("bob")
    release = ReleaseFactory.create()
    ReleaseTranslationFactory.create(
        release=release,
        zh_hant=True,
        body="<p>創新集群今日榮登<strong>全球第一位</strong>。</p><script>alert(1)</script>",
        boilerplate_override="<p>關於<em>科技園</em></p>",
    )

    text = page(reader, release)

    assert "創新集群今日榮登<strong>全球第一位</strong>。" in text
    assert "<p>關於<em>科技園</em></p>" in text
    assert "&lt;p&gt;" not in text
    assert "&lt;strong&gt;" not in text
    assert "<script>alert(1)</script>" not in text  # still cleaned when shown


# --- Marking a finding checked ---------------------------------------------------------------

GII_EN = (
    "<p>The index ranks the world's top 100 clusters.</p>"
    "<p>The cluster recorded 2,292 PCT applications.</p>"
)
GII_ZH = "<p>指數為全球百強集群排名。</p><p>集群錄得約 2,300 宗 PCT 申請。</p>"


@pytest.fixture
def rounded(charlie: Any, agency: Any) -> Release:
    """The Chinese rounds a figure the English gives exactly: right as written."""
    release = drafted_by(charlie, agency)
    ReleaseTranslationFactory.create(release=release, body=GII_EN)
    ReleaseTranslationFactory.create(release=release, zh_hant=True, body=GII_ZH)
    release_submit(release=release, by=charlie)
    return release


def mark_checked(user: Any, release: Release, reason: str) -> Any:
    (finding,) = bilingual_findings(release=release)
    return client_for(user).post(
        reverse("admin:pressroom_release_finding_checked", args=[release.pk]),
        {"key": finding.key, "reason": reason, "back": "approve"},
        follow=True,
    )


def test_an_approver_marks_a_finding_checked_with_a_reason_kept_in_the_history(
    rounded: Release, bob: Any
) -> None:
    response = mark_checked(bob, rounded, "中文稿按慣例取整數 (rounded in Chinese)")

    text = response.content.decode()
    assert response.redirect_chain[-1][0] == approve_url(rounded)
    assert 'id="bilingual-ok"' in text  # nothing left to look at
    assert 'id="checked-findings"' in text
    assert "中文稿按慣例取整數 (rounded in Chinese)" in text
    assert bilingual_findings(release=rounded) == []
    entry = AuditEntry.objects.get(action=Action.FINDING_CHECKED)
    assert entry.actor == bob
    assert "2292" in entry.summary
    assert "中文稿按慣例取整數" in entry.summary
    assert "中文稿按慣例取整數" in page(bob, rounded)  # the release's history shows it


def test_a_checked_finding_is_raised_again_when_its_sentence_changes(
    rounded: Release, charlie: Any, bob: Any
) -> None:
    mark_checked(bob, rounded, "Rounded in Chinese")
    rounded.translations.filter(language="zh-hant").update(
        body=GII_ZH.replace("約 2,300", "約 2,400")
    )

    (finding,) = bilingual_findings(release=rounded)
    assert finding.only_zh == ("2400",)
    assert "<mark>2,400</mark>" in client_for(bob).get(approve_url(rounded)).content.decode()


def test_a_finding_is_not_marked_checked_without_a_reason_or_by_a_viewer(
    rounded: Release, bob: Any, vera: Any
) -> None:
    vera.user_permissions.add(*bob.user_permissions.filter(codename="view_release"))
    response = mark_checked(bob, rounded, "   ")
    assert "Say why the finding is right" in response.content.decode()

    charlies_page = client_for(vera).get(approve_url(rounded)).content.decode()
    assert "<mark>2,300</mark>" in charlies_page  # he sees the finding
    assert "Mark checked" not in charlies_page  # and is not offered to mark it
    mark_checked(vera, rounded, "Looks fine to me")

    assert len(bilingual_findings(release=rounded)) == 1
    assert not AuditEntry.objects.filter(action=Action.FINDING_CHECKED).exists()

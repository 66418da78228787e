"""The release workflow: draft -> in review (submit) -> approved (approve) -> scheduled ->
published, plus back to draft and withdraw. Scheduling and publishing are the distribution
app's; everything else is here.

Each transition is one conditional UPDATE from the statuses it may start from, so two people
acting at once (two approvers, an approver and an editor in another tab) cannot both win: the
second is refused with a message and the state stays as the first left it. Every transition,
refused ones included, goes on the audit log."""

from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Action
from audit.services import audit_record
from releases.bilingual import Finding, compare
from releases.models import CheckedFinding, Release, ReleaseComment

Status = Release.Status

# Back to draft stops a scheduled send: only those who may cancel sends may do it.
_SCHEDULED_BACK_TO_DRAFT = gettext_lazy(
    "A scheduled release goes back to draft only by someone who may cancel its send "
    "(an in-house officer or approver)."
)


class TransitionRefused(Exception):
    """The transition cannot happen; the message says why, in the PR officer's words."""


def _move(
    release: Release,
    *,
    allowed_from: list[str],
    to: str,
    action: str,
    by: Any,
    request: HttpRequest | None,
    summary: str = "",
    **fields: Any,
) -> None:
    with transaction.atomic():
        moved = Release.objects.filter(pk=release.pk, status__in=allowed_from).update(
            status=to, **fields
        )
        if moved:
            audit_record(
                action=action,
                actor=by,
                obj=release,
                summary=summary,
                changes={"status": [release.status, to]},
                request=request,
            )
    if not moved:
        current = Release.objects.filter(pk=release.pk).values_list("status", flat=True).first()
        label = str(Status(current).label).lower() if current else _("gone")
        with translation.override("en"):  # the log is written in one language
            now = str(Status(current).label).lower() if current else "gone"
            summary = f"{Action(action).label} refused: the release is {now}"
        audit_record(action=Action.REFUSED, actor=by, obj=release, summary=summary, request=request)
        raise TransitionRefused(
            _(
                "Nothing changed: the release is now %(status)s, so it cannot be %(step)s. "
                "Someone else may have acted on it meanwhile."
            )
            % {"status": label, "step": str(Action(action).label).lower()}
        )
    release.refresh_from_db()


def release_submit(*, release: Release, by: Any, request: HttpRequest | None = None) -> None:
    """Send a draft for review. It needs text in at least one language."""
    if not release.translations.exists():
        raise TransitionRefused(
            _("A release needs a headline and body in at least one language before review.")
        )
    _move(
        release,
        allowed_from=[Status.DRAFT],
        to=Status.IN_REVIEW,
        action=Action.SUBMITTED,
        by=by,
        request=request,
        submitted_by=by,
        submitted_at=timezone.now(),
    )


def approval_problem(*, release: Release, by: Any) -> str | None:
    """Why `by` may not approve this release, or None."""
    if not by.has_perm("pressroom.approve_release"):
        return _("Only an in-house approver can approve a release.")
    if settings.RELEASE_TWO_PERSON_RULE and (
        by.pk in {release.created_by_id, release.submitted_by_id}
        or release.revised_by.filter(pk=by.pk).exists()
    ):
        return _("Someone other than the author must approve it (the two-person rule).")
    return None


def release_approve(
    *, release: Release, by: Any, seen_hash: str, request: HttpRequest | None = None
) -> None:
    """Approve exactly the content the approver saw (`seen_hash`, from the approval page)."""
    problem = approval_problem(release=release, by=by)
    if problem:
        raise TransitionRefused(problem)
    current = release.content_hash()
    if seen_hash != current:
        raise TransitionRefused(
            _(
                "The release changed after you opened it (in another tab, or by someone else). "
                "Review the current text, then approve again."
            )
        )
    _move(
        release,
        allowed_from=[Status.IN_REVIEW],
        to=Status.APPROVED,
        action=Action.APPROVED,
        by=by,
        request=request,
        approved_by=by,
        approved_at=timezone.now(),
        approved_hash=current,
    )


def release_back_to_draft(*, release: Release, by: Any, request: HttpRequest | None = None) -> None:
    if release.status == Status.SCHEDULED and not by.has_perm("distribution.change_send"):
        raise TransitionRefused(_SCHEDULED_BACK_TO_DRAFT)
    _move(
        release,
        allowed_from=[Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED],
        to=Status.DRAFT,
        action=Action.RETURNED_TO_DRAFT,
        by=by,
        request=request,
        approved_by=None,
        approved_at=None,
        approved_hash="",
    )
    release.revised_by.clear()


def release_withdraw(*, release: Release, by: Any, request: HttpRequest | None = None) -> None:
    """Take a release off every public surface; sends not yet made will refuse to go."""
    if not by.has_perm("pressroom.withdraw_release"):
        raise TransitionRefused("Only an in-house officer can withdraw a release.")
    _move(
        release,
        allowed_from=[Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED],
        to=Status.WITHDRAWN,
        action=Action.WITHDRAWN,
        by=by,
        request=request,
    )


def release_edited(
    *, release: Release, by: Any, hash_before: str, request: HttpRequest | None = None
) -> bool:
    """After an edit from the release page (`hash_before`: the content hash before it). Whoever
    changed the content of a release that has left draft may not approve it; an approved (or
    scheduled) release whose content is no longer what was approved goes back to review, so
    what is sent is exactly what was approved. True if it went back to review."""
    if release.content_hash() == hash_before:
        return False
    if release.status != Status.DRAFT:
        release.revised_by.add(by)
    return release_content_changed(release=release, by=by, request=request)


def release_content_changed(
    *, release: Release, by: Any, request: HttpRequest | None = None
) -> bool:
    """An approved (or scheduled) release whose content is no longer what was approved goes
    back to review. True if so."""
    if release.status not in (Status.APPROVED, Status.SCHEDULED) or not release.approved_hash:
        return False
    if release.content_hash() == release.approved_hash:
        return False
    moved = Release.objects.filter(
        pk=release.pk, status__in=[Status.APPROVED, Status.SCHEDULED]
    ).update(status=Status.IN_REVIEW, approved_by=None, approved_at=None, approved_hash="")
    if moved:
        audit_record(
            action=Action.RETURNED_TO_REVIEW,
            actor=by,
            obj=release,
            summary="Edited after approval: it needs approving again before it can be sent.",
            request=request,
        )
        release.refresh_from_db()
    return bool(moved)


def release_comment(
    *, release: Release, by: Any, text: str, request: HttpRequest | None = None
) -> ReleaseComment:
    if not by.has_perm("pressroom.add_releasecomment"):
        raise TransitionRefused(_("You may read the comments but not add one."))
    text = text.strip()
    if not text:
        raise TransitionRefused(_("Write something to comment."))
    comment = ReleaseComment.objects.create(release=release, author=by, text=text[:5000])
    audit_record(
        action=Action.COMMENTED, actor=by, obj=release, summary=text[:200], request=request
    )
    return comment


def _all_findings(release: Release) -> list[Finding]:
    """The bilingual check on every pair of fields a journalist reads in both languages."""
    translations = {t.language: t for t in release.translations.all()}
    en, zh = translations.get("en"), translations.get("zh-hant")
    if en is None or zh is None:
        return []
    year = release.release_date.year
    pairs = [
        ("headline", _("Headline"), en.headline, zh.headline),
        ("subheadline", _("Sub-headline"), en.subheadline, zh.subheadline),
        ("body", _("Body"), en.body, zh.body),
    ]
    return [
        replace(finding, field=field, message=f"{label}: {finding.message}")
        for field, label, en_text, zh_text in pairs
        for finding in compare(en_html=en_text, zh_html=zh_text, year=year)
    ]


def bilingual_findings(*, release: Release) -> list[Finding]:
    """What the bilingual check finds that no one has marked checked."""
    checked = set(release.checked_findings.values_list("key", flat=True))
    return [finding for finding in _all_findings(release) if finding.key not in checked]


def bilingual_checked(*, release: Release) -> list[tuple[Finding, CheckedFinding]]:
    """What the check still finds but an officer marked checked, with who, when and why."""
    marks = {mark.key: mark for mark in release.checked_findings.select_related("checked_by")}
    return [(f, marks[f.key]) for f in _all_findings(release) if f.key in marks]


def finding_mark_checked(
    *, release: Release, by: Any, key: str, reason: str, request: HttpRequest | None = None
) -> CheckedFinding:
    """The officer looked at a finding and it is right as written: kept, with the reason, on the
    release's history; the check does not raise it again until its sentences change."""
    if not (by.has_perm("pressroom.submit_release") or by.has_perm("pressroom.approve_release")):
        raise TransitionRefused(
            _("Only an officer who may submit or approve a release can do this.")
        )
    reason = reason.strip()
    if not reason:
        raise TransitionRefused(_("Say why the finding is right, so the approver can see it."))
    finding = next((f for f in bilingual_findings(release=release) if f.key == key), None)
    if finding is None:
        raise TransitionRefused(
            _("The check no longer finds this: the text has changed, or someone marked it.")
        )
    with translation.override("en"):
        summary = _all_findings_message(release, key) or finding.message
    with transaction.atomic():
        mark, _created = CheckedFinding.objects.get_or_create(
            release=release,
            key=key,
            defaults={"summary": summary, "reason": reason[:2000], "checked_by": by},
        )
        audit_record(
            action=Action.FINDING_CHECKED,
            actor=by,
            obj=release,
            summary=f"{summary} — checked: {reason[:300]}",
            request=request,
        )
    return mark


def _all_findings_message(release: Release, key: str) -> str:
    """The finding's message as the active language writes it (the log is kept in English)."""
    return next((f.message for f in _all_findings(release) if f.key == key), "")


# --- Transitions as the release page offers them --------------------------------------------

TRANSITIONS = ("submit", "approve", "back_to_draft", "withdraw")


def transition_problem(*, release: Release, by: Any, name: str) -> str | None:
    """Why `by` may not make transition `name` on the release as it stands, or None. The release
    page offers only transitions without a problem; the views ask again on every POST."""
    status = release.status
    if name == "submit":
        if not by.has_perm("pressroom.submit_release"):
            return str(_("Only a PR officer who may submit releases can submit one for review."))
        if status != Status.DRAFT:
            return str(_("Only a draft can be submitted for review."))
    elif name == "approve":
        problem = approval_problem(release=release, by=by)
        if problem:
            return problem
        if status != Status.IN_REVIEW:
            return str(_("Only a release in review can be approved."))
    elif name == "back_to_draft":
        if not by.has_perm("pressroom.change_release"):
            return str(_("Only a PR officer who may edit releases can take one back to draft."))
        if status not in (Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED):
            return str(_("Only a release in review, approved or scheduled can go back to draft."))
        if status == Status.SCHEDULED and not by.has_perm("distribution.change_send"):
            return str(_SCHEDULED_BACK_TO_DRAFT)
    elif name == "withdraw":
        if not by.has_perm("pressroom.withdraw_release"):
            return str(_("Only an in-house officer can withdraw a release."))
        if status not in (Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED):
            return str(_("This release cannot be withdrawn in its present state."))
    else:
        return str(_("There is no such step."))
    return None


def transitions_for(*, release: Release, by: Any) -> list[str]:
    return [
        name
        for name in TRANSITIONS
        if transition_problem(release=release, by=by, name=name) is None
    ]


def release_transition(
    *, release: Release, by: Any, name: str, request: HttpRequest | None = None
) -> None:
    """Submit, take back to draft or withdraw, as asked from the release page (approval has its
    own page: it needs the content hash the approver saw). A refusal is on the audit log too."""
    problem = transition_problem(release=release, by=by, name=name)
    if problem is None and name == "approve":
        problem = str(_("Approve from the approval page, which shows what you approve."))
    if problem:
        with translation.override("en"):  # the log is written in one language
            english_problem = transition_problem(release=release, by=by, name=name) or problem
        audit_record(
            action=Action.REFUSED,
            actor=by,
            obj=release,
            summary=f"{name.replace('_', ' ')} refused: {english_problem}"[:500],
            request=request,
        )
        raise TransitionRefused(problem)
    if name == "submit":
        release_submit(release=release, by=by, request=request)
    elif name == "back_to_draft":
        release_back_to_draft(release=release, by=by, request=request)
    else:
        release_withdraw(release=release, by=by, request=request)

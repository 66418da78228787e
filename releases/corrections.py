"""The correction workflow (releases.models): draft -> in review -> published.

A published (or public) release keeps its text: the release page shows it read-only and offers
"Correct this release", which starts a correction prefilled with the text as published. An
officer who may submit releases submits it; an approver who neither wrote nor submitted it
approves it, which publishes it: the release's text becomes the corrected text, the newsroom
shows a dated note, the text it replaced is kept on the correction, and the approval is
recorded for the new text (Release.approved_hash). Each step is on the audit log."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from releases.models import Correction, Release
from releases.workflow import TransitionRefused

FIELDS = ("headline", "subheadline", "body")
LANGUAGES = {"en": "en", "zh-hant": "zh_hant"}


def release_is_locked(release: Release, *, at: Any = None) -> bool:
    """Whether the release's text changes only through a correction: it is published, or
    public on the newsroom now, or withdrawn after being public."""
    at = at or timezone.now()
    return release.status == Release.Status.PUBLISHED or release.is_public(at)


def correction_start(*, release: Release, by: Any) -> Correction:
    """A draft correction holding the release's text as it stands, ready to edit."""
    if not release_is_locked(release):
        raise TransitionRefused(
            _("Only a published release is corrected: edit this one on its own page.")
        )
    correction = Correction(
        release=release,
        created_by=by if getattr(by, "pk", None) else None,
        based_on_hash=release.content_hash(),
    )
    for translation in release.translations.all():
        suffix = LANGUAGES.get(translation.language)
        if suffix:
            for name in FIELDS:
                setattr(correction, f"{name}_{suffix}", getattr(translation, name))
    return correction


def correction_submit(
    *, correction: Correction, by: Any, request: HttpRequest | None = None
) -> None:
    if not by.has_perm("pressroom.submit_release"):
        raise TransitionRefused(_("Only a PR officer who may submit releases can submit it."))
    moved = Correction.objects.filter(pk=correction.pk, status=Correction.Status.DRAFT).update(
        status=Correction.Status.IN_REVIEW, submitted_by=by
    )
    if not moved:
        raise TransitionRefused(_("Only a draft correction can be submitted for review."))
    audit_record(
        action=Action.SUBMITTED,
        actor=by,
        obj=correction.release,
        summary=f"Correction submitted: {correction.note_en}"[:500],
        request=request,
    )
    correction.refresh_from_db()


def correction_approval_problem(*, correction: Correction, by: Any) -> str | None:
    if not by.has_perm("pressroom.approve_release"):
        return _("Only an in-house approver can approve a correction.")
    if settings.RELEASE_TWO_PERSON_RULE and (
        by.pk in {correction.created_by_id, correction.submitted_by_id}
        or correction.revised_by.filter(pk=by.pk).exists()
    ):
        return _("Someone other than the author must approve it (the two-person rule).")
    if correction.status != Correction.Status.IN_REVIEW:
        return _("Only a correction in review can be approved.")
    if correction.based_on_hash != correction.release.content_hash():
        return _(
            "The release changed after this correction was started (another correction was "
            "published): start a new correction from the release as it is now."
        )
    return None


def correction_approve(
    *, correction: Correction, by: Any, request: HttpRequest | None = None
) -> None:
    """Approve and publish: the release's text becomes the corrected text, now."""
    problem = correction_approval_problem(correction=correction, by=by)
    if problem:
        raise TransitionRefused(problem)
    now = timezone.now()
    with transaction.atomic():
        moved = Correction.objects.filter(
            pk=correction.pk, status=Correction.Status.IN_REVIEW
        ).update(status=Correction.Status.PUBLISHED, approved_by=by, published_at=now)
        if not moved:
            raise TransitionRefused(_("Only a correction in review can be approved."))
        release = Release.objects.select_for_update().get(pk=correction.release_id)
        if release.content_hash() != correction.based_on_hash:
            raise TransitionRefused(
                _(
                    "The release changed after this correction was started (another correction "
                    "was published): start a new correction from the release as it is now."
                )
            )
        original: dict[str, dict[str, str]] = {}
        for translation in release.translations.all():
            suffix = LANGUAGES.get(translation.language)
            if not suffix:
                continue
            original[translation.language] = {n: getattr(translation, n) for n in FIELDS}
            for name in FIELDS:
                corrected = getattr(correction, f"{name}_{suffix}")
                if corrected or name == "subheadline":
                    setattr(translation, name, corrected)
            translation.save()
        Correction.objects.filter(pk=correction.pk).update(original=original)
        Release.objects.filter(pk=release.pk).update(
            approved_by=by, approved_at=now, approved_hash=release.content_hash()
        )
        audit_record(
            action=Action.APPROVED,
            actor=by,
            obj=release,
            summary=f"Correction approved and published: {correction.note_en}"[:500],
            request=request,
        )
    correction.refresh_from_db()

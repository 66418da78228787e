"""The release workflow in the admin: the buttons on the release page (submit for review, back
to draft, withdraw), the approval page with the bilingual check side by side, and comments.

Registered by `ReleaseAdmin.get_urls()`, so every page runs inside `admin_site.admin_view`
(staff only, CSRF on POST). The release is looked up through the admin's own queryset, so a
user sees only releases the admin shows them. Views parse, call one service and render; the
service says no (TransitionRefused) and the page shows why, the release unchanged."""

import re
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_for
from releases import corrections, workflow
from releases.bilingual import Finding, plain_text
from releases.models import Release

if TYPE_CHECKING:
    from releases.admin import ReleaseAdmin


def _release(model_admin: "ReleaseAdmin", request: HttpRequest, release_id: str) -> Release:
    release = model_admin.get_object(request, unquote(release_id))
    if release is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, release):
        raise PermissionDenied
    return release


def _change_page(release: Release) -> HttpResponse:
    return redirect(reverse("admin:pressroom_release_change", args=[release.pk]))


def _context(
    model_admin: "ReleaseAdmin", request: HttpRequest, release: Release, **extra: Any
) -> dict[str, Any]:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": release,
        **extra,
    }


def release_page_context(request: HttpRequest, release: Release) -> dict[str, Any]:
    """What the release page shows of the workflow: the steps this user may take, comments,
    history, and who submitted and approved it (names from the history, which keeps them even
    when a user account goes, at no extra query)."""
    history = list(audit_for(release)[:100])
    submitted = next((e for e in history if e.action == Action.SUBMITTED), None)
    approved = next((e for e in history if e.action == Action.APPROVED), None)
    return {
        "workflow_transitions": workflow.transitions_for(release=release, by=request.user),
        "workflow_comments": release.comments.select_related("author"),
        "workflow_may_comment": request.user.has_perm("pressroom.add_releasecomment"),
        "workflow_may_correct": corrections.release_is_locked(release)
        and request.user.has_perm("pressroom.add_correction"),
        "workflow_history": history,
        "workflow_submitted_by": submitted.actor_name if submitted else "",
        "workflow_approved_by": approved.actor_name if approved and release.approved_at else "",
        "workflow_zone": release.issuer.time_zone,
    }


def transition(
    model_admin: "ReleaseAdmin", request: HttpRequest, release_id: str, name: str
) -> HttpResponse:
    """POST: submit for review, back to draft or withdraw. Submitting a release whose bilingual
    check finds something shows the findings first and asks again."""
    release = _release(model_admin, request, release_id)
    if name == "submit" and not request.POST.get("confirmed"):
        findings = workflow.bilingual_findings(release=release)
        problem = workflow.transition_problem(release=release, by=request.user, name=name)
        if findings and problem is None:
            return render(
                request,
                "admin/pressroom/release/submit_confirm.html",
                _context(
                    model_admin,
                    request,
                    release,
                    title=_("Submit for review?"),
                    findings=findings,
                ),
            )
    try:
        workflow.release_transition(release=release, by=request.user, name=name, request=request)
    except workflow.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        done = {
            "submit": _("Submitted for review."),
            "back_to_draft": _("Back to draft: it can be edited, and needs approving again."),
            "withdraw": _("Withdrawn: it is off the newsroom, and no further send will go."),
        }
        messages.success(request, done.get(name, _("Done.")))
    return _change_page(release)


def approve(model_admin: "ReleaseAdmin", request: HttpRequest, release_id: str) -> HttpResponse:
    """GET: the approval page — the bilingual check side by side, then both versions in full,
    and a form carrying the content hash the approver sees. POST: approve that content."""
    release = _release(model_admin, request, release_id)
    if request.method == "POST":
        try:
            workflow.release_approve(
                release=release,
                by=request.user,
                seen_hash=request.POST.get("seen_hash", ""),
                request=request,
            )
        except workflow.TransitionRefused as refused:
            messages.error(request, str(refused))
            return redirect(reverse("admin:pressroom_release_approve", args=[release.pk]))
        messages.success(request, _("Approved. It can now be scheduled to send."))
        return _change_page(release)
    findings = workflow.bilingual_findings(release=release)
    translations = {t.language: t for t in release.translations.all()}
    versions = []
    for code, label in (("en", _("English")), ("zh-hant", _("Traditional Chinese"))):
        translation = translations.get(code)

        def marked(field: str, text: str, code: str = code) -> SafeString:
            return _highlight(text, _sentences_of(findings, field, code))

        versions.append(
            {
                "code": code,
                "label": label,
                "translation": translation,
                "headline": marked("headline", translation.headline) if translation else "",
                "subheadline": (
                    marked("subheadline", translation.subheadline) if translation else ""
                ),
                "body": marked("body", plain_text(translation.body)) if translation else "",
                # Approval covers the boilerplate version too (Release.content_hash).
                "boilerplate": plain_text(translation.boilerplate()) if translation else "",
                "boilerplate_version": translation.pinned_boilerplate() if translation else None,
            }
        )
    return render(
        request,
        "admin/pressroom/release/approve.html",
        _context(
            model_admin,
            request,
            release,
            title=_("Approve this release?"),
            findings=findings,
            checked=workflow.bilingual_checked(release=release),
            versions=versions,
            seen_hash=release.content_hash(),
            problem=workflow.transition_problem(release=release, by=request.user, name="approve"),
        ),
    )


def finding_checked(
    model_admin: "ReleaseAdmin", request: HttpRequest, release_id: str
) -> HttpResponse:
    """POST: mark one finding of the bilingual check as checked, with the reason; back to the
    page the officer came from (the approval page, or the release page)."""
    release = _release(model_admin, request, release_id)
    try:
        workflow.finding_mark_checked(
            release=release,
            by=request.user,
            key=request.POST.get("key", ""),
            reason=request.POST.get("reason", ""),
            request=request,
        )
    except workflow.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Marked checked: the check will not raise it again."))
    if request.POST.get("back") == "approve":
        return redirect(reverse("admin:pressroom_release_approve", args=[release.pk]))
    return _change_page(release)


def comment(model_admin: "ReleaseAdmin", request: HttpRequest, release_id: str) -> HttpResponse:
    release = _release(model_admin, request, release_id)
    try:
        workflow.release_comment(
            release=release, by=request.user, text=request.POST.get("text", ""), request=request
        )
    except workflow.TransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Comment added."))
    return redirect(reverse("admin:pressroom_release_change", args=[release.pk]) + "#comments")


def _sentences_of(findings: list[Finding], field: str, code: str) -> list[str]:
    return [
        sentence.text
        for finding in findings
        if finding.field == field
        for sentence in (finding.en_sentences if code == "en" else finding.zh_sentences)
    ]


def _highlight(text: str, sentences: list[str]) -> SafeString:
    """The text, escaped, with each sentence a finding is about marked (the findings table
    marks, inside each sentence, what only that version has)."""
    escaped = str(escape(text))
    wanted = sorted({str(escape(s)) for s in sentences if s.strip()}, key=len, reverse=True)
    if wanted:
        pattern = re.compile("|".join(re.escape(sentence) for sentence in wanted))
        escaped = pattern.sub(
            lambda m: f'<mark class="finding-sentence">{m.group(0)}</mark>', escaped
        )
    return mark_safe(escaped)  # noqa: S308 - every part was escaped above

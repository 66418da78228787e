"""The press event workflow, as a release's: draft -> in review (submit) -> approved (approve,
by someone other than who submitted it), back to draft, and cancelled. Each step is one
conditional UPDATE from the statuses it may start from, so two people acting at once cannot
both win; every step goes on the audit log."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record
from events import notices
from events.models import Event

Status = Event.Status


class EventTransitionRefused(Exception):
    """The step cannot happen; the message says why, in the PR officer's words."""


def _move(
    event: Event, *, allowed_from: list[str], to: str, action: str, by: Any,
    request: HttpRequest | None, **fields: Any,
) -> None:  # fmt: skip
    with transaction.atomic():
        moved = Event.objects.filter(pk=event.pk, status__in=allowed_from).update(
            status=to, **fields
        )
        if moved:
            audit_record(
                action=action, actor=by, obj=event, request=request,
                changes={"status": [event.status, to]},
            )  # fmt: skip
    if not moved:
        current = Event.objects.filter(pk=event.pk).values_list("status", flat=True).first()
        label = str(Status(current).label).lower() if current else _("gone")
        raise EventTransitionRefused(
            _("Nothing changed: the event is now %(status)s. Someone else may have acted on it.")
            % {"status": label}
        )
    event.refresh_from_db()


def event_submit(*, event: Event, by: Any, request: HttpRequest | None = None) -> None:
    if not by.has_perm("events.submit_event"):
        raise EventTransitionRefused(_("You may not submit events for review."))
    _move(event, allowed_from=[Status.DRAFT], to=Status.IN_REVIEW, action=Action.SUBMITTED,
          by=by, request=request, submitted_by=by)  # fmt: skip


def event_approve(*, event: Event, by: Any, request: HttpRequest | None = None) -> None:
    """Approve an event in review. The two-person rule: not by whoever submitted it."""
    if not by.has_perm("events.approve_event"):
        raise EventTransitionRefused(_("Only an in-house approver or officer approves events."))
    if event.submitted_by_id is not None and event.submitted_by_id == by.pk:
        raise EventTransitionRefused(
            _("You submitted this event: someone else approves it (the two-person rule).")
        )
    _move(event, allowed_from=[Status.IN_REVIEW], to=Status.APPROVED, action=Action.APPROVED,
          by=by, request=request, approved_by=by, approved_at=timezone.now())  # fmt: skip


def event_back_to_draft(*, event: Event, by: Any, request: HttpRequest | None = None) -> None:
    """Back to draft from review or approval: it needs approving again before invitations."""
    if not by.has_perm("events.change_event"):
        raise EventTransitionRefused(_("You may not change this event."))
    if event.status == Status.APPROVED and not by.has_perm("events.approve_event"):
        raise EventTransitionRefused(_("Only an approver takes an approved event back to draft."))
    _move(event, allowed_from=[Status.IN_REVIEW, Status.APPROVED], to=Status.DRAFT,
          action=Action.RETURNED_TO_DRAFT, by=by, request=request,
          approved_by=None, approved_at=None)  # fmt: skip


def event_cancel(*, event: Event, by: Any, request: HttpRequest | None = None) -> None:
    """Cancel the event, from any status but cancelled, and tell everyone invited. Its calendar
    entry moves on a version (SEQUENCE + 1), so the cancellation replaces the entry in the
    calendars it reached."""
    if not by.has_perm("events.approve_event"):
        raise EventTransitionRefused(_("Only an in-house approver or officer cancels events."))
    _move(event, allowed_from=[Status.DRAFT, Status.IN_REVIEW, Status.APPROVED],
          to=Status.CANCELLED, action=Action.WITHDRAWN, by=by, request=request,
          sequence=F("sequence") + 1)  # fmt: skip
    notices.cancellation_schedule(event=event, by=by)


TRANSITIONS = {
    "submit": event_submit,
    "approve": event_approve,
    "back_to_draft": event_back_to_draft,
    "cancel": event_cancel,
}

# The statuses each step starts from, and the permission it needs: what the event's page
# offers (the step itself checks again, and the two-person rule).
_OFFERED = {
    "submit": ({Status.DRAFT}, "events.submit_event"),
    "approve": ({Status.IN_REVIEW}, "events.approve_event"),
    "back_to_draft": ({Status.IN_REVIEW, Status.APPROVED}, "events.change_event"),
    "cancel": ({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED}, "events.approve_event"),
}


def event_transitions_for(*, event: Event, by: Any) -> list[str]:
    """The steps `by` may take on `event` now, in the order the page shows them."""
    offered = []
    for name, (statuses, permission) in _OFFERED.items():
        if event.status not in statuses or not by.has_perm(permission):
            continue
        if name == "approve" and event.submitted_by_id == by.pk:
            continue
        approved = event.status == Status.APPROVED
        if name == "back_to_draft" and approved and not by.has_perm("events.approve_event"):
            continue
        offered.append(name)
    return offered


def event_transition(
    *, event: Event, by: Any, name: str, request: HttpRequest | None = None
) -> None:
    step = TRANSITIONS.get(name)
    if step is None:
        raise EventTransitionRefused(_("There is no such step."))
    step(event=event, by=by, request=request)

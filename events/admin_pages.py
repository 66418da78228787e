"""The event page's own pages: a workflow step (POST), and "Invite…" (the form, then a
confirmation that saves nothing until confirmed, then the invitation scheduled once).

Registered by `EventAdmin.get_urls()`, so every page runs inside `admin_site.admin_view` (staff
only, CSRF on POST). The event is looked up through the admin's own queryset, so a user reaches
only events the admin shows them. Views parse, call one service and render."""

import re
import uuid
import zoneinfo
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import DistributionList
from contacts.scoping import lists_visible_to
from distribution.preview import VARIANT_LABELS
from distribution.recipients import SendRefused, recipients_expand
from distribution.services import AlreadyConfirmed
from events import afterwards, notices
from events.forms import InviteForm
from events.invitations import event_refusal, invitation_schedule
from events.models import Event, Invitation, Rsvp
from events.rsvp import places_taken
from events.workflow import EventTransitionRefused, event_transition
from releases.models import format_in_zone

if TYPE_CHECKING:
    from events.admin import EventAdmin


def reply_counts(event: Event) -> dict[str, Any]:
    """The replies in figures: who comes (and how many people in all), who does not, and the
    places left when there is a limit."""
    replies = Rsvp.objects.filter(event=event)
    places = places_taken(event)
    return {
        "waiting": replies.filter(answer=Rsvp.Answer.WAITLISTED).count(),
        "accepted": replies.filter(answer=Rsvp.Answer.ACCEPTED).count(),
        "declined": replies.filter(answer=Rsvp.Answer.DECLINED).count(),
        "places": places,
        "capacity": event.capacity,
        "left": max(0, event.capacity - places) if event.capacity is not None else None,
    }


def event_of(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> Event:
    """The event, if the admin shows it to the user; otherwise not found."""
    event = model_admin.get_object(request, unquote(event_id))
    if event is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request, event):
        raise PermissionDenied
    return event


def _event_page(event: Event) -> HttpResponse:
    return redirect(reverse("admin:events_event_change", args=[event.pk]))


def transition(
    model_admin: "EventAdmin", request: HttpRequest, event_id: str, name: str
) -> HttpResponse:
    """POST: submit, approve, back to draft or cancel. The service says no, and why."""
    event = event_of(model_admin, request, event_id)
    if request.method != "POST":
        return _event_page(event)
    try:
        event_transition(event=event, by=request.user, name=name, request=request)
    except EventTransitionRefused as refused:
        messages.error(request, str(refused))
    else:
        done = {
            "submit": gettext("Submitted for review."),
            "approve": gettext("Approved. Invitations can now go out."),
            "back_to_draft": gettext("Back to draft: it can be edited, and needs approving again."),
            "cancel": gettext("Cancelled. No further invitation will go out."),
        }
        messages.success(request, done.get(name, gettext("Done.")))
        cancellation = event.invitations.filter(purpose=Invitation.Purpose.CANCELLATION).first()
        if name == "cancel" and cancellation is not None:
            messages.info(
                request,
                gettext("The cancellation goes to the %(count)s people invited.")
                % {"count": cancellation.send.recipients_count},
            )
    return _event_page(event)


def update(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> HttpResponse:
    """POST: the new time or venue to everyone invited."""
    event = event_of(model_admin, request, event_id)
    if not request.user.has_perm("distribution.add_send"):
        raise PermissionDenied
    if request.method == "POST":
        try:
            send = notices.update_schedule(event=event, by=request.user)
        except SendRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                gettext("The update goes to the %(count)s people invited.")
                % {"count": send.recipients_count},
            )
    return _event_page(event)


def release_to_guests(
    model_admin: "EventAdmin", request: HttpRequest, event_id: str, guests: str
) -> HttpResponse:
    """POST: the release the event announced, to those who came or those who did not."""
    event = event_of(model_admin, request, event_id)
    if not request.user.has_perm("distribution.add_send"):
        raise PermissionDenied
    if request.method == "POST" and guests in afterwards.Guests.values:
        try:
            send = afterwards.release_to_guests(
                event=event, guests=guests, by=request.user, now=timezone.now()
            )
        except SendRefused as refused:
            messages.error(request, gettext("Nothing was scheduled. %(why)s") % {"why": refused})
        else:
            assert send.scheduled_at is not None
            messages.success(
                request,
                gettext("The release goes to %(count)s guests at %(at)s.")
                % {
                    "count": send.recipients_count,
                    "at": format_in_zone(send.scheduled_at, event.issuer.time_zone),
                },
            )
    return _event_page(event)


def invite(model_admin: "EventAdmin", request: HttpRequest, event_id: str) -> HttpResponse:
    """GET: the form. POST: the confirmation page (nothing saved), or with `confirm` the
    invitation itself, or with `edit` the form again with what was chosen."""
    event = event_of(model_admin, request, event_id)
    if not request.user.has_perm("distribution.add_send"):
        raise PermissionDenied
    lists = lists_visible_to(request.user, DistributionList.objects.all())
    # Times are typed and shown in the issuer's zone: render now, while the zone is active.
    with timezone.override(zoneinfo.ZoneInfo(event.issuer.time_zone)):
        form = InviteForm(request.POST if request.method == "POST" else None, lists=lists)
        if request.method == "POST" and form.is_valid():
            if "confirm" in request.POST:
                return _invite_confirmed(model_admin, request, event, form)
            if "edit" not in request.POST:
                return _confirmation(model_admin, request, event, form)
        return _page(model_admin, request, event, "invite.html", form=form)


def _page(
    model_admin: "EventAdmin",
    request: HttpRequest,
    event: Event,
    template: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": event,
        "title": gettext("Invite the media"),
        "starts": format_in_zone(event.starts_at, event.issuer.time_zone),
        **extra,
    }
    return render(request, f"admin/events/event/{template}", context, status=status)


def _confirmation(
    model_admin: "EventAdmin",
    request: HttpRequest,
    event: Event,
    form: InviteForm,
    status: int = 200,
) -> HttpResponse:
    at = form.cleaned_data["at"] or timezone.now()
    lists = list(form.cleaned_data["lists"])
    problems = []
    refusal = event_refusal(event, at)
    if refusal:
        problems.append(refusal)
    expansion = None
    if event.release is not None:
        try:
            expansion = recipients_expand(release=event.release, lists=lists)
        except SendRefused as refused:
            problems.append(str(refused))
    return _page(
        model_admin,
        request,
        event,
        "invite_confirm.html",
        status=status,
        form=form,
        lists=lists,
        straight_away=form.cleaned_data["at"] is None,
        at_display=format_in_zone(at, event.issuer.time_zone),
        problems=problems,
        recipients=len(expansion.recipients) if expansion else 0,
        left_out=expansion.excluded_total if expansion else 0,
        languages=[
            (VARIANT_LABELS.get(variant, variant), count)
            for variant, count in sorted(expansion.variants.items())
        ]
        if expansion
        else [],
        confirmation=uuid.uuid4().hex,
    )


def _invite_confirmed(
    model_admin: "EventAdmin", request: HttpRequest, event: Event, form: InviteForm
) -> HttpResponse:
    token = request.POST.get("confirmation", "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        messages.error(request, gettext("Nothing was sent: confirm from the confirmation page."))
        return _confirmation(model_admin, request, event, form, status=400)
    try:
        # A double click or a resubmitted page must not invite twice: the page's id is unique
        # on the send.
        send = invitation_schedule(
            event=event,
            lists=list(form.cleaned_data["lists"]),
            at=form.cleaned_data["at"] or timezone.now(),
            by=request.user,
            confirmation=token,
        )
    except AlreadyConfirmed:
        messages.warning(
            request, gettext("That confirmation was already used: nothing more scheduled.")
        )
        return _event_page(event)
    except SendRefused as refused:
        messages.error(request, gettext("Nothing was scheduled. %(why)s") % {"why": refused})
        return _confirmation(model_admin, request, event, form)
    assert send.scheduled_at is not None
    messages.success(
        request,
        gettext("Invitation scheduled: %(count)s recipients at %(at)s.")
        % {
            "count": send.recipients_count,
            "at": format_in_zone(send.scheduled_at, event.issuer.time_zone),
        },
    )
    return _event_page(event)

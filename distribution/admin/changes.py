"""The admin pages of embargo changes and follow-ups: change a release's embargo (draft an
update, then an approver approves it), lift an embargo now (one confirmed action), and follow
up a send from its results page (form, confirmation, then the follow-up).

Registered by `SendAdmin.get_urls()`, so every page runs inside `admin_site.admin_view` (staff
only, CSRF on POST). The release or send is looked up within the user's scope; a refusal from
the service is shown on the page, nothing changed."""

import re
import uuid
import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts.models import DistributionList
from contacts.scoping import lists_visible_to
from distribution import embargo, followups, recipients
from distribution.admin.common import page_context, release_visible, require_perms, sends_visible
from distribution.forms import MOMENT_FORMATS, ListChoiceField
from distribution.models import Delivery, Send
from distribution.preview import VARIANT_LABELS, preview_variants
from distribution.render import Recipient, SendRenderer
from distribution.services import AlreadyConfirmed, SendRefused
from releases.models import Release, format_in_zone

if TYPE_CHECKING:
    from distribution.admin import SendAdmin


class EmbargoForm(forms.Form):
    embargo_to = forms.DateTimeField(
        label=gettext_lazy("New embargo time"),
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": gettext_lazy("Type the new embargo time."),
                        "invalid": gettext_lazy("Type the new embargo time as a date and a time.")},
    )  # fmt: skip


def _zone(release: Any) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(release.issuer.time_zone)


def _plan_rows(plan: embargo.EmbargoPlan, zone: str) -> dict[str, Any]:
    return {
        "moved": [(s, format_in_zone(s.scheduled_at, zone)) for s in plan.moved if s.scheduled_at],
        "cancelled": [
            (s, format_in_zone(s.scheduled_at, zone)) for s in plan.cancelled if s.scheduled_at
        ],
        "recipients": plan.recipients,
    }


# --- Change the embargo -----------------------------------------------------------------------


def embargo_change(model_admin: "SendAdmin", request: HttpRequest, release_id: int) -> HttpResponse:
    """GET: the release's embargo, who had the advance copy, and a form for the new time.
    POST: draft the embargo update for approval."""
    require_perms(request, "distribution.add_send", "pressroom.view_release")
    release = release_visible(request, release_id)
    zone = release.issuer.time_zone
    with timezone.override(_zone(release)):
        form = EmbargoForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                update = embargo.embargo_update_draft(
                    release=release, new=form.cleaned_data["embargo_to"], by=request.user,
                    request=request,
                )  # fmt: skip
            except SendRefused as refused:
                messages.error(request, _("Nothing was drafted. %(reason)s") % {"reason": refused})
            else:
                messages.success(
                    request, _("Embargo update drafted: an in-house approver approves it here.")
                )
                return redirect(reverse("admin:distribution_send_embargo_update", args=[update.pk]))
        drafts = Send.objects.filter(
            release=release, kind=Send.Kind.EMBARGO_UPDATE, status=Send.Status.DRAFT
        )
        context = page_context(
            model_admin,
            request,
            _("Change the embargo"),
            release=release,
            form=form,
            problem=embargo.embargo_change_problem(release=release, by=request.user),
            lift_problem=embargo.lift_now_problem(release=release, by=request.user),
            embargo_display=release.embargo_display(),
            advance_recipients=len(embargo.advance_recipients(release=release)),
            drafts=drafts,
            zone_name=timezone.now().astimezone(_zone(release)).tzname(),
            zone=zone,
        )
        status = 400 if request.method == "POST" else 200
        return render(
            request, "admin/distribution/send/embargo_change.html", context, status=status
        )


def embargo_update(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> HttpResponse:
    """GET: the drafted update as its recipients will read it, and what moves with it. POST:
    `approve` (an approver) or `discard`."""
    require_perms(request, "pressroom.view_release")
    update = get_object_or_404(
        sends_visible(request).select_related("release__issuer"),
        pk=send_id,
        kind=Send.Kind.EMBARGO_UPDATE,
    )
    release = update.release
    if request.method == "POST":
        return _embargo_update_post(request, update)
    zone = release.issuer.time_zone
    new = update.embargo_to or timezone.now()
    plan = embargo.embargo_plan(release=release, new=new)
    renderer = SendRenderer(update)
    previews = []
    for variant in preview_variants(release):
        outgoing = renderer.outgoing(
            Recipient(delivery_id=0, email="journalist@example.com", name="", variant=variant)
        )
        previews.append((VARIANT_LABELS.get(variant, variant), outgoing.subject, outgoing.text))
    context = page_context(
        model_admin,
        request,
        _("Embargo update"),
        release=release,
        update=update,
        was_display=format_in_zone(update.embargo_from, zone) if update.embargo_from else "",
        now_display=format_in_zone(new, zone),
        plan=_plan_rows(plan, zone),
        previews=previews,
        approve_problem=embargo.approve_problem(update=update, by=request.user),
        is_draft=update.status == Send.Status.DRAFT,
        can_discard=request.user.has_perm("distribution.add_send"),
    )
    return render(request, "admin/distribution/send/embargo_update.html", context)


def _embargo_update_post(request: HttpRequest, update: Send) -> HttpResponse:
    here = reverse("admin:distribution_send_embargo_update", args=[update.pk])
    if "discard" in request.POST:
        require_perms(request, "distribution.add_send")
        if embargo.embargo_update_discard(update=update, by=request.user, request=request):
            messages.success(request, _("Embargo update discarded: nothing changed."))
        else:
            messages.error(request, _("Nothing changed: this update is no longer a draft."))
        return redirect(here)
    if "approve" not in request.POST:
        messages.error(request, _("Nothing changed: approve or discard from this page."))
        return redirect(here)
    try:
        embargo.embargo_update_approve(update=update, by=request.user, request=request)
    except SendRefused as refused:
        messages.error(request, str(refused))
        return redirect(here)
    messages.success(
        request, _("Embargo moved. The update goes to the advance copy's recipients now.")
    )
    return redirect(reverse("admin:distribution_send_change", args=[update.pk]))


def embargo_lift(model_admin: "SendAdmin", request: HttpRequest, release_id: int) -> HttpResponse:
    """GET: what lifting now does, to confirm. POST (confirmed, naming the embargo the page
    showed): lift it now."""
    require_perms(request, "pressroom.view_release")
    release = release_visible(request, release_id)
    zone = release.issuer.time_zone
    if request.method == "POST":
        seen = parse_datetime(request.POST.get("seen", "")) if "confirm" in request.POST else None
        if seen is None:
            messages.error(request, _("Nothing changed: confirm from the confirmation page."))
        else:
            try:
                update = embargo.embargo_lift_now(
                    release=release, by=request.user, seen_embargo=seen, request=request
                )
            except SendRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(
                    request,
                    _("Embargo lifted. The release is public now; the update and the release "
                      "go out now."),
                )  # fmt: skip
                return redirect(reverse("admin:distribution_send_change", args=[update.pk]))
    now = timezone.now()
    plan = embargo.embargo_plan(release=release, new=now)
    context = page_context(
        model_admin,
        request,
        _("Lift the embargo now"),
        release=release,
        embargo_display=release.embargo_display(),
        seen=release.embargo_until.isoformat() if release.embargo_until else "",
        now_display=format_in_zone(now, zone),
        plan=_plan_rows(plan, zone),
        problem=embargo.lift_now_problem(release=release, by=request.user),
        public_now=release.status in Release.PUBLIC_STATUSES,
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "admin/distribution/send/embargo_lift.html", context, status=status)


# --- Follow up a send -------------------------------------------------------------------------


class FollowUpForm(forms.Form):
    audience = forms.ChoiceField(
        label=gettext_lazy("Send the release again to"),
        choices=[
            (a.value, a.label)
            for a in (
                Send.Audience.NOT_OPENED,
                Send.Audience.FAILED_CORRECTED,
                Send.Audience.NEW_LISTS,
            )
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whom the follow-up is for.")},
    )
    lists = ListChoiceField(
        label=gettext_lazy("New lists"),
        queryset=DistributionList.objects.select_related("owner").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _corrections(request: HttpRequest) -> dict[int, str]:
    found = {}
    for key in request.POST:
        match = re.fullmatch(r"correct-(\d+)", key)
        value = str(request.POST.get(key, "")).strip()
        if match and value:
            found[int(match.group(1))] = value[:320]
    return found


def follow_up(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> HttpResponse:
    """GET: whom a follow-up can go to. POST: the confirmation page (nothing saved), or with
    `confirm` the follow-up itself."""
    require_perms(request, "distribution.add_send", "distribution.view_delivery")
    parent = get_object_or_404(sends_visible(request).select_related("release__issuer"), pk=send_id)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    lists_field = form.fields["lists"]
    assert isinstance(lists_field, ListChoiceField)
    lists_field.queryset = lists_visible_to(
        request.user, DistributionList.objects.select_related("owner").order_by("name")
    )
    failed = list(
        Delivery.objects.filter(send=parent, status__in=recipients.NOT_RECEIVED)
        .select_related("contact")
        .order_by("pk")[:200]
    )
    corrections = _corrections(request) if request.method == "POST" else {}
    plan = None
    status = 200
    if request.method == "POST" and form.is_valid():
        chosen = {
            "parent": parent,
            "audience": form.cleaned_data["audience"],
            "lists": list(form.cleaned_data["lists"]),
            "corrections": corrections,
        }
        if "confirm" in request.POST:
            done = _follow_up_confirmed(request, chosen)
            if done is not None:
                return done
        plan = followups.followup_check(**chosen)
        status = 400 if "confirm" in request.POST else 200
    elif request.method == "POST":
        status = 400
    context = page_context(
        model_admin,
        request,
        _("Follow up send #%(id)s") % {"id": parent.pk},
        release=parent.release,
        parent=parent,
        form=form,
        failed=[
            (d, d.contact.email if d.contact else "", corrections.get(d.pk, "")) for d in failed
        ],
        not_opened=Delivery.objects.filter(send=parent).filter(recipients.NOT_OPENED).count(),
        plan=plan,
        left_out=sorted(plan.left_out.items()) if plan else [],
        confirmation=uuid.uuid4().hex,
    )
    return render(request, "admin/distribution/send/follow_up.html", context, status=status)


def _follow_up_confirmed(request: HttpRequest, chosen: dict[str, Any]) -> HttpResponse | None:
    token = request.POST.get("confirmation", "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        messages.error(request, _("Nothing was sent: confirm from the confirmation page."))
        return None
    try:
        send = followups.followup_schedule(
            by=request.user, request=request, confirmation=token, **chosen
        )
    except AlreadyConfirmed:
        messages.warning(request, _("That confirmation was already used: nothing more sent."))
        return redirect(reverse("admin:distribution_send_results", args=[chosen["parent"].pk]))
    except SendRefused as refused:
        messages.error(request, _("Nothing was sent. %(reason)s") % {"reason": refused})
        return None
    messages.success(
        request,
        _("Follow-up scheduled: %(count)s recipients, now.") % {"count": send.recipients_count},
    )
    return redirect(reverse("admin:distribution_send_change", args=[send.pk]))

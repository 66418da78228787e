"""The PR officer's sending pages in the admin: schedule a send (form, then a confirmation that
saves nothing until confirmed), preview a release's email, send a test to oneself, watch a
send's progress and cancel, pause or resume it, and browse the embedded outbox.

Registered by `SendAdmin.get_urls()`, so every page runs inside `admin_site.admin_view` (staff
only, CSRF on POST); each checks its own permission. Views parse, call one service and render."""

import re
import uuid
import zoneinfo
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from contacts.models import agency_of
from contacts.services import export_record
from distribution import esp_check, panels, results, retry, services
from distribution.admin.common import (
    page_context,
    release_visible,
    require_perms,
    send_for_results,
    sends_visible,
    user_address,
)
from distribution.domain_check import bulk_warning
from distribution.forms import ScheduleForm
from distribution.models import AssetClick, Delivery, Send
from distribution.outbox import (
    OutboxEntry,
    outbox_entry,
    outbox_names,
    outbox_path,
    outbox_read,
)
from distribution.plan import relation_to, send_plan
from distribution.preview import (
    VARIANT_LABELS,
    preview_kinds,
    preview_variants,
    release_preview,
    release_test_send,
)
from distribution.resources import AssetClickResource, RecipientResultResource
from jobs import pickup_problem
from releases.models import Release, format_in_zone
from releases.scoping import release_scope_applies
from releases.sender import release_sender

if TYPE_CHECKING:
    from distribution.admin import SendAdmin

FINISHED = {Send.Status.SENT, Send.Status.CANCELLED, Send.Status.FAILED}
NOT_STARTED = {Send.Status.DRAFT, Send.Status.SCHEDULED, Send.Status.MISSED}
OUTBOX_PAGE_SIZE = 50


# --- Schedule a send --------------------------------------------------------------------------


def schedule(model_admin: "SendAdmin", request: HttpRequest, release_id: int) -> HttpResponse:
    """GET: the form. POST: the confirmation page (nothing saved), or with `confirm` the send
    itself, or with `edit` the form again with what was chosen."""
    require_perms(request, "distribution.add_send", "pressroom.view_release")
    release = release_visible(request, release_id)
    # Times are typed and shown in the issuer's zone; render now, while the zone is active.
    with timezone.override(zoneinfo.ZoneInfo(release.issuer.time_zone)):
        form = ScheduleForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            if "confirm" in request.POST:
                return _schedule_confirmed(model_admin, request, release, form)
            if "edit" not in request.POST:
                return _confirmation(model_admin, request, release, form)
        return _schedule_form(model_admin, request, release, form)


def _schedule_form(
    model_admin: "SendAdmin", request: HttpRequest, release: Release, form: ScheduleForm
) -> HttpResponse:
    now = timezone.now()
    zone = release.issuer.time_zone
    immediate_default = services.send_default_moment(
        release=release, kind=Send.Kind.IMMEDIATE, now=now
    )
    context = page_context(
        model_admin,
        request,
        gettext("Schedule a send"),
        release=release,
        form=form,
        zone_name=now.astimezone(zoneinfo.ZoneInfo(zone)).tzname(),
        embargo_display=release.embargo_display(),
        immediate_default=format_in_zone(immediate_default, zone)
        if immediate_default != now
        else "",
        now_display=format_in_zone(now, zone),
    )
    return render(request, "admin/distribution/send/schedule.html", context)


def _chosen(form: ScheduleForm) -> dict[str, Any]:
    return {
        "lists": list(form.cleaned_data["lists"]),
        "kind": form.cleaned_data["kind"],
        "at": form.cleaned_data["at"],
        "send_again_reason": form.cleaned_data["send_again_reason"],
    }


def _confirmation(
    model_admin: "SendAdmin",
    request: HttpRequest,
    release: Release,
    form: ScheduleForm,
    status: int = 200,
) -> HttpResponse:
    plan = send_plan(release=release, now=timezone.now(), **_chosen(form))
    bulk = bulk_warning(release_sender(release).domain, plan.recipients_total)
    if bulk:
        plan.warnings.append(bulk)
    context = page_context(
        model_admin,
        request,
        gettext("Confirm the send"),
        release=release,
        form=form,
        plan=plan,
        kind_display=Send.Kind(plan.kind).label,
        confirmation=uuid.uuid4().hex,
        sending_check=_sending_check_shown(request),
    )
    return render(request, "admin/distribution/send/confirm.html", context, status=status)


def _sending_check_shown(request: HttpRequest) -> esp_check.SendingCheck:
    """The check of the sending configuration, on the confirmation page (kept a minute per
    process). The configuration is the installation's: an agency's officer learns only that it
    has a problem, not the in-house team's hosts, folders or what the ESP said."""
    check = esp_check.sending_check_recent()
    if agency_of(request.user) is None or check.ok:
        return check
    problem = esp_check.Finding(
        esp_check.Level.ERROR,
        _(
            "Sending is not set up correctly, so this send would fail: ask the in-house team to "
            "run “Check sending configuration”."
        ),
    )
    return esp_check.SendingCheck(check.service, (problem,), check.checked_at)


def sending_check(model_admin: "SendAdmin", request: HttpRequest) -> HttpResponse:
    """GET: what the check does. POST: run it now (one harmless call to the ESP or the SMTP
    server, nothing sent) and show what it found. The configuration is the installation's, so
    the in-house team's tool: never an agency's."""
    require_perms(request, "distribution.add_send")
    if agency_of(request.user) is not None:
        raise PermissionDenied
    check = esp_check.sending_check() if request.method == "POST" else None
    context = page_context(
        model_admin,
        request,
        gettext("Check sending configuration"),
        sending_check=check,
        service=esp_check.sending_service(),
        sender=settings.DEFAULT_FROM_EMAIL,
    )
    return render(request, "admin/distribution/send/sending_check.html", context)


def _schedule_confirmed(
    model_admin: "SendAdmin", request: HttpRequest, release: Release, form: ScheduleForm
) -> HttpResponse:
    token = request.POST.get("confirmation", "")
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        messages.error(
            request, gettext("Nothing was scheduled: confirm from the confirmation page.")
        )
        return _confirmation(model_admin, request, release, form, status=400)
    try:
        # A double click or a resubmitted page must not schedule a second send: the page's id
        # is unique on Send, which holds across processes and machines.
        send = services.send_schedule(
            release=release, by=request.user, confirmation=token, **_chosen(form)
        )
    except services.AlreadyConfirmed:
        messages.warning(
            request, gettext("That confirmation was already used: nothing more scheduled.")
        )
        return redirect(_sends_of(release))
    except services.SendRefused as refused:
        messages.error(request, gettext("Nothing was scheduled. %(why)s") % {"why": refused})
        return _confirmation(model_admin, request, release, form)
    assert send.scheduled_at is not None
    messages.success(
        request,
        gettext("Scheduled: %(kind)s to %(count)s recipients at %(at)s.")
        % {
            "kind": send.get_kind_display().lower(),
            "count": send.recipients_count,
            "at": format_in_zone(send.scheduled_at, release.issuer.time_zone),
        },
    )
    return redirect(reverse("admin:distribution_send_change", args=[send.pk]))


def _sends_of(release: Release) -> str:
    return f"{reverse('admin:distribution_send_changelist')}?release__id__exact={release.pk}"


# --- Preview and test -------------------------------------------------------------------------


def preview(
    model_admin: "SendAdmin", request: HttpRequest, release_id: int, variant: str | None = None
) -> HttpResponse:
    require_perms(request, "pressroom.view_release")
    release = release_visible(request, release_id)
    variants = preview_variants(release)
    kinds = preview_kinds(release)
    if variant is None:
        if not variants:
            messages.error(
                request, gettext("The release has no text yet: write a headline and body.")
            )
            return redirect(reverse("admin:pressroom_release_change", args=[release.pk]))
        return redirect(_preview_url(release, variants[0], kinds[0]))
    kind = request.GET.get("kind") or kinds[0]
    if variant not in variants or kind not in kinds:
        raise Http404(gettext("No such variant of this release."))
    email, name = user_address(request)
    outgoing, renderer = release_preview(
        release=release,
        kind=kind,
        variant=variant,
        email=email or "journalist@example.com",
        name=name,
    )
    context = page_context(
        model_admin,
        request,
        gettext("Preview the email"),
        release=release,
        outgoing=outgoing,
        from_header=renderer.from_email,
        html_framed=_framed(outgoing.html),
        variant=variant,
        kind=kind,
        variant_tabs=[
            (code, VARIANT_LABELS.get(code, code), _preview_url(release, code, kind))
            for code in variants
        ],
        kind_tabs=[
            (code, Send.Kind(code).label, _preview_url(release, variant, code)) for code in kinds
        ],
        can_test=request.user.has_perm("distribution.add_send"),
        test_to=email,
        embargo_display=release.embargo_display(),
    )
    return render(request, "admin/distribution/send/preview.html", context)


def _preview_url(release: Release, variant: str, kind: str) -> str:
    url = reverse("admin:distribution_send_preview", args=[release.pk, variant])
    return f"{url}?kind={kind}"


def _framed(html: str) -> str:
    """The email's HTML for a sandboxed iframe: links open in a new tab."""
    base = '<base target="_blank">'
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if head is None:
        return base + html
    return html[: head.end()] + base + html[head.end() :]


def test_send(model_admin: "SendAdmin", request: HttpRequest, release_id: int) -> HttpResponse:
    """GET: the preview, at its "send a test" form. POST: send the chosen variant and kind to
    the signed-in officer, through the configured email backend; no delivery is recorded."""
    require_perms(request, "distribution.add_send", "pressroom.view_release")
    release = release_visible(request, release_id)
    variants, kinds = preview_variants(release), preview_kinds(release)
    if request.method != "POST":
        if not variants:
            return preview(model_admin, request, release_id)
        return redirect(_preview_url(release, variants[0], kinds[0]) + "#test")
    variant = request.POST.get("variant", "")
    kind = request.POST.get("kind", "")
    if variant not in variants or kind not in kinds:
        messages.error(
            request, gettext("Choose a language version and a kind of send this release has.")
        )
        return redirect(reverse("admin:pressroom_release_change", args=[release.pk]))
    back = _preview_url(release, variant, kind)
    email, name = user_address(request)
    if not email:
        messages.error(
            request, gettext("Your user account has no email address: add one to receive a test.")
        )
        return redirect(back)
    try:
        subject = release_test_send(
            release=release, kind=kind, variant=variant, email=email, name=name
        )
    except Exception as error:  # any backend's failure: say it, lose nothing
        messages.error(
            request,
            gettext("The test message could not be sent to %(email)s: %(error)s")
            % {"email": email, "error": error},
        )
        return redirect(back)
    messages.success(
        request,
        gettext("Test message “%(subject)s” sent to %(email)s %(where)s.")
        % {"subject": subject, "email": email, "where": _where(request)},
    )
    return redirect(back)


def _where(request: HttpRequest) -> str:
    backend = settings.EMAIL_BACKEND
    if backend == "distribution.outbox.EmailBackend":
        return gettext("(into the outbox, %(dir)s: open it under Distribution › Outbox)") % {
            "dir": settings.OUTBOX_DIR
        }
    if backend.startswith("django.core.mail.backends.locmem"):
        return gettext("(kept in memory by the test email backend)")
    name = backend.rsplit(".", 2)[-2] if backend.count(".") >= 2 else backend
    return gettext("(through %(backend)s)") % {"backend": name}


# --- A send's progress and controls -----------------------------------------------------------


def waiting_for_worker(send: Send, counts: dict[str, int], now: datetime) -> bool:
    """No worker has picked the send up within JOB_PICKUP_WAIT_SECONDS: still scheduled after
    the tick should have started it, or sending with messages queued and none being sent."""
    if send.scheduled_at is None:
        return False
    waited = now - timedelta(seconds=settings.JOB_PICKUP_WAIT_SECONDS)
    if send.status == Send.Status.SCHEDULED:
        ahead = timedelta(seconds=settings.SEND_PREPARE_AHEAD_SECONDS)
        return send.scheduled_at - ahead <= waited
    since = max(send.scheduled_at, send.started_at or send.scheduled_at)
    return (
        send.status == Send.Status.SENDING
        and counts["queued"] > 0
        and counts["sending"] == 0
        and since <= waited
    )


def send_progress_data(send: Send) -> dict[str, Any]:
    counts = services.send_counts(send)
    # Why no worker has taken it (as /healthz sees it), once it has waited a few seconds.
    waiting = pickup_problem() if waiting_for_worker(send, counts, timezone.now()) else ""
    done = counts["sent"] + counts["failed"]
    total = counts["total"]
    finished_empty = 100 if send.status == Send.Status.SENT else 0
    percent = round(100 * done / total) if total else finished_empty
    return {
        "id": send.pk,
        "status": send.status,
        "status_display": send.status_label(),
        "status_reason": send.reason,
        "counts": {**counts, "suppressed": send.suppressed_count},
        "expected": send.recipients_count,
        # Before the send starts there are no deliveries yet: show whom it expects.
        "recipients": total or (send.recipients_count if send.status in NOT_STARTED else 0),
        "percent": percent,
        "can_cancel": send.can_cancel(),
        "can_pause": send.can_pause(),
        "can_resume": send.can_resume(),
        "can_retry": send.can_retry(),
        "waiting": waiting,
        "needs_attention": send.needs_attention(),
        "finished": send.status in FINISHED,
    }


def send_detail(model_admin: "SendAdmin", request: HttpRequest, object_id: str) -> HttpResponse:
    send = (
        sends_visible(request)
        .select_related("release__issuer", "created_by")
        .prefetch_related("lists", "release__translations")
        .filter(pk=unquote(object_id))
        .first()
        if str(unquote(object_id)).isascii() and str(unquote(object_id)).isdigit()
        else None
    )
    if send is None:
        raise Http404(gettext("No such send."))
    if not model_admin.has_view_permission(request, send):
        raise PermissionDenied
    zone = send.release.issuer.time_zone
    progress = send_progress_data(send)
    failures = list(
        Delivery.objects.filter(send=send, status=Delivery.Status.FAILED)
        .order_by("pk")
        .values_list("email", "error")[:5]
    )
    context = page_context(
        model_admin,
        request,
        gettext("Send #%(id)s") % {"id": send.pk},
        send=send,
        original=send,
        release=send.release,
        progress=progress,
        failures=failures,
        scheduled_display=format_in_zone(send.scheduled_at, zone) if send.scheduled_at else "",
        started_display=format_in_zone(send.started_at, zone) if send.started_at else "",
        finished_display=format_in_zone(send.finished_at, zone) if send.finished_at else "",
        created_display=format_in_zone(send.created_at, zone),
        embargo_display=send.release.embargo_display(),
        relation=_relation(send),
        can_control=request.user.has_perm("distribution.change_send"),
        can_retry_failed=may_retry_failed(request),
        retry_explained=retry.retry_explained(send) if send.can_retry() else "",
        deliveries_url=f"{reverse('admin:distribution_delivery_changelist')}?send={send.pk}",
        results_url=reverse("admin:distribution_send_results", args=[send.pk]),
    )
    return render(request, "admin/distribution/send/detail.html", context)


def _relation(send: Send) -> str:
    if send.scheduled_at is None or send.release.embargo_until is None:
        return ""
    return relation_to(send.scheduled_at, send.release.embargo_until)


def send_progress(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> JsonResponse:
    send = get_object_or_404(sends_visible(request), pk=send_id)
    if not model_admin.has_view_permission(request, send):
        raise PermissionDenied
    response = JsonResponse(send_progress_data(send))
    response["Cache-Control"] = "private, no-store"
    return response


# --- A send's results -------------------------------------------------------------------------


def send_results(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> HttpResponse:
    """The funnel, the 48-hour timeline, outlets, assets and (with permission to see
    deliveries) the per-recipient table with filters: a dozen queries whatever the size."""
    send = send_for_results(model_admin, request, send_id)
    zone = send.release.issuer.time_zone
    by_outlet = results.send_counts_by_outlet(send=send)
    tallies = results.send_tallies(send=send)
    funnel = results.send_funnel(send=send, by_outlet=by_outlet, tallies=tallies)
    timeline = results.send_timeline(send=send, tallies=tallies)
    clicks = results.send_asset_clicks(send=send)
    outlets = results.send_outlets(send=send, by_outlet=by_outlet, clicks=clicks)
    newsroom = results.release_newsroom_figures(release_id=send.release_id)
    can_see_recipients = request.user.has_perm("distribution.view_delivery")
    filters = results.RecipientFilters.from_query(request.GET)
    page = None
    if can_see_recipients:
        paginator = Paginator(
            results.send_recipients(send=send, filters=filters), settings.RESULTS_PAGE_SIZE
        )
        if not filters.query():
            paginator.__dict__["count"] = funnel["recipients"]  # known: no second COUNT(*)
        page = paginator.get_page(request.GET.get("page"))
    recipients = funnel["recipients"] or 1
    steps = [
        ("recipients", gettext("Recipients"), funnel["recipients"]),
        ("sent", gettext("Sent"), funnel["sent"]),
        ("delivered", gettext("Delivered"), funnel["delivered"]),
        ("opened", gettext("Opened by people"), funnel["opened"]),
        ("clicked", gettext("Clicked by people"), funnel["clicked"]),
    ]
    context = page_context(
        model_admin,
        request,
        gettext("Results of send #%(id)s") % {"id": send.pk},
        send=send,
        release=send.release,
        funnel=funnel,
        steps=[(key, label, count, round(100 * count / recipients)) for key, label, count in steps],
        chart=mark_safe(results.timeline_svg(timeline, zone)),  # noqa: S308 -- built from numbers
        timeline_total=(sum(timeline.opens), sum(timeline.clicks), sum(timeline.stories)),
        outlets=[
            (
                row.name,
                *map(str, (row.recipients, row.delivered, row.opened, row.clicked)),
                str(row.downloads),
                str(row.bounced),
            )
            for row in outlets
        ],  # strings: the template localises every number it is given, 2,000 times here
        assets=results.send_assets(send=send, clicks=clicks, newsroom=newsroom),
        newsroom=newsroom,
        newsroom_days=[
            (date_format(day, "SHORT_DATE_FORMAT"), views, downloads)
            for day, views, downloads in newsroom.days[:14]
        ],
        page=page,
        can_see_recipients=can_see_recipients,
        filters=filters,
        filter_query=filters.query(),
        statuses=Delivery.Status.choices,
        languages=results.send_languages(),
        outlet_choices=[
            (str(row.outlet_id), row.name, filters.outlet == str(row.outlet_id))
            for row in outlets
            if row.outlet_id
        ],
        no_outlet=results.NO_OUTLET,
        zone=zone,
        started_display=format_in_zone(results.send_started(send), zone),
        panels=panels.results_panels(request, send),
    )
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        response = render(request, "admin/distribution/send/results.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


EXPORTS = {"csv": CSV, "xlsx": XLSX}


def send_results_export(
    model_admin: "SendAdmin", request: HttpRequest, send_id: int, what: str, fmt: str
) -> HttpResponse:
    """Per-recipient results or asset clicks as CSV or XLSX (django-import-export), with the
    filters of the results page."""
    require_perms(request, "distribution.view_delivery")
    send = send_for_results(model_admin, request, send_id)
    if fmt not in EXPORTS or what not in {"recipients", "clicks"}:
        raise Http404(gettext("No such export."))
    zone = send.release.issuer.time_zone
    if what == "recipients":
        filters = results.RecipientFilters.from_query(request.GET)
        dataset = RecipientResultResource(zone=zone).export(
            queryset=results.send_recipients(send=send, filters=filters)
        )
    else:
        clicks = (
            AssetClick.objects.filter(delivery__send=send)
            .select_related("asset", "delivery__contact__outlet")
            .order_by("clicked_at", "pk")
        )
        dataset = AssetClickResource(zone=zone).export(queryset=clicks)
    format_ = EXPORTS[fmt]()
    response = HttpResponse(format_.export_data(dataset), content_type=format_.get_content_type())
    export_record(
        model=Delivery if what == "recipients" else AssetClick,
        rows=len(dataset),
        file_format=format_.get_title(),
        by=request.user,
        request=request,
    )
    name = f"send-{send.pk}-{what}.{format_.get_extension()}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Per control: the service, then what the officer is told when it worked and when it could not.
ACTIONS: dict[str, tuple[Callable[..., bool], Any, Any]] = {
    "cancel": (
        services.send_cancel,
        _("Send #%(id)s cancelled. Nothing of it will go out."),
        _("Send #%(id)s could not be cancelled: it is %(status)s now."),
    ),
    "pause": (
        services.send_pause,
        _(
            "Send #%(id)s paused. Messages being handed over right now finish; the rest wait "
            "until you resume."
        ),
        _("Send #%(id)s could not be paused: it is %(status)s now."),
    ),
    "resume": (
        services.send_resume,
        _("Send #%(id)s resumed. The remaining messages go out now."),
        _("Send #%(id)s could not be resumed: it is %(status)s now."),
    ),
}


def may_retry_failed(request: HttpRequest) -> bool:
    """Retrying sends email as scheduling does: in-house officers who may send, never an
    agency's (the configuration that failed is the installation's)."""
    return request.user.has_perm("distribution.add_send") and agency_of(request.user) is None


def send_retry_failed(
    model_admin: "SendAdmin", request: HttpRequest, send_id: int
) -> HttpResponseBase:
    """POST: queue the failed deliveries that may go again; each is sent once."""
    if not may_retry_failed(request):
        raise PermissionDenied
    send = get_object_or_404(sends_visible(request), pk=send_id)
    try:
        count = retry.send_retry_failed(send=send, by=request.user, request=request)
    except retry.RetryRefused as refused:
        messages.error(request, gettext("The failed deliveries cannot go again: %(why)s") % {
            "why": refused
        })  # fmt: skip
    else:
        if count:
            messages.success(request, ngettext(
                "%(count)s failed delivery of send #%(id)s queued again: it goes out now, once.",
                "%(count)s failed deliveries of send #%(id)s queued again: they go out now, "
                "each once.",
                count,
            ) % {"count": count, "id": send.pk})  # fmt: skip
        else:
            messages.warning(request, gettext(
                "Nothing to retry in send #%(id)s: it is being retried already, or every failure "
                "left is the recipient's own address refused for good."
            ) % {"id": send.pk})  # fmt: skip
    return redirect(reverse("admin:distribution_send_change", args=[send.pk]))


def send_action(
    model_admin: "SendAdmin", request: HttpRequest, send_id: int, action: str
) -> HttpResponseBase:
    require_perms(request, "distribution.change_send")
    service, done, not_done = ACTIONS[action]
    send = get_object_or_404(sends_visible(request), pk=send_id)
    if service(send=send, by=request.user, request=request):
        messages.success(request, str(done) % {"id": send.pk})
    else:
        send.refresh_from_db(fields=["status"])
        messages.error(
            request,
            str(not_done) % {"id": send.pk, "status": send.get_status_display().lower()},
        )
    return redirect(reverse("admin:distribution_send_change", args=[send.pk]))


# --- The outbox (the embedded default email backend) -----------------------------------------


def _outbox_folder() -> Path:
    return Path(settings.OUTBOX_DIR)


def _require_outbox(request: HttpRequest) -> None:
    """The outbox holds every message sent from this installation, whoever's release: the
    in-house team's tool, never an agency's."""
    require_perms(request, "distribution.view_send")
    if agency_of(request.user) is not None:
        raise PermissionDenied


_OUTBOX_SEND = re.compile(r"^<pressroom\.(\d+)\.\d+@")


def _outbox_scope(request: HttpRequest) -> set[int] | None:
    """The sends whose messages the user may open in the outbox, or None for all of them. Like
    every list of release-derived data, it follows the release rule (`releases.scoping`): an
    in-house officer sees their own issuer's messages; a message of no send they may see
    (another issuer's, or not a release at all) is not theirs."""
    if not release_scope_applies(request.user):
        return None
    return set(sends_visible(request).values_list("pk", flat=True))


def _outbox_shows(entry: OutboxEntry, scope: set[int] | None) -> bool:
    if scope is None:
        return True
    match = _OUTBOX_SEND.match(entry.message_id)
    return match is not None and int(match.group(1)) in scope


def outbox(model_admin: "SendAdmin", request: HttpRequest) -> HttpResponse:
    _require_outbox(request)
    folder = _outbox_folder()
    scope = _outbox_scope(request)
    names = outbox_names(folder=folder)
    if scope is not None:
        # Each message's head is read to know its send: the outbox is the embedded default's
        # (make run, demos), thousands of files at most, never a production mailer's.
        names = [
            name
            for name in names
            if (path := outbox_path(folder=folder, name=name)) is not None
            and _outbox_shows(outbox_entry(path=path), scope)
        ]
    page = Paginator(names, OUTBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    entries = []
    for name in page.object_list:
        path = outbox_path(folder=folder, name=name)
        if path is not None:  # gone since the listing: skip it
            entries.append(outbox_entry(path=path))
    context = page_context(
        model_admin,
        request,
        gettext("Outbox"),
        page=page,
        entries=entries,
        folder=folder,
        zone=settings.TIME_ZONE,
        zone_name=timezone.now().astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).tzname(),
        backend=settings.EMAIL_BACKEND,
        is_outbox=settings.EMAIL_BACKEND == "distribution.outbox.EmailBackend",
    )
    return render(request, "admin/distribution/outbox/list.html", context)


def _outbox_file(request: HttpRequest, name: str) -> Path:
    _require_outbox(request)
    path = outbox_path(folder=_outbox_folder(), name=name)
    if path is None or not _outbox_shows(outbox_entry(path=path), _outbox_scope(request)):
        raise Http404(gettext("No such message in the outbox."))
    return path


def outbox_message(model_admin: "SendAdmin", request: HttpRequest, name: str) -> HttpResponse:
    path = _outbox_file(request, name)
    message = outbox_read(path=path)
    html_part = message.get_body(preferencelist=("html",))
    text_part = message.get_body(preferencelist=("plain",))
    html = str(html_part.get_content()) if html_part is not None else ""
    headers = [
        (header, str(message[header]))
        for header in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe")
        if message[header]
    ]
    date = outbox_entry(path=path).date
    if date is not None:
        headers = [
            (header, format_in_zone(date) if header == "Date" else value)
            for header, value in headers
        ]
    context = page_context(
        model_admin,
        request,
        gettext("Outbox message"),
        name=name,
        headers=headers,
        text=str(text_part.get_content()) if text_part is not None else "",
        html_framed=_framed(html) if html else "",
        attachments=[part.get_filename() or part.get_content_type() for part in (
            message.iter_attachments()
        )],
    )  # fmt: skip
    return render(request, "admin/distribution/outbox/message.html", context)


def outbox_raw(model_admin: "SendAdmin", request: HttpRequest, name: str) -> HttpResponse:
    path = _outbox_file(request, name)
    if request.GET.get("download"):
        response = HttpResponse(path.read_bytes(), content_type="message/rfc822")
        response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    else:
        response = HttpResponse(path.read_bytes(), content_type="text/plain; charset=utf-8")
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def outbox_not_found(model_admin: "SendAdmin", request: HttpRequest, rest: str) -> HttpResponse:
    """Anything under outbox/ that is not a message name (a path, ../…): not found."""
    raise Http404(gettext("No such message in the outbox."))

"""Coverage beside a send's results (a block on the results page), the coverage report of a
release as XLSX or PDF in English or Chinese, and a journalist's click trail on an item.
Scoped as the release: a release the user may not see, or one not public yet, is not found.
Addresses of recipients (the follow-up list, the click trail) need the permission to read
deliveries, as on the results page."""

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from coverage import period_report, report, services
from coverage.models import CoverageItem
from coverage.scoping import coverage_visible_to
from distribution.models import AssetClick, Delivery, Send
from releases.scoping import releases_visible_to

if TYPE_CHECKING:
    from coverage.admin import CoverageItemAdmin

FORMATS = {
    "pdf": ("application/pdf", report.report_pdf),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        report.report_xlsx,
    ),
}


def results_panel(request: HttpRequest, send: Send) -> str:
    """The coverage block on a send's results page (the send is already in the user's scope)."""
    if not request.user.has_perm("coverage.view_coverageitem"):
        return ""
    release = send.release
    summary = report.coverage_summary(release)
    from_recipients = (
        CoverageItem.objects.filter(releases=release, status=CoverageItem.Status.CONFIRMED)
        .filter(journalist__deliveries__send=send)
        .distinct()
        .count()
    )
    waiting = CoverageItem.objects.filter(
        releases=release, status=CoverageItem.Status.PROPOSED
    ).count()
    return render_to_string(
        "admin/coverage/results_panel.html",
        {
            "release": release,
            "summary": summary,
            "figures": report.figures(summary),
            "from_recipients": from_recipients,
            "waiting": waiting,
            "is_public": services.public_releases().filter(pk=release.pk).exists(),
            "languages": settings.LANGUAGES,
        },
        request=request,
    )


def coverage_report(
    model_admin: "CoverageItemAdmin", request: HttpRequest, release_id: int, fmt: str
) -> HttpResponse:
    if request.method != "GET":
        raise Http404
    if fmt not in FORMATS:
        raise Http404
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    visible = releases_visible_to(request.user, services.public_releases())
    release = get_object_or_404(visible.select_related("issuer"), pk=release_id)
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    content_type, build = FORMATS[fmt]
    with translation.override(language):
        follow_ups = None
        if request.user.has_perm("distribution.view_delivery"):
            follow_ups = report.opened_but_not_covered(release)
        data = build(release, follow_ups=follow_ups)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="coverage-{release.pk}-{language}.{fmt}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("a period", "From"), widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(
        label=pgettext_lazy("a period", "To"), widget=forms.DateInput({"type": "date"})
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    fmt = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")], initial="pdf"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(gettext("The period ends before it starts."))
        if start and end and (end - start).days >= period_report.LONGEST_PERIOD_DAYS:
            raise forms.ValidationError(
                gettext("One report covers at most %(days)s days.")
                % {"days": period_report.LONGEST_PERIOD_DAYS}
            )
        return cleaned


def period_report_view(model_admin: "CoverageItemAdmin", request: HttpRequest) -> HttpResponse:
    """GET: the form (the last 30 days by default); with its fields, the report as a file."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    today = timezone.localdate()
    asked = "start" in request.GET or "end" in request.GET
    form = PeriodForm(
        request.GET if asked else None,
        initial={
            "start": today - timedelta(days=30),
            "end": today,
            "language": translation.get_language(),
        },
    )
    if asked and form.is_valid():
        data = form.cleaned_data
        with translation.override(data["language"]):
            found = period_report.period_coverage(request.user, data["start"], data["end"])
            build = period_report.period_pdf if data["fmt"] == "pdf" else period_report.period_xlsx
            content = build(found)
        response = HttpResponse(content, content_type=FORMATS[data["fmt"]][0])
        name = f"coverage-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}-{data['language']}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{data["fmt"]}"'
        response["Cache-Control"] = "private, no-store"
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": gettext("Coverage report for a period"),
        "form": form,
    }
    return TemplateResponse(request, "admin/coverage/coverageitem/period_report.html", context)


def click_trail(request: HttpRequest, item: CoverageItem) -> list[dict[str, Any]]:
    """When the item's journalist received one of its releases: each delivery, when it was
    opened and clicked, and the assets they downloaded (a person's clicks)."""
    if item.journalist_id is None or not request.user.has_perm("distribution.view_delivery"):
        return []
    releases = releases_visible_to(request.user, item.releases.all())
    deliveries = (
        Delivery.objects.filter(contact_id=item.journalist_id, send__release__in=releases)
        .select_related("send__release")
        .annotate(downloads=Count("clicks", filter=Q(clicks__is_machine=False)))
        .order_by("send__started_at", "pk")
    )
    trail = []
    for delivery in deliveries:
        assets = (
            AssetClick.objects.filter(delivery=delivery, is_machine=False)
            .select_related("asset")
            .order_by("clicked_at")
        )
        trail.append({"delivery": delivery, "assets": list(assets)})
    return trail


def contact_panel(request: HttpRequest, contact: Any) -> str:
    """On a media contact's page: the coverage that journalist wrote, as far as the user sees."""
    if not request.user.has_perm("coverage.view_coverageitem"):
        return ""
    items = coverage_visible_to(request.user, CoverageItem.objects.filter(journalist=contact))
    items = items.exclude(status=CoverageItem.Status.REJECTED).select_related("outlet")
    return render_to_string(
        "admin/coverage/contact_panel.html",
        {"items": list(items.order_by("-published_at", "-pk")[:50]), "total": items.count()},
        request=request,
    )

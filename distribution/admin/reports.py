"""Reports in the admin, beside a send's results: a release's leak report (who used their
asset links from many networks, or before the embargo, with each one's timeline) and a send's
morning-after report as a PDF. Registered by `SendAdmin.get_urls()` like the other sending
pages (staff only); scoped like the results page: a release or send the user may not see is
"not found"."""

import zoneinfo
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from distribution import leaks, report
from distribution.admin.common import page_context, release_visible, require_perms, send_for_results

if TYPE_CHECKING:
    from distribution.admin import SendAdmin


def release_leaks(model_admin: "SendAdmin", request: HttpRequest, release_id: int) -> HttpResponse:
    # Recipients' addresses and their visits: the same permission as the results' recipients.
    require_perms(request, "distribution.view_send", "distribution.view_delivery")
    release = release_visible(request, release_id)
    zone = release.issuer.time_zone
    context = page_context(
        model_admin,
        request,
        _("Leak report: %(release)s") % {"release": release},
        release=release,
        suspects=leaks.release_leaks(release=release),
        threshold=settings.LEAK_NETWORKS_THRESHOLD,
        window=settings.SCANNER_WINDOW_SECONDS,
        embargo=release.embargo_display(),
        zone=zone,
    )
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        response = render(request, "admin/distribution/send/leaks.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def send_report_pdf(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> HttpResponse:
    """The morning-after report of a send, now, in the user's admin language."""
    require_perms(request, "distribution.view_delivery")  # it lists the bounced addresses
    send = send_for_results(model_admin, request, send_id)
    pdf = report.report_pdf(report.send_report(send=send))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="results-{send.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def report_urls(view: Any, name: str) -> list[URLPattern]:
    return [
        path(
            "leaks/<int:release_id>/",
            view(release_leaks, ("GET",)),
            name=f"{name}_leaks",
        ),
        path(
            "<int:send_id>/report.pdf",
            view(send_report_pdf, ("GET",)),
            name=f"{name}_report_pdf",
        ),
    ]

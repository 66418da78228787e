"""The sending-domain check in the admin: for each issuer the user speaks for, the domain its
emails come from, and on request what its DNS says (SPF, DKIM, DMARC) and what to add. As the
sending-configuration check, the in-house team's tool: never an agency's."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from contacts.models import Organisation, agency_of, organisation_of
from distribution.admin.common import page_context, require_perms
from distribution.domain_check import domain_check, remember, sender_domain
from distribution.render import backend_esp_name
from releases.models import Issuer
from releases.scoping import release_scope_applies

if TYPE_CHECKING:
    from distribution.admin import SendAdmin


def sending_domains(model_admin: "SendAdmin", request: HttpRequest) -> HttpResponse:
    """GET: each issuer's sending domain. POST: check them all (a few DNS queries each)."""
    require_perms(request, "distribution.add_send")
    if agency_of(request.user) is not None:
        raise PermissionDenied
    issuers = Issuer.objects.order_by("name_en")
    if release_scope_applies(request.user):  # an in-house team: the issuers it speaks for
        issuers = issuers.filter(organisation=organisation_of(request.user))
    domains: dict[str, list[Issuer | Organisation]] = {}
    for issuer in issuers:
        domains.setdefault(sender_domain(issuer), []).append(issuer)
    if any(issuer.agency_sends_in_own_name for issuer in issuers):
        # Agencies that may send in their own name, from their own domain.
        agencies = Organisation.objects.filter(kind=Organisation.Kind.AGENCY).exclude(
            sender_email=""
        )
        for agency in agencies.order_by("name_en"):
            domains.setdefault(sender_domain(agency), []).append(agency)
    checks = {}
    if request.method == "POST":
        esp_name = backend_esp_name(settings.EMAIL_BACKEND)
        checks = {
            domain: domain_check(domain, esp_name=esp_name, selectors=settings.DKIM_SELECTORS)
            for domain in domains
        }
        for check in checks.values():
            remember(check)
    rows = [
        {"domain": domain, "issuers": named, "check": checks.get(domain)}
        for domain, named in sorted(domains.items())
    ]
    context = page_context(
        model_admin, request, gettext("Check sending domains"), rows=rows, checked=bool(checks)
    )
    return render(request, "admin/distribution/send/sending_domains.html", context)

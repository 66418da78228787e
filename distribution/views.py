"""What a journalist reaches from an email: signed asset links and the unsubscribe page. No
login; the signed token is the only key, and every target is read from the database."""

import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from distribution import services
from distribution.leaks import network_hash
from distribution.models import Delivery
from distribution.scanners import click_machine_reason
from distribution.tokens import (
    click_cookie,
    read_asset_token,
    read_click_cookie,
    read_unsubscribe_token,
)
from releases.asset_files import original_download
from releases.models import Asset


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


def _not_found(request: HttpRequest) -> HttpResponseBase:
    return _private(render(request, "distribution/link_invalid.html", status=404))


CLICK_COOKIE = "pressroom_link"
BROWSER_CHECK = "k"


@require_http_methods(["GET", "HEAD"])
def asset_link(request: HttpRequest, token: str) -> HttpResponseBase:
    """Record the visit and hand over the asset (its stored target, never one from the request).
    A first GET without our cookie is answered with a redirect to itself that sets the cookie:
    a browser comes back with it (a person), most link scanners do not (a machine). The visit
    is recorded once either way, as a machine's until the browser comes back."""
    ids = read_asset_token(token)
    if ids is None:
        return _not_found(request)
    delivery_id, asset_id = ids
    delivery = (
        Delivery.objects.select_related("send__release__issuer", "contact")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        return _not_found(request)
    now = timezone.now()
    asset = (
        Asset.objects.licensed(now).filter(pk=asset_id, release_id=delivery.send.release_id).first()
    )
    if asset is None or not services.asset_link_allowed(delivery=delivery, now=now):
        return _not_found(request)
    cookie = request.COOKIES.get(CLICK_COOKIE, "")
    if request.method == "GET" and BROWSER_CHECK in request.GET:
        pending = read_click_cookie(cookie) if cookie else None
        if pending is not None:
            services.asset_click_confirm(click_id=pending, delivery=delivery, asset=asset)
        # Without the cookie: a machine, already recorded on its first visit.
        return _deliver(asset)
    reason = click_machine_reason(
        method=request.method or "GET",
        user_agent=request.headers.get("User-Agent"),
        at=now,
        sent_at=delivery.sent_at,
    )
    needs_check = request.method == "GET" and not cookie and not reason
    click = services.asset_click_record(
        delivery=delivery,
        asset=asset,
        user_agent=request.headers.get("User-Agent", ""),
        ip_hash=_ip_hash(request),
        network_hash=network_hash(request.META.get("REMOTE_ADDR", "")),
        machine_reason=services.UNCONFIRMED if needs_check else reason,
        at=now,
    )
    if needs_check:
        check = _private(HttpResponseRedirect(f"{request.path}?{BROWSER_CHECK}=1"))
        check.set_cookie(
            CLICK_COOKIE,
            click_cookie(click.pk),
            max_age=365 * 24 * 3600,
            path="/l/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return check
    return _deliver(asset)


def _deliver(asset: Asset) -> HttpResponseBase:
    if asset.external_url:
        return _private(HttpResponseRedirect(asset.external_url))
    return _private(original_download(asset.file, filename=asset.filename))


def _ip_hash(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


@csrf_exempt  # RFC 8058: mail clients POST without cookies; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponseBase:
    delivery_id = read_unsubscribe_token(token)
    delivery = (
        Delivery.objects.select_related("contact", "send__release__issuer")
        .filter(pk=delivery_id)
        .first()
        if delivery_id is not None
        else None
    )
    if delivery is None:
        return _not_found(request)
    context = {
        "delivery": delivery,
        "issuer": delivery.send.release.issuer,
        "zh": delivery.language != "en",
    }
    if request.method == "POST":
        services.contact_unsubscribe(delivery=delivery, source="unsubscribe link")
        return _private(render(request, "distribution/unsubscribed.html", context))
    # GET never unsubscribes: link scanners fetch every URL in a message.
    return _private(render(request, "distribution/unsubscribe.html", context))

"""What a journalist reaches from an email: signed asset links and the unsubscribe page. No
login; the signed token is the only key, and every target is read from the database."""

import hashlib
import os

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from distribution import services
from distribution.models import Delivery
from distribution.tokens import read_asset_token, read_unsubscribe_token
from pressroom.models import Asset


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    return response


def _not_found(request: HttpRequest) -> HttpResponseBase:
    return _private(render(request, "distribution/link_invalid.html", status=404))


@require_http_methods(["GET", "HEAD"])
def asset_link(request: HttpRequest, token: str) -> HttpResponseBase:
    ids = read_asset_token(token)
    if ids is None:
        return _not_found(request)
    delivery_id, asset_id = ids
    delivery = (
        Delivery.objects.select_related("send__release__issuer").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return _not_found(request)
    asset = Asset.objects.filter(pk=asset_id, release_id=delivery.send.release_id).first()
    if asset is None or not services.asset_link_allowed(delivery=delivery, now=timezone.now()):
        return _not_found(request)
    services.asset_click_record(
        delivery=delivery,
        asset=asset,
        user_agent=request.headers.get("User-Agent", ""),
        ip_hash=_ip_hash(request),
        machine=request.method == "HEAD",
    )
    if asset.external_url:
        return _private(HttpResponseRedirect(asset.external_url))
    response = FileResponse(asset.file.open("rb"), filename=os.path.basename(asset.file.name))
    return _private(response)


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

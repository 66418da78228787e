"""What the send pages share: the permission check, the admin's page context, and the release
or sends a user may see (anything else is "not found")."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from distribution.models import Send
from distribution.scoping import sends_visible_to
from releases.models import Release
from releases.scoping import releases_visible_to

if TYPE_CHECKING:
    from distribution.admin import SendAdmin


def require_perms(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def page_context(model_admin: "SendAdmin", request: HttpRequest, title: str, **extra: Any) -> Any:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        **extra,
    }


def release_visible(request: HttpRequest, release_id: int) -> Release:
    """The release, if the user may see it (`releases.scoping`); otherwise not found."""
    releases = releases_visible_to(request.user, Release.objects.all())
    return get_object_or_404(
        releases.select_related("issuer").prefetch_related("translations"), pk=release_id
    )


def sends_visible(request: HttpRequest) -> "QuerySet[Send]":
    """The sends the user may see: those of the releases they see."""
    return sends_visible_to(request.user, Send.objects.all())


def user_address(request: HttpRequest) -> tuple[str, str]:
    user = request.user
    email = str(getattr(user, "email", "") or "")
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return email, str(name or user.get_username())


def send_for_results(model_admin: "SendAdmin", request: HttpRequest, send_id: int) -> Send:
    # Within the user's scope: a send of a release they may not see is "not found".
    send = get_object_or_404(sends_visible(request).select_related("release__issuer"), pk=send_id)
    if not model_admin.has_view_permission(request, send):
        raise PermissionDenied
    return send

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from audit.models import Action, AuditEntry


def audit_record(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Write one entry. `actor` is a user (or None for the system); `request` gives where from."""
    user = actor if getattr(actor, "pk", None) else None
    if user is None and request is not None and request.user.is_authenticated:
        user = request.user
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else (str(actor) if actor else "system"),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        summary=summary[:500],
        changes=changes or {},
        ip_address=_client_ip(request),
        user_agent=(request.headers.get("User-Agent", "")[:300] if request is not None else ""),
    )


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_for(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")


__all__ = ["Action", "audit_for", "audit_record"]

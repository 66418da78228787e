"""Logins, logouts, failed logins and permission changes go on the record."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver

from audit.middleware import current_request
from audit.models import Action
from audit.services import audit_record


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(action=Action.LOGIN, actor=user, obj=user, request=request)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=Action.LOGOUT, actor=user, obj=user, request=request)


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The username tried, never the password (Django already masks it in `credentials`).
    audit_record(
        action=Action.LOGIN_FAILED,
        actor=None,
        summary=f"Failed login as {str(credentials.get('username', ''))[:100]!r}",
        request=request,
    )


# --- Permission changes -----------------------------------------------------------------------

User = get_user_model()
_PERMISSION_RELATIONS = {
    User.groups.through: ("groups", Group),
    User.user_permissions.through: ("permissions", Permission),
    Group.permissions.through: ("permissions", Permission),
}


def _names(model: type[Any], pks: set[Any] | None) -> list[str]:
    if not pks:
        return []
    if model is Permission:
        found = model.objects.filter(pk__in=pks).select_related("content_type")
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in found)
    return sorted(str(obj) for obj in model.objects.filter(pk__in=pks))


@receiver(m2m_changed)
def on_permissions_changed(
    sender: Any,
    instance: Any,
    action: str,
    reverse: bool,
    model: type[Any],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    """A user's groups or permissions, or a group's permissions, changed: by whom, and what.
    Changed from the other side (a group's users, a permission's groups), the entry is written
    for each user or group touched."""
    relation = _PERMISSION_RELATIONS.get(sender)
    if relation is None or action not in {"post_add", "post_remove", "pre_clear"}:
        return
    field, target = relation
    request = current_request.get()
    verb = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}[action]
    if not reverse:
        owners = [instance]
        if action == "pre_clear":
            pk_set = set(getattr(instance, field).values_list("pk", flat=True))
        names = _names(target, pk_set)
        if not names:
            return
    else:
        # instance is the group or permission; pk_set the users or groups.
        if action == "pre_clear":
            return  # clearing from the reverse side: the admin never does it; not recorded
        owners = list(model.objects.filter(pk__in=pk_set or ()))
        names = [str(instance)]
    for owner in owners:
        audit_record(
            action=Action.PERMISSIONS_CHANGED,
            actor=request.user if request is not None else None,
            obj=owner,
            summary=f"{field.capitalize()} {verb}: {', '.join(names)}"[:500],
            changes={field: {verb: names}},
            request=request,
        )


_FLAGS = ("is_superuser", "is_staff", "is_active")


@receiver(pre_save, sender=User)
def on_user_flags_changed(
    sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    """Superuser, staff and active are permissions too: a change to any goes on the record.
    (A login saves only last_login: nothing to compare.)"""
    if instance.pk is None or (update_fields is not None and not set(update_fields) & set(_FLAGS)):
        return
    before = sender.objects.filter(pk=instance.pk).values(*_FLAGS).first()
    if before is None:
        return
    changed = {
        flag: [before[flag], getattr(instance, flag)]
        for flag in _FLAGS
        if before[flag] != getattr(instance, flag)
    }
    if not changed:
        return
    request = current_request.get()
    audit_record(
        action=Action.PERMISSIONS_CHANGED,
        actor=request.user if request is not None else None,
        obj=instance,
        summary="; ".join(f"{flag}: {old} → {new}" for flag, (old, new) in changed.items()),
        changes=changed,
        request=request,
    )

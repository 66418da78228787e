"""The audit log: an append-only record of who did what, when, from where, and what changed.
Every app writes to it through `audit.services.audit_record`; nothing updates or deletes it."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    RETURNED_TO_REVIEW = "returned_to_review", _("Returned to review (edited after approval)")
    RETURNED_TO_DRAFT = "returned_to_draft", _("Returned to draft")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    COMMENTED = "commented", _("Commented")
    FINDING_CHECKED = "finding_checked", _("Bilingual finding checked")
    SEND_SCHEDULED = "send_scheduled", _("Send scheduled")
    SEND_CANCELLED = "send_cancelled", _("Send cancelled")
    SEND_PAUSED = "send_paused", _("Send paused")
    SEND_RESUMED = "send_resumed", _("Send resumed")
    SEND_RETRIED = "send_retried", _("Failed deliveries retried")
    IMPORTED = "imported", _("Imported")
    EXPORTED = "exported", _("Exported")
    SUPPRESSION_LIFTED = "suppression_lifted", _("Suppression lifted")
    PERMISSIONS_CHANGED = "permissions_changed", _("Permissions changed")
    REFUSED = "refused", _("Refused")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name=_("created at")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(
        max_length=150,
        blank=True,
        help_text=_("Kept if the user goes."),
        verbose_name=_("actor name"),
    )
    action = models.CharField(max_length=40, choices=Action.choices, verbose_name=_("action"))
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content type"),
    )
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object id"))
    object_repr = models.CharField(max_length=300, blank=True, verbose_name=_("object repr"))
    summary = models.CharField(max_length=500, blank=True, verbose_name=_("summary"))
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changes"))
    ip_address = models.GenericIPAddressField(null=True, blank=True, verbose_name=_("ip address"))
    user_agent = models.CharField(max_length=300, blank=True, verbose_name=_("user agent"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("audit entry")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name}: {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an entry, once written, is never rewritten.
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")


class UserPreference(models.Model):
    """What a staff user chose for themselves: the language of the admin (one of
    settings.LANGUAGES; empty: the browser's). Lives here, beside the log, because audit imports
    no other app and every user has one, whatever organisation they belong to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(max_length=10, blank=True, verbose_name=_("language"))

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.language or 'browser language'}"

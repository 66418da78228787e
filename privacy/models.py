"""Requests about personal data: someone asks what Pressroom holds about them (PDPO s.18 and
s.19: answered within 40 days; GDPR art. 15) or to be erased (PDPO s.26; GDPR art. 17), and
the answer given, or why it was refused."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import NormalisedEmailField

ANSWER_WITHIN = timedelta(days=40)  # PDPO s.19(1)


def _due() -> datetime:
    return timezone.now() + ANSWER_WITHIN


class AccessRequest(models.Model):
    """A request about someone's personal data: a copy of it (access) or its erasure."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("A copy of their data")
        ERASURE = "erasure", _("Erasure of their data")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.ACCESS, verbose_name=_("request")
    )
    email = NormalisedEmailField(
        verbose_name=_("email"), help_text=_("The address the person is known by here.")
    )
    received_at = models.DateTimeField(default=timezone.now, verbose_name=_("received"))
    due_at = models.DateTimeField(default=_due, verbose_name=_("answer by"))
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    answered_at = models.DateTimeField(null=True, blank=True, verbose_name=_("answered"))
    refusal_reason = models.TextField(
        blank=True,
        verbose_name=_("why refused"),
        help_text=_("Kept on the log of refusals (PDPO s.21)."),
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", editable=False, verbose_name=_("recorded by"),
    )  # fmt: skip

    class Meta:
        ordering = ["status", "due_at"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")

    def __str__(self) -> str:
        return self.email

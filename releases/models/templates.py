"""Release templates: the skeleton an issuer starts releases from: headline, sub-headline and
body per language, the default release type and the usual media-enquiry contacts. Creating a
release from it prefills the admin's add page; nothing is linked afterwards."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_prose_editor.fields import ProseEditorField

from contacts.models import PRContact
from releases.models.common import RICH_TEXT, ContentLanguage
from releases.models.release import Release


class ReleaseTemplate(models.Model):
    issuer = models.ForeignKey(
        "pressroom.Issuer",
        on_delete=models.CASCADE,
        related_name="release_templates",
        verbose_name=_("issuer"),
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("What the template is for, e.g. “Award news”.")
    )
    release_type = models.CharField(
        _("default release type"),
        max_length=20,
        choices=Release.ReleaseType.choices,
        default=Release.ReleaseType.IMMEDIATE,
    )
    enquiry_contacts: "models.ManyToManyField[PRContact, ReleaseTemplateContact]" = (
        models.ManyToManyField(
            PRContact, through="ReleaseTemplateContact", blank=True, related_name="+"
        )
    )
    updated_at = models.DateTimeField(pgettext_lazy("time", "updated"), auto_now=True)

    class Meta:
        ordering = ["issuer", "name"]
        verbose_name = _("release template")
        verbose_name_plural = _("release templates")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "name"], name="release_template_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class ReleaseTemplateTranslation(models.Model):
    """The skeleton of one language: what the officer starts writing from."""

    template = models.ForeignKey(
        ReleaseTemplate, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=10, choices=ContentLanguage.choices)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    subheadline = models.CharField(_("sub-headline"), max_length=500, blank=True)
    body = ProseEditorField(_("body"), config=RICH_TEXT, sanitize=True, blank=True)

    class Meta:
        ordering = ["template", "language"]
        verbose_name = _("template text")
        verbose_name_plural = _("template texts (one per language)")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "language"], name="template_translation_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} [{self.language}]"


class ReleaseTemplateContact(models.Model):
    template = models.ForeignKey(
        ReleaseTemplate, on_delete=models.CASCADE, related_name="contact_links"
    )
    pr_contact = models.ForeignKey(
        PRContact, on_delete=models.PROTECT, related_name="+", verbose_name=_("PR contact")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("standard media enquiry contact")
        verbose_name_plural = _("standard media enquiry contacts")
        constraints = [
            models.UniqueConstraint(fields=["template", "pr_contact"], name="template_contact_once")
        ]

    def __str__(self) -> str:
        return str(self.pr_contact)

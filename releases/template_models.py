"""Release templates and versioned boilerplate.

An issuer's boilerplate ("About the issuer") is kept per language as numbered versions that never
change: editing it adds a version. Each release translation pins the version it was written
with (`ReleaseTranslation.boilerplate_version`), so a release already sent or published keeps the
text it went out with, on the newsroom and in any email rendered again later.

A release template is the skeleton an issuer starts releases from: headline, sub-headline and
body per language, the default release type and the usual media-enquiry contacts. Creating a
release from it prefills the admin's add page; nothing is linked afterwards.

Imported at the bottom of `releases.models`, so Django finds these models in the pressroom app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from contacts.models import PRContact
from releases.models import RICH_TEXT, ContentLanguage, Release, ReleaseTranslation


class Boilerplate(models.Model):
    """The issuer's "About" paragraph in one language. Its text is its newest version."""

    issuer = models.ForeignKey(
        "pressroom.Issuer",
        on_delete=models.CASCADE,
        related_name="boilerplates",
        verbose_name=_("issuer"),
    )
    language = models.CharField(_("language"), max_length=10, choices=ContentLanguage.choices)

    class Meta:
        ordering = ["issuer", "language"]
        verbose_name = _("boilerplate")
        verbose_name_plural = _("boilerplates")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "language"], name="boilerplate_one_per_issuer_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.issuer} [{self.language}]"

    def current(self) -> "BoilerplateVersion | None":
        return self.versions.order_by("-number").first()


class BoilerplateVersion(models.Model):
    """One wording of a boilerplate, numbered from 1. Never edited: a new wording is a new row,
    and a row pinned by any release cannot be deleted (PROTECT)."""

    boilerplate = models.ForeignKey(Boilerplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    text = ProseEditorField(_("text"), config=RICH_TEXT, sanitize=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["boilerplate", "-number"]
        verbose_name = _("boilerplate version")
        verbose_name_plural = _("boilerplate versions")
        constraints = [
            models.UniqueConstraint(
                fields=["boilerplate", "number"], name="boilerplate_version_number_once"
            )
        ]

    def __str__(self) -> str:
        return gettext("%(language)s boilerplate, version %(number)s") % {
            "language": self.boilerplate.get_language_display(),
            "number": self.number,
        }


def boilerplate_current(*, issuer_id: int | None, language: str) -> BoilerplateVersion | None:
    """The issuer's newest boilerplate version for `language`; for another Chinese script the
    Traditional Chinese one, then English; for any other language English, then Chinese."""
    if issuer_id is None:
        return None
    order = ["zh-hant", "en"] if language.startswith("zh") else ["en", "zh-hant"]
    if language not in order:
        order.insert(0, language)
    versions = BoilerplateVersion.objects.filter(
        boilerplate__issuer_id=issuer_id, boilerplate__language__in=order
    ).select_related("boilerplate")
    newest: dict[str, BoilerplateVersion] = {}
    for version in versions:
        held = newest.get(version.boilerplate.language)
        if held is None or version.number > held.number:
            newest[version.boilerplate.language] = version
    return next((newest[code] for code in order if code in newest), None)


# A release in one of these statuses may have reached journalists or the public: it keeps the
# boilerplate version it has (going back to draft first is the deliberate way to change it).
PIN_LOCKED_STATUSES = frozenset(
    {Release.Status.SCHEDULED, Release.Status.PUBLISHED, Release.Status.WITHDRAWN}
)


def pin_problem(translation: ReleaseTranslation) -> str | None:
    """Why this translation may not pin the boilerplate version it names, or None."""
    version_id = translation.boilerplate_version_id
    release = translation.release
    if version_id is not None:
        version = translation.boilerplate_version
        assert version is not None
        if version.boilerplate.issuer_id != release.issuer_id:
            return gettext(
                "That boilerplate version belongs to another issuer. Choose one of this "
                "release's issuer, or leave it empty for the current one."
            )
        language = version.boilerplate.language
        if (
            language != translation.language
            and Boilerplate.objects.filter(
                issuer_id=release.issuer_id, language=translation.language
            ).exists()
        ):
            return gettext(
                "That is the %(chosen)s boilerplate; this text is in %(language)s, and the issuer "
                "has a boilerplate in it. Choose one of its versions."
            ) % {
                "chosen": version.boilerplate.get_language_display(),
                "language": translation.get_language_display(),
            }
    if translation.pk is None or release.status not in PIN_LOCKED_STATUSES:
        return None
    saved = (
        ReleaseTranslation.objects.filter(pk=translation.pk)
        .values_list("boilerplate_version_id", flat=True)
        .first()
    )
    if saved is not None and saved != version_id:
        return gettext(
            "This release is %(status)s, so it keeps the boilerplate it went out with. To "
            "change it, take the release back to draft first."
        ) % {"status": str(release.get_status_display()).lower()}
    return None


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

"""An issuer's boilerplate ("About the issuer"), kept per language as numbered versions that
never change: editing it adds a version. Each release translation pins the version it was
written with (`ReleaseTranslation.boilerplate_version`), so a release already sent or published
keeps the text it went out with, on the newsroom and in any email rendered again later."""

import re
from html import unescape

from django.conf import settings
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from releases.models.common import RICH_TEXT, ContentLanguage


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


# The first block of a boilerplate that is its own "About …" / 「關於…」 heading: a heading
# element, a paragraph wholly in bold, or a short paragraph that starts so.
_FIRST_BLOCK = re.compile(r"^\s*<(h[1-6]|p)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_ABOUT = re.compile(r"^\s*(about\b|關於|关于)", re.IGNORECASE)
_HEADING_LENGTH = 80


def has_own_heading(html: str) -> bool:
    """Whether the boilerplate starts with its own "About …" heading, so the page and the email
    do not put a second one above it."""
    first = _FIRST_BLOCK.match(html or "")
    if first is None:
        return False
    inner = first.group(2).strip()
    text = unescape(strip_tags(inner)).strip()
    if not _ABOUT.match(text):
        return False
    bold = re.fullmatch(r"<(strong|b)>.*</\1>:?", inner, re.IGNORECASE | re.DOTALL) is not None
    return first.group(1).lower() != "p" or bold or len(text) <= _HEADING_LENGTH

"""Boilerplate versions and release templates: the writes, each on the audit log.

See `releases.models` for the rules: a boilerplate version never changes, a release
translation pins one, and a pinned version cannot be deleted."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record, in_english
from releases.models import (
    Boilerplate,
    BoilerplateVersion,
    Release,
    ReleaseTemplate,
    boilerplate_current,
    sanitise_html,
)


class BoilerplateRefused(Exception):
    """The change cannot be made; the message says why, in the PR officer's words."""


def boilerplate_text(text: str) -> str:
    """The text as a version keeps it (sanitised); refused if nothing is left of it."""
    text = sanitise_html(text)
    if not text.strip():
        raise BoilerplateRefused(_("Write the boilerplate's text: it cannot be empty."))
    return text


def boilerplate_revise(
    *, boilerplate: Boilerplate, text: str, by: Any, request: HttpRequest | None = None
) -> BoilerplateVersion | None:
    """Make `text` the boilerplate's current wording: a new version, numbered after the newest
    one, unless it is already the current wording (then None). Older versions stay as they are,
    and so does every release that pins one."""
    text = boilerplate_text(text)
    with transaction.atomic():
        # Lock the boilerplate, so two officers saving at once get versions n+1 and n+2.
        Boilerplate.objects.select_for_update().filter(pk=boilerplate.pk).first()
        current = boilerplate.current()
        if current is not None and current.text == text:
            return None
        newest = boilerplate.versions.aggregate(n=Max("number"))["n"] or 0
        version = BoilerplateVersion.objects.create(
            boilerplate=boilerplate, number=newest + 1, text=text, created_by=by
        )
        audit_record(
            action=Action.CREATED,
            actor=by,
            obj=version,
            summary=in_english(
                lambda: f"New boilerplate version {version.number} for {boilerplate}"
            ),
            request=request,
        )
    return version


def boilerplate_version_in_use(version: BoilerplateVersion) -> list[Release]:
    """The releases that pin this version, newest first."""
    return list(
        Release.objects.filter(translations__boilerplate_version=version)
        .distinct()
        .order_by("-release_date", "-pk")
    )


def boilerplate_version_delete_problem(*, version: BoilerplateVersion) -> str | None:
    """Why this version cannot be deleted (releases pin it, and are named), or None."""
    releases = boilerplate_version_in_use(version)
    if not releases:
        return None
    more = len(releases) - 5
    return _(
        "Version %(number)s cannot be deleted: %(count)s release(s) were written with it and "
        "keep its text (%(names)s%(more)s)."
    ) % {
        "number": version.number,
        "count": len(releases),
        "names": ", ".join(f"“{release}”" for release in releases[:5]),
        "more": _(" and %(count)s more") % {"count": more} if more > 0 else "",
    }


def boilerplate_version_delete(
    *, version: BoilerplateVersion, by: Any, request: HttpRequest | None = None
) -> None:
    """Delete a version no release pins; a pinned one is refused, naming the releases."""
    problem = boilerplate_version_delete_problem(version=version)
    if problem:
        raise BoilerplateRefused(problem)
    audit_record(
        action=Action.DELETED,
        actor=by,
        obj=version,
        summary=in_english(
            lambda: f"Deleted boilerplate version {version.number} of {version.boilerplate}"
        ),
        request=request,
    )
    version.delete()


def release_pins(*, release: Release) -> dict[str, int | None]:
    """Which boilerplate version each translation pins, by language."""
    return dict(release.translations.values_list("language", "boilerplate_version_id"))


def release_pin_boilerplates(
    *,
    release: Release,
    before: dict[str, int | None],
    by: Any,
    request: HttpRequest | None = None,
) -> None:
    """After the release is saved: pin each translation that pins nothing yet to the issuer's
    current boilerplate version in its language (what it shows does not change: an unpinned
    translation shows the current version, so neither does the content hash), and put every
    switch of version the officer made (`before` is `release_pins()` from before the save) on
    the audit log."""
    for unpinned in release.translations.filter(boilerplate_version__isnull=True):
        current = boilerplate_current(issuer_id=release.issuer_id, language=unpinned.language)
        if current is not None:
            unpinned.boilerplate_version = current
            unpinned.save(update_fields=["boilerplate_version"])
    after = release_pins(release=release)
    numbers = dict(
        BoilerplateVersion.objects.filter(
            pk__in={*before.values(), *after.values()} - {None}
        ).values_list("pk", "number")
    )
    for language, was in before.items():
        now = after.get(language)
        if was is not None and now is not None and was != now:
            audit_record(
                action=Action.CHANGED,
                actor=by,
                obj=release,
                summary=(
                    f"Boilerplate ({language}) switched from version {numbers.get(was)} "
                    f"to version {numbers.get(now)}"
                ),
                changes={f"boilerplate_version_{language}": [numbers.get(was), numbers.get(now)]},
                request=request,
            )


def release_template_initial(*, template: ReleaseTemplate) -> dict[str, Any]:
    """What the add page of a release starts with when made from `template`: the release's own
    fields, a translation form per language offered (the template's text where it has one) and
    the standard media-enquiry contacts, in order."""
    texts = {t.language: t for t in template.translations.all()}
    translations = []
    for code, _name in settings.LANGUAGES:
        text = texts.get(code)
        if text is None:
            translations.append({"language": code})
        else:
            translations.append(
                {
                    "language": code,
                    "headline": text.headline,
                    "subheadline": text.subheadline,
                    "body": text.body,
                }
            )
    return {
        "release": {"issuer": template.issuer_id, "release_type": template.release_type},
        "translations": translations,
        "enquiry_contacts": [
            {"order": order, "pr_contact": link.pr_contact_id}
            for order, link in enumerate(template.contact_links.order_by("order", "pk"))
        ],
    }

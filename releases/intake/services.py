"""Intake's writes: the uploaded originals kept aside while the officer checks the proposal
(`stage`), and the draft release made from the corrected proposal, in one transaction, with
its translations, assets, enquiry contacts, boilerplate choice and original files
(`release_from_intake`). Nothing of a release exists until the officer saves."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import PurePath
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from audit.models import Action
from audit.services import audit_record, in_english
from contacts.models import Organisation, PRContact, agency_of
from contacts.scoping import organisations_visible_to, pr_contacts_visible_to
from releases import template_services
from releases.models import (
    Asset,
    Boilerplate,
    BoilerplateVersion,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseSourceFile,
    ReleaseTranslation,
)

STAGE_FOLDER = "intake"
_SALT = "releases.intake.staged"
STAGED_MAX_AGE = timedelta(days=1)


@dataclass
class StagedFile:
    stored_name: str
    original_name: str
    size: int


def stage(*, name: str, data: bytes) -> StagedFile:
    """Keep an upload aside (under a random folder) until its release is saved."""
    safe = get_valid_filename(PurePath(name).name) or "document"
    stored = default_storage.save(f"{STAGE_FOLDER}/{uuid.uuid4().hex}/{safe}", ContentFile(data))
    return StagedFile(stored_name=stored, original_name=PurePath(name).name[:255], size=len(data))


def staged_token(*, user: Any, files: list[StagedFile], shape: dict[str, Any]) -> str:
    """A signed note of what this user uploaded and of the proposal's shape, carried by the
    proposal's form: nothing else may name a stored file."""
    payload = {
        "user": user.pk,
        "files": [[f.stored_name, f.original_name, f.size] for f in files],
        **shape,
    }
    return signing.dumps(payload, salt=_SALT, compress=True)


def staged_read(*, token: str, user: Any) -> dict[str, Any]:
    """The token's payload; BadSignature when it is not this user's, is altered or too old."""
    payload: dict[str, Any] = signing.loads(token, salt=_SALT, max_age=STAGED_MAX_AGE)
    if payload.get("user") != user.pk:
        raise signing.BadSignature("another user's upload")
    for stored, _name, _size in payload["files"]:
        if not str(stored).startswith(f"{STAGE_FOLDER}/") or ".." in str(stored):
            raise signing.BadSignature("not a staged file")
    return payload


def staged_files(payload: dict[str, Any]) -> list[StagedFile]:
    return [StagedFile(str(s), str(n), int(z)) for s, n, z in payload["files"]]


def staged_purge(*, now: datetime | None = None) -> int:
    """Delete uploads older than a day that no release kept (the officer never saved)."""
    now = now or timezone.now()
    try:
        folders, _files = default_storage.listdir(STAGE_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    kept = set(ReleaseSourceFile.objects.values_list("file", flat=True))
    removed = 0
    for folder in folders:
        _sub, names = default_storage.listdir(f"{STAGE_FOLDER}/{folder}")
        for name in names:
            path = f"{STAGE_FOLDER}/{folder}/{name}"
            if path in kept:
                continue
            if now - default_storage.get_modified_time(path) > STAGED_MAX_AGE:
                default_storage.delete(path)
                removed += 1
    return removed


# --- The draft --------------------------------------------------------------------------------


@dataclass
class TranslationDraft:
    language: str
    headline: str
    subheadline: str
    body: str
    # "pin" the issuer's current wording, "this_release" (an override), or "new_version"
    boilerplate_choice: str = "pin"
    boilerplate_html: str = ""


@dataclass
class AssetDraft:
    kind: str
    caption_en: str
    caption_zh_hant: str
    url: str


@dataclass
class ContactDraft:
    existing: PRContact | None = None
    organisation: Organisation | None = None
    name_en: str = ""
    name_zh_hant: str = ""
    title_en: str = ""
    title_zh_hant: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class ReleaseDraft:
    slug: str
    release_type: str
    embargo_until: datetime | None
    release_date: date | None
    dateline_en: str
    dateline_zh_hant: str
    translations: list[TranslationDraft]
    assets: list[AssetDraft] = field(default_factory=list)
    contacts: list[ContactDraft] = field(default_factory=list)


def _pinned(issuer: Issuer, language: str) -> BoilerplateVersion | None:
    return (
        BoilerplateVersion.objects.filter(
            boilerplate__issuer=issuer, boilerplate__language=language
        )
        .order_by("-number")
        .first()
    )


def release_from_intake(
    *,
    issuer: Issuer,
    draft: ReleaseDraft,
    files: list[StagedFile],
    by: Any,
    request: HttpRequest | None = None,
) -> Release:
    """The draft release, whole or not at all: a refused part (an embargo in the past, a
    taken slug, a bad link) raises ValidationError and leaves nothing behind."""
    with transaction.atomic():
        release = Release(
            issuer=issuer,
            slug=draft.slug,
            release_type=draft.release_type,
            embargo_until=draft.embargo_until,
            created_by=by,
            updated_by=by,
        )
        if draft.release_date is not None:
            release.release_date = draft.release_date
        if draft.dateline_en:
            release.dateline_en = draft.dateline_en
        if draft.dateline_zh_hant:
            release.dateline_zh_hant = draft.dateline_zh_hant
        release.full_clean()
        release.save()
        agency = agency_of(by)
        if agency is not None:
            release.agencies.add(agency)  # an agency drafts for itself, as in the release form
        for text in draft.translations:
            _translation(release, text, by=by, request=request)
        for order, asset in enumerate(draft.assets):
            row = Asset(
                release=release,
                kind=asset.kind,
                caption_en=asset.caption_en,
                caption_zh_hant=asset.caption_zh_hant,
                external_url=asset.url,
                order=order,
            )
            row.full_clean()
            row.save()
        for order, contact in enumerate(draft.contacts):
            person = _pr_contact(contact, by=by)
            if not EnquiryContact.objects.filter(release=release, pr_contact=person).exists():
                EnquiryContact.objects.create(release=release, pr_contact=person, order=order)
        for staged in files:
            ReleaseSourceFile.objects.create(
                release=release,
                file=staged.stored_name,
                original_name=staged.original_name,
                size=staged.size,
                uploaded_by=by,
            )
        template_services.release_pin_boilerplates(release=release, before={}, by=by)
        names = ", ".join(f.original_name for f in files)
        audit_record(
            action=Action.CREATED,
            actor=by,
            obj=release,
            summary=in_english(lambda: f"Created release from a document ({names})"),
            request=request,
        )
    return release


def _translation(release: Release, text: TranslationDraft, *, by: Any, request: Any) -> None:
    pinned = _pinned(release.issuer, text.language)
    override = ""
    if text.boilerplate_choice == "new_version" and text.boilerplate_html.strip():
        if not (
            by.has_perm("pressroom.change_boilerplate") and by.has_perm("pressroom.add_boilerplate")
        ):
            raise ValidationError(
                _("Only those who may change the issuer's boilerplate can add a version of it.")
            )
        boilerplate, _created = Boilerplate.objects.get_or_create(
            issuer=release.issuer, language=text.language
        )
        try:
            version = template_services.boilerplate_revise(
                boilerplate=boilerplate, text=text.boilerplate_html, by=by, request=request
            )
        except template_services.BoilerplateRefused as refused:
            raise ValidationError(str(refused)) from refused
        pinned = version or boilerplate.current()
    elif text.boilerplate_choice == "this_release":
        override = text.boilerplate_html
    translation = ReleaseTranslation(
        release=release,
        language=text.language,
        headline=text.headline,
        subheadline=text.subheadline,
        body=text.body,
        boilerplate_override=override,
        boilerplate_version=pinned,
    )
    translation.full_clean()
    translation.save()


def _pr_contact(contact: ContactDraft, *, by: Any) -> PRContact:
    if contact.existing is not None:
        visible = pr_contacts_visible_to(by, PRContact.objects.filter(pk=contact.existing.pk))
        if not visible.exists():
            raise ValidationError(_("That PR contact is not one you can name."))
        return contact.existing
    if not by.has_perm("contacts.add_prcontact"):
        raise ValidationError(
            _(
                "Only those who may add PR contacts can add %(name)s: leave them out or ask a "
                "colleague."
            )
            % {"name": contact.name_en or contact.name_zh_hant}
        )
    organisation = contact.organisation
    if (
        organisation is None
        or not organisations_visible_to(
            by, Organisation.objects.filter(pk=organisation.pk)
        ).exists()
    ):
        raise ValidationError(
            _("Choose the organisation of %(name)s.")
            % {"name": contact.name_en or contact.name_zh_hant or contact.email}
        )
    person = PRContact(
        organisation=organisation,
        name_en=contact.name_en or contact.name_zh_hant,
        name_zh_hant=contact.name_zh_hant,
        title_en=contact.title_en,
        title_zh_hant=contact.title_zh_hant,
        phone=contact.phone,
        email=contact.email,
    )
    person.full_clean()
    person.save()
    return person

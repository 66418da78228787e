"""The two forms of intake: the upload (files or pasted text, and the issuer), and the proposal
the officer corrects in place before saving: release fields, each language's text, the assets,
the enquiry contacts and, where the document's About block differs, what to do with it."""

import re
import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.fields import ProseEditorField

from contacts.models import Organisation, PRContact
from contacts.scoping import organisations_visible_to, pr_contacts_visible_to
from releases.intake import moments
from releases.intake.documents import DocumentRefused, check_size
from releases.intake.matching import BoilerplateCheck, ContactRow
from releases.intake.parse import CHINESE, LanguageProposal
from releases.intake.services import AssetDraft, ContactDraft, ReleaseDraft, TranslationDraft
from releases.models import Asset, Issuer, Release, ReleaseTranslation
from releases.slugs import slug_for

MAX_FILES = 2
LANGUAGE_NAMES = {"en": gettext_lazy("English"), "zh-hant": gettext_lazy("Chinese")}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx,.pdf,.txt"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class UploadForm(forms.Form):
    issuer = forms.ModelChoiceField(queryset=Issuer.objects.none(), label=gettext_lazy("Issuer"))
    documents = MultipleFileField(
        required=False,
        label=gettext_lazy("Word or PDF file(s)"),
        help_text=gettext_lazy(
            "One file, or two: the Chinese and the English version. One file may hold both "
            "versions, one after the other."
        ),
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 80}),
        label=gettext_lazy("…or paste the release"),
        max_length=200_000,
    )

    def __init__(self, *args: Any, issuers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["issuer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = issuers
        if issuers.count() == 1:
            field.initial = issuers.first().pk

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        files = cleaned.get("documents") or []
        text = (cleaned.get("text") or "").strip()
        if not files and not text:
            raise ValidationError(_("Upload a Word or PDF file, or paste the release's text."))
        if len(files) + (1 if text else 0) > MAX_FILES:
            raise ValidationError(
                _("Give at most two documents: the Chinese and the English version.")
            )
        for upload in files:
            try:
                check_size(upload.name, upload.size)
            except DocumentRefused as refused:
                raise ValidationError(str(refused)) from refused
        return cleaned


class ProposalForm(forms.Form):
    """Fields named by language (`en-headline`), asset (`asset-0-url`) and contact
    (`contact-1-email`); their number comes from the signed token, never from the post."""

    token = forms.CharField(widget=forms.HiddenInput)
    slug = forms.SlugField(max_length=120, label=gettext_lazy("Slug (the newsroom address)"))
    release_type = forms.ChoiceField(
        choices=Release.ReleaseType.choices, label=gettext_lazy("Release type")
    )
    embargo_until = forms.CharField(
        required=False,
        label=gettext_lazy("Embargo until (HKT)"),
        help_text=gettext_lazy("e.g. 2026-09-01 10:00"),
    )

    def __init__(
        self,
        *args: Any,
        languages: list[str],
        assets: int,
        contacts: int,
        user: Any,
        issuer: Issuer,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages, self.asset_count, self.contact_count = languages, assets, contacts
        self.issuer, self.user = issuer, user
        body_field = ReleaseTranslation._meta.get_field("body")
        assert isinstance(body_field, ProseEditorField)
        for language in languages:
            name = LANGUAGE_NAMES.get(language, language)
            p = f"{language}-"
            self.fields[p + "headline"] = forms.CharField(
                max_length=300, label=_("Headline (%(language)s)") % {"language": name}
            )
            self.fields[p + "subheadline"] = forms.CharField(
                max_length=500,
                required=False,
                label=_("Sub-headline (%(language)s)") % {"language": name},
            )
            self.fields[p + "dateline"] = forms.CharField(
                max_length=120,
                required=False,
                label=_("Dateline (%(language)s)") % {"language": name},
                help_text=_("As written: place and date, e.g. 香港，2025 年 9 月 1 日"),
            )
            self.fields[p + "body"] = body_field.formfield(
                label=_("Body (%(language)s)") % {"language": name}
            )
            self.fields[p + "boilerplate"] = body_field.formfield(
                required=False, label=_("About (as in the document)")
            )
            self.fields[p + "boilerplate_choice"] = forms.ChoiceField(
                choices=[
                    ("pin", _("Keep the issuer's current boilerplate")),
                    ("this_release", _("Use the document's wording for this release only")),
                    ("new_version", _("Make the document's wording the issuer's new version")),
                ],
                widget=forms.RadioSelect,
                initial="pin",
                label=_("About block"),
            )
        kinds = Asset.Kind.choices
        for index in range(assets):
            p = f"asset-{index}-"
            self.fields[p + "include"] = forms.BooleanField(required=False, initial=True)
            self.fields[p + "kind"] = forms.ChoiceField(choices=kinds)
            self.fields[p + "caption_en"] = forms.CharField(max_length=500, required=False)
            self.fields[p + "caption_zh_hant"] = forms.CharField(max_length=500, required=False)
            # Checked only when the asset is kept (clean): a bad link left out blocks nothing.
            self.fields[p + "url"] = forms.CharField(max_length=1000, required=False)
        organisations = organisations_visible_to(user, Organisation.objects.all())
        contacts_seen = pr_contacts_visible_to(user, PRContact.objects.all())
        for index in range(contacts):
            p = f"contact-{index}-"
            self.fields[p + "include"] = forms.BooleanField(required=False, initial=True)
            self.fields[p + "existing"] = forms.ModelChoiceField(
                queryset=contacts_seen, required=False, widget=forms.HiddenInput
            )
            self.fields[p + "organisation"] = forms.ModelChoiceField(
                queryset=organisations, required=False
            )
            for part, length in (("name_en", 200), ("name_zh_hant", 200), ("title_en", 200),
                                 ("title_zh_hant", 200), ("phone", 50)):  # fmt: skip
                self.fields[p + part] = forms.CharField(max_length=length, required=False)
            self.fields[p + "email"] = forms.CharField(max_length=254, required=False)

    def clean_embargo_until(self) -> datetime | None:
        raw = (self.cleaned_data.get("embargo_until") or "").strip()
        if not raw:
            return None
        zone = zoneinfo.ZoneInfo(self.issuer.time_zone)
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.strptime(raw, pattern).replace(tzinfo=zone)
            except ValueError:
                continue
        found = moments.parse_moment(raw, self.issuer.time_zone)
        if found is None:
            raise ValidationError(_("Write the time as 2026-09-01 10:00 (HKT)."))
        return found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        dates = {}
        for language in self.languages:
            dateline = (cleaned.get(f"{language}-dateline") or "").strip()
            if dateline:
                day = moments.parse_date(dateline)
                if day is None:
                    self.add_error(
                        f"{language}-dateline",
                        _(
                            "Write the place and the date, e.g. 香港，2025 年 9 月 1 日 or Hong "
                            "Kong, 1 September 2025."
                        ),
                    )
                else:
                    dates[language] = day
        if len(set(dates.values())) > 1:
            raise ValidationError(_("The datelines give different dates: make them agree."))
        self.release_date = next(iter(dates.values()), None)
        for index in range(self.contact_count):
            p = f"contact-{index}-"
            if not cleaned.get(p + "include") or cleaned.get(p + "existing"):
                continue
            if not cleaned.get(p + "organisation"):
                self.add_error(p + "organisation", _("Choose the organisation."))
            if not (cleaned.get(p + "name_en") or cleaned.get(p + "name_zh_hant")):
                self.add_error(p + "name_en", _("Give the name."))
            if not cleaned.get(p + "email"):
                self.add_error(p + "email", _("Give the email address."))
            else:
                try:
                    validate_email(cleaned[p + "email"])
                except ValidationError as error:
                    self.add_error(p + "email", error)
        for index in range(self.asset_count):
            p = f"asset-{index}-"
            if not cleaned.get(p + "include"):
                continue
            if not cleaned.get(p + "url"):
                self.add_error(p + "url", _("Give the link, or leave the asset out."))
                continue
            try:
                URLValidator(schemes=["http", "https"])(cleaned[p + "url"])
            except ValidationError as error:
                self.add_error(p + "url", error)
        return cleaned

    def draft(self) -> ReleaseDraft:
        data = self.cleaned_data
        translations = [
            TranslationDraft(
                language=language,
                headline=data[f"{language}-headline"],
                subheadline=data[f"{language}-subheadline"],
                body=data[f"{language}-body"],
                boilerplate_choice=data[f"{language}-boilerplate_choice"],
                boilerplate_html=data.get(f"{language}-boilerplate") or "",
            )
            for language in self.languages
        ]
        places = {
            language: _dateline_place(data.get(f"{language}-dateline") or "")
            for language in self.languages
        }
        assets = [
            AssetDraft(
                kind=data[f"asset-{i}-kind"],
                caption_en=data[f"asset-{i}-caption_en"],
                caption_zh_hant=data[f"asset-{i}-caption_zh_hant"],
                url=data[f"asset-{i}-url"],
            )
            for i in range(self.asset_count)
            if data.get(f"asset-{i}-include")
        ]
        contacts = [
            ContactDraft(
                existing=data.get(f"contact-{i}-existing"),
                organisation=data.get(f"contact-{i}-organisation"),
                **{
                    part: data.get(f"contact-{i}-{part}") or ""
                    for part in (
                        "name_en",
                        "name_zh_hant",
                        "title_en",
                        "title_zh_hant",
                        "phone",
                        "email",
                    )
                },
            )
            for i in range(self.contact_count)
            if data.get(f"contact-{i}-include")
        ]
        return ReleaseDraft(
            slug=data["slug"],
            release_type=data["release_type"],
            embargo_until=data.get("embargo_until"),
            release_date=self.release_date,
            dateline_en=places.get("en", ""),
            dateline_zh_hant=places.get(CHINESE, ""),
            translations=translations,
            assets=assets,
            contacts=contacts,
        )


def _dateline_place(dateline: str) -> str:
    place = re.split(r"\s*[，,]\s*", dateline.strip(), maxsplit=1)[0]
    if place.isupper():
        place = place.title()
    return place[:100]


def proposal_initial(
    *,
    proposals: list[LanguageProposal],
    rows: list[ContactRow],
    checks: dict[str, BoilerplateCheck | None],
    issuer: Issuer,
) -> dict[str, Any]:
    """The form as intake proposes it."""
    initial: dict[str, Any] = {}
    release_type = next((p.release_type for p in proposals if p.release_type), "immediate")
    embargo = next((p.embargo_until for p in proposals if p.embargo_until), None)
    release_date = next((p.release_date for p in proposals if p.release_date), None)
    english = next((p for p in proposals if p.language == "en"), None)
    initial["slug"] = slug_for(english.headline if english else "", release_date, issuer)
    initial["release_type"] = release_type
    if embargo is not None:
        local = embargo.astimezone(zoneinfo.ZoneInfo(issuer.time_zone))
        initial["embargo_until"] = f"{local:%Y-%m-%d %H:%M}"
    for proposal in proposals:
        p = f"{proposal.language}-"
        initial[p + "headline"] = proposal.headline
        initial[p + "subheadline"] = proposal.subheadline
        initial[p + "dateline"] = proposal.dateline
        initial[p + "body"] = proposal.body_html
        initial[p + "boilerplate"] = proposal.boilerplate_html
        check = checks.get(proposal.language)
        initial[p + "boilerplate_choice"] = (
            "pin"
            if check is None or check.same
            else ("new_version" if check.current is None else "this_release")
        )
    assets = merged_assets(proposals)
    for index, asset in enumerate(assets):
        p = f"asset-{index}-"
        initial[p + "include"] = bool(asset.url)
        initial[p + "kind"] = asset.kind
        initial[p + "url"] = asset.url
        initial[p + "caption_en"] = asset.caption_en
        initial[p + "caption_zh_hant"] = asset.caption_zh_hant
    for index, row in enumerate(rows):
        p = f"contact-{index}-"
        initial.update({
            p + "include": True,
            p + "existing": row.existing.pk if row.existing else None,
            p + "organisation": row.organisation.pk if row.organisation else None,
            p + "name_en": row.name_en or row.name_zh_hant, p + "name_zh_hant": row.name_zh_hant,
            p + "title_en": row.title_en, p + "title_zh_hant": row.title_zh_hant,
            p + "phone": row.phone, p + "email": row.email,
        })  # fmt: skip
    return initial


def merged_assets(proposals: list[LanguageProposal]) -> list[AssetDraft]:
    """One asset per link: the Chinese and English download lines naming the same link (or,
    without links, in the same position) give one asset with both captions."""
    merged: list[AssetDraft] = []
    for proposal in proposals:
        chinese = proposal.language == CHINESE
        for position, asset in enumerate(proposal.assets):
            same = next((m for m in merged if asset.url and m.url == asset.url), None)
            if same is None and not asset.url and position < len(merged):
                same = merged[position] if not merged[position].url else None
            if same is None:
                same = AssetDraft(kind=asset.kind, caption_en="", caption_zh_hant="", url=asset.url)
                merged.append(same)
            if chinese:
                same.caption_zh_hant = same.caption_zh_hant or asset.caption
            else:
                same.caption_en = same.caption_en or asset.caption
    return merged

"""The release domain: who issues, what is released, in which languages, with which assets and
whom the media should call. The embargo rule lives here (DESIGN.md rule 2)."""

import hashlib
import json
import uuid
import zoneinfo
from datetime import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from contacts.models import Beat, Organisation, PRContact, sender_name_of
from releases.asset_files import validate_asset_file
from releases.models.boilerplates import Boilerplate, BoilerplateVersion, boilerplate_current
from releases.models.common import ContentLanguage, format_in_zone, rich_text_field


def sanitise_html(html: str) -> str:
    """The sanitiser the rich-text fields use, for HTML that arrives outside a form."""
    field = ReleaseTranslation._meta.get_field("body")
    assert isinstance(field, ProseEditorField)
    return str(field.sanitize(html))


# Uploaded photo and video formats the newsroom makes images of (releases/renditions.py): a
# photo's renditions, a video's poster frame.
THUMBNAIL_SOURCE_FORMATS = frozenset({"jpg", "jpeg", "png", "webp", "gif", "tif", "tiff"})
VIDEO_SOURCE_FORMATS = frozenset({"mp4", "m4v", "mov", "webm"})


def asset_upload_to(instance: "Asset", filename: str) -> str:
    # A random folder per upload: no asset URL can be guessed before the embargo lifts.
    return f"assets/{uuid.uuid4().hex}/{PurePath(filename).name}"


class Issuer(models.Model):
    """The organisation a release comes from, e.g. a technology park."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    logo = models.ImageField(upload_to="issuers/", blank=True, verbose_name=_("logo"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="issuers",
        help_text=_("The issuer's own (in-house) communications team."),
        limit_choices_to={"kind": Organisation.Kind.IN_HOUSE},
        verbose_name=_("organisation"),
    )
    # Who the emails come from and whom a reply reaches. Empty: the installation's sender
    # (DEFAULT_FROM_EMAIL) under the issuer's names, and the release's first media-enquiry
    # contact.
    sender_name_en = models.CharField(
        _("sender name (English)"), max_length=200, blank=True,
        help_text=_("The name journalists see in their inbox. Empty: the issuer's name."),
    )  # fmt: skip
    sender_name_zh_hant = models.CharField(_("sender name (Chinese)"), max_length=200, blank=True)
    sender_email = models.EmailField(
        _("sender address"), blank=True,
        help_text=_(
            "On a domain your email service may send from (SPF, DKIM). Empty: the address "
            "the installation sends from."
        ),
    )  # fmt: skip
    reply_to_email = models.EmailField(
        _("replies go to"), blank=True,
        help_text=_("A press-office mailbox. Empty: the release's first media-enquiry contact."),
    )  # fmt: skip
    agency_sends_in_own_name = models.BooleanField(
        _("agencies send in their own name"), default=False,
        help_text=_(
            "A release drafted by a PR agency comes from the agency's sender name and address, "
            "and replies reach the agency, where the agency has set them. The footer still "
            "names the issuer."
        ),
    )  # fmt: skip
    postal_address_en = models.TextField(_("postal address (English)"), blank=True)
    postal_address_zh_hant = models.TextField(_("postal address (Chinese)"), blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="Asia/Hong_Kong",
        help_text=_("Times are typed and shown in this zone, e.g. Asia/Hong_Kong."),
        verbose_name=_("time zone"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("issuer")
        verbose_name_plural = _("issuers")

    def __str__(self) -> str:
        return self.name_en

    def clean(self) -> None:
        if self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError(
                {
                    "time_zone": gettext("%(zone)s is not a known time zone.")
                    % {"zone": repr(self.time_zone)}
                }
            )

    def boilerplate(self, language: str) -> str:
        """The current wording of the issuer's boilerplate (its newest version)."""
        version = boilerplate_current(issuer_id=self.pk, language=language)
        return version.text if version else ""

    def sender_name(self) -> str:
        return sender_name_of(self)

    def postal_address(self, language: str) -> str:
        if language.startswith("zh"):
            return self.postal_address_zh_hant or self.postal_address_en
        return self.postal_address_en or self.postal_address_zh_hant

    def name(self, language: str) -> str:
        if language.startswith("zh"):
            return self.name_zh_hant or self.name_en
        return self.name_en


class ReleaseQuerySet(models.QuerySet["Release"]):
    def public(self, at: datetime) -> "ReleaseQuerySet":
        """`Release.is_public(at)` as SQL, for lists: scheduled or published, and the embargo, if
        any, at or before `at`. The two must agree (tests/releases/test_public_queryset.py)."""
        return self.filter(status__in=Release.PUBLIC_STATUSES).filter(
            models.Q(embargo_until__isnull=True) | models.Q(embargo_until__lte=at)
        )

    def lifting_after(self, at: datetime) -> "ReleaseQuerySet":
        """Releases that will become public by themselves, at their embargo, after `at`."""
        return self.filter(status__in=Release.PUBLIC_STATUSES, embargo_until__gt=at)


class Release(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ReleaseType(models.TextChoices):
        IMMEDIATE = "immediate", _("For immediate release")
        EMBARGOED = "embargoed", _("Embargoed")

    # Statuses in which a release reaches the public once its embargo (if any) has passed.
    PUBLIC_STATUSES = frozenset({Status.SCHEDULED, Status.PUBLISHED})

    issuer = models.ForeignKey(
        Issuer, on_delete=models.PROTECT, related_name="releases", verbose_name=_("issuer")
    )
    slug = models.SlugField(
        max_length=120,
        help_text=_("The release's address on the newsroom."),
        verbose_name=_("slug"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, verbose_name=_("status")
    )
    release_type = models.CharField(
        max_length=20,
        choices=ReleaseType.choices,
        default=ReleaseType.IMMEDIATE,
        verbose_name=_("release type"),
    )
    embargo_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Hong Kong time (HKT). Nothing is public, on any surface, before this moment."),
        verbose_name=_("embargo until"),
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    release_date = models.DateField(default=timezone.localdate, verbose_name=_("release date"))
    dateline_en = models.CharField(
        _("dateline place (English)"), max_length=100, default="Hong Kong"
    )
    dateline_zh_hant = models.CharField(
        _("dateline place (Chinese)"), max_length=100, default="香港"
    )
    agencies = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="assigned_releases",
        limit_choices_to={"kind": Organisation.Kind.AGENCY},
        help_text=_("PR agencies that may see and draft this release."),
        verbose_name=_("agencies"),
    )
    enquiry_contacts: "models.ManyToManyField[PRContact, EnquiryContact]" = models.ManyToManyField(
        PRContact,
        through="EnquiryContact",
        blank=True,
        related_name="releases",
        verbose_name=_("enquiry contacts"),
    )
    topics = models.ManyToManyField(
        Beat,
        blank=True,
        related_name="releases",
        help_text=_(
            "Topics the newsroom files this release under: the same beats journalists cover."
        ),
        verbose_name=_("topics"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # The workflow (releases/workflow.py): who sent it for review, who approved exactly which
    # content. An edit after approval changes content_hash() and returns the release to review.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True, verbose_name=_("submitted at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("approved at"))
    approved_hash = models.CharField(max_length=64, blank=True, verbose_name=_("approved hash"))
    # Everyone who changed its content since it left draft: none of them may approve it (the
    # two-person rule: whoever wrote the text, in part, cannot approve it). Cleared on the way
    # back to draft.
    revised_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("revised since submission by"),
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-release_date", "-created_at"]
        permissions = [
            ("submit_release", "Can submit a release for review"),
            ("approve_release", "Can approve a release"),
            ("withdraw_release", "Can withdraw a release"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "slug"], name="release_unique_slug"),
            models.CheckConstraint(
                condition=~models.Q(release_type="embargoed")
                | models.Q(embargo_until__isnull=False),
                name="release_embargoed_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "embargo_until"]),
            # The newsroom lists public releases newest first, 20 to a page.
            models.Index(fields=["-release_date", "-id"], name="release_newest_first"),
        ]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.headline() or self.slug

    def translation(self, language: str) -> "ReleaseTranslation | None":
        """The translation in `language`, else the first one the release has. Uses the
        prefetched translations when present."""
        translations = list(self.translations.all())
        for item in translations:
            if item.language == language:
                return item
        return translations[0] if translations else None

    def headline(self, language: str = "en") -> str:
        translation = self.translation(language)
        return translation.headline if translation else ""

    def languages(self) -> list[str]:
        return [t.language for t in self.translations.all()]

    def content_hash(self) -> str:
        """A fingerprint of everything a journalist receives: every translation, the assets and
        the media-enquiry contacts, and the embargo. What was approved is what is sent."""
        digest = hashlib.sha256()
        parts: list[object] = [
            self.release_type,
            self.embargo_until and self.embargo_until.isoformat(),
        ]
        for t in self.translations.select_related("boilerplate_version").order_by("language"):
            pinned = t.pinned_boilerplate()
            parts += [t.language, t.headline, t.subheadline, t.body, t.boilerplate_override]
            # Switching the pinned boilerplate version changes what journalists read.
            parts.append(pinned.pk if pinned else None)
        for a in self.assets.order_by("order", "pk"):
            parts += [a.kind, a.caption_en, a.caption_zh_hant, a.file.name, a.external_url, a.order]
        # The media-enquiry contacts as journalists read them, not just which ones: a phone
        # number changed after approval is a change to what is sent.
        parts += [
            list(row)
            for row in self.enquiry_links.order_by("order", "pk").values_list(
                "pr_contact_id",
                "pr_contact__name_en",
                "pr_contact__name_zh_hant",
                "pr_contact__title_en",
                "pr_contact__title_zh_hant",
                "pr_contact__phone",
                "pr_contact__email",
            )
        ]
        digest.update(json.dumps(parts, ensure_ascii=False, default=str).encode())
        return digest.hexdigest()

    def is_embargoed(self, at: datetime) -> bool:
        return self.embargo_until is not None and at < self.embargo_until

    def is_public(self, at: datetime) -> bool:
        """The one rule for every public surface (page, feed, sitemap, asset, search): the
        release has been scheduled or published, and its embargo, if any, has passed."""
        return self.status in self.PUBLIC_STATUSES and not self.is_embargoed(at)

    def shows_withdrawal_notice(self, at: datetime) -> bool:
        """A withdrawn release leaves a short notice at its address, but only once its embargo
        has passed: before that, the address answers exactly as an unknown one does."""
        return self.status == self.Status.WITHDRAWN and not self.is_embargoed(at)

    def public_since(self) -> datetime:
        """The moment the public could first read it: the embargo, else the recorded publication
        time, else the start of the release date in the issuer's zone."""
        if self.embargo_until is not None:
            return self.embargo_until
        if self.published_at is not None:
            return self.published_at
        zone = zoneinfo.ZoneInfo(self.issuer.time_zone)
        return datetime.combine(self.release_date, datetime.min.time(), tzinfo=zone)

    def embargo_display(self) -> str:
        if self.embargo_until is None:
            return ""
        return self._in_issuer_zone(self.embargo_until)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.release_type == self.ReleaseType.EMBARGOED:
            if self.embargo_until is None:
                errors["embargo_until"] = gettext(
                    "An embargoed release needs the time its embargo lifts."
                )
            elif self._embargo_is_newly_in_the_past():
                errors["embargo_until"] = gettext(
                    "The embargo time %(moment)s has already passed. Choose a time in the "
                    "future, or make it a release for immediate release."
                ) % {"moment": self._in_issuer_zone(self.embargo_until)}
        elif self.embargo_until is not None:
            errors["embargo_until"] = gettext(
                "A release for immediate release has no embargo time: clear it, or choose "
                "“Embargoed”."
            )
        if errors:
            raise ValidationError(errors)

    def _in_issuer_zone(self, moment: datetime) -> str:
        has_issuer = self.issuer_id is not None or Release.issuer.is_cached(self)
        return format_in_zone(moment, self.issuer.time_zone if has_issuer else None)

    def _embargo_is_newly_in_the_past(self) -> bool:
        assert self.embargo_until is not None
        if self.embargo_until > timezone.now():
            return False
        if self._state.adding or self.pk is None:
            return True
        saved = Release.objects.filter(pk=self.pk).values_list("embargo_until", flat=True).first()
        return saved != self.embargo_until

    def leave_draft_problem(self, translation_count: int | None = None) -> str | None:
        """Why this release cannot be in a status past draft, or None if it can."""
        if self.status == self.Status.DRAFT:
            return None
        if translation_count is None:
            translation_count = self.translations.count() if self.pk else 0
        if translation_count == 0:
            return gettext(
                "A release needs a headline and body in at least one language before it can "
                "leave draft."
            )
        return None


class ReleaseTranslation(models.Model):
    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="translations", verbose_name=_("release")
    )
    language = models.CharField(
        max_length=10, choices=ContentLanguage.choices, verbose_name=_("language")
    )
    headline = models.CharField(max_length=300, verbose_name=_("headline"))
    subheadline = models.CharField(_("sub-headline"), max_length=500, blank=True)
    body = rich_text_field(_("body"))
    boilerplate_override = rich_text_field(
        _("boilerplate (this release only)"),
        blank=True,
        help_text=_("Leave empty to use the issuer's boilerplate."),
    )
    # The boilerplate wording this translation was written with; set when the release is saved
    # (the issuer's current version) and changed only by the officer, while the release has not
    # gone out. Empty only for rows made outside the admin: they show the current version.
    boilerplate_version = models.ForeignKey(
        "pressroom.BoilerplateVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("boilerplate version"),
        help_text=_("Leave empty for the issuer's current boilerplate."),
    )

    class Meta:
        ordering = ["release", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "language"], name="translation_one_per_language"
            )
        ]
        verbose_name = _("release translation")
        verbose_name_plural = _("release translations")

    def __str__(self) -> str:
        return f"{self.headline} [{self.language}]"

    def clean(self) -> None:
        offered = dict(settings.LANGUAGES)
        if self.language not in offered:
            raise ValidationError(
                {
                    "language": gettext("Choose one of the languages offered: %(languages)s.")
                    % {"languages": ", ".join(offered)}
                }
            )
        problem = pin_problem(self)
        if problem:
            raise ValidationError({"boilerplate_version": problem})

    def pinned_boilerplate(self) -> "BoilerplateVersion | None":
        """The pinned boilerplate version, else the issuer's current one."""
        if self.boilerplate_version_id is not None:
            return self.boilerplate_version
        return boilerplate_current(issuer_id=self.release.issuer_id, language=self.language)

    def boilerplate(self) -> str:
        if self.boilerplate_override:
            return self.boilerplate_override
        pinned = self.pinned_boilerplate()
        return pinned.text if pinned else ""


class AssetQuerySet(models.QuerySet["Asset"]):
    def licensed(self, at: datetime) -> "AssetQuerySet":
        """Assets whose licence has not expired by `at`'s day (in the newsroom's time zone):
        an expired one leaves every public surface and the press kit."""
        today = timezone.localdate(at)
        return self.filter(
            models.Q(licence_expires__isnull=True) | models.Q(licence_expires__gte=today)
        )


class Asset(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document")

    class Licence(models.TextChoices):
        EDITORIAL = "editorial", _("Editorial use only")
        FREE = "free", _("Free to use with credit")
        RESTRICTED = "restricted", _("Ask before use")

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="assets", verbose_name=_("release")
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.PHOTO, verbose_name=_("kind")
    )
    caption_en = models.CharField(_("caption (English)"), max_length=500, blank=True)
    caption_zh_hant = models.CharField(_("caption (Chinese)"), max_length=500, blank=True)
    file = models.FileField(
        upload_to=asset_upload_to,
        blank=True,
        validators=[validate_asset_file],
        verbose_name=_("file"),
    )
    external_url = models.URLField(
        _("external link"),
        max_length=1000,
        blank=True,
        help_text=_("A link to a cloud-drive folder or a video site, instead of an uploaded file."),
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))
    alt_en = models.CharField(
        _("description for screen readers (English)"), max_length=500, blank=True,
        help_text=_("What the photo shows, for readers who cannot see it. Empty: the caption."),
    )  # fmt: skip
    alt_zh_hant = models.CharField(
        _("description for screen readers (Chinese)"), max_length=500, blank=True
    )
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_("e.g. Photo: Harbourfront Park")
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.EDITORIAL
    )
    licence_expires = models.DateField(
        _("licence expires"), null=True, blank=True,
        help_text=_("After this day the asset leaves the newsroom and the press kit."),
    )  # fmt: skip
    reused_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reuses",
        verbose_name=_("from the media library"),
        help_text=_(
            "A photo, video or file of a public release (a logo, a headshot): leave the file "
            "and link empty and this row takes it, with its credit, licence and any caption "
            "or description you leave empty."
        ),
    )

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["release", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(external_url=""))
                | (~models.Q(file="") & models.Q(external_url="")),
                name="asset_file_xor_url",
                violation_error_message=(
                    "Upload a file or give an external link, not both or neither."
                ),
            )
        ]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self) -> str:
        return self.caption_en or self.caption_zh_hant or f"{self.get_kind_display()} {self.pk}"

    def clean(self) -> None:
        """A row that names a library asset (releases/library_admin.py) and has no file or link
        of its own takes that asset's file or link (the same stored file), kind and rights, and
        the captions and descriptions it has none of. Only media of a public release may be
        reused: a photo of a release under embargo would otherwise reach the newsroom with
        another release before its own."""
        source = self.reused_from
        if source is None or self.file or self.external_url:
            return
        if source.release_id != self.release_id and not source.release.is_public(timezone.now()):
            raise ValidationError(
                {
                    "reused_from": gettext(
                        "“%(asset)s” belongs to a release that is not public yet. Reuse it once "
                        "that release is public, or upload the file again."
                    )
                    % {"asset": source}
                }
            )
        self.kind = source.kind
        self.file = source.file.name
        self.external_url = source.external_url
        for name in ("credit", "licence", "licence_expires"):
            setattr(self, name, getattr(source, name))
        for name in ("caption_en", "caption_zh_hant", "alt_en", "alt_zh_hant"):
            if not getattr(self, name):
                setattr(self, name, getattr(source, name))

    def caption(self, language: str) -> str:
        if language.startswith("zh"):
            return self.caption_zh_hant or self.caption_en
        return self.caption_en or self.caption_zh_hant

    def alt(self, language: str) -> str:
        """The text alternative: the description in that language, else the caption."""
        described = self.alt_zh_hant if language.startswith("zh") else self.alt_en
        return described or self.caption(language)

    @property
    def filename(self) -> str:
        """The uploaded file's own name, without its random folder; "" for an external link."""
        return PurePath(self.file.name).name if self.file else ""

    @property
    def extension(self) -> str:
        return PurePath(self.filename).suffix.lower().lstrip(".")

    def has_image(self) -> bool:
        """An uploaded photo the newsroom can make renditions of, or an uploaded video it can
        take a poster frame from."""
        if self.kind == self.Kind.PHOTO:
            return self.extension in THUMBNAIL_SOURCE_FORMATS
        return self.kind == self.Kind.VIDEO and self.extension in VIDEO_SOURCE_FORMATS

    def plays_here(self) -> bool:
        """An uploaded video the newsroom's own player plays (with its poster frame)."""
        return self.kind == self.Kind.VIDEO and self.extension in VIDEO_SOURCE_FORMATS


class EnquiryContact(models.Model):
    """A PR contact named, in order, in the release's "Media enquiries" block."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="enquiry_links", verbose_name=_("release")
    )
    pr_contact = models.ForeignKey(
        PRContact, on_delete=models.PROTECT, related_name="+", verbose_name=_("pr contact")
    )
    order = models.PositiveIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        ordering = ["release", "order", "pk"]
        verbose_name = _("media enquiry contact")
        verbose_name_plural = _("media enquiry contacts")
        constraints = [
            models.UniqueConstraint(fields=["release", "pr_contact"], name="enquiry_contact_once")
        ]

    def __str__(self) -> str:
        return str(self.pr_contact)


class ReleaseComment(models.Model):
    """A reviewer's remark on a release; the author sees it on the release page."""

    release = models.ForeignKey(
        Release, on_delete=models.CASCADE, related_name="comments", verbose_name=_("release")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(verbose_name=_("text"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("release comment")
        verbose_name_plural = _("release comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:60]}"


class CheckedFinding(models.Model):
    """A finding of the bilingual check that an officer looked at and found right (a figure
    rounded in one language, a date written another way), with why. The check does not raise it
    again while the sentences it is about stay as they were (`key`, `releases.bilingual`)."""

    release = models.ForeignKey(
        Release,
        on_delete=models.CASCADE,
        related_name="checked_findings",
        verbose_name=_("release"),
    )
    key = models.CharField(max_length=64, verbose_name=_("finding"))
    summary = models.TextField(verbose_name=_("what the check found"))
    reason = models.TextField(verbose_name=_("reason"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(default=timezone.now, verbose_name=_("checked at"))

    class Meta:
        ordering = ["checked_at", "pk"]
        verbose_name = _("checked finding")
        verbose_name_plural = _("checked findings")
        constraints = [
            models.UniqueConstraint(fields=["release", "key"], name="finding_checked_once")
        ]

    def __str__(self) -> str:
        return self.summary[:80]


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

"""The media database (outlets, media contacts, beats), the organisations that send releases and
the lists they keep, the PR contacts who answer media enquiries, and the suppression list."""

import hashlib
import hmac
import unicodedata
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from contacts.bulk import InArray

# Chinese input methods type an ideographic full stop where an address needs a dot.
_IDEOGRAPHIC_STOPS = str.maketrans({"\u3002": ".", "\uff61": "."})


def normalise_email(value: str) -> str:
    """One spelling per mailbox: Unicode width folded (NFKC turns ＡＢ＠ into AB@), ideographic
    full stops read as dots, surrounding whitespace dropped, lower case. Used for uniqueness,
    suppression and deduplication."""
    return unicodedata.normalize("NFKC", value or "").translate(_IDEOGRAPHIC_STOPS).strip().lower()


class NormalisedEmailField(models.EmailField):
    """An email column that always holds the normalised address, so equality in queries and
    unique constraints are case- and width-insensitive."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_email(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return normalise_email(value) if isinstance(value, str) else value

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        # The saved object shows what the database holds, not what was typed.
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = normalise_email(value)
            setattr(model_instance, self.attname, value)
        return value


NormalisedEmailField.register_lookup(InArray)


def name_in_active_language(name_en: str, name_zh_hant: str) -> str:
    """The name a person reads: the Chinese one when the page is in Chinese and there is one,
    else the English one (or whichever was given)."""
    chinese = (translation.get_language() or "").startswith("zh")
    if chinese and name_zh_hant:
        return name_zh_hant
    return name_en or name_zh_hant


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", "繁體中文 Traditional Chinese"
    EN = "en", "English"
    BOTH = "both", _("Both")


class Organisation(models.Model):
    """Who sends: the issuer's own comms team (in-house) or a PR agency working for it."""

    class Kind(models.TextChoices):
        IN_HOUSE = "in_house", _("In-house")
        AGENCY = "agency", _("PR agency")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, verbose_name=_("kind"))
    website = models.URLField(blank=True, verbose_name=_("website"))
    # An agency's own sender identity, used for the releases it drafts where the issuer allows
    # (Issuer.agency_sends_in_own_name).
    sender_name_en = models.CharField(_("sender name (English)"), max_length=200, blank=True)
    sender_name_zh_hant = models.CharField(_("sender name (Chinese)"), max_length=200, blank=True)
    sender_email = models.EmailField(
        _("sender address"), blank=True,
        help_text=_(
            "For an agency: the address the releases it drafts come from, where their issuer "
            "allows. On a domain your email service may send from (SPF, DKIM)."
        ),
    )  # fmt: skip
    reply_to_email = models.EmailField(
        _("replies go to"), blank=True,
        help_text=_("The agency's media-enquiry mailbox. Empty: the sender address."),
    )  # fmt: skip

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return name_in_active_language(self.name_en, self.name_zh_hant)

    def sender_name(self) -> str:
        return sender_name_of(self)


def sender_name_of(sender: Any) -> str:
    """An issuer's or an agency's From name: its sender names, else its names; the Chinese and
    the English, as Hong Kong inboxes show them."""
    chinese = sender.sender_name_zh_hant or sender.name_zh_hant
    english = sender.sender_name_en or sender.name_en
    return " ".join(dict.fromkeys(name for name in (chinese, english) if name))


class Membership(models.Model):
    """Which organisation a staff user works for: the issuer's team or an agency. Decides what
    the user may see once roles are enforced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class StaffUser(Protocol):
    """What the scoping rules need of a user: request.user, whatever its class."""

    pk: Any

    @property
    def is_authenticated(self) -> bool: ...


_NO_ORGANISATION = object()


def organisation_of(user: StaffUser) -> Organisation | None:
    """The organisation the user works for, or None. Cached on the user object, so a request
    asks the database once."""
    cached = getattr(user, "_pressroom_organisation", _NO_ORGANISATION)
    if cached is not _NO_ORGANISATION:
        return cached  # type: ignore[return-value]
    organisation = None
    if user.is_authenticated and user.pk is not None:
        membership = Membership.objects.filter(user_id=user.pk).select_related("organisation")
        found = membership.first()
        organisation = found.organisation if found else None
    user._pressroom_organisation = organisation  # type: ignore[attr-defined]
    return organisation


def agency_of(user: StaffUser) -> Organisation | None:
    """The PR agency a user works for, or None for superusers, in-house officers and (until roles
    come) staff without a membership: those see and edit every organisation's records."""
    if getattr(user, "is_superuser", False):
        return None
    organisation = organisation_of(user)
    if organisation is not None and organisation.kind == Organisation.Kind.AGENCY:
        return organisation
    return None


class PRContact(models.Model):
    """A PR officer named in a release's "Media enquiries" block."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pr_contacts",
        verbose_name=_("organisation"),
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    title_zh_hant = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True, verbose_name=_("phone"))
    email = NormalisedEmailField(verbose_name=_("email"))

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("PR contact")
        verbose_name_plural = _("PR contacts")

    def __str__(self) -> str:
        name = name_in_active_language(self.name_en, self.name_zh_hant)
        return f"{name} ({self.organisation})"


class Beat(models.Model):
    """A subject a journalist covers: technology, startups, finance, AI…"""

    slug = models.SlugField(unique=True, verbose_name=_("slug"))
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("beat")
        verbose_name_plural = _("beats")

    def __str__(self) -> str:
        return name_in_active_language(self.name_en, self.name_zh_hant)


class Outlet(models.Model):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", _("Newspaper")
        TV = "tv", _("TV")
        RADIO = "radio", _("Radio")
        ONLINE = "online", _("Online")
        WIRE = "wire", _("Wire")
        MAGAZINE = "magazine", _("Magazine")
        TRADE = "trade", _("Trade")
        BLOG = "blog", _("Blog")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=Kind.choices,
        blank=True,
        help_text=_("Empty while not known yet, e.g. for an outlet a contacts import added."),
    )
    language = models.CharField(
        _("publishes in"), max_length=10, choices=Language.choices, default=Language.BOTH
    )
    region = models.CharField(
        max_length=100, blank=True, default="Hong Kong", verbose_name=_("region")
    )
    website = models.URLField(blank=True, verbose_name=_("website"))

    class Meta:
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="outlet_unique_name_en")]
        permissions = [("export_outlet", "Can export outlets")]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def __str__(self) -> str:
        if self.name_zh_hant:
            return f"{self.name_en} {self.name_zh_hant}"
        return self.name_en


class MediaContactQuerySet(models.QuerySet["MediaContact"]):
    def editable_by(self, user: StaffUser) -> "MediaContactQuerySet":
        """The contacts `user` may change: all of them, except for an agency officer, who may
        change only those their agency maintains."""
        agency = agency_of(user)
        return self if agency is None else self.filter(maintained_by=agency)


class MediaContact(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        DO_NOT_CONTACT = "do_not_contact", _("Do not contact")

    class ConsentBasis(models.TextChoices):
        LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (working journalist)")
        CONSENT = "consent", _("Consent (asked to receive releases)")
        CONTRACT = "contract", _("Contract / subscription")

    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hant = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    email = NormalisedEmailField(
        unique=True,
        help_text=_("Stored normalised: lower case, no surrounding spaces, full-width folded."),
        verbose_name=_("email"),
    )
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("outlet"),
    )
    job_title = models.CharField(max_length=200, blank=True, verbose_name=_("job title"))
    beats = models.ManyToManyField(
        Beat, blank=True, related_name="contacts", verbose_name=_("beats")
    )
    preferred_language = models.CharField(
        max_length=10,
        choices=Language.choices,
        default=Language.BOTH,
        verbose_name=_("preferred language"),
    )
    phone = models.CharField(max_length=50, blank=True, verbose_name=_("phone"))
    notes = models.TextField(blank=True, verbose_name=_("notes"))
    consent_basis = models.CharField(
        max_length=30,
        choices=ConsentBasis.choices,
        default=ConsentBasis.LEGITIMATE_INTEREST,
        verbose_name=_("consent basis"),
    )
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where this contact came from (an import, a card…)."),
        verbose_name=_("source"),
    )
    basis_recorded_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the legal basis was last recorded or changed."),
        verbose_name=_("basis recorded at"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ACTIVE, verbose_name=_("status")
    )
    maintained_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The organisation that keeps this record up to date. A PR agency may change only the "
            "contacts it maintains; empty means the in-house team."
        ),
        verbose_name=_("maintained by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = MediaContactQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "email"]
        indexes = [models.Index(fields=["status"])]
        permissions = [("export_mediacontact", "Can export media contacts")]
        verbose_name = _("media contact")
        verbose_name_plural = _("media contacts")

    def __str__(self) -> str:
        name = self.name_en or self.name_zh_hant or self.email
        return f"{name} <{self.email}>"

    @property
    def display_name(self) -> str:
        return self.name_en or self.name_zh_hant or self.email

    def validate_unique(self, exclude: Any = None) -> None:
        # Name the contact that already has this address, so the officer can go and edit it
        # instead of creating a second record for the same journalist.
        if self.email and (exclude is None or "email" not in exclude):
            existing = (
                MediaContact.objects.filter(email=self.email)
                .exclude(pk=self.pk)
                .select_related("outlet")
                .first()
            )
            if existing is not None:
                facts = {
                    "email": self.email,
                    "name": existing.display_name,
                    "outlet": existing.outlet.name_en if existing.outlet else "",
                    "id": existing.pk,
                }
                raise ValidationError(
                    {
                        "email": (
                            gettext(
                                "%(email)s already belongs to media contact “%(name)s” at "
                                "%(outlet)s (#%(id)s)."
                            )
                            if existing.outlet
                            else gettext(
                                "%(email)s already belongs to media contact “%(name)s” (#%(id)s)."
                            )
                        )
                        % facts
                    }
                )
            exclude = {*(exclude or ()), "email"}
        super().validate_unique(exclude=exclude)

    @property
    def is_mailable(self) -> bool:
        return self.status == self.Status.ACTIVE


class DistributionListQuerySet(models.QuerySet["DistributionList"]):
    def editable_by(self, user: StaffUser) -> "DistributionListQuerySet":
        """The lists `user` may see, fill and import into: an agency officer only their agency's
        lists; everyone else every list."""
        agency = agency_of(user)
        return self if agency is None else self.filter(owner=agency)


class DistributionList(models.Model):
    """A named list of media contacts owned by one organisation. Static members plus an optional
    saved rule (beats / languages / outlet kinds / regions) that adds matching contacts at send
    time."""

    name = models.CharField(max_length=200, verbose_name=_("name"))
    name_zh_hant = models.CharField(
        _("name (Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the name when the admin is in Chinese."),
    )
    description = models.TextField(blank=True, verbose_name=_("description"))
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="distribution_lists",
        verbose_name=_("owner"),
    )
    required_basis = models.CharField(
        max_length=30,
        blank=True,
        choices=MediaContact.ConsentBasis.choices,
        help_text=_(
            "Only members with this legal basis recorded receive what is sent to the list "
            "(e.g. consent for a list of subscribers). Empty: any."
        ),
        verbose_name=_("requires the legal basis"),
    )
    trusted_for_embargo = models.BooleanField(
        default=False,
        help_text=_("Members may receive embargoed advance copies before the embargo lifts."),
        verbose_name=_("trusted for embargo"),
    )
    members = models.ManyToManyField(
        MediaContact, blank=True, related_name="lists", verbose_name=_("members")
    )
    rule_beats = models.ManyToManyField(
        Beat,
        blank=True,
        related_name="+",
        verbose_name=_("rule: beats"),
        help_text=_("Add every active contact covering any of these beats."),
    )
    rule_languages = models.JSONField(
        _("rule: preferred languages"),
        default=list,
        blank=True,
        help_text=(
            _(
                "Limit the rule to contacts reading one of these languages "
                "(contacts who read both always match)."
            )
        ),
    )
    rule_outlet_kinds = models.JSONField(
        _("rule: outlet kinds"),
        default=list,
        blank=True,
        help_text=_("Limit the rule to contacts at outlets of these kinds."),
    )
    rule_regions = models.JSONField(
        _("rule: regions"),
        default=list,
        blank=True,
        help_text=_("Limit the rule to contacts at outlets in these regions (e.g. Hong Kong)."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = DistributionListQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="list_unique_name_per_owner")
        ]
        permissions = [("export_distributionlist", "Can export distribution lists")]
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")

    def __str__(self) -> str:
        return name_in_active_language(self.name, self.name_zh_hant)

    def clean(self) -> None:
        bad_languages = set(self.rule_languages or []) - set(Language.values)
        if bad_languages:
            raise ValidationError(
                {
                    "rule_languages": gettext("Unknown language(s): %(values)s.")
                    % {"values": ", ".join(sorted(bad_languages))}
                }
            )
        bad_kinds = set(self.rule_outlet_kinds or []) - set(Outlet.Kind.values)
        if bad_kinds:
            raise ValidationError(
                {
                    "rule_outlet_kinds": gettext("Unknown outlet kind(s): %(values)s.")
                    % {"values": ", ".join(sorted(bad_kinds))}
                }
            )
        if not all(isinstance(region, str) and region.strip() for region in self.rule_regions):
            raise ValidationError({"rule_regions": gettext("A region is a name, e.g. Hong Kong.")})

    def has_rule(self) -> bool:
        if self.rule_languages or self.rule_outlet_kinds or self.rule_regions:
            return True
        return bool(self.pk) and self.rule_beats.exists()

    def rule_filter(self) -> Q | None:
        """The saved rule as a filter on MediaContact, or None when the list has no rule.
        Criteria combine with AND; values within one criterion with OR."""
        beat_ids = list(self.rule_beats.values_list("pk", flat=True)) if self.pk else []
        return self.rule_filter_for(beat_ids=beat_ids)

    def rule_filter_for(self, *, beat_ids: list[int]) -> Q | None:
        """The rule as a filter, with the beats given rather than the saved ones: for a preview
        of a rule being edited."""
        if not (beat_ids or self.rule_languages or self.rule_outlet_kinds or self.rule_regions):
            return None
        rule = Q()
        if beat_ids:
            rule &= Q(pk__in=MediaContact.objects.filter(beats__in=beat_ids).values("pk"))
        if self.rule_languages:
            # A journalist who reads both languages is a reader of either.
            rule &= Q(preferred_language__in=[*self.rule_languages, Language.BOTH])
        if self.rule_outlet_kinds:
            rule &= Q(outlet__kind__in=self.rule_outlet_kinds)
        if self.rule_regions:
            # Regions are typed on outlets by hand: "Hong Kong" and "hong kong" are one region.
            in_region = Q()
            for region in self.rule_regions:
                in_region |= Q(outlet__region__iexact=region.strip())
            rule &= in_region
        return rule

    def contacts(self) -> "QuerySet[MediaContact]":
        """Everyone on the list: static members and rule matches, each once, any status."""
        match = Q(pk__in=self.members.values("pk")) if self.pk else Q(pk__in=[])
        rule = self.rule_filter()
        if rule is not None:
            match |= rule
        return MediaContact.objects.filter(match)

    def rule_matches(
        self,
        contact: "MediaContact",
        *,
        contact_beat_ids: set[int],
        rule_beat_ids: set[int],
    ) -> bool:
        """Whether the saved rule takes in `contact`, decided in Python from what is already
        loaded (for a page listing every list one contact is on). Must agree with
        rule_filter(); a test holds them together."""
        if not (
            rule_beat_ids or self.rule_languages or self.rule_outlet_kinds or self.rule_regions
        ):
            return False
        if rule_beat_ids and not rule_beat_ids & contact_beat_ids:
            return False
        if self.rule_languages and contact.preferred_language not in {
            *self.rule_languages,
            Language.BOTH,
        }:
            return False
        outlet = contact.outlet
        if self.rule_outlet_kinds and (outlet is None or outlet.kind not in self.rule_outlet_kinds):
            return False
        if self.rule_regions:
            regions = {region.strip().casefold() for region in self.rule_regions}
            if outlet is None or outlet.region.casefold() not in regions:
                return False
        return True


def address_digest(email: str) -> str:
    """An address as a keyed hash: enough to recognise it again, never to read it back. Keyed
    with ERASURE_KEY (default: SECRET_KEY; keep it when rotating that)."""
    key = (settings.ERASURE_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()


class ErasedAddress(models.Model):
    """An address whose person asked to be erased, kept only as `address_digest`: an import
    that brings it back holds the row for a person to decide (add the contact by hand)."""

    digest = models.CharField(max_length=64, unique=True, verbose_name=_("digest"))
    erased_at = models.DateTimeField(default=timezone.now, verbose_name=_("erased at"))

    class Meta:
        verbose_name = _("erased address")
        verbose_name_plural = _("erased addresses")

    def __str__(self) -> str:
        return self.digest[:12]


class Suppression(models.Model):
    """An address no send may reach. One table, respected by every send."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", _("Hard bounce")
        COMPLAINT = "complaint", _("Spam complaint")
        UNSUBSCRIBE = "unsubscribe", _("Unsubscribed")
        MANUAL = "manual", _("Added by hand")

    email = NormalisedEmailField(unique=True, verbose_name=_("email"))
    reason = models.CharField(max_length=20, choices=Reason.choices, verbose_name=_("reason"))
    source = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("What added it: a webhook, an import, a person."),
        verbose_name=_("source"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        ordering = ["-created_at"]
        permissions = [("export_suppression", "Can export the suppression list")]
        verbose_name = _("suppression")
        verbose_name_plural = _("suppressions")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"

    @classmethod
    def is_suppressed(cls, email: str) -> bool:
        return cls.objects.filter(email=normalise_email(email)).exists()

    @classmethod
    def suppressed_among(cls, emails: list[str]) -> dict[str, str]:
        """{normalised email: reason} for the suppressed addresses among `emails`, in one query
        per thousand addresses (one array parameter per query on PostgreSQL)."""
        normalised = sorted({normalise_email(e) for e in emails})
        found: dict[str, str] = {}
        for start in range(0, len(normalised), 1000):
            chunk = normalised[start : start + 1000]
            found.update(
                cls.objects.filter(email__in_array=set(chunk)).values_list("email", "reason")
            )
        return found

    def can_lift(self) -> bool:
        """Whether a PR officer may take the address off the list. One added by hand may be,
        and a hard bounce (the mailbox works again, or the address was corrected). A complaint
        stays (the recipient told their mail provider we are spam), and so does an unsubscribe:
        only the journalist can undo their own choice."""
        return self.reason in {self.Reason.MANUAL, self.Reason.HARD_BOUNCE}


class ImportJob(models.Model):
    """One uploaded spreadsheet on its way in: checked first (a dry run that writes nothing), then
    imported when a person confirms. The row is the job: the admin page polls it and, for a large
    file, a Celery task runs it. The file itself is kept in the row until it has been imported,
    so a worker on another machine can read it without shared storage."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", _("Media contacts")
        OUTLETS = "outlets", _("Outlets")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking (dry run)")
        CHECKED = "checked", _("Checked: waiting for confirmation")
        IMPORT_QUEUED = "import_queued", _("Waiting to import")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", pgettext_lazy("import finished", "Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.CONTACTS, verbose_name=_("kind")
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CHECKING, verbose_name=_("status")
    )
    file_name = models.CharField(max_length=255, verbose_name=_("file name"))
    file_size = models.PositiveBigIntegerField(default=0, verbose_name=_("file size"))
    data = models.BinaryField(default=b"", editable=False, verbose_name=_("data"))
    encoding = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("Empty: recognised from the file itself."),
        verbose_name=_("encoding"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    distribution_list = models.ForeignKey(
        DistributionList,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Every imported contact is added to this list."),
        verbose_name=_("distribution list"),
    )
    in_background = models.BooleanField(default=False, verbose_name=_("in background"))
    phase = models.CharField(max_length=100, blank=True, verbose_name=_("phase"))
    rows_total = models.PositiveIntegerField(default=0, verbose_name=_("rows total"))
    rows_done = models.PositiveIntegerField(default=0, verbose_name=_("rows done"))
    report = models.JSONField(default=dict, blank=True, verbose_name=_("report"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    heartbeat_at = models.DateTimeField(null=True, blank=True, verbose_name=_("heartbeat at"))
    checked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("checked at"))
    imported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("imported at"))

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_by", "created_at"])]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in {
            self.Status.CHECKING,
            self.Status.IMPORT_QUEUED,
            self.Status.IMPORTING,
        }

    def can_confirm(self) -> bool:
        return self.status == self.Status.CHECKED

    def waits_for_worker(self, now: datetime) -> bool:
        """Handed to the workers (a large file) and not taken by one within
        JOB_PICKUP_WAIT_SECONDS: a worker stamps heartbeat_at when it takes the job."""
        if not self.in_background or self.heartbeat_at is not None:
            return False
        if self.status == self.Status.CHECKING:
            since = self.created_at
        elif self.status == self.Status.IMPORT_QUEUED:
            since = self.checked_at or self.created_at  # confirmed after the check ended
        else:
            return False
        return since <= now - timedelta(seconds=settings.JOB_PICKUP_WAIT_SECONDS)

    def progress_percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))

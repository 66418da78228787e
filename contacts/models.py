"""The media database (outlets, media contacts, beats), the organisations that send releases and
the lists they keep, the PR contacts who answer media enquiries, and the suppression list."""

import unicodedata
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

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


class Language(models.TextChoices):
    ZH_HANT = "zh-hant", "繁體中文 Traditional Chinese"
    EN = "en", "English"
    BOTH = "both", "Both"


class Organisation(models.Model):
    """Who sends: the issuer's own comms team (in-house) or a PR agency working for it."""

    class Kind(models.TextChoices):
        IN_HOUSE = "in_house", "In-house"
        AGENCY = "agency", "PR agency"

    name_en = models.CharField("name (English)", max_length=200)
    name_zh_hant = models.CharField("name (Chinese)", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Membership(models.Model):
    """Which organisation a staff user works for: the issuer's team or an agency. Decides what
    the user may see once roles are enforced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class PRContact(models.Model):
    """A PR officer named in a release's "Media enquiries" block."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pr_contacts"
    )
    name_en = models.CharField("name (English)", max_length=200)
    name_zh_hant = models.CharField("name (Chinese)", max_length=200, blank=True)
    title_en = models.CharField("title (English)", max_length=200, blank=True)
    title_zh_hant = models.CharField("title (Chinese)", max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = NormalisedEmailField()

    class Meta:
        ordering = ["name_en"]
        verbose_name = "PR contact"

    def __str__(self) -> str:
        return f"{self.name_en} ({self.organisation})"


class Beat(models.Model):
    """A subject a journalist covers: technology, startups, finance, AI…"""

    slug = models.SlugField(unique=True)
    name_en = models.CharField("name (English)", max_length=100)
    name_zh_hant = models.CharField("name (Chinese)", max_length=100, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en


class Outlet(models.Model):
    class Kind(models.TextChoices):
        NEWSPAPER = "newspaper", "Newspaper"
        TV = "tv", "TV"
        RADIO = "radio", "Radio"
        ONLINE = "online", "Online"
        WIRE = "wire", "Wire"
        MAGAZINE = "magazine", "Magazine"
        TRADE = "trade", "Trade"
        BLOG = "blog", "Blog"

    name_en = models.CharField("name (English)", max_length=200)
    name_zh_hant = models.CharField("name (Chinese)", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(
        "publishes in", max_length=10, choices=Language.choices, default=Language.BOTH
    )
    region = models.CharField(max_length=100, blank=True, default="Hong Kong")
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["name_en"], name="outlet_unique_name_en")]

    def __str__(self) -> str:
        if self.name_zh_hant:
            return f"{self.name_en} {self.name_zh_hant}"
        return self.name_en


class MediaContact(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
        BOUNCED = "bounced", "Bounced"
        DO_NOT_CONTACT = "do_not_contact", "Do not contact"

    class ConsentBasis(models.TextChoices):
        LEGITIMATE_INTEREST = "legitimate_interest", "Legitimate interest (working journalist)"
        CONSENT = "consent", "Consent (asked to receive releases)"
        CONTRACT = "contract", "Contract / subscription"

    name_en = models.CharField("name (English)", max_length=200, blank=True)
    name_zh_hant = models.CharField("name (Chinese)", max_length=200, blank=True)
    email = NormalisedEmailField(
        unique=True,
        help_text="Stored normalised: lower case, no surrounding spaces, full-width folded.",
    )
    outlet = models.ForeignKey(
        Outlet, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    job_title = models.CharField(max_length=200, blank=True)
    beats = models.ManyToManyField(Beat, blank=True, related_name="contacts")
    preferred_language = models.CharField(
        max_length=10, choices=Language.choices, default=Language.BOTH
    )
    phone = models.CharField(max_length=50, blank=True)
    notes = models.TextField(blank=True)
    consent_basis = models.CharField(
        max_length=30, choices=ConsentBasis.choices, default=ConsentBasis.LEGITIMATE_INTEREST
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Where this contact came from (an import, a card…)."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_en", "email"]
        indexes = [models.Index(fields=["status"])]

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
                where = f" at {existing.outlet.name_en}" if existing.outlet else ""
                raise ValidationError(
                    {
                        "email": (
                            f"{self.email} already belongs to media contact "
                            f"“{existing.display_name}”{where} (#{existing.pk})."
                        )
                    }
                )
            exclude = {*(exclude or ()), "email"}
        super().validate_unique(exclude=exclude)

    @property
    def is_mailable(self) -> bool:
        return self.status == self.Status.ACTIVE


class DistributionList(models.Model):
    """A named list of media contacts owned by one organisation. Static members plus an optional
    saved rule (beats / languages / outlet kinds) that adds matching contacts at send time."""

    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="distribution_lists"
    )
    trusted_for_embargo = models.BooleanField(
        default=False,
        help_text="Members may receive embargoed advance copies before the embargo lifts.",
    )
    members = models.ManyToManyField(MediaContact, blank=True, related_name="lists")
    rule_beats = models.ManyToManyField(
        Beat,
        blank=True,
        related_name="+",
        verbose_name="rule: beats",
        help_text="Add every active contact covering any of these beats.",
    )
    rule_languages = models.JSONField(
        "rule: preferred languages",
        default=list,
        blank=True,
        help_text=(
            "Limit the rule to contacts reading one of these languages "
            "(contacts who read both always match)."
        ),
    )
    rule_outlet_kinds = models.JSONField(
        "rule: outlet kinds",
        default=list,
        blank=True,
        help_text="Limit the rule to contacts at outlets of these kinds.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="list_unique_name_per_owner")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bad_languages = set(self.rule_languages or []) - set(Language.values)
        if bad_languages:
            raise ValidationError(
                {"rule_languages": f"Unknown language(s): {', '.join(sorted(bad_languages))}."}
            )
        bad_kinds = set(self.rule_outlet_kinds or []) - set(Outlet.Kind.values)
        if bad_kinds:
            raise ValidationError(
                {"rule_outlet_kinds": f"Unknown outlet kind(s): {', '.join(sorted(bad_kinds))}."}
            )

    def rule_filter(self) -> Q | None:
        """The saved rule as a filter on MediaContact, or None when the list has no rule.
        Criteria combine with AND; values within one criterion with OR."""
        beat_ids = list(self.rule_beats.values_list("pk", flat=True)) if self.pk else []
        if not (beat_ids or self.rule_languages or self.rule_outlet_kinds):
            return None
        rule = Q()
        if beat_ids:
            rule &= Q(pk__in=MediaContact.objects.filter(beats__in=beat_ids).values("pk"))
        if self.rule_languages:
            # A journalist who reads both languages is a reader of either.
            rule &= Q(preferred_language__in=[*self.rule_languages, Language.BOTH])
        if self.rule_outlet_kinds:
            rule &= Q(outlet__kind__in=self.rule_outlet_kinds)
        return rule

    def contacts(self) -> "QuerySet[MediaContact]":
        """Everyone on the list: static members and rule matches, each once, any status."""
        match = Q(pk__in=self.members.values("pk")) if self.pk else Q(pk__in=[])
        rule = self.rule_filter()
        if rule is not None:
            match |= rule
        return MediaContact.objects.filter(match)


class Suppression(models.Model):
    """An address no send may reach. One table, respected by every send."""

    class Reason(models.TextChoices):
        HARD_BOUNCE = "hard_bounce", "Hard bounce"
        COMPLAINT = "complaint", "Spam complaint"
        UNSUBSCRIBE = "unsubscribe", "Unsubscribed"
        MANUAL = "manual", "Added by hand"

    email = NormalisedEmailField(unique=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    source = models.CharField(
        max_length=200, blank=True, help_text="What added it: a webhook, an import, a person."
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"

    @classmethod
    def is_suppressed(cls, email: str) -> bool:
        return cls.objects.filter(email=normalise_email(email)).exists()

    @classmethod
    def suppressed_among(cls, emails: list[str]) -> dict[str, str]:
        """{normalised email: reason} for the suppressed addresses among `emails`, in one query
        per thousand addresses."""
        normalised = sorted({normalise_email(e) for e in emails})
        found: dict[str, str] = {}
        for start in range(0, len(normalised), 1000):
            chunk = normalised[start : start + 1000]
            found.update(cls.objects.filter(email__in=chunk).values_list("email", "reason"))
        return found

    def can_lift(self) -> bool:
        """Whether a PR officer may take the address off the list. One added by hand may be,
        and a hard bounce (the mailbox works again, or the address was corrected). A complaint
        stays (the recipient told their mail provider we are spam), and so does an unsubscribe:
        only the journalist can undo their own choice."""
        return self.reason in {self.Reason.MANUAL, self.Reason.HARD_BOUNCE}

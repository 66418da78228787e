"""What a send would do, worked out before anything is saved, for the PR officer's confirmation
page: the moment, who gets it (by list and by language), who is left out and why, what would
refuse it (the same checks `services.send_schedule` makes) and what merely looks odd."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from contacts.models import DistributionList
from distribution.models import Send
from distribution.services import Expansion, send_check
from pressroom.models import Release, format_in_zone

# An advance copy closer than this to the embargo leaves journalists little time to prepare.
ADVANCE_TOO_CLOSE = timedelta(hours=1)
# An embargo held longer than this is hard to keep.
ADVANCE_TOO_EARLY = timedelta(days=14)
# An immediate release this long after the embargo lifts reaches journalists late.
IMMEDIATE_TOO_LATE = timedelta(minutes=30)
# Sends of the same release that another send duplicates for whoever is on both.
LIVE_STATUSES = [
    Send.Status.SCHEDULED,
    Send.Status.SENDING,
    Send.Status.PAUSED,
    Send.Status.SENT,
    Send.Status.MISSED,
]
VARIANT_NAMES = {
    "en": "English",
    "zh-hant": "繁體中文 Traditional Chinese",
    "zh-hans": "简体中文 Simplified Chinese",
    "both": "Both, side by side (中英對照)",
}


@dataclass
class SendPlan:
    release: Release
    kind: str
    lists: list[DistributionList]
    moment: datetime
    straight_away: bool  # no moment was typed and the default is "now"
    expansion: Expansion | None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def can_confirm(self) -> bool:
        return not self.errors

    @property
    def zone(self) -> str:
        return self.release.issuer.time_zone

    @property
    def moment_display(self) -> str:
        return format_in_zone(self.moment, self.zone)

    @property
    def embargo_display(self) -> str:
        return self.release.embargo_display()

    @property
    def relation_to_embargo(self) -> str:
        if self.release.embargo_until is None:
            return "the release has no embargo"
        return relation_to(self.moment, self.release.embargo_until)

    @property
    def recipients_total(self) -> int:
        return len(self.expansion.recipients) if self.expansion else 0

    @property
    def contacts_on_lists(self) -> int:
        return sum(self.expansion.by_list.values()) if self.expansion else 0

    @property
    def on_several_lists(self) -> int:
        """Contacts counted on more than one list, beyond their first."""
        if not self.expansion:
            return 0
        unique = (
            len(self.expansion.recipients)
            + len(self.expansion.invalid)
            + self.expansion.excluded_total
        )
        return max(0, self.contacts_on_lists - unique)

    @property
    def by_list(self) -> list[tuple[DistributionList, int]]:
        counts = self.expansion.by_list if self.expansion else {}
        return [(item, counts.get(item.pk, 0)) for item in self.lists]

    @property
    def variants(self) -> list[tuple[str, int]]:
        if not self.expansion:
            return []
        return [
            (VARIANT_NAMES.get(code, code), count)
            for code, count in sorted(self.expansion.variants.items(), key=lambda kv: -kv[1])
        ]

    @property
    def excluded(self) -> list[tuple[str, int]]:
        if not self.expansion:
            return []
        return sorted(self.expansion.excluded.items(), key=lambda kv: (-kv[1], kv[0]))

    @property
    def invalid(self) -> list[str]:
        if not self.expansion:
            return []
        return [email for _pk, email, _variant, _name in self.expansion.invalid]


def duration_words(delta: timedelta) -> str:
    """'2 days 3 h', '1 h 5 min', '45 min', 'less than a minute'."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "less than a minute"


def relation_to(moment: datetime, embargo: datetime) -> str:
    delta = moment - embargo
    if abs(delta) < timedelta(minutes=1):
        return "at the moment the embargo lifts"
    if delta < timedelta(0):
        return f"{duration_words(delta)} before the embargo lifts"
    return f"{duration_words(delta)} after the embargo lifts"


def send_plan(
    *,
    release: Release,
    lists: list[DistributionList],
    kind: str,
    at: datetime | None,
    now: datetime,
) -> SendPlan:
    """What `send_schedule(release=…, lists=…, kind=…, at=…)` would record, without recording
    it. `errors` are what would refuse it; `warnings` are what a careful officer would check."""
    moment, expansion, errors = send_check(release=release, lists=lists, kind=kind, at=at, now=now)
    plan = SendPlan(
        release=release,
        kind=kind,
        lists=lists,
        moment=moment,
        straight_away=at is None and moment == now,
        expansion=expansion,
        errors=errors,
    )
    plan.warnings = _warnings(plan, now=now)
    return plan


def _warnings(plan: SendPlan, *, now: datetime) -> list[str]:
    release, moment = plan.release, plan.moment
    embargo = release.embargo_until
    warnings: list[str] = []
    if plan.kind == Send.Kind.ADVANCE and embargo is not None and moment < embargo:
        ahead = embargo - max(moment, now)
        if ahead < ADVANCE_TOO_CLOSE:
            warnings.append(
                f"The advance copy goes out only {duration_words(ahead)} before the embargo "
                "lifts: journalists have little time to prepare, and an immediate release at "
                "the embargo may serve them as well."
            )
        elif ahead > ADVANCE_TOO_EARLY:
            warnings.append(
                f"The advance copy goes out {duration_words(ahead)} before the embargo lifts: "
                "a long embargo is hard to keep."
            )
    if plan.kind == Send.Kind.IMMEDIATE and embargo is not None:
        late = max(moment, now) - embargo
        if late > IMMEDIATE_TOO_LATE:
            warnings.append(
                f"The email goes out {duration_words(late)} after the embargo lifted "
                f"({release.embargo_display()}): the story is already public on the newsroom."
            )
    if plan.kind == Send.Kind.IMMEDIATE and embargo is None and moment - now > ADVANCE_TOO_EARLY:
        warnings.append(f"The send is {duration_words(moment - now)} away. Is the date right?")
    languages = release.languages()
    if len(languages) == 1:
        only = VARIANT_NAMES.get(languages[0], languages[0])
        warnings.append(
            f"The release is in {only} only: every recipient gets it in {only}, including "
            "those who prefer the other language."
        )
    if plan.expansion is not None:
        for item, count in plan.by_list:
            if count:
                continue
            if item.rule_filter() is not None:
                warnings.append(f"“{item.name}”: its saved rule matches no one today.")
            else:
                warnings.append(f"“{item.name}” has no contacts.")
        if plan.expansion.invalid:
            count = len(plan.expansion.invalid)
            warnings.append(
                f"{count} address{'es are' if count != 1 else ' is'} not valid and will be "
                "recorded as failed: correct the media contact and send again."
            )
    others = (
        Send.objects.filter(release=release, kind=plan.kind, status__in=LIVE_STATUSES)
        .select_related("release__issuer")
        .prefetch_related("lists")
        .order_by("scheduled_at", "pk")
    )
    for other in others:
        when = "no time"
        if other.scheduled_at is not None:
            when = format_in_zone(other.scheduled_at, release.issuer.time_zone)
        names = ", ".join(item.name for item in other.lists.all()) or "no list"
        warnings.append(
            f"This release already has a {other.get_kind_display().lower()} send "
            f"(#{other.pk}, {other.get_status_display().lower()}, {when}) to {names}: "
            "anyone on both gets the email twice."
        )
    return warnings

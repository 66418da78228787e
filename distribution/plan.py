"""What a send would do, worked out before anything is saved, for the PR officer's confirmation
page: the moment, who gets it (by list and by language), who is left out and why, what would
refuse it (the same checks `services.send_schedule` makes) and what merely looks odd."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from contacts.models import DistributionList
from distribution.models import Send
from distribution.recipients import Expansion
from distribution.services import send_check
from releases.models import Release, format_in_zone

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
VARIANT_NAMES: dict[str, Any] = {
    "en": "English",
    "zh-hant": "繁體中文 Traditional Chinese",
    "zh-hans": "简体中文 Simplified Chinese",
    "both": _("Both, side by side (中英對照)"),
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
    send_again_reason: str = ""

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
            (str(VARIANT_NAMES.get(code, code)), count)
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
        parts.append(ngettext("%(counter)s day", "%(counter)s days", days) % {"counter": days})
    if hours:
        parts.append(gettext("%(count)s h") % {"count": hours})
    if minutes and not days:
        parts.append(gettext("%(count)s min") % {"count": minutes})
    return " ".join(parts) or gettext("less than a minute")


def relation_to(moment: datetime, embargo: datetime) -> str:
    delta = moment - embargo
    if abs(delta) < timedelta(minutes=1):
        return gettext("at the moment the embargo lifts")
    if delta < timedelta(0):
        return gettext("%(time)s before the embargo lifts") % {"time": duration_words(delta)}
    return gettext("%(time)s after the embargo lifts") % {"time": duration_words(delta)}


def send_plan(
    *,
    release: Release,
    lists: list[DistributionList],
    kind: str,
    at: datetime | None,
    now: datetime,
    send_again_reason: str = "",
) -> SendPlan:
    """What `send_schedule(release=…, lists=…, kind=…, at=…)` would record, without recording
    it. `errors` are what would refuse it; `warnings` are what a careful officer would check."""
    moment, expansion, errors = send_check(
        release=release,
        lists=lists,
        kind=kind,
        at=at,
        now=now,
        send_again_reason=send_again_reason,
    )
    plan = SendPlan(
        release=release,
        kind=kind,
        lists=lists,
        moment=moment,
        straight_away=at is None and moment == now,
        expansion=expansion,
        errors=errors,
        send_again_reason=send_again_reason,
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
                gettext(
                    "The advance copy goes out only %(time)s before the embargo lifts: "
                    "journalists have little time to prepare, and an immediate release at the "
                    "embargo may serve them as well."
                )
                % {"time": duration_words(ahead)}
            )
        elif ahead > ADVANCE_TOO_EARLY:
            warnings.append(
                gettext(
                    "The advance copy goes out %(time)s before the embargo lifts: a long embargo "
                    "is hard to keep."
                )
                % {"time": duration_words(ahead)}
            )
    if plan.kind == Send.Kind.IMMEDIATE and embargo is not None:
        late = max(moment, now) - embargo
        if late > IMMEDIATE_TOO_LATE:
            warnings.append(
                gettext(
                    "The email goes out %(time)s after the embargo lifted (%(embargo)s): the "
                    "story is already public on the newsroom."
                )
                % {"time": duration_words(late), "embargo": release.embargo_display()}
            )
    if plan.kind == Send.Kind.IMMEDIATE and embargo is None and moment - now > ADVANCE_TOO_EARLY:
        warnings.append(
            gettext("The send is %(time)s away. Is the date right?")
            % {"time": duration_words(moment - now)}
        )
    languages = release.languages()
    if len(languages) == 1:
        only = VARIANT_NAMES.get(languages[0], languages[0])
        warnings.append(
            gettext(
                "The release is in %(language)s only: every recipient gets it in %(language)s, "
                "including those who prefer the other language."
            )
            % {"language": only}
        )
    if plan.expansion is not None:
        for item, count in plan.by_list:
            if count:
                continue
            if item.rule_filter() is not None:
                warnings.append(
                    gettext("“%(list)s”: its saved rule matches no one today.")
                    % {"list": item.name}
                )
            else:
                warnings.append(gettext("“%(list)s” has no contacts.") % {"list": item.name})
        if plan.expansion.invalid:
            count = len(plan.expansion.invalid)
            warnings.append(
                ngettext(
                    "%(counter)s address is not valid and will be recorded as failed: correct the "
                    "media contact and send again.",
                    "%(counter)s addresses are not valid and will be recorded as failed: correct "
                    "the media contact and send again.",
                    count,
                )
                % {"counter": count}
            )
    others = (
        Send.objects.filter(release=release, kind=plan.kind, status__in=LIVE_STATUSES)
        .select_related("release__issuer")
        .prefetch_related("lists")
        .order_by("scheduled_at", "pk")
    )
    for other in others:
        when = gettext("no time")
        if other.scheduled_at is not None:
            when = format_in_zone(other.scheduled_at, release.issuer.time_zone)
        names = ", ".join(str(item) for item in other.lists.all()) or gettext("no list")
        warnings.append(
            gettext(
                "This release already has a %(kind)s send (#%(id)s, %(status)s, %(when)s) to "
                "%(lists)s: anyone on both gets the release once, from whichever send goes "
                "first, unless you choose to send it to them again."
            )
            % {
                "kind": other.get_kind_display().lower(),
                "id": other.pk,
                "status": other.get_status_display().lower(),
                "when": when,
                "lists": names,
            }
        )
    return warnings

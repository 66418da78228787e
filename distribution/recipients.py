"""Who gets a send: the lists expanded into recipients (deduplicated, with who was left out and
why), who already has a release, and the recipients of a follow-up or an embargo update as the
tick starts it. Shared by sends (`services`) and follow-ups (`followups`), which both import it."""

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext, gettext_noop

from contacts.models import DistributionList, MediaContact, Suppression
from distribution.models import Delivery, Send
from distribution.render import variant_for
from releases.models import Release

logger = logging.getLogger(__name__)

Audience = Send.Audience


class SendRefused(Exception):
    """The send cannot be scheduled; the message says why, in the PR officer's words."""


# --- Who gets a send ------------------------------------------------------------------------------


@dataclass
class Expansion:
    """The recipients of a send, deduplicated, and who was left out and why."""

    recipients: list[tuple[int, str, str, str]] = field(default_factory=list)
    # (contact id, email, variant, name)
    invalid: list[tuple[int, str, str, str]] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)
    by_list: dict[int, int] = field(default_factory=dict)  # list pk -> contacts on it
    variants: Counter[str] = field(default_factory=Counter)
    in_reply_to: dict[str, str] = field(default_factory=dict)  # email -> earlier Message-ID

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())


def name_for_variant(variant: str, name_en: str, name_zh: str) -> str:
    """A recipient's name in the language of the version they get, else in the other."""
    return (name_zh or name_en) if variant == "zh-hant" else (name_en or name_zh)


def recipients_expand(*, release: Release, lists: Iterable[DistributionList]) -> Expansion:
    """Static members and rule matches of every list, each address once; suppressed addresses
    and contacts who unsubscribed, bounced or asked not to be contacted are left out and
    counted by reason; an address that is not valid is kept aside to be recorded as failed."""
    languages = list(release.translations.values_list("language", flat=True))
    if not languages:
        raise SendRefused(gettext("The release has no text in any language."))
    expansion = Expansion()
    match = Q(pk__in=[])
    bases = dict(MediaContact.ConsentBasis.choices)
    for item in lists:
        contacts = item.contacts()
        expansion.by_list[item.pk] = contacts.count()
        if item.required_basis:
            # A list that requires a legal basis reaches only the members who have it.
            lacking = contacts.exclude(consent_basis=item.required_basis).count()
            if lacking:
                basis = bases.get(item.required_basis, item.required_basis)
                why = gettext("no %(basis)s recorded, which the list requires")
                expansion.excluded[why % {"basis": str(basis).lower()}] += lacking
            contacts = contacts.filter(consent_basis=item.required_basis)
        match |= Q(pk__in=contacts.values("pk"))
    rows = (
        MediaContact.objects.filter(match)
        .order_by("pk")
        .values_list("pk", "email", "preferred_language", "name_en", "name_zh_hant", "status")
    )
    suppressed = dict(
        Suppression.objects.filter(
            email__in=MediaContact.objects.filter(match).values("email")
        ).values_list("email", "reason")
    )
    reasons = dict(Suppression.Reason.choices)
    statuses = dict(MediaContact.Status.choices)
    seen: set[str] = set()
    for pk, email, preferred, name_en, name_zh, status in rows.iterator(chunk_size=5000):
        if email in seen:
            continue
        seen.add(email)
        if email in suppressed:
            reason = reasons.get(suppressed[email], suppressed[email])
            expansion.excluded[gettext("suppressed: %(reason)s") % {"reason": reason}] += 1
            continue
        if status != MediaContact.Status.ACTIVE:
            label = statuses.get(status, status)
            expansion.excluded[gettext("contact status: %(status)s") % {"status": label}] += 1
            continue
        variant = variant_for(preferred, languages)
        name = name_for_variant(variant, name_en, name_zh)
        try:
            validate_email(email)
        except ValidationError:
            expansion.invalid.append((pk, email, variant, name))
            continue
        expansion.recipients.append((pk, email, variant, name))
        expansion.variants[variant] += 1
    return expansion


NOBODY_LEFT = gettext_noop(
    "No one left to send to: every contact is suppressed, no longer active or already has the "
    "release."
)


# Exactly one email per recipient per release and kind of copy: an immediate release (or a
# follow-up of it) reaches each journalist once, an embargoed advance copy once. An advance copy
# and the immediate release at the embargo are two copies by design (the second says it is
# public now), as the embargo updates between them are.
SAME_COPY: dict[str, list[str]] = {
    Send.Kind.IMMEDIATE: [Send.Kind.IMMEDIATE, Send.Kind.FOLLOW_UP, Send.Kind.SUBSCRIBERS],
    Send.Kind.ADVANCE: [Send.Kind.ADVANCE],
    # A subscriber who had the release as a journalist (advance copy included) is not sent it.
    Send.Kind.SUBSCRIBERS: [
        Send.Kind.IMMEDIATE,
        Send.Kind.FOLLOW_UP,
        Send.Kind.ADVANCE,
        Send.Kind.SUBSCRIBERS,
    ],
}


def already_received_left_out(expansion: Expansion, *, send: Send) -> int:
    """Leave out of `expansion` whoever another send of the release already reached (or is
    reaching) with the same copy, counted as a reason. Returns how many."""
    kinds = SAME_COPY.get(send.kind)
    if not kinds:
        return 0
    deliveries = (
        Delivery.objects.filter(send__release_id=send.release_id, send__kind__in=kinds)
        .exclude(status__in=[Delivery.Status.FAILED, Delivery.Status.BOUNCED])
        .exclude(send_id=send.pk)
    )
    emails: set[str] = set()
    contacts: set[int] = set()
    for contact_id, email in deliveries.values_list("contact_id", "email").iterator(5000):
        emails.add(email)
        if contact_id is not None:
            contacts.add(contact_id)
    if not emails:
        return 0

    def has(row: tuple[int, str, str, str]) -> bool:
        return row[1] in emails or row[0] in contacts

    left = [row for row in expansion.recipients if has(row)]
    for row in left:
        expansion.variants[row[2]] -= 1
    expansion.recipients = [row for row in expansion.recipients if not has(row)]
    expansion.invalid = [row for row in expansion.invalid if not has(row)]
    if left:
        expansion.excluded[gettext("already has the release")] += len(left)
    return len(left)


# --- Scheduling (the PR officer) --------------------------------------------------------------


# --- Who already has the release ----------------------------------------------------------

# A delivery in one of these did not reach its recipient: they do not "have" the release.
NOT_RECEIVED = [Delivery.Status.FAILED, Delivery.Status.BOUNCED]
# Sends of these kinds carry no release: their recipients do not have it.
CARRYING_NO_RELEASE = [Send.Kind.EMBARGO_UPDATE, Send.Kind.MEDIA_INVITATION]
NOT_OPENED = Q(
    status__in=[Delivery.Status.SENT, Delivery.Status.DELIVERED],
    opened_at__isnull=True,
    clicked_at__isnull=True,
    unsubscribed_at__isnull=True,
)

# (contact id, email, variant, name, In-Reply-To): one chosen recipient of a follow-up.
Row = tuple[int | None, str, str, str, str]


@dataclass
class Holders:
    """Who already has something of a release, by normalised email and by contact."""

    emails: set[str] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)

    def add(self, contact_id: int | None, email: str) -> None:
        self.emails.add(email)
        if contact_id is not None:
            self.contacts.add(contact_id)

    def has(self, contact_id: int | None, email: str) -> bool:
        return email in self.emails or (contact_id is not None and contact_id in self.contacts)


def _holders(deliveries: Any) -> Holders:
    holders = Holders()
    for contact_id, email in deliveries.values_list("contact_id", "email").iterator(5000):
        holders.add(contact_id, email)
    return holders


def release_holders(*, release_id: int, exclude_send_id: int | None = None) -> Holders:
    """Everyone a send of the release reached or is about to reach (embargo updates aside:
    they carry no release), and everyone chosen for a follow-up not started yet."""
    deliveries = Delivery.objects.filter(send__release_id=release_id).exclude(
        Q(status__in=NOT_RECEIVED) | Q(send__kind__in=CARRYING_NO_RELEASE)
    )
    if exclude_send_id is not None:
        deliveries = deliveries.exclude(send_id=exclude_send_id)
    holders = _holders(deliveries)
    _add_waiting_follow_ups(holders, release_id=release_id, exclude_send_id=exclude_send_id)
    return holders


def _add_waiting_follow_ups(
    holders: Holders, *, release_id: int, exclude_send_id: int | None
) -> None:
    waiting = Send.objects.filter(
        release_id=release_id, kind=Send.Kind.FOLLOW_UP, status=Send.Status.SCHEDULED
    )
    if exclude_send_id is not None:
        waiting = waiting.exclude(pk=exclude_send_id)
    for chosen in waiting.values_list("chosen_recipients", flat=True):
        for contact_id, email, *_rest in chosen:
            holders.add(contact_id, email)


def followed_up_or_opened(*, release_id: int, exclude_send_id: int | None = None) -> Holders:
    """Those a "did not open" follow-up leaves out: whoever opened or clicked any copy of the
    release as a person, and whoever an earlier follow-up reached or will reach."""
    opened = (
        Delivery.objects.filter(send__release_id=release_id)
        .filter(Q(opened_at__isnull=False) | Q(clicked_at__isnull=False))
        .exclude(send__kind=Send.Kind.MEDIA_INVITATION)
    )
    followed = Delivery.objects.filter(
        send__release_id=release_id, send__kind=Send.Kind.FOLLOW_UP
    ).exclude(status__in=NOT_RECEIVED)
    if exclude_send_id is not None:
        followed = followed.exclude(send_id=exclude_send_id)
    holders = _holders(opened)
    followers = _holders(followed)
    holders.emails |= followers.emails
    holders.contacts |= followers.contacts
    _add_waiting_follow_ups(holders, release_id=release_id, exclude_send_id=exclude_send_id)
    return holders


# --- A follow-up's recipients as the tick starts it ---------------------------------------


def _gone(send: Send, chosen: list[Row]) -> tuple[set[str], set[int]]:
    """The chosen addresses suppressed since and the contacts no longer active. Those chosen
    from the release's deliveries (every audience but corrected addresses and addresses chosen
    elsewhere) are looked up by a subquery on them: thousands of addresses as query parameters
    cost far more."""
    if send.audience in (Audience.FAILED_CORRECTED, Audience.CHOSEN):
        addresses: Any = [row[1] for row in chosen]
        contacts: Any = [row[0] for row in chosen if row[0]]
    else:
        deliveries = Delivery.objects.filter(send__release_id=send.release_id)
        addresses = deliveries.values("email")
        contacts = deliveries.values("contact_id")
    suppressed = Suppression.objects.filter(email__in=addresses).values_list("email", flat=True)
    inactive = (
        MediaContact.objects.filter(pk__in=contacts)
        .exclude(status=MediaContact.Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    return set(suppressed), set(inactive)


def chosen_expansion(*, send: Send, lists: list[DistributionList]) -> Expansion:
    """The recipients of a follow-up or an embargo update as the tick starts it: the people
    chosen when it was scheduled (or, for new lists, the lists as they are now), less whoever
    has since been suppressed, stopped being active, or (follow-ups) came to have the release."""
    suppressed: set[str] = set()
    inactive: set[int] = set()
    if send.audience == Audience.NEW_LISTS:
        # Expanded just now: the suppressed and the inactive are left out already.
        expansion = recipients_expand(release=send.release, lists=lists)
        chosen: list[Row] = [(*row, "") for row in expansion.recipients]
        expansion.recipients, expansion.variants = [], Counter()
    else:
        expansion = Expansion()
        chosen = [tuple(row) for row in send.chosen_recipients]
        suppressed, inactive = _gone(send, chosen)
    leave_out = Holders()
    if send.kind == Send.Kind.FOLLOW_UP:
        if send.audience == Audience.NOT_OPENED:
            leave_out = followed_up_or_opened(release_id=send.release_id, exclude_send_id=send.pk)
        else:
            leave_out = release_holders(release_id=send.release_id, exclude_send_id=send.pk)
    for contact_id, email, variant, name, reply_to in chosen:
        if email in suppressed:
            expansion.excluded["suppressed"] += 1
        elif contact_id in inactive:
            expansion.excluded["contact no longer active"] += 1
        elif leave_out.has(contact_id, email):
            expansion.excluded["already has the release"] += 1
        else:
            expansion.recipients.append((contact_id, email, variant, name))  # type: ignore[arg-type]
            expansion.variants[variant] += 1
            if reply_to:
                expansion.in_reply_to[email] = reply_to
            leave_out.add(contact_id, email)
    return expansion

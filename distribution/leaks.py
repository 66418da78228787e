"""Leak tracing: where did an early story come from? Every asset link names its delivery, so each
visit (AssetClick) is one recipient's link being used. The report flags a recipient when

- their links were used from LEAK_NETWORKS_THRESHOLD networks or more: a link forwarded, or
  posted where others pick it up. A network is a /24 (IPv4) or /48 (IPv6), hashed with the
  secret key when the click is recorded, so one office or one home line counts once and no
  address is stored;
- an asset was fetched before the embargo lifted by someone other than the recipient: not
  their own mail gateway scanning the message on arrival (a machine within
  SCANNER_WINDOW_SECONDS of sending), not from their gateway's network and not from the
  recipient's own network (that of their first visit as a person).

The recipient's mail gateway scanning on arrival is left out of the network count too: it is
the recipient's own system, usually on another network than their desk. Everything else,
people and later machines alike, counts: another organisation's scanner fetching the link is
a sign it was forwarded there.

Each flagged recipient comes with their timeline, every visit in order, so the PR officer can
read it like an access log."""

import hashlib
import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from distribution.models import AssetClick, Delivery
from releases.models import Release

IPV4_PREFIX = 24
IPV6_PREFIX = 48


def network_hash(address: str) -> str:
    """A keyed hash of the network an address belongs to; "" for what is not an address. An
    IPv4 address mapped into IPv6 (::ffff:a.b.c.d) is its IPv4 network."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = IPV4_PREFIX if ip.version == 4 else IPV6_PREFIX
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    return hashlib.sha256(f"{settings.SECRET_KEY}:net:{network}".encode()).hexdigest()[:32]


@dataclass
class Visit:
    click: AssetClick
    network: int  # 1, 2, 3… in the order the recipient's networks first appear; 0: unknown
    before_embargo: bool
    arrival_scan: bool  # the recipient's mail gateway scanning the message on arrival
    suspicious: bool  # one of the reasons the recipient is flagged


@dataclass
class Suspect:
    delivery: Delivery
    networks: int
    reasons: list[str] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)

    @property
    def first_suspicious(self) -> datetime:
        suspicious = [visit.click.clicked_at for visit in self.visits if visit.suspicious]
        return min(suspicious, default=self.visits[0].click.clicked_at)


def _arrival_scan(click: AssetClick, sent_at: datetime | None) -> bool:
    window = timedelta(seconds=settings.SCANNER_WINDOW_SECONDS)
    return (
        click.is_machine and sent_at is not None and sent_at <= click.clicked_at <= sent_at + window
    )


def _suspect(
    delivery: Delivery, clicks: list[AssetClick], embargo: datetime | None, threshold: int
) -> Suspect | None:
    """Two passes over the recipient's visits, in time order: first whose networks are the
    recipient's own (their gateway's, their first visit as a person), then which visits are
    someone else's."""
    keys = [click.network_hash or click.ip_hash for click in clicks]  # ip_hash: older clicks
    arrivals = [_arrival_scan(click, delivery.sent_at) for click in clicks]
    gateway = {key for key, arrival in zip(keys, arrivals, strict=True) if arrival and key}
    person = next((k for k, c in zip(keys, clicks, strict=True) if k and not c.is_machine), "")
    own = gateway | {person} - {""}
    numbers: dict[str, int] = {}
    counted: set[str] = set()
    visits = []
    for click, key, arrival in zip(clicks, keys, arrivals, strict=True):
        if key:
            numbers.setdefault(key, len(numbers) + 1)
        # The gateway scanning again later (e.g. a time-of-click check) is not another network.
        if key and not arrival and not (click.is_machine and key in gateway):
            counted.add(key)
        before = embargo is not None and click.clicked_at < embargo
        visits.append(
            Visit(
                click=click,
                network=numbers.get(key, 0),
                before_embargo=before,
                arrival_scan=arrival,
                suspicious=not arrival and key not in own,
            )
        )
    suspect = Suspect(delivery=delivery, networks=len(counted), visits=visits)
    if suspect.networks >= threshold:
        suspect.reasons.append(
            _("Links used from %(count)d different networks.") % {"count": suspect.networks}
        )
    early = [visit for visit in visits if visit.before_embargo and visit.suspicious]
    if early:
        suspect.reasons.append(
            ngettext(
                "%(count)d visit before the embargo, not by the recipient or their mail gateway.",
                "%(count)d visits before the embargo, not by the recipient or their mail gateway.",
                len(early),
            )
            % {"count": len(early)}
        )
    if not suspect.reasons:
        return None
    if suspect.networks < threshold:  # flagged for early visits only: mark just those
        for visit in visits:
            visit.suspicious = visit.suspicious and visit.before_embargo
    return suspect


def _candidates(release: Release, threshold: int) -> "QuerySet[Any, Any]":
    """The deliveries that could be flagged, found in SQL so only their clicks are read: links
    used from `threshold` networks or more; from two or more with a visit before the embargo;
    or, before the embargo, a machine's visit or one from no known address. (A recipient seen
    from one network only, by people, is that recipient.)"""
    key = NullIf(Coalesce(NullIf("network_hash", Value("")), "ip_hash"), Value(""))
    early = Q(clicked_at__lt=release.embargo_until) if release.embargo_until else Q(pk__in=[])
    odd = early & (Q(is_machine=True) | Q(network_hash="", ip_hash=""))
    return (
        AssetClick.objects.filter(delivery__send__release=release)
        .values("delivery_id")
        .annotate(
            keys=Count(key, distinct=True),
            early=Count("pk", filter=early),
            odd=Count("pk", filter=odd),
        )
        .filter(Q(keys__gte=threshold) | Q(keys__gte=2, early__gt=0) | Q(odd__gt=0))
        .values("delivery_id")
    )


def release_leaks(*, release: Release, threshold: int | None = None) -> list[Suspect]:
    """The recipients of any send of the release whose links look leaked, the earliest
    suspicious visit first. One query: the candidates' clicks, with deliveries and assets."""
    threshold = threshold or settings.LEAK_NETWORKS_THRESHOLD
    clicks = (
        AssetClick.objects.filter(delivery_id__in=_candidates(release, threshold))
        .select_related("delivery__contact__outlet", "delivery__send", "asset")
        .order_by("delivery_id", "clicked_at", "pk")
    )
    by_delivery: dict[Delivery, list[AssetClick]] = {}
    for click in clicks:
        if click.delivery is not None:  # always, by the filter: a click of no one has none
            by_delivery.setdefault(click.delivery, []).append(click)
    suspects = [
        suspect
        for delivery, rows in by_delivery.items()
        if (suspect := _suspect(delivery, rows, release.embargo_until, threshold))
    ]
    suspects.sort(key=lambda suspect: (suspect.first_suspicious, suspect.delivery.email))
    return suspects

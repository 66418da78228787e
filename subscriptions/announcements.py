"""Each new release to the newsroom's subscribers, through the send engine: one send per release
(Announcement), scheduled at the release's embargo (or at once, for one already public), whose
recipients are chosen as it starts: every confirmed subscriber whose topics and language the
release has, who confirmed before it became public, is not suppressed (the one-click
unsubscribe in every email suppresses), and did not have the release as a journalist. The
engine does the rest as for any send: exactly once, tracking, the unsubscribe header."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from contacts.models import Suppression
from distribution.kinds import SendKind
from distribution.models import Send
from distribution.recipients import Expansion
from distribution.render import SendRenderer, variant_for
from releases.models import Release
from subscriptions.models import Announcement, Subscriber

logger = logging.getLogger(__name__)


def announcement_refusal(send: Send, at: datetime) -> str | None:
    """Not before the release is public: never an embargoed copy to the public."""
    if not send.release.is_public(at):
        return gettext("The release is not public yet: subscribers get it at its embargo.")
    return None


def _public_moment(release: Release, fallback: datetime) -> datetime:
    return release.embargo_until or release.published_at or fallback


def subscribers_expand(send: Send) -> Expansion:
    """The subscribers the release goes to, as the send starts."""
    release = send.release
    expansion = Expansion()
    languages = list(release.translations.values_list("language", flat=True))
    topics = set(release.topics.values_list("pk", flat=True))
    moment = _public_moment(release, send.scheduled_at or timezone.now())
    confirmed = Subscriber.objects.filter(
        confirmed_at__isnull=False, confirmed_at__lte=moment, unsubscribed_at__isnull=True
    ).prefetch_related("topics")
    suppressed = set(
        Suppression.objects.filter(email__in=confirmed.values("email")).values_list(
            "email", flat=True
        )
    )
    for subscriber in confirmed:
        wanted = {topic.pk for topic in subscriber.topics.all()}
        if wanted and not wanted & topics:
            continue  # not a topic they asked for: not counted as left out
        if subscriber.email in suppressed:
            expansion.excluded[gettext("suppressed")] += 1
            continue
        variant = variant_for(subscriber.language, languages)
        expansion.recipients.append((None, subscriber.email, variant, ""))  # type: ignore[arg-type]
        expansion.variants[variant] += 1
    return expansion


SUBSCRIBERS_KIND = SendKind(
    kind=Send.Kind.SUBSCRIBERS,
    refusal=announcement_refusal,
    renderer=SendRenderer,
    recipients=subscribers_expand,
)


def announcements_schedule(*, now: datetime | None = None) -> list[Send]:
    """Schedule the subscribers' send of every release that is public, or scheduled to be,
    whose moment is at most SUBSCRIPTION_LOOKBACK_HOURS ago (older releases are not news), while
    someone is subscribed. Safe to run at any time, in any number of processes: a release gets
    one such send (Announcement's unique release)."""
    now = now or timezone.now()
    if not Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at=None).exists():
        return []
    since = now - timedelta(hours=settings.SUBSCRIPTION_LOOKBACK_HOURS)
    releases = (
        Release.objects.filter(status__in=Release.PUBLIC_STATUSES)
        .filter(Q(embargo_until__gt=since) | Q(embargo_until__isnull=True, published_at__gt=since))
        .exclude(pk__in=Announcement.objects.values("release_id"))
    )
    made = []
    for release in releases:
        at = max(now, release.embargo_until) if release.embargo_until else now
        try:
            with transaction.atomic():
                send = Send.objects.create(
                    release=release,
                    kind=Send.Kind.SUBSCRIBERS,
                    status=Send.Status.SCHEDULED,
                    scheduled_at=at,
                )
                Announcement.objects.create(release=release, send=send)
        except IntegrityError:
            continue  # another process scheduled it a moment ago
        logger.info("release %s: to subscribers at %s (send %s)", release.pk, at, send.pk)
        made.append(send)
    return made

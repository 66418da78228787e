"""Subscribing on the newsroom: a request records the address unconfirmed and emails a signed
confirmation link; confirming (a button on the linked page, so a mail gateway that follows links
confirms nothing) starts the emails; the manage link changes topics and language or ends it."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Beat, Suppression, normalise_email
from subscriptions.models import Subscriber
from subscriptions.tokens import confirm_token, manage_token

RESEND_AFTER = timedelta(minutes=10)


def _link(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def subscription_request(
    *, email: str, language: str, topics: list[Beat], page_language: str
) -> Subscriber:
    """Record the request; email the confirmation link (or, to an address already confirmed,
    the link to manage it), at most once in RESEND_AFTER per address: the page cannot be used
    to flood someone's inbox. The answer on the page is the same either way."""
    address = normalise_email(email)
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=address, defaults={"language": language}
        )
        if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
            subscriber.language = language
            subscriber.topics.set(topics)
            subscriber.unsubscribed_at = None
            subscriber.confirmed_at = None
            subscriber.save(update_fields=["language", "unsubscribed_at", "confirmed_at"])
        recent = subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < (
            RESEND_AFTER
        )
        if recent:
            return subscriber
        Subscriber.objects.filter(pk=subscriber.pk).update(confirmation_sent_at=now)
    already = subscriber.confirmed_at is not None
    context = {
        "confirm_url": _link("subscriptions:confirm", confirm_token(subscriber.pk), page_language),
        "manage_url": _link("subscriptions:manage", manage_token(subscriber.pk), page_language),
        "already": already,
        "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    }
    with translation.override(page_language):
        subject = render_to_string("subscriptions/confirm_subject.txt", context).strip()
        body = render_to_string("subscriptions/confirm_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    return subscriber


def subscription_confirm(subscriber: Subscriber) -> None:
    """Start the emails. The address leaves the suppression list only if it was there because
    they unsubscribed: confirming again is asking again; a bounce or a complaint stays."""
    Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )
    Suppression.objects.filter(
        email=subscriber.email, reason=Suppression.Reason.UNSUBSCRIBE
    ).delete()


def subscription_change(subscriber: Subscriber, *, language: str, topics: list[Beat]) -> None:
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    subscriber.topics.set(topics)


def subscription_end(subscriber: Subscriber) -> None:
    Subscriber.objects.filter(pk=subscriber.pk).update(unsubscribed_at=timezone.now())

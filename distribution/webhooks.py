"""ESP tracking webhooks at /anymail/<esp>/tracking/: anymail's own views, behind a guard that
turns bad input into a clear 4xx instead of a 500 (DESIGN.md rule 7).

anymail checks the shared basic-auth secret (ANYMAIL["WEBHOOK_SECRET"], a list so it can rotate)
and the ESP's own signature (Mailgun's and MailerSend's HMAC, Resend's svix signature, Postal's
RSA signature). The guard adds what
anymail leaves to the site:
- tracking is off (404) until WEBHOOK_SECRET is set, and for an ESP that signs its posts until
  its signing key is set: no webhook is ever accepted on a signature or a password alone;
- a body over WEBHOOK_MAX_BYTES is refused (413) before it is read;
- a content type the ESP never sends is refused (415);
- a body anymail cannot parse (malformed JSON, a missing field) is answered 400 and logged;
- if Redis cannot take the event, 503: the ESP posts it again later, nothing is lost.
Amazon SES (through SNS) asks for the password with a 401 first, as SNS requires; a subscription
confirmation that AWS does not take (no credentials, no permission, AWS out of reach) is answered
400 with a log line that says which topic and how to confirm it by hand."""

import json
import logging
from collections.abc import Callable
from typing import Any

import redis
from anymail.exceptions import (
    AnymailConfigurationError,
    AnymailError,
    AnymailImproperlyInstalled,
)
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from anymail.webhooks.mailersend import MailerSendTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postal import PostalTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.resend import ResendTrackingWebhookView
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

JSON = frozenset({"application/json"})
# esp: (anymail's view, content types it posts, the ANYMAIL settings its signature needs)
TRACKING: dict[str, tuple[Any, frozenset[str], tuple[str, ...]]] = {
    # SNS posts JSON labelled text/plain.
    "amazon_ses": (AmazonSESTrackingWebhookView, frozenset({"text/plain", *JSON}), ()),
    "mailgun": (
        MailgunTrackingWebhookView,
        frozenset({*JSON, "application/x-www-form-urlencoded", "multipart/form-data"}),
        ("MAILGUN_WEBHOOK_SIGNING_KEY",),
    ),
    "postmark": (PostmarkTrackingWebhookView, JSON, ()),
    "brevo": (BrevoTrackingWebhookView, JSON, ()),
    "resend": (ResendTrackingWebhookView, JSON, ("RESEND_SIGNING_SECRET",)),
    "mailersend": (MailerSendTrackingWebhookView, JSON, ("MAILERSEND_SIGNING_SECRET",)),
    "postal": (PostalTrackingWebhookView, JSON, ("POSTAL_WEBHOOK_KEY",)),
}


def plain_answer(status: int, text: str) -> HttpResponse:
    """A webhook's answer: the ESP reads the status, a person reading its log the text."""
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def try_later() -> HttpResponse:
    response = plain_answer(503, "Try again later.")
    response["Retry-After"] = "60"
    return response


def guarded(
    esp: str,
    view: Callable[..., HttpResponse],
    content_types: frozenset[str],
    needs: tuple[str, ...],
) -> Callable[..., HttpResponse]:
    @csrf_exempt  # ESPs post without cookies; anymail's checks are the authentication
    def webhook(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        configured = getattr(settings, "ANYMAIL", {}) or {}
        missing = [name for name in ("WEBHOOK_SECRET", *needs) if not configured.get(name)]
        if missing:
            logger.warning("%s tracking webhook refused: set ANYMAIL_%s", esp, missing[0])
            return plain_answer(404, "Tracking is not configured for this ESP.")
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return plain_answer(400, "Bad Content-Length.")
            if length > settings.WEBHOOK_MAX_BYTES:
                logger.warning("%s webhook: %s-byte body refused", esp, length)
                return plain_answer(413, f"Body over {settings.WEBHOOK_MAX_BYTES} bytes.")
            if request.content_type not in content_types:
                logger.warning("%s webhook: content type %r refused", esp, request.content_type)
                return plain_answer(415, f"Content type {request.content_type!r} is not accepted.")
        try:
            return view(request, *args, **kwargs)
        except SuspiciousOperation as error:  # anymail: wrong or missing auth or signature
            logger.warning("%s webhook refused: %s", esp, error)
            return plain_answer(400, "Webhook authentication failed.")
        except redis.RedisError:
            logger.exception("%s webhook: the tracking stream is unavailable; answered 503", esp)
            return try_later()
        except AnymailImproperlyInstalled:
            logger.exception("%s webhook: a package anymail needs is missing; answered 503", esp)
            return try_later()
        except (BotoCoreError, ClientError) as error:  # only SES: confirming an SNS subscription
            return sns_confirmation_failed(esp, request, error)
        except AnymailConfigurationError as error:  # e.g. the ESP's inbound hook pointed here
            logger.error("%s webhook: misconfigured at the ESP, answered 400: %s", esp, error)
            return plain_answer(400, "This URL receives tracking events only.")
        except (AnymailError, ValueError, KeyError, TypeError, AttributeError) as error:
            # What anymail could not parse: malformed JSON, missing fields, an inbound post.
            logger.warning("%s webhook: unreadable post answered 400: %r", esp, error)
            return plain_answer(400, "The post could not be read as a tracking event.")

    return webhook


def sns_confirmation_failed(esp: str, request: HttpRequest, error: Exception) -> HttpResponse:
    """anymail confirms an authenticated SNS SubscriptionConfirmation by calling AWS, and AWS
    did not take it. Retrying would not help until someone acts, so: a 400, and a log line for
    that someone."""
    try:
        message = json.loads(request.body)
        topic, subscribe_url = message.get("TopicArn"), message.get("SubscribeURL")
    except (ValueError, AttributeError):
        topic = subscribe_url = None
    if isinstance(error, NoCredentialsError):
        why = (
            "no AWS credentials (give the webhook service AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, or an IAM role, allowed sns:ConfirmSubscription)"
        )
    else:
        why = f"AWS refused or could not be reached ({type(error).__name__}: {error})"
    logger.error(
        "%s webhook: the SNS subscription to topic %s was not confirmed: %s; answered 400. "
        "Confirm it by hand by opening its SubscribeURL %s, or fix this and use "
        "“Request confirmation” in the SNS console.",
        esp,
        topic,
        why,
        subscribe_url,
    )
    return plain_answer(400, "The SNS subscription could not be confirmed; see the log.")


urlpatterns: list[URLPattern] = [
    path(
        f"{esp}/tracking/",
        guarded(esp, view.as_view(), content_types, needs),
        name=f"{esp}_tracking_webhook",
    )
    for esp, (view, content_types, needs) in TRACKING.items()
]

"""The signed links a subscriber gets: to confirm their address (expires after
SUBSCRIPTION_CONFIRM_DAYS) and to manage their subscription (does not expire). Each with its own
salt, so neither opens the other nor any other link of Pressroom."""

from django.conf import settings
from django.core import signing

_confirm = signing.TimestampSigner(salt="pressroom.subscriptions.confirm")
_manage = signing.Signer(salt="pressroom.subscriptions.manage")


def confirm_token(subscriber_id: int) -> str:
    return _confirm.sign(str(subscriber_id))


def read_confirm_token(token: str) -> int | None:
    """The subscriber id; None for a tampered, foreign or expired token."""
    try:
        max_age = settings.SUBSCRIPTION_CONFIRM_DAYS * 24 * 3600
        return int(_confirm.unsign(token, max_age=max_age))
    except (signing.BadSignature, ValueError):
        return None


def manage_token(subscriber_id: int) -> str:
    return _manage.sign(str(subscriber_id))


def read_manage_token(token: str) -> int | None:
    try:
        return int(_manage.unsign(token))
    except (signing.BadSignature, ValueError):
        return None

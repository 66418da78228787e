"""Signed tokens for the links in an email (DESIGN.md rule 6). A token names a delivery (and an
asset); what a link leads to is always read from the database, never from the URL. Each kind of
link has its own salt, so one kind of token never opens another. Asset links expire after
ASSET_LINK_MAX_AGE_DAYS; an unsubscribe link never does (the law expects it to keep working)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

UNSUBSCRIBE_SALT = "pressroom.distribution.unsubscribe"
ASSET_SALT = "pressroom.distribution.asset-link"
CLICK_COOKIE_SALT = "pressroom.distribution.click-cookie"

_unsubscribe = signing.Signer(salt=UNSUBSCRIBE_SALT)
_asset = signing.TimestampSigner(salt=ASSET_SALT)
_click = signing.Signer(salt=CLICK_COOKIE_SALT)


def unsubscribe_token(delivery_id: int) -> str:
    return _unsubscribe.sign(str(delivery_id))


def asset_token(delivery_id: int, asset_id: int) -> str:
    return _asset.sign(f"{delivery_id}-{asset_id}")


def read_unsubscribe_token(token: str) -> int | None:
    """The delivery id, or None for a tampered, truncated or foreign token."""
    try:
        return int(_unsubscribe.unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def read_asset_token(token: str) -> tuple[int, int] | None:
    """(delivery id, asset id), or None for a tampered, truncated, foreign or expired token."""
    try:
        value = _asset.unsign(token, max_age=timedelta(days=settings.ASSET_LINK_MAX_AGE_DAYS))
        delivery_id, asset_id = value.split("-")
        return int(delivery_id), int(asset_id)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None


def click_cookie(click_id: int) -> str:
    """The cookie the first visit to an asset link sets: it names the click to confirm as a
    person's when the browser comes back with it."""
    return _click.sign(str(click_id))


def read_click_cookie(value: str) -> int | None:
    try:
        return int(_click.unsign(value))
    except (signing.BadSignature, ValueError):
        return None

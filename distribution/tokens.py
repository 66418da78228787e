"""Signed tokens for the links in an email (DESIGN.md rule 6). A token names a delivery (and an
asset); what a link leads to is always read from the database, never from the URL."""

from django.core import signing

UNSUBSCRIBE_SALT = "pressroom.distribution.unsubscribe"
ASSET_SALT = "pressroom.distribution.asset-link"

_unsubscribe = signing.Signer(salt=UNSUBSCRIBE_SALT)
_asset = signing.Signer(salt=ASSET_SALT)


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
    """(delivery id, asset id), or None for a tampered, truncated or foreign token."""
    try:
        delivery_id, asset_id = _asset.unsign(token).split("-")
        return int(delivery_id), int(asset_id)
    except (signing.BadSignature, ValueError):
        return None

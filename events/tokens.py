"""The signed token in an invitation's Accept and Decline links: it names the delivery (so the
event and the address are read from the database, never from the URL), with its own salt so no
other link's token opens it. It does not expire: the event's reply deadline closes answers."""

from django.core import signing

RSVP_SALT = "pressroom.events.rsvp"
_rsvp = signing.Signer(salt=RSVP_SALT)


def rsvp_token(delivery_id: int) -> str:
    return _rsvp.sign(str(delivery_id))


def read_rsvp_token(token: str) -> int | None:
    """The delivery id, or None for a tampered, truncated or foreign token."""
    try:
        return int(_rsvp.unsign(token))
    except (signing.BadSignature, ValueError):
        return None

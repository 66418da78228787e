"""Kinds of send that carry something other than the release (a media invitation of the events
app), registered by the app above distribution that owns them, so distribution imports none
of them. A registered kind says when a send of it may go (instead of the release's embargo and
approval) and builds its email; the engine does the rest as for any send: the schedule, the
deliveries exactly once, the batches, the transports and the tracking."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distribution.models import Send


@dataclass(frozen=True)
class SendKind:
    kind: str
    # Why the send may not go out at a moment, or None (checked as Send.refusal is).
    refusal: "Callable[[Send, datetime], str | None]"
    # The renderer of its email: a distribution.render.SendRenderer (or one like it).
    renderer: "Callable[[Send], Any]"
    # Its recipients as the send starts (a distribution.recipients.Expansion), for a kind that
    # chooses them itself rather than from lists or a parent send.
    recipients: "Callable[[Send], Any] | None" = None


_KINDS: dict[str, SendKind] = {}


def register_send_kind(kind: SendKind) -> None:
    _KINDS[kind.kind] = kind


def registered_kind(kind: str) -> SendKind | None:
    return _KINDS.get(kind)

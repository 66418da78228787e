"""Signal receivers: small and fast (STYLE.md rule 7). anymail's tracking signal is sent once per
ESP event from its webhook view; the event goes to the tracking stream and the ESP gets its 200.
Matching and applying happen in bulk in the drain (distribution/tracking.py)."""

from typing import Any

from anymail.signals import AnymailTrackingEvent, tracking
from django.dispatch import receiver

from distribution.tracking import tracking_event_enqueue


@receiver(tracking, dispatch_uid="pressroom-tracking")
def tracking_received(sender: Any, event: AnymailTrackingEvent, esp_name: str, **_: Any) -> None:
    tracking_event_enqueue(event=event, esp_name=esp_name)

"""gunicorn config for a baseline: the same webhooks with Pressroom's tracking receiver
disconnected, so anymail parses and answers and nothing is queued (bench/webhooks.py with
BASELINE=noop). What Pressroom adds is the difference."""

from typing import Any


def post_worker_init(worker: Any) -> None:
    from anymail.signals import tracking

    tracking.disconnect(dispatch_uid="pressroom-tracking")

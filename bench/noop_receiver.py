"""gunicorn config for a baseline: the same webhooks with Pressroom's tracking receiver
disconnected, so anymail parses and answers and nothing is queued (bench/webhooks.py with
BASELINE=noop). What Pressroom adds is the difference."""

import os
import runpy
from typing import Any

# With the webhook service: its own gunicorn settings first (bench/webhooks.py sets this).
if os.environ.get("BENCH_BASE_CONFIG"):
    globals().update(
        (name, value)
        for name, value in runpy.run_path(os.environ["BENCH_BASE_CONFIG"]).items()
        if not name.startswith("_")
    )


def post_worker_init(worker: Any) -> None:
    from anymail.signals import tracking

    tracking.disconnect(dispatch_uid="pressroom-tracking")

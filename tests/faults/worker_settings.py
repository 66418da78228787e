"""Settings of the worker and beat processes a fault test starts: the test settings, with the
broker's visibility timeout the test asks for (FAULT_VISIBILITY_TIMEOUT, seconds)."""

import os

from tests.settings import *  # noqa: F403

if os.environ.get("FAULT_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": float(os.environ["FAULT_VISIBILITY_TIMEOUT"]),
        # kombu looks for messages past their visibility timeout every interval x throttle
        # seconds (100 by default): every second, so the short timeout takes effect.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }

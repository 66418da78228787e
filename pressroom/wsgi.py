"""The WSGI application gunicorn serves (docs: README, "Running it for real").

ESP webhooks (/anymail/...) go through a Django handler with only the security middleware
(pressroom/webhook_handler.py); everything else goes through the full stack."""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

from pressroom.webhook_handler import WEBHOOK_PREFIX, WebhookHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pressroom.settings")

site = get_wsgi_application()

StartResponse = Callable[..., Any]

webhooks = WebhookHandler()


def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
    if environ.get("PATH_INFO", "").startswith(WEBHOOK_PREFIX):
        return webhooks(environ, start_response)
    return site(environ, start_response)

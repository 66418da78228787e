"""The Django handler for ESP webhooks, shared by the WSGI application (pressroom/wsgi.py) and
the webhook service (pressroom/webhooks_asgi.py).

ESPs post tracking events at /anymail/<esp>/tracking/ by the thousand after a blast, and each
post must be answered fast (1,500 events/s, p99 under 50 ms, on two cores). None of
the site's middleware has anything to do for them: they carry no session, no user, no language,
no message to flash, and anymail's checks (basic auth + the ESP's signature) stand in for CSRF.
So those posts go through a Django handler with only the security middleware, resolving against
the webhooks' own small URLconf. The webhook views and their guard (distribution/webhooks.py)
are the same either way."""

from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import ResolverMatch, URLResolver, get_resolver
from django.utils.module_loading import import_string

WEBHOOK_PREFIX = "/anymail/"
WEBHOOK_URLCONF = "pressroom.webhook_urls"
# HTTPS redirect, HSTS and nosniff still apply to the ESPs' posts.
WEBHOOK_MIDDLEWARE = ("django.middleware.security.SecurityMiddleware",)


class WebhookHandler(WSGIHandler):
    """Django's own handler (request_started/finished signals, error pages, database connection
    care), with a middleware chain of WEBHOOK_MIDDLEWARE only."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for dotted in reversed(WEBHOOK_MIDDLEWARE):
            handler = convert_exception_to_response(import_string(dotted)(handler))
        self._middleware_chain = handler

    routes: dict[str, ResolverMatch] | None = None

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        """A webhook URL is one of a handful: resolved once, then looked up."""
        if self.routes is None:
            resolver = get_resolver(WEBHOOK_URLCONF)
            paths = [
                f"/{prefix.pattern}{route.pattern}"
                for prefix in resolver.url_patterns
                if isinstance(prefix, URLResolver)
                for route in prefix.url_patterns
            ]
            self.routes = {path: resolver.resolve(path) for path in paths}
        match = self.routes.get(request.path_info)
        if match is None:
            return super().resolve_request(request)  # a 404, in the webhooks' own words
        request.resolver_match = match
        return match

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        request.urlconf = WEBHOOK_URLCONF  # type: ignore[attr-defined]
        response = super().get_response(request)
        # As CommonMiddleware does on the full stack: a known length keeps the connection open
        # without chunked encoding.
        if isinstance(response, HttpResponse) and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response

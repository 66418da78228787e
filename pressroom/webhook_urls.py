"""The URLconf of the webhook fast path (pressroom/wsgi.py): the same views at the same URLs as
pressroom/urls.py routes them, and nothing else. Its error answers are plain text, as the
webhooks' own are: an ESP reads the status, and the site's HTML pages need the whole site."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path


def _plain(status: int, text: str) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _plain(400, "Bad request.")


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _plain(404, "No webhook here.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _plain(500, "Server error.")


urlpatterns: list[URLResolver] = [path("anymail/", include("distribution.webhooks"))]

handler400 = bad_request
handler404 = not_found
handler500 = server_error

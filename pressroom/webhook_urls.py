"""The URLconf of the webhook fast path (pressroom/wsgi.py): the same views at the same URLs as
pressroom/urls.py routes them, and nothing else. Its error answers are plain text, as the
webhooks' own are: an ESP reads the status, and the site's HTML pages need the whole site."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver, include, path

from distribution.webhooks import plain_answer


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return plain_answer(400, "Bad request.")


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return plain_answer(404, "No webhook here.")


def server_error(request: HttpRequest) -> HttpResponse:
    return plain_answer(500, "Server error.")


urlpatterns: list[URLResolver] = [path("anymail/", include("distribution.webhooks"))]

handler400 = bad_request
handler404 = not_found
handler500 = server_error

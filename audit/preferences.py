"""The admin in the user's own language. The choice is stored (UserPreference) and copied into
the session at login and whenever it changes, so the middleware reads no table: every admin
request activates it, after LocaleMiddleware has picked the browser's language for the rest."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from audit.models import UserPreference

SESSION_KEY = "pressroom_language"


def user_language_set(*, user: Any, language: str) -> str:
    """Store the user's admin language ('' for the browser's); returns what was stored."""
    if language not in dict(settings.LANGUAGES):
        language = ""
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})
    return language


def user_language(user: Any) -> str:
    return UserPreference.objects.filter(user=user).values_list("language", flat=True).first() or ""


@receiver(user_logged_in)
def on_login_remember_language(
    sender: Any, request: HttpRequest | None, user: Any, **_: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = user_language(user)


class AdminLanguageMiddleware:
    """On admin pages, the language the logged-in user chose, whatever the browser says."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = ""
        if request.path.startswith(reverse("admin:index")) and hasattr(request, "session"):
            language = request.session.get(SESSION_KEY, "")
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The language menu in the admin's header: store the choice, then back to the page."""
    if not request.user.is_authenticated or not request.user.is_staff:
        return HttpResponseRedirect(reverse("admin:login"))
    chosen = user_language_set(user=request.user, language=request.POST.get("language", ""))
    request.session[SESSION_KEY] = chosen
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return HttpResponseRedirect(target)

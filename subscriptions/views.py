"""The newsroom's subscription pages: subscribe, confirm (from the emailed link), manage (from
the link in the confirmation email). No account; answers are never cached; a tampered or
expired link gets a friendly page in the reader's language, never an error."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from subscriptions import services
from subscriptions.forms import PreferencesForm, SubscribeForm
from subscriptions.models import Subscriber
from subscriptions.tokens import read_confirm_token, read_manage_token


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _bad_link(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "subscriptions/bad_link.html", status=404))


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscribeForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["website"]:
            services.subscription_request(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                topics=list(form.cleaned_data["topics"]),
                page_language=get_language(),
            )
        return _private(render(request, "subscriptions/check_inbox.html"))
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "subscriptions/subscribe.html", {"form": form}, status=status))


def _subscriber(pk: int | None) -> Subscriber | None:
    """The subscriber a signed link names, if the link was good and they still exist."""
    return Subscriber.objects.filter(pk=pk).first() if pk is not None else None


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber(read_confirm_token(token))
    if subscriber is None:
        return _bad_link(request)
    if request.method == "POST":
        services.subscription_confirm(subscriber)
        subscriber.refresh_from_db()
    return _private(render(request, "subscriptions/confirm.html", {"subscriber": subscriber}))


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = _subscriber(read_manage_token(token))
    if subscriber is None:
        return _bad_link(request)
    initial = {"language": subscriber.language, "topics": list(subscriber.topics.all())}
    form = PreferencesForm(request.POST or None, initial=initial)
    saved = False
    if request.method == "POST" and "unsubscribe" in request.POST:
        services.subscription_end(subscriber)
        saved = True
    elif request.method == "POST" and form.is_valid():
        services.subscription_change(
            subscriber,
            language=form.cleaned_data["language"],
            topics=list(form.cleaned_data["topics"]),
        )
        saved = True
    subscriber.refresh_from_db()
    context = {"form": form, "subscriber": subscriber, "saved": saved}
    return _private(render(request, "subscriptions/manage.html", context))

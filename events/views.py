"""The journalist's side of an invitation: the page behind the Accept and Decline links. A GET
only shows the page (link scanners fetch every URL in a message, and must not answer for the
journalist); the POST from it records the answer. No login: the signed token is the key."""

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from distribution.render import moment_label
from events.models import Rsvp
from events.rsvp import MAX_ATTENDEES, Answer, AnswerRefused, invitation_of, rsvp_record
from events.tokens import read_rsvp_token


def _private(response: HttpResponseBase) -> HttpResponseBase:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _answer_from(post: dict[str, str]) -> tuple[Answer | None, list[str]]:
    """The answer the form gives, or None and what is wrong (bilingual, as the page is)."""
    answer = post.get("answer", "")
    if answer not in (Rsvp.Answer.ACCEPTED, Rsvp.Answer.DECLINED):  # the wait list is ours
        return None, ["Choose whether you attend. 請選擇是否出席。"]
    if answer == Rsvp.Answer.DECLINED:
        return Answer(answer=answer, attendees=0), []
    errors = []
    try:
        attendees = int(post.get("attendees", "1") or "1")
    except ValueError:
        attendees = 0
    if not 1 <= attendees <= MAX_ATTENDEES:
        errors.append(
            f"Number attending: 1 to {MAX_ATTENDEES}. 出席人數：1 至 {MAX_ATTENDEES} 位。"
        )
    role = post.get("role", Rsvp.Role.REPORTER) or Rsvp.Role.REPORTER
    if role not in Rsvp.Role.values:
        errors.append("Choose a role from the list. 請從清單選擇身分。")
    equipment = (post.get("equipment", "") or "").strip()[:500]
    if errors:
        return None, errors
    return Answer(answer=answer, attendees=attendees, role=role, equipment=equipment), []


@csrf_exempt  # as RFC 8058's one-click POST: no session, the signed token is the key
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponseBase:
    delivery_id = read_rsvp_token(token)
    found = invitation_of(delivery_id) if delivery_id is not None else None
    if found is None:
        return _private(render(request, "events/rsvp_invalid.html", status=404))
    delivery, event = found
    now = timezone.now()
    current = Rsvp.objects.filter(event=event, email=delivery.email).first()
    context: dict[str, object] = {
        "event": event,
        "delivery": delivery,
        "zh": delivery.language != "en",
        "en": delivery.language != "zh-hant",
        "current": current,
        "open": event.answers_open(now),
        "roles": Rsvp.Role.choices,
        "max_attendees": MAX_ATTENDEES,
        "chosen": request.GET.get("answer", current.answer if current else ""),
        "when_zh": moment_label(event.starts_at, event.issuer.time_zone, "zh-hant"),
        "when_en": moment_label(event.starts_at, event.issuer.time_zone, "en"),
        "values": {"attendees": current.attendees if current and current.attendees else 1},
    }
    if request.method == "POST":
        answer, errors = _answer_from(request.POST.dict())
        if answer is not None:
            try:
                recorded = rsvp_record(delivery=delivery, event=event, answer=answer, now=now)
            except AnswerRefused as refused:
                context["refused"] = refused.reason
                context["open"] = refused.reason != "closed"
            else:
                context["recorded"] = recorded
                return _private(render(request, "events/rsvp_recorded.html", context))
        context.update(errors=errors, chosen=request.POST.get("answer", ""),
                       values=request.POST.dict())  # fmt: skip
        return _private(render(request, "events/rsvp.html", context, status=400))
    return _private(render(request, "events/rsvp.html", context))

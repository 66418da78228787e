"""Blocks that apps above distribution add to a send's results page (coverage: what the media
published from the release), so distribution imports none of them. Each is a function of the
request and the send giving HTML, or "" to show nothing (the user may not read it)."""

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from distribution.models import Send

Panel = Callable[[HttpRequest, Send], str]
RESULTS_PANELS: list[Panel] = []


def register_results_panel(panel: Panel) -> None:
    if panel not in RESULTS_PANELS:
        RESULTS_PANELS.append(panel)


def results_panels(request: HttpRequest, send: Send) -> list[SafeString]:
    # Panels render their own templates (autoescaped): their HTML is ours.
    return [mark_safe(html) for panel in RESULTS_PANELS if (html := panel(request, send))]  # noqa: S308

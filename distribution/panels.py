"""Blocks that apps above distribution add to a send's results page (coverage: what the media
published from the release), so distribution imports none of them. Each is a function of the
request and the send giving HTML, or "" to show nothing (the user may not read it). And the
moments the media published something about a send's release, which the send's 48-hour chart
shows beside its opens and clicks."""

from collections.abc import Callable
from datetime import datetime

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


# The moments in [start, end) at which a story about the send's release was published.
PublishedMoments = Callable[[Send, datetime, datetime], list[datetime]]
PUBLISHED_MOMENTS: list[PublishedMoments] = []


def register_published_moments(source: PublishedMoments) -> None:
    if source not in PUBLISHED_MOMENTS:
        PUBLISHED_MOMENTS.append(source)


def published_moments(send: Send, start: datetime, end: datetime) -> list[datetime]:
    return [moment for source in PUBLISHED_MOMENTS for moment in source(send, start, end)]

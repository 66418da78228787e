"""A send's first 48 hours as a chart, laid out once: people's first opens and clicks per hour
(and, once the media have run the release, the stories published each hour beside them),
which bars stand where and how tall, the value lines and the hour labels. The results page draws
the layout as SVG (`results.timeline_svg`), the morning-after PDF with ReportLab
(`report._timeline_chart`); neither computes anything of its own.

Coordinates are in the drawing's units, y going up from its bottom edge as in ReportLab; an SVG
turns them over (its y goes down)."""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext

TIMELINE_HOURS = 48
LABEL_EVERY = 6  # hours between two labels of the time axis
OPENS_COLOUR, CLICKS_COLOUR, STORIES_COLOUR = "#2563eb", "#f59e0b", "#16a34a"


@dataclass
class Timeline:
    """People's first opens and first clicks per hour from `start` (UTC, on the hour), and the
    stories the media published about the release in each hour."""

    start: datetime
    opens: list[int] = field(default_factory=lambda: [0] * TIMELINE_HOURS)
    clicks: list[int] = field(default_factory=lambda: [0] * TIMELINE_HOURS)
    stories: list[int] = field(default_factory=lambda: [0] * TIMELINE_HOURS)


@dataclass(frozen=True)
class Frame:
    """A drawing's size and the room around its plot, in the drawing's own units. `gap` parts
    an hour's two bars, and is the narrowest a bar gets."""

    width: float
    height: float
    left: float
    right: float
    bottom: float
    top: float
    gap: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float  # its foot: the plot's bottom
    width: float
    height: float
    colour: str
    value: int
    label: str  # "opened" or "clicked", in the reader's language
    when: datetime  # the hour it counts, in the issuer's zone


@dataclass(frozen=True)
class ValueLine:
    y: float
    value: int


@dataclass(frozen=True)
class HourLabel:
    x: float
    text: str


@dataclass(frozen=True)
class TimelineChart:
    frame: Frame
    lines: list[ValueLine]
    bars: list[Bar]
    hours: list[HourLabel]
    zone_name: str  # the zone's abbreviation at the start, e.g. "HKT"


def timeline_chart(timeline: Timeline, zone: str, frame: Frame) -> TimelineChart:
    """The chart of `timeline` in `frame`, its hours in the issuer's `zone`: bars scaled to the
    busiest hour, opens and clicks (and stories, when there are any) side by side, lines at
    nought, half and the peak."""
    series = [
        (timeline.opens, OPENS_COLOUR, gettext("opened")),
        (timeline.clicks, CLICKS_COLOUR, gettext("clicked")),
    ]
    if any(timeline.stories):
        series.append((timeline.stories, STORIES_COLOUR, gettext("stories published")))
    plot_w = frame.width - frame.left - frame.right
    plot_h = frame.height - frame.bottom - frame.top
    peak = max([value for values, _colour, _label in series for value in values] + [1])
    step = plot_w / TIMELINE_HOURS
    bar = max(frame.gap, step / len(series) - frame.gap)
    local = zoneinfo.ZoneInfo(zone)
    lines = [
        ValueLine(y=frame.bottom + plot_h * fraction, value=round(peak * fraction))
        for fraction in (0, 0.5, 1)
    ]
    bars, hours = [], []
    for hour in range(TIMELINE_HOURS):
        x = frame.left + hour * step
        when = (timeline.start + timedelta(hours=hour)).astimezone(local)
        for place, (values, colour, label) in enumerate(series):
            value = values[hour]
            if value:
                height = plot_h * value / peak
                offset = place * (bar + frame.gap)
                bars.append(Bar(x + offset, frame.bottom, bar, height, colour, value, label, when))
        if hour % LABEL_EVERY == 0:
            hours.append(HourLabel(x=x, text=hour_label(when)))
    zone_name = timeline.start.astimezone(local).tzname() or zone
    return TimelineChart(frame=frame, lines=lines, bars=bars, hours=hours, zone_name=zone_name)


def hour_label(when: datetime) -> str:
    """'01 Sep 10:00', or '9月1日 10:00' in Chinese: an hour on the chart's axis."""
    return date_format(when, gettext("d M H:00"))

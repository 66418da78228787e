"""A send's results as a PR officer reads them: the funnel, opens and clicks over the first 48
hours, each outlet, each asset, each recipient. Everything is aggregated in SQL (GROUP BY
status, outlet, asset, hour), so the page costs the same dozen queries for 100 or 100,000
deliveries; people and machines (scanners, privacy proxies) are counted apart.

"Opened by people" counts a recipient whose first open or click was a person's (a click means
the message was opened, even with images blocked). "Delivered" counts what the ESP reported
delivered and anything that was opened or clicked since."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import escape
from typing import Any

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncHour
from django.utils.translation import gettext

from contacts.models import Outlet
from distribution.models import AssetClick, Delivery, EngagementTally, Send
from distribution.panels import published_moments
from distribution.timeline import TIMELINE_HOURS, Frame, Timeline, hour_label, timeline_chart
from releases.models import Asset, NewsroomCount

Status = Delivery.Status
SENT_OR_LATER = [
    Status.SENT,
    Status.DELIVERED,
    Status.OPENED,
    Status.CLICKED,
    Status.BOUNCED,
    Status.COMPLAINED,
]
DELIVERED = (
    Q(status__in=[Status.DELIVERED, Status.OPENED, Status.CLICKED, Status.COMPLAINED])
    | Q(opened_at__isnull=False)
    | Q(clicked_at__isnull=False)
)
OPENED = Q(opened_at__isnull=False) | Q(clicked_at__isnull=False)
OPENED_BY_MACHINES_ONLY = Q(
    machine_opened_at__isnull=False, opened_at__isnull=True, clicked_at__isnull=True
)
CLICKED = Q(clicked_at__isnull=False)
CLICKED_BY_MACHINES_ONLY = Q(machine_clicked_at__isnull=False, clicked_at__isnull=True)
NO_OUTLET = "none"
Tally = tuple[datetime, int, int]  # an hour's opens and clicks counted without recipients


@dataclass
class OutletRow:
    outlet_id: int | None
    name: str
    recipients: int
    delivered: int
    opened: int
    clicked: int
    bounced: int
    downloads: int = 0


@dataclass
class AssetRow:
    asset: Asset
    people: int  # recipients who downloaded it (a person's click)
    clicks: int  # a person's clicks, all of them
    machine_clicks: int
    newsroom_downloads: int = 0  # of its file from the public newsroom, by anyone


@dataclass
class NewsroomFigures:
    """The release on the public newsroom (releases/analytics.py): page views and downloads,
    in all and per day, newest day first, and downloads per asset."""

    views: int = 0
    downloads: int = 0
    days: list[tuple[date, int, int]] = field(default_factory=list)  # (day, views, downloads)
    asset_downloads: dict[int, int] = field(default_factory=dict)


def release_newsroom_figures(*, release_id: int) -> NewsroomFigures:
    """One query, whatever the number of days and assets."""
    figures = NewsroomFigures()
    by_day: dict[date, list[int]] = {}
    rows = NewsroomCount.objects.filter(release_id=release_id).values_list(
        "day", "asset_id", "kind", "count"
    )
    for day, asset_id, kind, count in rows:
        totals = by_day.setdefault(day, [0, 0])
        if kind == NewsroomCount.Kind.DOWNLOAD:
            figures.downloads += count
            totals[1] += count
            if asset_id is not None:
                figures.asset_downloads[asset_id] = figures.asset_downloads.get(asset_id, 0) + count
        elif asset_id is None:  # the release's own page; an asset's page is not counted twice
            figures.views += count
            totals[0] += count
    figures.days = [(day, *by_day[day]) for day in sorted(by_day, reverse=True)]  # type: ignore[misc]
    return figures


FUNNEL = {
    "recipients": Q(),
    "sent": Q(status__in=SENT_OR_LATER),
    "delivered": DELIVERED,
    "opened": OPENED,
    "opened_by_machines_only": OPENED_BY_MACHINES_ONLY,
    "clicked": CLICKED,
    "clicked_by_machines_only": CLICKED_BY_MACHINES_ONLY,
    "bounced": Q(status=Status.BOUNCED),
    "complained": Q(status=Status.COMPLAINED),
    "unsubscribed": Q(unsubscribed_at__isnull=False),
    "failed": Q(status=Status.FAILED),
    "waiting": Q(status__in=[Status.QUEUED, Status.SENDING]),
}


def send_counts_by_outlet(*, send: Send) -> dict[int | None, dict[str, int]]:
    """Every count of the funnel per outlet, in one pass over the deliveries: the funnel is
    their sum, the outlet table their rows."""
    rows = (
        Delivery.objects.filter(send=send)
        .values("contact__outlet_id")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in FUNNEL.items()})
        .order_by()
    )
    return {row.pop("contact__outlet_id"): row for row in rows}


def send_funnel(
    *,
    send: Send,
    by_outlet: dict[int | None, dict[str, int]] | None = None,
    tallies: list[Tally] | None = None,
) -> dict[str, int]:
    if by_outlet is None:
        by_outlet = send_counts_by_outlet(send=send)
    funnel = dict.fromkeys(FUNNEL, 0)
    for counts in by_outlet.values():
        for name in FUNNEL:
            funnel[name] += counts[name]
    funnel["suppressed"] = send.suppressed_count
    if tallies is None:
        tallies = send_tallies(send=send)
    funnel["opens_counted"] = sum(opens for _hour, opens, _clicks in tallies)
    funnel["clicks_counted"] = sum(clicks for _hour, _opens, clicks in tallies)
    return funnel


def send_tallies(*, send: Send) -> list[Tally]:
    """(hour, opens, clicks) counted without recipients (TRACK_RECIPIENTS off); empty otherwise."""
    return list(EngagementTally.objects.filter(send=send).values_list("hour", "opens", "clicks"))


def send_started(send: Send) -> datetime:
    """When the send began (shown to the officer as it is; the chart starts on its hour)."""
    return send.started_at or send.scheduled_at or send.created_at


def send_timeline(*, send: Send, tallies: list[Tally] | None = None) -> Timeline:
    """People's first opens and first clicks per hour over the first 48 hours after the send
    started: two GROUP BY hour queries, each read from its partial index; and the stories
    published about the release in those hours (from the apps that know, `panels`)."""
    start = send_started(send).astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    timeline = Timeline(start=start)
    end = start + timedelta(hours=TIMELINE_HOURS)
    for column, series in (("opened_at", timeline.opens), ("clicked_at", timeline.clicks)):
        rows = (
            Delivery.objects.filter(send=send, **{f"{column}__gte": start, f"{column}__lt": end})
            .values_list(TruncHour(column, tzinfo=UTC))
            .annotate(n=Count("pk"))
            .order_by()
        )
        for hour, n in rows:
            index = int((hour.astimezone(UTC) - start).total_seconds() // 3600)
            if 0 <= index < TIMELINE_HOURS:
                series[index] += n
    # Where recipients are not tracked, the hour's counted opens and clicks (events, not people).
    for hour, opens, clicks in send_tallies(send=send) if tallies is None else tallies:
        index = int((hour.astimezone(UTC) - start).total_seconds() // 3600)
        if 0 <= index < TIMELINE_HOURS:
            timeline.opens[index] += opens
            timeline.clicks[index] += clicks
    for moment in published_moments(send, start, end):
        index = int((moment.astimezone(UTC) - start).total_seconds() // 3600)
        if 0 <= index < TIMELINE_HOURS:
            timeline.stories[index] += 1
    return timeline


def send_asset_clicks(*, send: Send) -> dict[tuple[int, int | None], dict[str, int]]:
    """Asset clicks per (asset, outlet) in one query: people (distinct deliveries; a delivery
    has one outlet, so these add up per asset), people's clicks, machines' clicks."""
    rows = (
        AssetClick.objects.filter(send=send)
        .values("asset_id", "outlet_id")
        .annotate(
            people=Count("delivery", distinct=True, filter=Q(is_machine=False)),
            clicks=Count("pk", filter=Q(is_machine=False)),
            machine_clicks=Count("pk", filter=Q(is_machine=True)),
        )
        .order_by()
    )
    return {(row.pop("asset_id"), row.pop("outlet_id")): row for row in rows}


def send_outlets(
    *,
    send: Send,
    by_outlet: dict[int | None, dict[str, int]] | None = None,
    clicks: dict[tuple[int, int | None], dict[str, int]] | None = None,
) -> list[OutletRow]:
    """One row per outlet (and one for recipients with none), most recipients first."""
    if by_outlet is None:
        by_outlet = send_counts_by_outlet(send=send)
    if clicks is None:
        clicks = send_asset_clicks(send=send)
    downloads: dict[int | None, int] = {}
    for (_asset, outlet), counts in clicks.items():
        downloads[outlet] = downloads.get(outlet, 0) + counts["clicks"]
    ids = [pk for pk in by_outlet if pk is not None]
    names = {
        outlet.pk: str(outlet)
        for outlet in Outlet.objects.filter(pk__in=ids).only("name_en", "name_zh_hant")
    }
    result = [
        OutletRow(
            outlet_id=pk,
            name=names.get(pk, "") if pk is not None else gettext("No outlet"),
            recipients=counts["recipients"],
            delivered=counts["delivered"],
            opened=counts["opened"],
            clicked=counts["clicked"],
            bounced=counts["bounced"],
            downloads=downloads.get(pk, 0),
        )
        for pk, counts in by_outlet.items()
    ]
    result.sort(key=lambda row: (-row.recipients, row.outlet_id is None, row.name))
    return result


def send_assets(
    *,
    send: Send,
    clicks: dict[tuple[int, int | None], dict[str, int]] | None = None,
    newsroom: NewsroomFigures | None = None,
) -> list[AssetRow]:
    """Each asset of the release with its downloads: people and machines apart, and from the
    newsroom."""
    if clicks is None:
        clicks = send_asset_clicks(send=send)
    totals: dict[int, dict[str, int]] = {}
    for (asset_id, _outlet), counts in clicks.items():
        total = totals.setdefault(asset_id, {"people": 0, "clicks": 0, "machine_clicks": 0})
        for name in total:
            total[name] += counts[name]
    empty = {"people": 0, "clicks": 0, "machine_clicks": 0}
    from_newsroom = newsroom.asset_downloads if newsroom is not None else {}
    return [
        AssetRow(
            asset=asset,
            **totals.get(asset.pk, empty),
            newsroom_downloads=from_newsroom.get(asset.pk, 0),
        )
        for asset in Asset.objects.filter(release_id=send.release_id).order_by("order", "pk")
    ]


@dataclass
class RecipientFilters:
    status: str = ""
    outlet: str = ""  # an outlet id, or "none"
    language: str = ""

    @classmethod
    def from_query(cls, query: Any) -> "RecipientFilters":
        """Only values that mean something: anything else is ignored, never an error."""
        status = query.get("status", "")
        outlet = query.get("outlet", "")
        language = query.get("language", "")
        return cls(
            status=status if status in Status.values else "",
            outlet=outlet if outlet == NO_OUTLET or (outlet.isascii() and outlet.isdigit()) else "",
            language=language if language.replace("-", "").isalpha() else "",
        )

    def apply(self, deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
        if self.status:
            deliveries = deliveries.filter(status=self.status)
        if self.outlet == NO_OUTLET:
            deliveries = deliveries.filter(contact__outlet__isnull=True)
        elif self.outlet:
            deliveries = deliveries.filter(contact__outlet_id=int(self.outlet))
        if self.language:
            deliveries = deliveries.filter(language=self.language)
        return deliveries

    def query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in vars(self).items() if v})


def send_recipients(*, send: Send, filters: RecipientFilters) -> QuerySet[Delivery]:
    """The per-recipient rows, filtered, in address order (the send+email index), each with
    its people's downloads counted by a subquery run only for the rows shown."""
    downloads = (
        AssetClick.objects.filter(delivery=OuterRef("pk"), is_machine=False)
        .order_by()
        .values("delivery")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        filters.apply(Delivery.objects.filter(send=send))
        .select_related("contact__outlet")
        .annotate(downloads=Coalesce(Subquery(downloads, output_field=IntegerField()), 0))
        .order_by("email")
    )


def send_languages() -> list[str]:
    """The language variants a delivery can have: the languages offered, and both."""
    return [code for code, _name in settings.LANGUAGES] + ["both"]


# --- The timeline chart: an SVG drawn here, nothing fetched from the internet -----------------

SVG_FRAME = Frame(width=760, height=220, left=40, right=10, bottom=34, top=12, gap=1)


def timeline_svg(timeline: Timeline, zone: str) -> str:
    """The 48-hour chart (distribution/timeline.py) as SVG: each bar says its hour and count."""
    chart = timeline_chart(timeline, zone, SVG_FRAME)
    width, height = SVG_FRAME.width, SVG_FRAME.height
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="timeline-title" class="pr-chart">',
        '<title id="timeline-title">'
        + escape(gettext("People opening and clicking, per hour, first 48 hours"))
        + "</title>",
    ]
    for line in chart.lines:
        y = height - line.y
        parts.append(
            f'<line x1="{SVG_FRAME.left}" y1="{y:.1f}" x2="{width - SVG_FRAME.right}" '
            f'y2="{y:.1f}" stroke="#d1d5db" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{SVG_FRAME.left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#6b7280">{line.value}</text>'
        )
    for bar in chart.bars:
        parts.append(
            f'<rect x="{bar.x:.1f}" y="{height - bar.y - bar.height:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}" fill="{bar.colour}"><title>{escape(hour_label(bar.when))}'
            f" {escape(bar.when.tzname() or '')}: {bar.value} {bar.label}</title></rect>"
        )
    for label in chart.hours:
        parts.append(
            f'<text x="{label.x:.1f}" y="{height - SVG_FRAME.bottom + 16}" font-size="11" '
            f'fill="#6b7280">{escape(label.text)}</text>'
        )
    parts.append(
        f'<text x="{SVG_FRAME.left}" y="{height - 4}" font-size="11" fill="#6b7280">'
        + escape(gettext("Hours in %(zone)s") % {"zone": chart.zone_name})
        + "</text>"
    )
    parts.append("</svg>")
    return "".join(parts)

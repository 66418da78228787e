"""The coverage report of a period, for management: every confirmed story published between two
days (Hong Kong time, both days included) about the releases the officer may see, with the
totals, outlets, top journalists and what each release achieved; as a PDF or an XLSX workbook,
in the active language. The figures are those of the release report (`coverage.report`)."""

import io
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from coverage import services
from coverage.models import CoverageItem
from coverage.report import (
    CoverageSummary,
    _cut,
    _headline,
    _item_rows,
    _rows,
    figures,
    stories_table,
    summary_of,
)
from coverage.scoping import coverage_visible_to
from distribution.report import _figures_table, _font, _para, _table
from releases.models import Release
from releases.scoping import releases_visible_to

# The longest period one report covers: a year of stories is a few thousand rows.
LONGEST_PERIOD_DAYS = 366


@dataclass
class Achieved:
    """What one release achieved in the period."""

    headline: str
    stories: int
    outlets: int
    reach: int
    positive: int
    negative: int


@dataclass
class PeriodReport:
    start: date
    end: date
    summary: CoverageSummary
    releases: list[Achieved]


def period_coverage(user: Any, start: date, end: date) -> PeriodReport:
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    visible = releases_visible_to(user, services.public_releases())
    items = list(
        coverage_visible_to(
            user,
            CoverageItem.objects.filter(
                status=CoverageItem.Status.CONFIRMED,
                published_at__gte=since,
                published_at__lt=until,
            ),
        )
        .select_related("outlet", "journalist")
        .prefetch_related(Prefetch("releases", queryset=visible.select_related("issuer")))
        .order_by("published_at", "pk")
    )
    by_release: dict[int, tuple[Release, list[CoverageItem]]] = {}
    for item in items:
        for release in item.releases.all():
            by_release.setdefault(release.pk, (release, []))[1].append(item)
    achieved = []
    for release, covered in by_release.values():
        summary = summary_of(covered)
        achieved.append(
            Achieved(
                headline=_headline(release),
                stories=len(covered),
                outlets=len(summary.outlets),
                reach=summary.reach,
                positive=summary.tone["positive"],
                negative=summary.tone["negative"],
            )
        )
    achieved.sort(key=lambda row: (-row.stories, -row.reach, row.headline))
    return PeriodReport(start=start, end=end, summary=summary_of(items), releases=achieved)


def _period(report: PeriodReport) -> str:
    return _("%(start)s to %(end)s (HKT)") % {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
    }


def _release_rows(report: PeriodReport) -> list[tuple[Any, ...]]:
    return [
        (row.headline, row.stories, row.outlets, row.reach, row.positive, row.negative)
        for row in report.releases
    ]


def _release_header() -> list[str]:
    return [_("Release"), _("Stories"), _("Outlets"), _("Reach"), _("Positive"), _("Negative")]


def period_xlsx(report: PeriodReport) -> bytes:
    summary = report.summary
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Summary")[:31]
    _rows(sheet, [[_("Coverage report"), _period(report)], []] + [
        [label, value] for label, value in figures(summary)])  # fmt: skip
    _rows(book.create_sheet(_("Releases")[:31]), [
        _release_header(), *[list(row) for row in _release_rows(report)]])  # fmt: skip
    _rows(book.create_sheet(_("Stories")[:31]), [
        [_("Published (HKT)"), _("Outlet"), _("Headline"), _("Medium"), _("Reach"), _("Tone"),
         _("Address")],
        *[[*row, item.url] for row, item in zip(_item_rows(summary), summary.items, strict=True)],
    ])  # fmt: skip
    outlets: list[list[Any]] = [[_("Outlet"), _("Stories"), _("Reach")]]
    _rows(book.create_sheet(_("Outlets")[:31]), outlets + [list(row) for row in summary.outlets])
    _rows(book.create_sheet(_("Journalists")[:31]), [
        [_("Journalist"), _("Outlet"), _("Stories")],
        *[list(row) for row in summary.journalists]])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def period_pdf(report: PeriodReport) -> bytes:
    summary = report.summary
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=19)
    heading = ParagraphStyle("heading", fontName=font, fontSize=10, leading=13, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=8, leading=11)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm,
        bottomMargin=12 * mm, title=_("Coverage report: %(period)s") % {"period": _period(report)},
        author="Pressroom",
    )  # fmt: skip
    width = document.width
    story: list[Any] = [
        _para(_("Coverage report"), heading),
        _para(_period(report), title),
        Spacer(1, 4 * mm),
        _figures_table(figures(summary), width),
        _para(_("What each release achieved"), heading),
    ]
    if report.releases:
        rows = [(_cut(row[0], 56), *row[1:]) for row in _release_rows(report)]
        story.append(_table(_release_header(), rows, [width * 0.5] + [width * 0.1] * 5))
    else:
        story.append(_para(_("No confirmed coverage in this period."), body))
    story += [
        _para(_("Outlets"), heading),
        _table([_("Outlet"), _("Stories"), _("Reach")], summary.outlets[:30],
               [width - 2 * 70, 70, 70]),
        _para(_("Top journalists"), heading),
        _table([_("Journalist"), _("Outlet"), _("Stories")], summary.journalists,
               [width * 0.4, width * 0.45, width * 0.15]),
        _para(_("Stories"), heading),
    ]  # fmt: skip
    if summary.items:
        story.append(stories_table(summary, width))
    document.build(story)
    return buffer.getvalue()

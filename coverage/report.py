"""What a release achieved in the media, for the PR team and its management: confirmed
coverage (items, outlets, reach, tone, top journalists), and the recipients who opened the
release but have not covered it (for follow-up). The same figures make the block on a send's
results page, the XLSX workbook and the PDF (ReportLab with its CID font for Traditional
Chinese, as the morning-after report), in the active language.

"Opened but did not cover": a recipient of any send of the release whose first open or click
was a person's, who is not the journalist of a confirmed item, and whose outlet has no
confirmed item with no journalist named (a story we cannot attribute counts for its outlet)."""

import io
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from contacts.resources import FORMULA_TRIGGERS
from coverage.models import CoverageItem
from distribution.models import AssetClick, Delivery
from distribution.report import _figures_table, _font, _para, _table
from releases.models import Release, format_in_zone

TOP = 10


@dataclass
class CoverageSummary:
    items: list[CoverageItem]
    outlets: list[tuple[str, int, int]]  # name, items, reach
    journalists: list[tuple[str, str, int]]  # name, outlet, items
    reach: int
    tone: Counter[str] = field(default_factory=Counter)


@dataclass
class FollowUp:
    email: str
    name: str
    outlet: str
    opened_at: Any
    downloads: int


def confirmed_coverage(release: Release) -> QuerySet[CoverageItem]:
    return (
        CoverageItem.objects.filter(releases=release, status=CoverageItem.Status.CONFIRMED)
        .select_related("outlet", "journalist")
        .order_by("published_at", "pk")
    )


def coverage_summary(release: Release) -> CoverageSummary:
    return summary_of(list(confirmed_coverage(release)))


def summary_of(items: list[CoverageItem]) -> CoverageSummary:
    """Stories, outlets (by stories, then reach), top journalists, reach and tone of `items`."""
    outlets: dict[str, list[int]] = {}
    journalists: Counter[tuple[str, str]] = Counter()
    tone: Counter[str] = Counter()
    for item in items:
        name = str(item.outlet) if item.outlet else _("Outlet not known")
        row = outlets.setdefault(name, [0, 0])
        row[0] += 1
        row[1] += item.reach or 0
        if item.journalist:
            journalists[(_contact_name(item.journalist), name)] += 1
        tone[item.tone or "unset"] += 1
    return CoverageSummary(
        items=items,
        outlets=sorted(
            ((name, n, reach) for name, (n, reach) in outlets.items()),
            key=lambda row: (-row[1], -row[2], row[0]),
        ),
        journalists=[(name, outlet, n) for (name, outlet), n in journalists.most_common(TOP)],
        reach=sum(item.reach or 0 for item in items),
        tone=tone,
    )


def opened_but_not_covered(release: Release) -> list[FollowUp]:
    """Recipients who opened (a person) and have not covered it, by address."""
    covered = confirmed_coverage(release)
    journalist_ids = {pk for pk in covered.values_list("journalist_id", flat=True) if pk}
    unattributed_outlets = set(
        covered.filter(journalist__isnull=True, outlet__isnull=False).values_list(
            "outlet_id", flat=True
        )
    )
    opened = (
        Delivery.objects.filter(send__release=release)
        .filter(Q(opened_at__isnull=False) | Q(clicked_at__isnull=False))
        .exclude(contact_id__in=journalist_ids)
        .exclude(contact__outlet_id__in=unattributed_outlets)
        .select_related("contact__outlet")
        .order_by("email", "pk")
    )
    downloads = Counter(
        AssetClick.objects.filter(delivery__send__release=release, is_machine=False)
        .values_list("delivery__email", flat=True)
    )  # fmt: skip
    seen: dict[str, FollowUp] = {}
    for delivery in opened:
        if delivery.email in seen:
            continue
        contact = delivery.contact
        seen[delivery.email] = FollowUp(
            email=delivery.email,
            name=_contact_name(contact) if contact else "",
            outlet=str(contact.outlet) if contact and contact.outlet else "",
            opened_at=delivery.opened_at or delivery.clicked_at,
            downloads=downloads.get(delivery.email, 0),
        )
    return list(seen.values())


def _contact_name(contact: Any) -> str:
    chinese = (translation.get_language() or "").startswith("zh")
    first, second = (contact.name_zh_hant, contact.name_en) if chinese else (
        contact.name_en, contact.name_zh_hant)  # fmt: skip
    return first or second or contact.email


TONES = {"positive": CoverageItem.Tone.POSITIVE, "neutral": CoverageItem.Tone.NEUTRAL,
         "negative": CoverageItem.Tone.NEGATIVE}  # fmt: skip


def figures(summary: CoverageSummary) -> list[tuple[str, int]]:
    return [
        (_("Stories"), len(summary.items)),
        (_("Outlets"), len(summary.outlets)),
        (_("Reach"), summary.reach),
        (_("Positive"), summary.tone["positive"]),
        (_("Neutral"), summary.tone["neutral"]),
        (_("Negative"), summary.tone["negative"]),
    ]


def _medium(item: CoverageItem) -> str:
    if item.medium == CoverageItem.Medium.PRINT and item.print_page:
        return _("Print, page %(page)s") % {"page": item.print_page}
    if item.medium == CoverageItem.Medium.BROADCAST and item.programme:
        when = f", {format_in_zone(item.broadcast_at)}" if item.broadcast_at else ""
        return f"{item.programme}{when}"
    return str(item.get_medium_display())


def _item_rows(summary: CoverageSummary) -> list[tuple[Any, ...]]:
    return [
        (
            item.published_display() or "—",
            str(item.outlet) if item.outlet else "—",
            item.headline,
            _medium(item),
            item.reach if item.reach is not None else "",
            item.get_tone_display() if item.tone else "—",
        )
        for item in summary.items
    ]


def _headline(release: Release) -> str:
    language = translation.get_language() or "en"
    return release.headline("zh-hant" if language.startswith("zh") else "en") or str(release)


# --- XLSX ---------------------------------------------------------------------------------


def report_xlsx(release: Release, *, follow_ups: list[FollowUp] | None) -> bytes:
    summary = coverage_summary(release)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("Summary")[:31]
    _rows(sheet, [[_("Coverage report"), _headline(release)], []] + [
        [label, value] for label, value in figures(summary)])  # fmt: skip
    _rows(book.create_sheet(_("Stories")[:31]), [
        [_("Published (HKT)"), _("Outlet"), _("Headline"), _("Medium"), _("Reach"), _("Tone"),
         _("Address")],
        *[[*row, item.url] for row, item in zip(_item_rows(summary), summary.items, strict=True)],
    ])  # fmt: skip
    outlets: list[list[Any]] = [[_("Outlet"), _("Stories"), _("Reach")]]
    outlets += [list(row) for row in summary.outlets]
    _rows(book.create_sheet(_("Outlets")[:31]), outlets)
    journalists: list[list[Any]] = [[_("Journalist"), _("Outlet"), _("Stories")]]
    journalists += [list(row) for row in summary.journalists]
    _rows(book.create_sheet(_("Journalists")[:31]), journalists)
    if follow_ups is not None:
        _rows(book.create_sheet(_("Opened, not covered")[:31]), [
            [_("Address"), _("Name"), _("Outlet"), _("Opened (HKT)"), _("Downloads")],
            *[[f.email, f.name, f.outlet, format_in_zone(f.opened_at) if f.opened_at else "",
               f.downloads] for f in follow_ups],
        ])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(sheet: Any, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                cell.data_type = "s"  # text, never a formula


# --- PDF ----------------------------------------------------------------------------------


def report_pdf(release: Release, *, follow_ups: list[FollowUp] | None) -> bytes:
    summary = coverage_summary(release)
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=19)
    heading = ParagraphStyle("heading", fontName=font, fontSize=10, leading=13, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=8, leading=11)
    buffer = io.BytesIO()
    headline = _headline(release)
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm,
        bottomMargin=12 * mm, title=_("Coverage report: %(headline)s") % {"headline": headline},
        author="Pressroom",
    )  # fmt: skip
    width = document.width
    story: list[Any] = [
        _para(_("Coverage report"), heading),
        _para(headline, title),
        _para(
            _("Public since %(moment)s.") % {"moment": format_in_zone(release.public_since())},
            body,
        ),
        Spacer(1, 4 * mm),
        _figures_table(figures(summary), width),
        _para(_("Stories"), heading),
    ]
    if summary.items:
        story.append(stories_table(summary, width))
    else:
        story.append(_para(_("No confirmed coverage yet."), body))
    story += [
        _para(_("Outlets"), heading),
        _table([_("Outlet"), _("Stories"), _("Reach")], summary.outlets,
               [width - 2 * 70, 70, 70]),
        _para(_("Top journalists"), heading),
        _table([_("Journalist"), _("Outlet"), _("Stories")], summary.journalists,
               [width * 0.4, width * 0.45, width * 0.15]),
    ]  # fmt: skip
    if follow_ups is not None:
        story.append(_para(_("Opened, not covered: for follow-up"), heading))
        story.append(
            _table(
                [_("Address"), _("Name"), _("Outlet"), _("Downloads")],
                [(f.email, f.name, _cut(f.outlet), f.downloads) for f in follow_ups],
                [width * 0.35, width * 0.2, width * 0.3, width * 0.15],
                numbers=False,
            )
            if follow_ups
            else _para(_("None."), body)
        )
    document.build(story)
    return buffer.getvalue()


LIMITS = (24, 22, 46, 16, 12, 12)  # the stories table's columns, in half-width characters


def stories_table(summary: CoverageSummary, width: float) -> Any:
    """The PDF's table of stories: when, outlet, headline, medium, reach and tone."""
    return _table(
        [_("Published (HKT)"), _("Outlet"), _("Headline"), _("Medium"), _("Reach"), _("Tone")],
        [
            tuple(_cut(cell, limit) for cell, limit in zip(row, LIMITS, strict=True))
            for row in _item_rows(summary)
        ],
        [width * 0.17, width * 0.17, width * 0.36, width * 0.12, width * 0.09, width * 0.09],
        numbers=False,
    )


def _cut(value: Any, limit: int = 40) -> Any:
    """Table cells do not wrap: text wider than `limit` half-width characters (a Chinese
    character is two) is shortened."""
    if not isinstance(value, str):
        return value
    used = 0
    for index, char in enumerate(value):
        used += 2 if ord(char) > 0x2E80 else 1
        if used > limit:
            return value[: max(index - 1, 0)] + "…"
    return value


def morning_after_section(send: Any) -> tuple[str, list[tuple[str, int]]] | None:
    """Coverage so far in the morning-after report of a send: nothing while there is none."""
    release = send.release
    summary = coverage_summary(release)
    waiting = CoverageItem.objects.filter(
        releases=release, status=CoverageItem.Status.PROPOSED
    ).count()
    if not summary.items and not waiting:
        return None
    return _("Coverage so far"), [*figures(summary), (_("Proposals waiting"), waiting)]


def published_moments(send: Any, start: Any, end: Any) -> list[Any]:
    """When each confirmed story about the send's release was published, in [start, end): the
    send's 48-hour chart shows them beside its opens and clicks."""
    return list(
        confirmed_coverage(send.release)
        .filter(published_at__gte=start, published_at__lt=end)
        .values_list("published_at", flat=True)
    )

"""The morning-after report: MORNING_AFTER_HOURS after an immediate-release send started, the
release's author and approver get one page of its results in their admin language: delivered,
opened and clicked by people, top outlets, asset downloads, bounces to fix, with the results
page's two charts (the funnel and the first 48 hours). The same page is a PDF on the results
page.

The email carries the figures as HTML tables (what every mail program shows) and the charts in
the attached PDF: inline SVG is dropped by Gmail and Outlook, and a PNG would need a raster
renderer; the PDF draws the charts as vectors and is the very file the results page offers.
The PDF is ReportLab's (pure wheels): Chinese is set in its built-in CID font MSung-Light
(Traditional Chinese), which every PDF reader supplies, so no font file ships with Pressroom.

The database schedules, Celery executes: a beat task finds the sends whose report is due and
claims each with a conditional UPDATE of `Send.report_sent_at`, so with two beats (or a task
run twice) one report goes. Claim, then send: a mail server that fails after the claim loses
that report (logged), it never sends it twice."""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import cidfonts, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from audit.preferences import user_language
from distribution import results
from distribution.models import Delivery, Send
from distribution.timeline import Frame, Timeline, timeline_chart
from releases.models import format_in_zone

logger = logging.getLogger(__name__)

TOP_OUTLETS = 5
BOUNCES_LISTED = 10
FONT = "MSung-Light"  # ReportLab's CID font for Traditional Chinese; Latin letters too
BLUE = colors.HexColor("#2563eb")
GREY = colors.HexColor("#6b7280")


# Sections that apps above distribution add to the report (coverage: what the media ran so far),
# so distribution imports none of them: each a function of the send giving a title and
# (label, count) figures in the active language, or None to add nothing.
Section = tuple[str, list[tuple[str, int]]]
REPORT_SECTIONS: list[Callable[[Send], Section | None]] = []


@dataclass
class Report:
    send: Send
    zone: str
    funnel: dict[str, int]
    timeline: Timeline
    outlets: list[results.OutletRow]  # the top ones: most people opening first
    assets: list[results.AssetRow]
    bounces: list[Delivery]  # the first BOUNCES_LISTED bounced or failed, by address
    bounces_total: int
    newsroom: results.NewsroomFigures = field(default_factory=results.NewsroomFigures)

    @property
    def downloads(self) -> int:
        return sum(row.clicks for row in self.assets)


def send_report(*, send: Send) -> Report:
    """The report's figures, from the same queries as the results page."""
    by_outlet = results.send_counts_by_outlet(send=send)
    clicks = results.send_asset_clicks(send=send)
    outlets = results.send_outlets(send=send, by_outlet=by_outlet, clicks=clicks)
    outlets.sort(key=lambda row: (-row.opened, -row.clicked, -row.recipients, row.name))
    bounced = Delivery.objects.filter(
        send=send, status__in=[Delivery.Status.BOUNCED, Delivery.Status.FAILED]
    )
    tallies = results.send_tallies(send=send)
    newsroom = results.release_newsroom_figures(release_id=send.release_id)
    return Report(
        send=send,
        zone=send.release.issuer.time_zone,
        funnel=results.send_funnel(send=send, by_outlet=by_outlet, tallies=tallies),
        timeline=results.send_timeline(send=send, tallies=tallies),
        outlets=outlets[:TOP_OUTLETS],
        assets=results.send_assets(send=send, clicks=clicks, newsroom=newsroom),
        newsroom=newsroom,
        bounces=list(bounced.select_related("contact").order_by("email")[:BOUNCES_LISTED]),
        bounces_total=bounced.count(),
    )


def report_context(report: Report) -> dict[str, Any]:
    """What the email and the PDF show, labelled in the active language."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    funnel = report.funnel
    return {
        "headline": report.send.release.headline(language) or str(report.send.release),
        "started": format_in_zone(results.send_started(report.send), report.zone),
        "figures": [
            (_("Recipients"), funnel["recipients"]),
            (_("Delivered"), funnel["delivered"]),
            (_("Opened by people"), funnel["opened"]),
            (_("Clicked by people"), funnel["clicked"]),
            (_("Asset downloads"), report.downloads),
            (_("Bounced or failed"), funnel["bounced"] + funnel["failed"]),
            (_("Newsroom page views"), report.newsroom.views),
            (_("Newsroom downloads"), report.newsroom.downloads),
            *(
                [
                    (_("Opens counted (recipients not tracked)"), funnel["opens_counted"]),
                    (_("Clicks counted (recipients not tracked)"), funnel["clicks_counted"]),
                ]
                if funnel["opens_counted"] or funnel["clicks_counted"]
                else []
            ),
        ],
        "outlets": [
            (
                row.name if row.outlet_id else _("No outlet"),
                row.recipients,
                row.opened,
                row.clicked,
                row.downloads,
            )
            for row in report.outlets
        ],
        "assets": [(row.asset.caption(language), row.people, row.clicks) for row in report.assets],
        "bounces": [
            (
                d.email,
                (d.contact.name_en or d.contact.name_zh_hant) if d.contact else "",
                d.error or d.get_status_display(),
            )
            for d in report.bounces
        ],
        "bounces_more": report.bounces_total - len(report.bounces),
        "sections": [found for section in REPORT_SECTIONS if (found := section(report.send))],
        "results_url": settings.SITE_URL
        + reverse("admin:distribution_send_results", args=[report.send.pk]),
    }


# --- The PDF ---------------------------------------------------------------------------------


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        # ReportLab pairs MSung-Light (collection Adobe-CNS1) with Simplified Chinese's CMap,
        # UniGB-UCS2-H (Adobe-GB1): poppler, and so most Linux viewers, then draw no text at all,
        # English or Chinese. The Unicode CMap of the font's own collection reads everywhere.
        cidfonts.defaultUnicodeEncodings[FONT] = ("cht", "UniCNS-UCS2-H")
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _funnel_chart(funnel: dict[str, int], width: float) -> Drawing:
    """The results page's funnel: one bar per step, as wide as its share of the recipients."""
    steps = [
        (_("Recipients"), funnel["recipients"]),
        (_("Sent"), funnel["sent"]),
        (_("Delivered"), funnel["delivered"]),
        (_("Opened by people"), funnel["opened"]),
        (_("Clicked by people"), funnel["clicked"]),
    ]
    row, label_w, number_w = 14, 90, 70
    drawing = Drawing(width, row * len(steps))
    track = width - label_w - number_w
    whole = funnel["recipients"] or 1
    for index, (label, count) in enumerate(steps):
        y = row * (len(steps) - index - 1) + 3
        percent = round(100 * count / whole)
        drawing.add(String(0, y + 1, label, fontName=_font(), fontSize=8))
        drawing.add(Rect(label_w, y, track, 9, fillColor=colors.whitesmoke, strokeColor=GREY))
        drawing.add(Rect(label_w, y, track * count / whole, 9, fillColor=BLUE, strokeColor=None))
        drawing.add(
            String(width, y + 1, f"{count} ({percent}%)", fontName=_font(), fontSize=8,
                   textAnchor="end")
        )  # fmt: skip
    return drawing


def _timeline_legend(timeline: Timeline) -> str:
    legend = _("Blue: first opens (%(opens)d). Amber: first clicks (%(clicks)d).") % {
        "opens": sum(timeline.opens),
        "clicks": sum(timeline.clicks),
    }
    if any(timeline.stories):
        legend += " " + _("Green: stories published (%(stories)d).") % {
            "stories": sum(timeline.stories)
        }
    return legend


def _timeline_chart(timeline: Timeline, zone: str, width: float) -> Drawing:
    """The 48-hour chart (distribution/timeline.py), drawn as PDF vectors."""
    chart = timeline_chart(
        timeline, zone, Frame(width=width, height=120, left=24, right=0, bottom=18, top=6, gap=0.5)
    )
    drawing = Drawing(width, chart.frame.height)
    for line in chart.lines:
        drawing.add(
            Line(chart.frame.left, line.y, width, line.y, strokeColor=colors.lightgrey,
                 strokeWidth=0.5)
        )  # fmt: skip
        drawing.add(
            String(chart.frame.left - 3, line.y - 3, str(line.value), fontName=_font(),
                   fontSize=7, fillColor=GREY, textAnchor="end")
        )  # fmt: skip
    for bar in chart.bars:
        drawing.add(
            Rect(bar.x, bar.y, bar.width, bar.height, fillColor=colors.HexColor(bar.colour),
                 strokeColor=None)
        )  # fmt: skip
    for label in chart.hours:
        drawing.add(String(label.x, 4, label.text, fontName=_font(), fontSize=6, fillColor=GREY))
    return drawing


def _table(
    header: list[str], rows: list[tuple[Any, ...]], widths: list[float], *, numbers: bool = True
) -> Table:
    """The first column is a name; the others are numbers, aligned right, unless `numbers` is
    False."""
    table = Table([header, *[[str(cell) for cell in row] for row in rows]], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _font(), 8),
                ("TEXTCOLOR", (0, 0), (-1, 0), GREY),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, GREY),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT" if numbers else "LEFT"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def report_pdf(report: Report) -> bytes:
    """One A4 page in the active language."""
    context = report_context(report)
    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=19)
    heading = ParagraphStyle("heading", fontName=font, fontSize=10, leading=13, spaceBefore=8)
    body = ParagraphStyle("body", fontName=font, fontSize=8, leading=11, textColor=GREY)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=12 * mm,
        title=_("Morning-after report: %(headline)s") % {"headline": context["headline"]},
        author="Pressroom",
    )
    width = document.width
    figures = context["figures"]
    funnel = report.funnel
    story: list[Any] = [
        _para(context["headline"], title),
        _para(
            _("For immediate release, sent %(started)s: the first %(hours)s hours.")
            % {"started": context["started"], "hours": _hours()},
            body,
        ),
        Spacer(1, 4 * mm),
        _figures_table(figures, width),
        _para(_("From recipients to people"), heading),
        _funnel_chart(funnel, width),
        _para(_("Opens and clicks by people, first 48 hours"), heading),
        _timeline_chart(report.timeline, report.zone, width),
        _para(_timeline_legend(report.timeline), body),
    ]
    for section_title, section_figures in context["sections"]:
        story += [_para(section_title, heading), _figures_table(section_figures, width)]
    story += [
        _para(_("Top outlets"), heading),
        _table(
            [_("Outlet"), _("Recipients"), _("Opened"), _("Clicked"), _("Downloads")],
            context["outlets"],
            [width - 4 * 60, 60, 60, 60, 60],
        ),
        _para(_("Asset downloads"), heading),
        _table(
            [_("Asset"), _("People"), _("Downloads by people")],
            context["assets"],
            [width - 2 * 80, 80, 80],
        ),
        _para(_("Bounces to fix"), heading),
    ]
    if context["bounces"]:
        story.append(
            _table(
                [_("Address"), _("Name"), _("Reason")],
                context["bounces"],
                [width * 0.35, width * 0.25, width * 0.4],
                numbers=False,
            )
        )
        if context["bounces_more"]:
            story.append(_para(_more(context["bounces_more"]), body))
    else:
        story.append(_para(_("None: every address took the release."), body))
    story.append(Spacer(1, 3 * mm))
    story.append(_para(_("Opened, clicked and downloads count people only."), body))
    document.build(story)
    return buffer.getvalue()


def _figures_table(figures: list[tuple[str, int]], width: float) -> Table:
    table = Table(
        [[str(count) for _label, count in figures], [label for label, _count in figures]],
        colWidths=[width / len(figures)] * len(figures),
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), _font(), 16),
                ("FONT", (0, 1), (-1, 1), _font(), 7),
                ("TEXTCOLOR", (0, 1), (-1, 1), GREY),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.lightgrey),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.lightgrey),
            ]
        )
    )
    return table


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph text is a small markup language: escape what is not markup."""
    return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style)


def _hours() -> str:
    return f"{settings.MORNING_AFTER_HOURS:g}"


def _more(count: int) -> str:
    # The msgid of the email templates' {% blocktranslate count %}: one translation for both.
    return translation.ngettext(
        "…and %(count)s more on the results page.",
        "…and %(count)s more on the results page.",
        count,
    ) % {"count": count}


# --- Who gets it, and when --------------------------------------------------------------------


def report_recipients(send: Send) -> list[Any]:
    """The release's author and its approver: active users with an address, each once."""
    release = send.release
    ids = {pk for pk in (release.created_by_id, release.approved_by_id) if pk}
    users = get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email="")
    return list(users.order_by("pk"))


def report_email(*, report: Report, to: str, pdf: bytes) -> EmailMultiAlternatives:
    """The email in the active language, the PDF attached."""
    context = {**report_context(report), "hours": _hours()}
    subject = _("Morning-after report: %(headline)s") % {"headline": context["headline"]}
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string("distribution/email/morning_after.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    message.attach_alternative(
        render_to_string("distribution/email/morning_after.html", context), "text/html"
    )
    message.attach(f"morning-after-{report.send.pk}.pdf", pdf, "application/pdf")
    return message


def report_language(user: Any) -> str:
    language = user_language(user)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def morning_after_send(*, now: datetime | None = None) -> int:
    """Send every report that is due and not sent yet; returns how many sends were reported.
    Due: an immediate-release send that is sent and started MORNING_AFTER_HOURS ago, but not
    more than MORNING_AFTER_LATE_HOURS later than that (a beat down for days does not mail a
    pile of stale reports when it comes back)."""
    now = now or timezone.now()
    due = now - timedelta(hours=settings.MORNING_AFTER_HOURS)
    stale = due - timedelta(hours=settings.MORNING_AFTER_LATE_HOURS)
    candidates = Send.objects.filter(
        kind=Send.Kind.IMMEDIATE,
        status=Send.Status.SENT,
        report_sent_at__isnull=True,
        started_at__lte=due,
        started_at__gt=stale,
    ).values_list("pk", flat=True)
    reported = 0
    for send_id in list(candidates):
        # The claim: of two beats (or a task run twice) only one changes the row.
        if not Send.objects.filter(pk=send_id, report_sent_at__isnull=True).update(
            report_sent_at=now
        ):
            continue
        send = Send.objects.select_related("release__issuer").get(pk=send_id)
        try:
            report_deliver(send=send)
        except Exception:
            logger.exception("Morning-after report of send %s could not be sent", send_id)
        reported += 1
    return reported


def report_deliver(*, send: Send) -> int:
    """Email the report to its recipients, each in their language, over one connection."""
    report = send_report(send=send)
    messages = []
    pdfs: dict[str, bytes] = {}
    for user in report_recipients(send):
        language = report_language(user)
        with translation.override(language):
            if language not in pdfs:
                pdfs[language] = report_pdf(report)
            messages.append(report_email(report=report, to=user.email, pdf=pdfs[language]))
    if messages:
        get_connection(fail_silently=False).send_messages(messages)
    return len(messages)

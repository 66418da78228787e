"""Coverage from a list: URLs pasted one a line, or a monitoring service's CSV or XLSX export
(read by contacts' spreadsheet reader: UTF-8, Big5, UTF-16, XLSX). Each story is matched to
its outlet by domain (or by an outlet column naming a known outlet), recorded once per
canonical address for the releases the officer chose, and every row that cannot be used is
reported with its line and the reason; the good rows still go in (none in a dry run)."""

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from contacts.importing import Table, UnreadableFile, read_table
from contacts.models import MediaContact, Outlet
from coverage.canonical import NotAWebAddress, canonical_url
from coverage.models import CoverageItem
from coverage.services import coverage_record, outlet_for_url, outlets_by_domain
from releases.models import Release

MAX_ROWS = 20_000

# Header (lower case, spaces and punctuation removed) -> our field. Monitoring services'
# exports (Meltwater, Cision, Wisers, Google Alerts) and the Chinese headers PR teams use.
HEADERS: dict[str, str] = {
    **dict.fromkeys(["url", "link", "address", "articleurl", "網址", "連結", "链接"], "url"),
    **dict.fromkeys(["headline", "title", "articletitle", "標題", "标题", "新聞標題"], "headline"),
    **dict.fromkeys(["outlet", "source", "publication", "media", "媒體", "媒体", "來源"], "outlet"),
    **dict.fromkeys(
        ["date", "published", "publishedat", "publicationdate", "time", "日期", "刊出日期"],
        "published_at",
    ),
    **dict.fromkeys(["author", "journalist", "byline", "記者", "作者"], "journalist"),
    **dict.fromkeys(
        ["reach", "circulation", "audience", "readership", "閱讀人數", "發行量", "接觸人數"],
        "reach",
    ),
    **dict.fromkeys(["page", "版面", "頁"], "print_page"),
    **dict.fromkeys(["programme", "program", "節目"], "programme"),
    **dict.fromkeys(["language", "lang", "語言"], "language"),
    **dict.fromkeys(["snippet", "summary", "excerpt", "摘要", "內容"], "snapshot_paragraph"),
}
DATE_FORMATS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%Y/%m/%d %H:%M", "%Y/%m/%d", "%d %b %Y %H:%M", "%d %b %Y", "%b %d, %Y",
]  # fmt: skip
CHINESE_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2}):(\d{2}))?"
)


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # canonical addresses
    already: list[tuple[int, str]] = field(default_factory=list)  # (line, address)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    no_outlet: list[tuple[int, str]] = field(default_factory=list)  # (line, domain)
    dry_run: bool = False


def _key(header: str) -> str:
    return re.sub(r"[\s_\-./:()（）]", "", header.lower())


def _parse_time(text: str) -> datetime:
    """A date as monitoring exports write it, in the issuer's zone (HKT) unless it says."""
    text = text.strip()
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    chinese = CHINESE_DATE.search(text)
    if chinese:
        year, month, day, hour, minute = (int(g) if g else 0 for g in chinese.groups())
        return datetime(year, month, day, hour, minute, tzinfo=zone)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for pattern in DATE_FORMATS:
            try:
                parsed = datetime.strptime(text, pattern)  # noqa: DTZ007 -- zone set below
                break
            except ValueError:
                continue
        else:
            raise ValueError(text) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)


def _pasted_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """One URL a line; anything after the URL (a tab or spaces) is taken as its headline."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        url, _sep, rest = line.partition("\t") if "\t" in line else line.partition(" ")
        rows.append((number, {"url": url.strip(), "headline": rest.strip()}))
    return rows


def _table_rows(table: Table) -> list[tuple[int, dict[str, str]]]:
    columns = {i: HEADERS[_key(h)] for i, h in enumerate(table.header) if _key(h) in HEADERS}
    if "url" not in columns.values():
        raise UnreadableFile(
            gettext("The file has no column of web addresses (a header such as URL or Link).")
        )
    rows = []
    for number, cells in table.rows:
        values = {name: "" for name in columns.values()}
        for index, name in columns.items():
            if index < len(cells):
                values[name] = str(cells[index]).strip()
        rows.append((number, values))
    return rows


def read_rows(*, text: str = "", data: bytes = b"") -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers, from a paste or a file. Raises UnreadableFile."""
    if data:
        return _table_rows(read_table(data, max_rows=MAX_ROWS))
    return _pasted_rows(text)


def coverage_import(
    *,
    rows: list[tuple[int, dict[str, str]]],
    releases: list[Release],
    dry_run: bool = False,
) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    by_domain = outlets_by_domain()
    by_name = {
        name.casefold(): outlet
        for outlet in Outlet.objects.all()
        for name in (outlet.name_en, outlet.name_zh_hant)
        if name
    }
    seen: dict[str, int] = {}
    with transaction.atomic():
        for line, values in rows:
            problem = _record_row(line, values, releases, report, by_domain, by_name, seen)
            if problem:
                report.problems.append((line, problem))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _record_row(
    line: int,
    values: dict[str, str],
    releases: list[Release],
    report: ImportReport,
    by_domain: dict[str, Outlet],
    by_name: dict[str, Outlet],
    seen: dict[str, int],
) -> str | None:
    """Record one row; the reason it cannot be used, or None."""
    url = values.get("url", "")
    if not url:
        return gettext("No web address.")
    try:
        canonical = canonical_url(url)
    except NotAWebAddress:
        return gettext("“%(value)s” is not a web address (http or https).") % {"value": url[:200]}
    if len(url) > 2000:
        return gettext("The web address is longer than 2,000 characters.")
    if canonical in seen:
        return gettext("The same story as line %(line)s.") % {"line": seen[canonical]}
    seen[canonical] = line
    fields: dict[str, Any] = {}
    if values.get("published_at"):
        try:
            fields["published_at"] = _parse_time(values["published_at"])
        except (ValueError, OverflowError):
            return gettext("“%(value)s” is not a date.") % {"value": values["published_at"][:50]}
    if values.get("reach"):
        digits = values["reach"].replace(",", "").replace(" ", "")
        if digits.endswith(".0"):
            digits = digits[:-2]
        if not (digits.isascii() and digits.isdigit()) or len(digits) > 15:
            return gettext("Reach “%(value)s” is not a whole number.") % {
                "value": values["reach"][:50]
            }
        fields["reach"] = int(digits)
    outlet = outlet_for_url(url, by_domain) or by_name.get(values.get("outlet", "").casefold())
    if outlet is None:
        report.no_outlet.append((line, canonical.split("/")[2]))
    fields["outlet"] = outlet
    if values.get("print_page"):
        fields.update(medium=CoverageItem.Medium.PRINT, print_page=values["print_page"][:50])
    if values.get("programme"):
        fields.update(medium=CoverageItem.Medium.BROADCAST, programme=values["programme"][:200])
    language = _language(values.get("language", ""), values.get("headline", ""))
    if language:
        fields["language"] = language
    if values.get("snapshot_paragraph"):
        fields["snapshot_paragraph"] = values["snapshot_paragraph"][:5000]
    if values.get("journalist") and outlet is not None:
        fields["journalist"] = _journalist(values["journalist"], outlet)
    item, created = coverage_record(
        url=url,
        headline=values.get("headline", "") or "",
        releases=releases,
        found_by=CoverageItem.FoundBy.IMPORT,
        status=CoverageItem.Status.CONFIRMED,
        **fields,
    )
    if created:
        report.created.append(item.canonical_url)
    else:
        report.already.append((line, item.canonical_url))
    return None


def _language(value: str, headline: str) -> str:
    value = value.strip().lower()
    if value in ("en", "english", "英文"):
        return "en"
    if value in ("zh", "zh-hant", "chinese", "中文", "繁體中文", "zh-hk", "zh-tw"):
        return "zh-hant"
    if re.search(r"[\u4e00-\u9fff]", headline):
        return "zh-hant"
    return "en" if headline else ""


def _journalist(name: str, outlet: Outlet) -> MediaContact | None:
    """The outlet's contact of that name (English or Chinese), if exactly one."""
    found = list(MediaContact.objects.filter(outlet=outlet, name_en__iexact=name)[:2]) or list(
        MediaContact.objects.filter(outlet=outlet, name_zh_hant=name)[:2]
    )
    return found[0] if len(found) == 1 else None

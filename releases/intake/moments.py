"""Dates and times as releases write them: 「2025 年 9 月 1 日」, "1 September 2025",
"September 1, 2025", "10:00 am HKT", 「上午 10 時」. Times are the issuer's zone (HKT)."""

import re
import zoneinfo
from datetime import date, datetime, time

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_EN = rf"(?:\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
DATE_ZH = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})\s+({_MONTH}),?\s+(\d{{4}})", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(
    rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE
)
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EN_TIME = re.compile(
    r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?=\s|,|\)|$|\s*(?:hkt|hong kong))",
    re.IGNORECASE,
)
_ZH_TIME = re.compile(
    r"(上午|下午|中午|晚上|凌晨)?\s*(\d{1,2})\s*(?:時|點|:|：)\s*(?:(\d{1,2})\s*分?)?"
)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    match = _ZH_DATE.search(text)
    if match:
        return _safe_date(int(match[1]), int(match[2]), int(match[3]))
    match = _DAY_MONTH_YEAR.search(text)
    if match:
        return _safe_date(int(match[3]), _month(match[2]), int(match[1]))
    match = _MONTH_DAY_YEAR.search(text)
    if match:
        return _safe_date(int(match[3]), _month(match[1]), int(match[2]))
    return None


def _parse_time(text: str) -> time | None:
    without_dates = _ZH_DATE.sub(" ", _DAY_MONTH_YEAR.sub(" ", _MONTH_DAY_YEAR.sub(" ", text)))
    match = _ZH_TIME.search(without_dates)
    if match and (match[1] or "時" in match[0] or "點" in match[0]):
        hour, minute = int(match[2]), int(match[3] or 0)
        if match[1] in {"下午", "晚上"} and hour < 12:
            hour += 12
        if match[1] == "凌晨" and hour == 12:
            hour = 0
        return time(hour, minute) if hour < 24 and minute < 60 else None
    if re.search(r"\bnoon\b|中午十二時", without_dates, re.IGNORECASE):
        return time(12, 0)
    for match in _EN_TIME.finditer(without_dates):
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if not half and match[2] is None:
            continue  # a bare number is not a time
        if half.startswith("p") and hour < 12:
            hour += 12
        if half.startswith("a") and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return time(hour, minute)
    return None


def parse_moment(text: str, zone: str) -> datetime | None:
    """The moment `text` names, in `zone`, when it gives both a date and a time."""
    day, moment = parse_date(text), _parse_time(text)
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment, tzinfo=zoneinfo.ZoneInfo(zone))

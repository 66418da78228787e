"""The bilingual check: compare the English and Traditional Chinese versions of a release and
report what differs — numbers and percentages, money, dates, quotes and paragraphs — so a
figure typed wrong in one language is caught before journalists see it.

Numbers are compared as values, not as text: "2,292", "2292" and "二千二百九十二" are the same
number; "HK$2.597 billion" and "25 億 9,700 萬港元" the same amount; "1 September 2025" and
"2025 年 9 月 1 日" the same date."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from html import unescape
from typing import Any

from django.utils.html import strip_tags
from django.utils.translation import gettext

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
EN_SCALES = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_BIG_UNITS = {"萬": Decimal(10) ** 4, "万": Decimal(10) ** 4, "億": Decimal(10) ** 8,
                "亿": Decimal(10) ** 8, "兆": Decimal(10) ** 12}  # fmt: skip

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_NUMERAL = r"[零〇一二兩三四五六七八九十百千]+"
_EN_DATE = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\.?,?\s+(\d{4})\b"
    r"|\b(" + "|".join(MONTHS) + r")\.?\s+(\d{1,2}),?\s+(\d{4})\b",
    re.IGNORECASE,
)
_ZH_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EN_NUMBER = re.compile(
    r"(?P<currency>(?:HK|US|RMB|NT)?\$|RMB\s?|USD\s?|HKD\s?)?"
    r"(?P<number>" + _ARABIC + r")"
    r"(?:\s*(?P<scale>" + "|".join(EN_SCALES) + r")\b)?"
    r"(?P<percent>\s*%|\s*per\s?cent\b)?",
    re.IGNORECASE,
)
# A Chinese amount: digits or numerals with 萬/億 parts, e.g. "25 億 9,700 萬", "19.4 億", "443 億".
_ZH_AMOUNT = re.compile(
    r"(?P<percent_prefix>百分之)?"
    r"(?P<amount>(?:(?:" + _ARABIC + r"|" + _ZH_NUMERAL + r")\s*[萬万億亿兆]\s*)*"
    r"(?:" + _ARABIC + r"|" + _ZH_NUMERAL + r")?)"
    r"(?P<percent>\s*[%％])?"
)
_PERCENT_WORDS = re.compile(r"百分之")


@dataclass(frozen=True)
class Finding:
    """One thing that differs: what kind, what only the English has, what only the Chinese has."""

    kind: str
    message: str
    only_en: tuple[str, ...] = ()
    only_zh: tuple[str, ...] = ()


def plain_text(html: str) -> str:
    text = re.sub(r"(?i)</(p|h[1-6]|li|blockquote)>", "\n", html)
    return unescape(strip_tags(text))


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def zh_numeral_value(text: str) -> Decimal | None:
    """二千二百九十二 -> 2292; 十五 -> 15; 一百零五 -> 105."""
    total = 0
    digit = None
    for char in text:
        if char in ZH_DIGITS:
            digit = ZH_DIGITS[char]
        elif char in ZH_SMALL_UNITS:
            total += (1 if digit is None else digit) * ZH_SMALL_UNITS[char]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return Decimal(total)


def _zh_part(text: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(_ARABIC, text):
        return _decimal(text)
    return zh_numeral_value(text)


def zh_amount_value(text: str) -> Decimal | None:
    """'25 億 9,700 萬' -> 2597000000; '19.4 億' -> 1940000000; '2,292' -> 2292."""
    total = Decimal(0)
    rest = text
    found = False
    for match in re.finditer(r"(" + _ARABIC + r"|" + _ZH_NUMERAL + r")\s*([萬万億亿兆])", text):
        value = _zh_part(match.group(1))
        if value is None:
            return None
        total += value * ZH_BIG_UNITS[match.group(2)]
        found = True
        rest = rest.replace(match.group(0), " ", 1)
    tail = _zh_part(rest.strip())
    if tail is not None:
        total += tail
        found = True
    return total if found else None


def _normal(value: Decimal) -> str:
    normalised = value.normalize()
    text = format(normalised, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def numbers_en(text: str) -> Counter[str]:
    """Numbers, percentages and amounts in English text, as values (years and day numbers of
    dates are left to the date check)."""
    text = _EN_DATE.sub(" ", text)
    found: Counter[str] = Counter()
    for match in _EN_NUMBER.finditer(text):
        value = _decimal(match.group("number"))
        if value is None:
            continue
        if match.group("scale"):
            value *= EN_SCALES[match.group("scale").lower()]
        suffix = "%" if match.group("percent") else ""
        found[_normal(value) + suffix] += 1
    return found


def numbers_zh(text: str) -> Counter[str]:
    text = _ZH_DATE.sub(" ", text)
    found: Counter[str] = Counter()
    # 十強 / 百強 / 千強: "top 10 / 100 / 1000", a number with no digit in it.
    for match in re.finditer(r"(?<![零〇一二兩三四五六七八九十百千\d])([十百千])強", text):
        found[str(ZH_SMALL_UNITS[match.group(1)])] += 1
    for match in _ZH_AMOUNT.finditer(text):
        amount = match.group("amount").strip()
        if not amount or not re.search(r"\d|" + _ZH_NUMERAL, amount):
            continue
        if not re.search(r"\d", amount) and not any(char in ZH_DIGITS for char in amount):
            continue  # a unit word alone, as in 每百萬人 "per million people"
        # A short numeral word is usually part of a phrase (一個, 三分一); count it only when it
        # is a real quantity: several characters long.
        short_word = re.fullmatch(_ZH_NUMERAL, amount) is not None and len(amount) < 3
        if short_word and not match.group("percent_prefix"):
            continue
        value = zh_amount_value(amount)
        if value is None:
            continue
        suffix = "%" if (match.group("percent") or match.group("percent_prefix")) else ""
        found[_normal(value) + suffix] += 1
    return found


def dates_en(text: str) -> Counter[date]:
    found: Counter[date] = Counter()
    for match in _EN_DATE.finditer(text):
        if match.group(1):
            day, month, year = match.group(1), match.group(2), match.group(3)
        else:
            month, day, year = match.group(4), match.group(5), match.group(6)
        try:
            found[date(int(year), MONTHS[month.lower()], int(day))] += 1
        except ValueError:
            continue
    return found


def dates_zh(text: str, default_year: int) -> Counter[date]:
    found: Counter[date] = Counter()
    for match in _ZH_DATE.finditer(text):
        year = int(match.group(1)) if match.group(1) else default_year
        try:
            found[date(year, int(match.group(2)), int(match.group(3)))] += 1
        except ValueError:
            continue
    return found


def quoted_paragraphs(html: str, *, chinese: bool) -> int:
    """Paragraphs that quote someone. English quotes with “…” or "…"; Chinese quotes speech
    after a colon (說：「…」) and uses 「…」 for names too, so only 「 after a colon counts."""
    paragraphs = re.split(r"(?i)</p>", html)
    pattern = re.compile(r"[：:]\s*[「“]" if chinese else r'[“”]|"[^"<]+"')
    return sum(1 for paragraph in paragraphs if pattern.search(unescape(strip_tags(paragraph))))


def paragraph_count(html: str) -> int:
    return len(re.findall(r"(?i)<p[\s>]", html))


def _difference(kind: str, en: Counter[Any], zh: Counter[Any], what: str) -> Finding | None:
    only_en = en - zh
    only_zh = zh - en
    if not only_en and not only_zh:
        return None
    parts = []
    if only_en:
        values = ", ".join(str(v) for v in sorted(only_en.elements(), key=str))
        parts.append(gettext("only in English: %(values)s") % {"values": values})
    if only_zh:
        values = ", ".join(str(v) for v in sorted(only_zh.elements(), key=str))
        parts.append(gettext("only in Chinese: %(values)s") % {"values": values})
    return Finding(
        kind=kind,
        message=gettext("%(what)s differ — %(details)s")
        % {"what": what, "details": "; ".join(parts)},
        only_en=tuple(str(v) for v in sorted(only_en.elements(), key=str)),
        only_zh=tuple(str(v) for v in sorted(only_zh.elements(), key=str)),
    )


def compare(*, en_html: str, zh_html: str, year: int) -> list[Finding]:
    """Everything that differs between the two versions of a text."""
    en, zh = plain_text(en_html), plain_text(zh_html)
    findings = [
        _difference(
            "numbers",
            numbers_en(en),
            numbers_zh(zh),
            gettext("Numbers, percentages or amounts"),
        ),
        _difference("dates", dates_en(en), dates_zh(zh, year), gettext("Dates")),
    ]
    en_quotes = quoted_paragraphs(en_html, chinese=False)
    zh_quotes = quoted_paragraphs(zh_html, chinese=True)
    if en_quotes != zh_quotes:
        findings.append(
            Finding(
                kind="quotes",
                message=gettext(
                    "The English quotes someone in %(en)s paragraph(s), the Chinese in %(zh)s."
                )
                % {"en": en_quotes, "zh": zh_quotes},
            )
        )
    en_paragraphs, zh_paragraphs = paragraph_count(en_html), paragraph_count(zh_html)
    if en_paragraphs != zh_paragraphs:
        findings.append(
            Finding(
                kind="paragraphs",
                message=gettext("The English has %(en)s paragraph(s), the Chinese %(zh)s.")
                % {"en": en_paragraphs, "zh": zh_paragraphs},
            )
        )
    return [finding for finding in findings if finding is not None]

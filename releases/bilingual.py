"""The bilingual check: compare the English and Traditional Chinese versions of a release and
report what differs — numbers and percentages, money, dates, quotes and paragraphs — so a
figure typed wrong in one language is caught before journalists see it.

Numbers are compared as values, not as text: "2,292", "2292" and "二千二百九十二" are the same
number; "HK$2.597 billion" and "25 億 9,700 萬港元" the same amount; "1 September 2025" and
"2025 年 9 月 1 日" the same date; a date written without its year ("1 September", 「9 月 1 日」)
takes the release date's year, and its day is a date, not a number.

Each finding names the sentences it is about, in each language, with what only that side has
marked in them, and carries a key that stays the same while those sentences do: an officer who
has checked a finding marks it so, and it is not raised again until the text changes."""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from html import unescape
from typing import Any

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
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
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# "1 September 2025", "1st September", "September 1, 2025", "Sept. 1": the year is optional.
_EN_DATE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m1>"
    + _MONTH_NAMES
    + r")\b\.?(?:,?\s+(?P<y1>\d{4})\b)?"
    r"|\b(?P<m2>"
    + _MONTH_NAMES
    + r")\b\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y2>\d{4})\b)?",
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


Span = tuple[int, int]


@dataclass(frozen=True)
class Sentence:
    """A sentence of one version as the reader sees it, and where in it is what only this
    version has."""

    text: str
    marks: tuple[Span, ...] = ()

    def html(self) -> SafeString:
        """The sentence, escaped, with the marked parts in <mark>."""
        parts, at = [], 0
        for start, end in sorted(set(self.marks)):
            if start < at:
                continue
            parts += [str(escape(self.text[at:start])), "<mark>", str(escape(self.text[start:end]))]
            parts.append("</mark>")
            at = end
        parts.append(str(escape(self.text[at:])))
        return mark_safe("".join(parts))  # noqa: S308 - every part was escaped above


@dataclass(frozen=True)
class Finding:
    """One thing that differs: what kind, what only the English has, what only the Chinese has,
    and the sentences of each version it is about."""

    kind: str
    message: str
    only_en: tuple[str, ...] = ()
    only_zh: tuple[str, ...] = ()
    en_sentences: tuple[Sentence, ...] = ()
    zh_sentences: tuple[Sentence, ...] = ()
    field: str = ""
    counts: tuple[int, int] | None = None

    @property
    def key(self) -> str:
        """The same while the finding is about the same text: what differs and the sentences
        it is in, in the field it is in (not the message, which is in the reader's language)."""
        parts = [
            self.field,
            self.kind,
            "|".join(self.only_en),
            "|".join(self.only_zh),
            "|".join(sentence.text for sentence in self.en_sentences),
            "|".join(sentence.text for sentence in self.zh_sentences),
            repr(self.counts),
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


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


# Where a sentence ends: 。！？ (with the closing quote after them), . ! ? before a space, or a
# paragraph break. "HK$44.3 billion" does not end a sentence: its point has no space after it.
_SENTENCE_END = re.compile(r"[。！？]+[」』”’\"']*|[.!?]+[”’\"')]*(?=\s)|\n+")


def sentence_spans(text: str) -> list[Span]:
    """Where each sentence of a plain text starts and ends, blanks around it left out."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for begin, end in spans:
        chunk = text[begin:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((begin + left, begin + right))
    return trimmed


def _blank(match: re.Match[str]) -> str:
    """A match replaced by as many spaces, so what is found later keeps its place."""
    return " " * len(match.group(0))


def number_spans_en(text: str) -> list[tuple[str, Span]]:
    """Numbers, percentages and amounts in English text, as values with where each is (the
    parts of a date are left to the date check)."""
    text = _EN_DATE.sub(_blank, text)
    found = []
    for match in _EN_NUMBER.finditer(text):
        value = _decimal(match.group("number"))
        if value is None:
            continue
        if match.group("scale"):
            value *= EN_SCALES[match.group("scale").lower()]
        suffix = "%" if match.group("percent") else ""
        found.append((_normal(value) + suffix, match.span()))
    return found


def number_spans_zh(text: str) -> list[tuple[str, Span]]:
    text = _ZH_DATE.sub(_blank, text)
    found = []
    # 十強 / 百強 / 千強: "top 10 / 100 / 1000", a number with no digit in it.
    for match in re.finditer(r"(?<![零〇一二兩三四五六七八九十百千\d])([十百千])強", text):
        found.append((str(ZH_SMALL_UNITS[match.group(1)]), match.span()))
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
        found.append((_normal(value) + suffix, match.span()))
    return found


def date_spans_en(text: str, default_year: int) -> list[tuple[date, Span]]:
    found = []
    for match in _EN_DATE.finditer(text):
        day, month, year = match.group("d1", "m1", "y1")
        if not day:
            day, month, year = match.group("d2", "m2", "y2")
        if not year and month == "may":
            continue  # "may 3 of them…": a verb, not a month
        try:
            moment = date(int(year or default_year), MONTHS[month.lower()], int(day))
        except ValueError:
            continue
        found.append((moment, match.span()))
    return found


def date_spans_zh(text: str, default_year: int) -> list[tuple[date, Span]]:
    found = []
    for match in _ZH_DATE.finditer(text):
        year = int(match.group(1)) if match.group(1) else default_year
        try:
            found.append((date(year, int(match.group(2)), int(match.group(3))), match.span()))
        except ValueError:
            continue
    return found


def numbers_en(text: str) -> Counter[str]:
    return Counter(value for value, _ in number_spans_en(text))


def numbers_zh(text: str) -> Counter[str]:
    return Counter(value for value, _ in number_spans_zh(text))


def dates_en(text: str, default_year: int) -> Counter[date]:
    return Counter(value for value, _ in date_spans_en(text, default_year))


def dates_zh(text: str, default_year: int) -> Counter[date]:
    return Counter(value for value, _ in date_spans_zh(text, default_year))


# A quote: English in “…” or "…"; Chinese speech after a colon (說：「…」, or the Hong Kong
# colon ︰ U+FE30), since 「…」 also marks names.
_EN_QUOTE = re.compile(r'[“”]|"[^"<]+"')
_ZH_QUOTE = re.compile(r"[：:︰]\s*[「“『]")


def quote_spans(text: str, *, chinese: bool) -> list[Span]:
    pattern = _ZH_QUOTE if chinese else _EN_QUOTE
    return [match.span() for match in pattern.finditer(text)]


def quoted_paragraphs(html: str, *, chinese: bool) -> int:
    """Paragraphs that quote someone."""
    paragraphs = re.split(r"(?i)</p>", html)
    return sum(1 for paragraph in paragraphs if quote_spans(plain_text(paragraph), chinese=chinese))


def paragraph_count(html: str) -> int:
    return len(re.findall(r"(?i)<p[\s>]", html))


def sentences_marked(text: str, spans: list[Span]) -> tuple[Sentence, ...]:
    """The sentences of `text` holding any of `spans`, each with those spans marked in it."""
    chosen: dict[Span, list[Span]] = {}
    bounds = sentence_spans(text)
    for start, end in spans:
        for begin, finish in bounds:
            if begin <= start < finish:
                chosen.setdefault((begin, finish), []).append(
                    (start - begin, min(end, finish) - begin)
                )
                break
    return tuple(
        Sentence(text=text[begin:finish], marks=tuple(marks))
        for (begin, finish), marks in sorted(chosen.items())
    )


def _difference(
    kind: str,
    en: list[tuple[Any, Span]],
    zh: list[tuple[Any, Span]],
    what: str,
    texts: tuple[str, str],
) -> Finding | None:
    en_counts = Counter(value for value, _ in en)
    zh_counts = Counter(value for value, _ in zh)
    only_en = en_counts - zh_counts
    only_zh = zh_counts - en_counts
    if not only_en and not only_zh:
        return None
    parts = []
    if only_en:
        values = ", ".join(str(v) for v in sorted(only_en.elements(), key=str))
        parts.append(gettext("only in English: %(values)s") % {"values": values})
    if only_zh:
        values = ", ".join(str(v) for v in sorted(only_zh.elements(), key=str))
        parts.append(gettext("only in Chinese: %(values)s") % {"values": values})
    en_text, zh_text = texts
    return Finding(
        kind=kind,
        message=gettext("%(what)s differ — %(details)s")
        % {"what": what, "details": "; ".join(parts)},
        only_en=tuple(str(v) for v in sorted(only_en.elements(), key=str)),
        only_zh=tuple(str(v) for v in sorted(only_zh.elements(), key=str)),
        en_sentences=sentences_marked(en_text, [span for v, span in en if v in only_en]),
        zh_sentences=sentences_marked(zh_text, [span for v, span in zh if v in only_zh]),
    )


def compare(*, en_html: str, zh_html: str, year: int) -> list[Finding]:
    """Everything that differs between the two versions of a text; `year` is the release
    date's, for dates written without one."""
    en, zh = plain_text(en_html), plain_text(zh_html)
    findings = [
        _difference(
            "numbers",
            number_spans_en(en),
            number_spans_zh(zh),
            gettext("Numbers, percentages or amounts"),
            (en, zh),
        ),
        _difference(
            "dates", date_spans_en(en, year), date_spans_zh(zh, year), gettext("Dates"), (en, zh)
        ),
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
                en_sentences=sentences_marked(en, quote_spans(en, chinese=False)),
                zh_sentences=sentences_marked(zh, quote_spans(zh, chinese=True)),
                counts=(en_quotes, zh_quotes),
            )
        )
    en_paragraphs, zh_paragraphs = paragraph_count(en_html), paragraph_count(zh_html)
    if en_paragraphs != zh_paragraphs:
        findings.append(
            Finding(
                kind="paragraphs",
                message=gettext("The English has %(en)s paragraph(s), the Chinese %(zh)s.")
                % {"en": en_paragraphs, "zh": zh_paragraphs},
                counts=(en_paragraphs, zh_paragraphs),
            )
        )
    return [finding for finding in findings if finding is not None]

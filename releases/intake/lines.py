"""Paragraphs out of text copied from a PDF: lines broken mid-sentence are joined again, blank
lines that only space the lines out are ignored, page numbers are dropped.

How two lines are joined: nothing between Chinese characters; a space between Latin words; a
word hyphenated across the break is joined ("infor-" + "mation"); between a Chinese character
and a Latin letter or digit, the document's own habit (「超過 2,200 間」 or 「超過2,200間」).
Where a paragraph ends: after a line that ends a sentence and is shorter than the text's width,
after a Chinese line that carries a trailing space (how PDF copies mark the end of a run), and
after a short line (a title, a label)."""

import itertools
import re
import statistics
import unicodedata

_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# Curly quotes and the ellipsis serve both languages: they are not counted as Chinese.
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef]")
_SENTENCE_END = tuple("。！？」』”）)!?.:：︰；;\"'")
_BULLET = re.compile(r"^(?:[•·▪●○◦‧\-–*]\s|\d{1,2}[.)]\s|[（(][一二三四五六七八九十\d]{1,3}[）)])")
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$"
    r"|^\d{1,3}\s*/\s*\d{1,3}$|^第\s*\d+\s*頁(?:\s*[，,/]?\s*共\s*\d+\s*頁)?$",
    re.IGNORECASE,
)
_SPACED = re.compile(r"[\u4e00-\u9fff][ ][A-Za-z0-9]|[A-Za-z0-9%][ ][\u4e00-\u9fff]")
_UNSPACED = re.compile(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9%][\u4e00-\u9fff]")
_URL_ONLY = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# A text whose lines are this wide (in columns, a Chinese character counting two) was not
# wrapped by a PDF: each line is a paragraph.
_UNWRAPPED_WIDTH = 160


def is_ideograph(char: str) -> bool:
    return bool(_IDEOGRAPH.match(char))


def is_cjk(char: str) -> bool:
    """A Chinese character or a full-width punctuation mark."""
    return is_ideograph(char) or bool(_CJK_PUNCTUATION.match(char))


def is_url(text: str) -> bool:
    return bool(_URL_ONLY.match(text))


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def spaces_between_scripts(text: str) -> bool:
    """Whether the document puts a space between Chinese characters and Latin letters or
    digits («2025 年» rather than «2025年»), judged by the lines themselves."""
    return len(_SPACED.findall(text)) >= len(_UNSPACED.findall(text))


def join(left: str, right: str, *, spaced_scripts: bool) -> str:
    """Two pieces of one paragraph, split by a line break, joined as the writer wrote them."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    last, first = left[-1], right[0]
    if (
        last == "-"
        and len(left) > 1
        and left[-2].isalpha()
        and left[-2].isascii()
        and first.islower()
    ):
        return left[:-1] + right  # a word hyphenated across the line break
    if is_cjk(last) and is_cjk(first):
        return left + right
    if is_cjk(last) or is_cjk(first):
        ideograph_side = last if is_cjk(last) else first
        other = first if is_cjk(last) else last
        if is_ideograph(ideograph_side) and other.isalnum() and spaced_scripts:
            return f"{left} {right}"
        return left + right
    if last == "-" or last == "/":
        return left + right
    return f"{left} {right}"


def ends_paragraph(raw: str, next_raw: str | None, text_width: int) -> bool:
    line = raw.strip()
    if next_raw is None:
        return True
    if _BULLET.match(next_raw.strip()) or is_url(line) or is_url(next_raw.strip()):
        return True
    last = line[-1]
    trailing_space = raw != raw.rstrip()
    line_width = width(line)
    if (
        trailing_space
        and is_cjk(last)
        and (not is_ideograph(last) or line_width < 0.9 * text_width)
    ):
        return True
    following = next_raw.strip()
    if width(following) < 0.55 * text_width and not following.endswith(_SENTENCE_END):
        return True  # a title or label follows (a page may end on a paragraph's last line)
    if line.endswith(_SENTENCE_END):
        threshold = 0.9 if trailing_space else 0.85
        return line_width < threshold * text_width
    return line_width < 0.55 * text_width


def text_width(lines: list[str]) -> int:
    """The width the text was wrapped at: the widths of its longer lines."""
    widths = sorted(width(line.strip()) for line in lines if line.strip())
    if not widths:
        return 0
    if len(widths) < 5:
        return widths[-1]
    return int(statistics.quantiles(widths, n=10)[7])


def paragraphs(lines: list[str], *, blank_lines_separate: bool | None = None) -> list[list[str]]:
    """The text's paragraphs, each as the lines it was made of (page numbers dropped). Blank
    lines separate paragraphs unless nearly every line is followed by one (then they say
    nothing), or as `blank_lines_separate` says."""
    lines = [line.replace("\u00a0", " ").replace("\t", " ") for line in lines]
    lines = [line for line in lines if not is_page_number(line)]
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        return []
    gaps = [b - a > 1 for a, b in itertools.pairwise(filled)]

    def double_spaced(position: int) -> bool:
        """Text copied from a PDF often has a blank line after every line: there, blank lines
        say nothing about paragraphs. Judged around each line (a file may hold a version
        copied from a PDF and another typed)."""
        if blank_lines_separate is not None:
            return not blank_lines_separate
        near = gaps[max(0, position - 6) : position + 7]
        return len(gaps) > 1 and sum(near) >= 0.6 * len(near)

    wrapped_at = text_width(lines)
    unwrapped = wrapped_at > _UNWRAPPED_WIDTH
    result: list[list[str]] = []
    current: list[str] = []
    for position, index in enumerate(filled):
        raw = lines[index]
        current.append(raw)
        next_index = filled[position + 1] if position + 1 < len(filled) else None
        next_raw = lines[next_index] if next_index is not None else None
        blank_between = next_index is not None and next_index - index > 1
        if (
            unwrapped
            or (blank_between and not double_spaced(position))
            or ends_paragraph(raw, next_raw, wrapped_at)
        ):
            result.append(current)
            current = []
    if current:
        result.append(current)
    return result


def joined(lines: list[str], *, spaced_scripts: bool) -> str:
    text = ""
    for line in lines:
        text = join(text, line, spaced_scripts=spaced_scripts) if text else line.strip()
    return re.sub(r"[ ]{2,}", " ", text).strip()

"""Reading the spreadsheets PR teams actually have: CSV in UTF-8 (with or without the BOM Excel
writes), Big5 or UTF-16 (what Excel saves on a Traditional Chinese Windows, or as "Unicode
text"), comma-, semicolon- or tab-separated, and XLSX workbooks. The format and encoding are
recognised from the bytes, not the file name. Anything else is refused with a message a PR
officer can act on, before a single row is looked at."""

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from xml.etree import ElementTree

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Encodings a person may choose when the automatic guess is wrong; "" means recognise it.
ENCODINGS = [
    ("", _("Recognise automatically")),
    ("utf-8", "UTF-8 (Excel: CSV UTF-8)"),
    ("big5hkscs", "Big5 / Big5-HKSCS (Traditional Chinese Windows)"),
    ("utf-16", "UTF-16 (Excel: Unicode text)"),
    ("gb18030", "GB18030 / GBK (Simplified Chinese Windows)"),
    ("cp1252", "Windows Western (cp1252)"),
]
_ENCODING_LABELS = dict(ENCODINGS)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Control characters that never appear in a text spreadsheet (tab, CR and LF are fine).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_MAGIC = [
    (b"\xd0\xcf\x11\xe0", _("an old Excel 97-2003 workbook (.xls) or another Office file")),
    (b"%PDF", _("a PDF document")),
    (b"\x89PNG", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF8", _("a GIF image")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"Rar!", _("a RAR archive")),
    (b"7z\xbc\xaf", _("a 7-Zip archive")),
]

# An XLSX is a ZIP archive, and a small one can unpack to an enormous one: 257 KiB of repeated
# sheet XML cost +515 MiB when openpyxl read it. So before openpyxl opens a workbook,
# the sizes its archive declares are checked. Measured (bench/bench_import.py's rows, 11
# columns): a 100,000-row contacts workbook is 6.3 MB zipped (openpyxl) to 7.7 MB (our own
# export), unpacks to 64-78 MB in 9 parts, its sheet compressed about 10:1.
XLSX_MAX_UNZIPPED = 256 * 1024 * 1024  # all parts: 3x that; 200,000 such rows (IMPORT_MAX_ROWS)
XLSX_MAX_PART = 64 * 1024 * 1024  # any part but a worksheet: openpyxl reads those whole
XLSX_MAX_RATIO = 100  # unzipped : zipped, for a part over 1 MiB; a sheet is about 10
XLSX_MAX_PARTS = 1000  # a workbook has a dozen; a few hundred with many sheets and pictures
_MiB = 1024 * 1024

# A cell longer than this refuses its row, reported with its number, and the rest of the file is
# read: Python's csv module would instead stop the whole file at its own limit (the same 131,072
# characters) with "field larger than field limit" and no row number, so its limit is lifted to
# what an upload can hold and the cell is measured here. Excel's own limit is 32,767.
CELL_MAX_CHARS = 131_072
csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))

SAVE_AS_HINT = _("In Excel choose File › Save As › “CSV UTF-8” or “Excel Workbook (.xlsx)”.")


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet. The message is for the PR officer."""


@dataclass
class Table:
    """A sheet as text: the header row and every non-blank row, each with the row number a
    spreadsheet shows for it (the header is usually row 1)."""

    header: list[str]
    header_row: int
    rows: list[tuple[int, list[str]]]
    file_format: str
    encoding: str
    blank_rows: int = 0
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)
    # Rows kept out by a cell too long to read, with why, by row number; the cell is blanked.
    refused: dict[int, str] = field(default_factory=dict)

    @property
    def encoding_label(self) -> str:
        return str(_ENCODING_LABELS.get(self.encoding, self.encoding))


def read_table(data: bytes, *, encoding: str = "", max_rows: int) -> Table:
    """The first sheet of an XLSX workbook or a CSV file, as text. Raises UnreadableFile."""
    if not data.strip():
        raise UnreadableFile(gettext("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, max_rows=max_rows)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(
                gettext("This file is %(what)s, not a CSV or XLSX spreadsheet. %(hint)s")
                % {"what": what, "hint": SAVE_AS_HINT}
            )
    text, used = decode_text(data, encoding=encoding)
    return _read_csv(text, encoding=used, max_rows=max_rows)


def read_header(data: bytes, *, encoding: str = "") -> list[str]:
    """Only the header row: enough to refuse a file that cannot be imported before it is
    stored and read in full. Raises UnreadableFile."""
    if not data.strip():
        raise UnreadableFile(gettext("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        import openpyxl

        refuse_zip_bomb(data)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:
            raise UnreadableFile(_not_a_workbook()) from None
        try:
            if not workbook.worksheets:
                raise UnreadableFile(gettext("The workbook has no worksheet."))
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                cells = [cell_text(value) for value in row]
                if not _is_blank(cells):
                    return [clean_header(cell) for cell in cells]
        except _BROKEN_PART:
            raise UnreadableFile(_not_a_workbook()) from None
        finally:
            workbook.close()
        raise UnreadableFile(gettext("The file is empty: it has no header row and no rows."))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableFile(
                gettext("This file is %(what)s, not a CSV or XLSX spreadsheet. %(hint)s")
                % {"what": what, "hint": SAVE_AS_HINT}
            )
    text, _ = decode_text(data, encoding=encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    try:
        for cells in reader:
            if not _is_blank(cells):
                return [clean_header(cell) for cell in cells]
    except csv.Error as error:
        raise UnreadableFile(
            gettext("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from None
    raise UnreadableFile(gettext("The file is empty: it has no header row and no rows."))


def decode_text(data: bytes, *, encoding: str = "") -> tuple[str, str]:
    """The bytes of a text file as text, and the encoding used. Recognises UTF-8 (BOM or not),
    UTF-16 (BOM or not) and Big5-HKSCS; refuses binary files."""
    if encoding:
        codec = "utf-8-sig" if encoding == "utf-8" else encoding
        try:
            text = data.decode(codec)
        except (UnicodeDecodeError, LookupError) as error:
            position = getattr(error, "start", 0)
            raise UnreadableFile(
                gettext(
                    "The file is not %(encoding)s text (unreadable byte at position "
                    "%(position)s). Choose another encoding, or “Recognise automatically”."
                )
                % {"encoding": _ENCODING_LABELS.get(encoding, encoding), "position": position}
            ) from None
        _refuse_binary(text)
        return text.lstrip("\ufeff"), encoding

    if data.startswith(codecs.BOM_UTF8):
        return _decode_or_refuse(data[3:], "utf-8"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_or_refuse(data, "utf-16"), "utf-16"
    head = data[:4096]
    if b"\x00" in head:
        # UTF-16 without a BOM: plain letters have a NUL byte beside them, always on one side.
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > len(head) // 8 and even == 0:
            return _decode_or_refuse(data, "utf-16-le"), "utf-16"
        if even > len(head) // 8 and odd == 0:
            return _decode_or_refuse(data, "utf-16-be"), "utf-16"
        raise UnreadableFile(_binary_data())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text)
        return text, "utf-8"
    try:
        text = data.decode("big5hkscs")
    except UnicodeDecodeError:
        pass
    else:
        # Western text misread as Big5 rarely decodes at all, and never reads as Chinese.
        if _CJK.search(text):
            _refuse_binary(text)
            return text, "big5hkscs"
    raise UnreadableFile(
        gettext(
            "Pressroom could not tell which text encoding this file uses (it is not UTF-8, "
            "UTF-16 or Big5), or it is not a text file. %(hint)s Or choose the encoding below."
        )
        % {"hint": SAVE_AS_HINT}
    )


def _decode_or_refuse(data: bytes, codec: str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            gettext(
                "The file says it is %(encoding)s text but has an unreadable byte at position "
                "%(position)s. %(hint)s"
            )
            % {"encoding": codec.upper(), "position": error.start, "hint": SAVE_AS_HINT}
        ) from None
    _refuse_binary(text)
    return text.lstrip("\ufeff")


def _refuse_binary(text: str) -> None:
    sample = text[:65536]
    controls = len(_BINARY_CONTROLS.findall(sample))
    if "\x00" in sample or controls > max(2, len(sample) // 100):
        raise UnreadableFile(_binary_data())


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab (Excel's "Unicode text"), from the first line."""
    end = text.find("\n")
    first_line = text[: end if end >= 0 else len(text)]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",\t;").delimiter
    except csv.Error:  # one column: nothing to tell
        return ","


def _is_blank(cells: list[str]) -> bool:
    if cells and cells[0] and not cells[0][0].isspace():
        return False  # the usual row: its first cell has something in it
    return all(not cell.strip() for cell in cells)


def _read_csv(text: str, *, encoding: str, max_rows: int) -> Table:
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        return _collect(enumerate(reader, start=1), "CSV", encoding, delimiter, max_rows)
    except csv.Error as error:
        raise UnreadableFile(
            gettext("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from None


def _collect(
    numbered_rows: Iterable[tuple[int, list[str]]],
    file_format: str,
    encoding: str,
    delimiter: str,
    max_rows: int,
) -> Table:
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    refused: dict[int, str] = {}
    blank = 0
    for number, cells in numbered_rows:
        if _is_blank(cells):
            if header is not None:
                blank += 1
            continue
        if header is None:
            header, header_row = [clean_header(cell) for cell in cells], number
            continue
        longest = max(range(len(cells)), key=lambda i: len(cells[i]))
        if len(cells[longest]) > CELL_MAX_CHARS:
            refused[number] = _cell_too_long(longest, len(cells[longest]))
            cells = [*cells[:longest], "", *cells[longest + 1 :]]
        rows.append((number, cells))
        if len(rows) > max_rows:
            raise UnreadableFile(
                gettext(
                    "The file has more than %(max)s rows, the most one import takes. Split it "
                    "into smaller files."
                )
                % {"max": f"{max_rows:,}"}
            )
    if header is None:
        raise UnreadableFile(gettext("The file is empty: it has no header row and no rows."))
    return Table(
        header=header,
        header_row=header_row,
        rows=rows,
        file_format=file_format,
        encoding=encoding,
        blank_rows=blank,
        delimiter=delimiter,
        refused=refused,
    )


def _cell_too_long(column: int, length: int) -> str:
    from openpyxl.utils import get_column_letter

    return gettext(
        "the cell in column %(column)s holds %(length)s characters, more than the %(limit)s one "
        "cell may: the row was not imported"
    ) % {
        "column": get_column_letter(column + 1),
        "length": f"{length:,}",
        "limit": f"{CELL_MAX_CHARS:,}",
    }


def clean_header(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip().strip("\ufeff").strip()


def refuse_zip_bomb(data: bytes) -> None:
    """Refuse an XLSX that would unpack too large, before anything is unpacked: from the sizes
    its archive declares. A lie about them gains nothing: openpyxl reads every part through
    Python's zipfile, which never hands out more than a part's declared size (it stops there, and
    the CRC check then fails: "not a readable workbook"); and the declared compressed sizes must
    fit in the file. Raises UnreadableFile."""
    # Each part has a central directory entry starting with this signature (zipfile checks):
    # counted before zipfile builds an object per entry, which for a 20 MB file of tiny entries
    # would be hundreds of MB.
    if data.count(b"PK\x01\x02") > XLSX_MAX_PARTS:
        raise UnreadableFile(
            gettext(
                "This file holds more than %(max)s parts, where an Excel workbook holds a few "
                "dozen: Pressroom does not open it, and nothing was imported. %(hint)s"
            )
            % {"max": f"{XLSX_MAX_PARTS:,}", "hint": SAVE_AS_HINT}
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise UnreadableFile(_not_a_workbook()) from None
    if sum(part.compress_size for part in parts) > len(data):
        raise UnreadableFile(_not_a_workbook())
    unzipped = sum(part.file_size for part in parts)
    if unzipped > XLSX_MAX_UNZIPPED:
        raise UnreadableFile(
            gettext(
                "Unpacked, this workbook would take %(size)s, more than the %(limit)s one import "
                "reads. Nothing was imported: split it into smaller files."
            )
            % {"size": _mib(unzipped), "limit": _mib(XLSX_MAX_UNZIPPED)}
        )
    for part in parts:
        # openpyxl streams a worksheet but reads every other part whole (shared strings,
        # styles…); a worksheet stored elsewhere than xl/worksheets/ gets the stricter limit.
        if part.file_size > XLSX_MAX_PART and not part.filename.startswith("xl/worksheets/"):
            raise UnreadableFile(
                gettext(
                    "Unpacked, the part “%(part)s” of this workbook would take %(size)s, more "
                    "than the %(limit)s one import reads. Nothing was imported: split it into "
                    "smaller files."
                )
                % {
                    "part": part.filename[:80],
                    "size": _mib(part.file_size),
                    "limit": _mib(XLSX_MAX_PART),
                }
            )
        if part.file_size > _MiB and part.file_size > XLSX_MAX_RATIO * part.compress_size:
            raise UnreadableFile(
                gettext(
                    "This workbook is packed far more tightly than a spreadsheet can be "
                    "(“%(part)s” would unpack to %(ratio)s times its size), as files made to "
                    "exhaust a server’s memory are: Pressroom does not open it, and nothing was "
                    "imported. %(hint)s"
                )
                % {
                    "part": part.filename[:80],
                    "ratio": f"{part.file_size // max(part.compress_size, 1):,}",
                    "hint": SAVE_AS_HINT,
                }
            )


def _mib(size: int) -> str:
    return f"{size / _MiB:,.0f} MB"


# What reading a part can raise when its bytes are not what the archive says (a CRC mismatch
# once zipfile stops at the declared size), or not XML (defusedxml's refusals are ValueErrors).
_BROKEN_PART = (zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError, ValueError)


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    refuse_zip_bomb(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise UnreadableFile(_not_a_workbook()) from None
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise UnreadableFile(gettext("The workbook has no worksheet."))
        sheet = sheets[0]
        try:
            table = _collect(_xlsx_rows(sheet), "XLSX", "xlsx", ",", max_rows)
        except _BROKEN_PART:
            raise UnreadableFile(_not_a_workbook()) from None
        if len(sheets) > 1:
            table.notes.append(
                gettext(
                    "Only the first sheet, “%(sheet)s”, was read; the workbook has %(count)s "
                    "sheets."
                )
                % {"sheet": sheet.title, "count": len(sheets)}
            )
        return table
    finally:
        workbook.close()


def _xlsx_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    formulas: list[str] = []
    number = 0
    for row in sheet.iter_rows():
        # The sheet's own row number where a cell carries it; empty rows carry none.
        number = next((cell.row for cell in row if getattr(cell, "row", None)), number + 1)
        cells = []
        for cell in row:
            if cell.data_type == "f":
                formulas.append(f"{cell.coordinate} ({str(cell.value)[:40]})")
                cells.append("")
                continue
            cells.append(cell_text(cell.value))
        yield number, cells
    if formulas:
        shown = ", ".join(formulas[:5])
        if len(formulas) > 5:
            more = gettext(" and %(count)s more") % {"count": f"{len(formulas) - 5:,}"}
        else:
            more = ""
        raise UnreadableFile(
            gettext(
                "The workbook holds formulas, in cell %(cells)s%(more)s. Pressroom imports "
                "values, not formulas: in Excel select the cells, Copy, then Paste Special › "
                "Values, save and upload again."
            )
            % {"cells": shown, "more": more}
        )


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees: 85291234567 rather than 85291234567.0."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _not_a_workbook() -> str:
    return gettext(
        "This file is a ZIP archive but not a readable Excel workbook (.xlsx). %(hint)s"
    ) % {"hint": SAVE_AS_HINT}


def _binary_data() -> str:
    return gettext(
        "This file holds binary data, not text: it is not a CSV spreadsheet. %(hint)s"
    ) % {"hint": SAVE_AS_HINT}

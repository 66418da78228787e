"""Messy spreadsheets as PR teams receive them, made by the tests themselves."""

import codecs
import csv
import io
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def csv_bytes(
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    delimiter: str = ",",
    blank_lines_after: tuple[int, ...] = (),
) -> bytes:
    """Rows as Excel writes a CSV: CRLF line ends, quotes where needed. `blank_lines_after`
    inserts an empty line after those (0-based) rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for index, row in enumerate(rows):
        writer.writerow(row)
        if index in blank_lines_after:
            out.write("\r\n")
    data = out.getvalue().encode(encoding)
    if bom:
        data = (codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF8) + data
    return data


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A workbook whose first sheet holds `rows`; a string starting with "=" is a formula."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")

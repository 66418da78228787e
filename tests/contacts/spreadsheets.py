"""Messy spreadsheets as PR teams receive them, made by the tests themselves."""

import codecs
import csv
import io
import struct
import zipfile
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


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_bomb(unzipped_mb: int) -> bytes:
    """A workbook like xlsx_bytes', whose sheet is `unzipped_mb` MB of the same row over and over,
    at the highest compression: a few hundred times smaller zipped."""
    normal = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Email"], ["a@daily.example.com"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for part in normal.infolist():
            if part.filename != SHEET:
                bomb.writestr(part, normal.read(part))
                continue
            with bomb.open(SHEET, "w") as sheet:
                sheet.write(
                    b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                row = b'<row><c t="inlineStr"><is><t>bomb@daily.example.com</t></is></c></row>'
                megabyte = row * (1024 * 1024 // len(row))
                for _ in range(unzipped_mb):
                    sheet.write(megabyte)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def declaring(data: bytes, part: str, size: int) -> bytes:
    """The archive with the unzipped size its central directory declares for `part` changed to
    `size` (the bytes stay as they are): an archive that lies."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", patched, at + 28)[0]
        if patched[at + 46 : at + 46 + name_length] == part.encode():
            struct.pack_into("<I", patched, at + 24, size)
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")

"""Reading what an officer uploads or pastes into blocks of text, or refusing it with a reason
they can act on. A Word file goes through mammoth (clean HTML: bold, italics, lists, tables
and links kept), a PDF through pdfplumber (lines, page headers, footers and numbers dropped),
pasted or .txt text as it is. Nothing here writes anything."""

import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from xml.etree import ElementTree

import mammoth
import pdfplumber
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _

from releases.intake import lines as line_tools

# What a Word file may hold once unpacked: beyond this it is refused, not inflated.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote"}


class DocumentRefused(Exception):
    """The file cannot be read; the message says why and what to do, in the officer's words."""


@dataclass
class Block:
    """A paragraph (or list, or table) of the source: its text, its HTML where the source had
    formatting, and the lines it was made of."""

    text: str
    html: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class Document:
    name: str
    kind: str  # "docx", "pdf" or "text"
    blocks: list[Block]
    preview_html: str = ""  # a Word file as read (mammoth's HTML, sanitised before it is shown)
    preview_text: str = ""  # a PDF or text as read, line by line
    spaced_scripts: bool = True


def max_upload_bytes() -> int:
    return int(getattr(settings, "INTAKE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def check_size(name: str, size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise DocumentRefused(
            _(
                "“%(name)s” is %(size)s MB; a release document can be at most %(limit)s MB. "
                "Upload it without the photos (link to them instead), or as a PDF."
            )
            % {"name": name, "size": round(size / 1024 / 1024, 1), "limit": limit // 1024 // 1024}
        )


def read_upload(name: str, data: bytes) -> Document:
    """The document in `data`, by its content (its name only chooses the message)."""
    check_size(name, len(data))
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension in {"docm", "dotm"}:
        raise DocumentRefused(
            _(
                "“%(name)s” is a Word file with macros, which Pressroom does not open. Save it "
                "as a Word document (.docx) without macros and upload that."
            )
            % {"name": name}
        )
    if data.startswith(b"%PDF") or (extension == "pdf" and b"%PDF" in data[:1024]):
        return read_pdf(name, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_office_file(data):
            raise DocumentRefused(_encrypted_message(name))
        raise DocumentRefused(
            _(
                "“%(name)s” is an old Word (.doc) file. Save it as a Word document (.docx) "
                "and upload that."
            )
            % {"name": name}
        )
    if data.startswith(b"PK"):
        return read_docx(name, data)
    if extension in {"docx", "pdf", "doc"}:
        raise DocumentRefused(_damaged_message(name))
    if extension in {"txt", "text", ""}:
        return read_text(name, _decode(name, data))
    raise DocumentRefused(
        _("“%(name)s” is not a Word document (.docx), a PDF or a text file.") % {"name": name}
    )


def _encrypted_message(name: str) -> str:
    return _(
        "“%(name)s” is protected with a password. Save a copy without the password and upload that."
    ) % {"name": name}


def _damaged_message(name: str) -> str:
    return _(
        "“%(name)s” could not be read: the file is damaged or is not what its name says. Save "
        "it again from the program that made it and upload that."
    ) % {"name": name}


def _is_encrypted_office_file(data: bytes) -> bool:
    # A password-protected .docx is an OLE container with an "EncryptionInfo" stream.
    return "EncryptionInfo".encode("utf-16-le") in data[:65536] or (
        "EncryptionInfo".encode("utf-16-le") in data
    )


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentRefused(
            _("“%(name)s” is not a Word document (.docx), a PDF or a text file.") % {"name": name}
        )
    for encoding in ("utf-8-sig", "utf-16", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentRefused(_damaged_message(name))


# --- Text ------------------------------------------------------------------------------------


def blocks_from_lines(
    raw_lines: list[str], *, spaced_scripts: bool, blank_lines_separate: bool | None = None
) -> list[Block]:
    return [
        Block(text=line_tools.joined(group, spaced_scripts=spaced_scripts), lines=group)
        for group in line_tools.paragraphs(raw_lines, blank_lines_separate=blank_lines_separate)
    ]


def read_text(name: str, text: str) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    if not text.strip():
        raise DocumentRefused(_("There is no text to read in “%(name)s”.") % {"name": name})
    spaced = line_tools.spaces_between_scripts(text)
    return Document(
        name=name,
        kind="text",
        blocks=blocks_from_lines(text.split("\n"), spaced_scripts=spaced),
        preview_text=text.strip(),
        spaced_scripts=spaced,
    )


# --- Word ------------------------------------------------------------------------------------


def read_docx(name: str, data: bytes) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise DocumentRefused(_damaged_message(name)) from error
    if "word/document.xml" not in names:
        raise DocumentRefused(_damaged_message(name))
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(n.endswith("vbaProject.bin") for n in names) or b"macroEnabled" in content_types:
        raise DocumentRefused(
            _(
                "“%(name)s” is a Word file with macros, which Pressroom does not open. Save it "
                "as a Word document (.docx) without macros and upload that."
            )
            % {"name": name}
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise DocumentRefused(_damaged_message(name))
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(lambda image: {})
        )
        blocks = _html_blocks(result.value)
    except Exception as error:  # mammoth and the XML parser raise many kinds on a broken file
        raise DocumentRefused(_damaged_message(name)) from error
    if not any(block.text for block in blocks):
        raise DocumentRefused(_("There is no text to read in “%(name)s”.") % {"name": name})
    text = "\n".join(block.text for block in blocks)
    return Document(
        name=name,
        kind="docx",
        blocks=blocks,
        preview_html=result.value,
        spaced_scripts=line_tools.spaces_between_scripts(text),
    )


def _element_lines(element: ElementTree.Element) -> list[str]:
    """The element's text, a line per paragraph, list item or line break."""
    found: list[str] = []
    current: list[str] = []

    def walk(node: ElementTree.Element) -> None:
        if node.tag in {"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"} and current:
            found.append("".join(current))
            current.clear()
        if node.tag == "br":
            found.append("".join(current))
            current.clear()
        if node.text:
            current.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if node.tag in {"td", "th"}:
            current.append(" ")

    walk(element)
    if current:
        found.append("".join(current))
    return [re.sub(r"\s+", " ", line).strip() for line in found if line.strip()]


def _html_blocks(html: str) -> list[Block]:
    root = ElementTree.fromstring(f"<root>{html}</root>")  # noqa: S314 -- mammoth's own output
    blocks = []
    for element in root:
        if element.tag not in _BLOCK_TAGS:
            continue
        element_lines = _element_lines(element)
        text = " ".join(element_lines) if element.tag not in {"ul", "ol", "table"} else ""
        if element.tag in {"ul", "ol", "table"}:
            text = "\n".join(element_lines)
        outer = ElementTree.tostring(element, encoding="unicode", short_empty_elements=True)
        if element.tag.startswith("h") and element.tag[1:].isdigit():
            outer = f"<p><strong>{_inner(element)}</strong></p>"
        blocks.append(Block(text=text.strip(), html=outer, lines=element_lines))
    return [block for block in blocks if block.text]


def _inner(element: ElementTree.Element) -> str:
    text = escape(element.text or "")
    return text + "".join(
        ElementTree.tostring(child, encoding="unicode", short_empty_elements=True)
        for child in element
    )


# --- PDF -------------------------------------------------------------------------------------


def read_pdf(name: str, data: bytes) -> Document:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(page.extract_text_lines(), len(page.images)) for page in pdf.pages]
    except Exception as error:  # pdfminer raises many kinds, encrypted files included
        if "password" in repr(error).lower() or "encrypt" in repr(error).lower():
            raise DocumentRefused(_encrypted_message(name)) from error
        raise DocumentRefused(_damaged_message(name)) from error
    if not any(line["text"].strip() for page_lines, _images in pages for line in page_lines):
        raise DocumentRefused(
            _(
                "“%(name)s” holds pictures of pages, not text (a scan, or text turned into "
                "outlines). Upload the Word file it was made from, or paste the text."
            )
            % {"name": name}
        )
    raw_lines = _pdf_lines([page_lines for page_lines, _images in pages])
    text = "\n".join(raw_lines)
    spaced = line_tools.spaces_between_scripts(text)
    return Document(
        name=name,
        kind="pdf",
        blocks=blocks_from_lines(raw_lines, spaced_scripts=spaced, blank_lines_separate=True),
        preview_text=text.strip(),
        spaced_scripts=spaced,
    )


def _furniture(pages: list[list[dict[str, object]]]) -> set[str]:
    """Lines repeated at the top or bottom of several pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen: dict[str, int] = {}
    for page_lines in pages:
        edges = {str(line["text"]).strip() for line in page_lines[:2] + page_lines[-2:]}
        for text in edges:
            key = re.sub(r"\d+", "#", text)
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count >= 2}


def _pdf_lines(pages: list[list[dict[str, object]]]) -> list[str]:
    """The PDF's lines in reading order, a blank line where the spacing opens a paragraph."""
    furniture = _furniture(pages)
    pitches = [
        float(b["top"]) - float(a["top"])  # type: ignore[arg-type]
        for page_lines in pages
        for a, b in itertools.pairwise(page_lines)
        if float(b["top"]) > float(a["top"])  # type: ignore[arg-type]
    ]
    # The spacing of lines within a paragraph: most lines are, so the smaller spacings.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 0.0
    kept = [
        [
            line
            for line in page_lines
            if re.sub(r"\d+", "#", str(line["text"]).strip()) not in furniture
            and not line_tools.is_page_number(str(line["text"]))
        ]
        for page_lines in pages
    ]
    wrapped_at = line_tools.text_width([str(line["text"]) for page in kept for line in page])
    result: list[str] = []
    for page_lines in kept:
        # A new page goes on with the paragraph only if the last page's line did not end it.
        if (
            result
            and page_lines
            and result[-1]
            and line_tools.ends_paragraph(result[-1], str(page_lines[0]["text"]), wrapped_at)
        ):
            result.append("")
        previous_top: float | None = None
        for line in page_lines:
            top = float(line["top"])  # type: ignore[arg-type]
            if previous_top is not None and pitch and top - previous_top > 1.45 * pitch:
                result.append("")
            result.append(str(line["text"]))
            previous_top = top
    return result

"""Documents for the intake tests, made in the test: an English Word file (python-docx) with
bold, italics, a list, a table and links, and a two-language PDF (reportlab, Traditional
Chinese in its built-in CID font STSong-Light: pdfminer misreads MSung-Light's CMap) with a
running header and page numbers. The seed release is read from ../shared/seed/ beside the
project (CI has it)."""

import io
from pathlib import Path

import docx
import pytest
from django.conf import settings
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tests.conftest import IN_CI

FIXTURES = Path(__file__).parent / "intake_fixtures"
SEED_NAME = "press-release-gii-2025.zh-hant.txt"
PHOTOS_URL = "https://files.example.com/harbourfront/awards-2026-photos"


def seed_path() -> Path:
    """The real release: ../shared/seed/ beside the project (or beside its worktrees)."""
    base = Path(settings.BASE_DIR)
    for folder in (base.parent / "shared" / "seed", base.parent.parent / "shared" / "seed"):
        if (folder / SEED_NAME).exists():
            return folder / SEED_NAME
    message = f"the seed release {SEED_NAME} is missing from ../shared/seed/"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _hyperlink(paragraph: object, url: str, text: str) -> None:
    part = paragraph.part  # type: ignore[attr-defined]
    relationship = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)  # type: ignore[attr-defined]


def english_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("For immediate release")
    document.add_paragraph("Harbourfront start-ups win three gold awards at Asia Smart City Awards")
    document.add_paragraph("Park companies show how AI can help run a city")
    opening = document.add_paragraph(
        "HONG KONG, 12 March 2026 – Three Harbourfront Technology Park start-ups won "
    )
    opening.add_run("three gold awards").bold = True
    opening.add_run(" at the ")
    opening.add_run("Asia Smart City Awards 2026").italic = True
    opening.add_run(", announced in Singapore today.")
    document.add_paragraph("The winning projects:")
    for item in ("Street lighting watched by computer vision", "A building power forecaster"):
        document.add_paragraph(item, style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (project, sites) in enumerate((("Project", "Sites"), ("Street lighting", "42"))):
        table.cell(row, 0).text, table.cell(row, 1).text = project, sites
    more = document.add_paragraph("The full results are on ")
    _hyperlink(more, "https://awards.example.com/2026", "the awards' website")
    more.add_run(".")
    download = document.add_paragraph("Please click ")
    _hyperlink(download, PHOTOS_URL, "here")
    download.add_run(" to download the award ceremony photos.")
    document.add_paragraph("Media enquiries")
    for line in (
        "Harbourfront Technology Park",
        "Chan Tai-man, Manager, Corporate Communications",
        "Tel: +852 5550 0101",
        "Email: chan.taiman@park.example.com",
    ):
        document.add_paragraph(line)
    document.add_paragraph("About Harbourfront Technology Park")
    document.add_paragraph(
        "Harbourfront Technology Park is Hong Kong's home for digital technology."
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


CHINESE_PAGE = [
    ["新聞稿", "即時發布"],
    ["海濱科技園初創企業奪三項亞洲智慧城市金獎"],
    [
        "香港，2026 年 3 月 12 日 - 三間海濱科技園初創企業今日在新加坡公布的《2026 年亞洲智慧城",
        "市大獎》中共奪三項金獎，海濱科技園表示熱烈祝賀。",
    ],
    [
        "得獎方案已在本港 42 個地點試行，估計每年可減少約 1,800 公噸碳排放，園區會繼續支援",
        "初創把方案推廣至其他城市。",
    ],
    ["請按此處下載得獎典禮相片：" + PHOTOS_URL],
]
ENGLISH_PAGE = [
    ["Press release", "For immediate release"],
    ["Harbourfront start-ups win three Asia Smart City gold awards"],
    [
        "HONG KONG, 12 March 2026 – Three Harbourfront Technology Park start-ups won three",
        "gold awards at the Asia Smart City Awards 2026, announced in Singapore to-",
        "day. The park congratulated all three teams.",
    ],
    [
        "The winning projects have been tried at 42 sites in Hong Kong and are expected to cut",
        "carbon emissions by about 1,800 tonnes a year.",
    ],
    ["Please click here to download the award ceremony photos: " + PHOTOS_URL],
]


def bilingual_pdf() -> bytes:
    """Chinese on page 1, English on page 2, each under a running header and over a page
    number; paragraphs spaced apart, lines wrapped mid-sentence."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number, (font, page) in enumerate(
        (("STSong-Light", CHINESE_PAGE), ("Helvetica", ENGLISH_PAGE)), start=1
    ):
        pdf.setFont("Helvetica", 8)
        pdf.drawString(60, 810, "Harbourfront Technology Park | Media centre")
        pdf.drawString(290, 30, str(number))
        y = 770
        for paragraph in page:
            for line in paragraph:
                pdf.setFont(font, 10)
                pdf.drawString(60, y, line)
                y -= 15
            y -= 12
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def image_only_pdf() -> bytes:
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (200, 120), (30, 60, 90)).save(picture, "PNG")
    picture.seek(0)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    from reportlab.lib.utils import ImageReader

    pdf.drawImage(ImageReader(picture), 60, 500, width=400, height=240)
    pdf.showPage()
    pdf.save()
    return out.getvalue()

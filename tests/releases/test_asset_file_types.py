"""No uploaded file ever runs as a page or a script of this site.
The admin accepts only press-kit file types, checked by content; and whatever is in the store,
every route that hands out an original (the newsroom, the preview, the journalist's /l/ link)
sends a download of an allowed type or opaque bytes, never sniffed, sandboxed."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from releases.models import Asset, Issuer, Release
from tests.factories import IssuerFactory, PublicReleaseFactory

SCRIPT = b"alert(document.cookie)"
PAGE = b"<!doctype html><script>alert(document.cookie)</script>"
DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG")
    return buffer.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def officer(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("alice", "a@example.com", "x"))
    return client


def _post_release_with(officer: Client, issuer: Issuer, upload: SimpleUploadedFile) -> str:
    data = {
        "issuer": str(issuer.pk),
        "slug": "gii-2025",
        "status": "draft",
        "release_type": "immediate",
        "release_date": "2025-09-01",
        "dateline_en": "Hong Kong",
        "dateline_zh_hant": "香港",
        "translations-TOTAL_FORMS": "1",
        "translations-INITIAL_FORMS": "0",
        "translations-0-language": "zh-hant",
        "translations-0-headline": "香港科學園在全球創新指數排名第一",
        "translations-0-body": "<p>世界知識產權組織公布《2025年全球創新指數》。</p>",
        "assets-TOTAL_FORMS": "1",
        "assets-INITIAL_FORMS": "0",
        "assets-0-order": "0",
        "assets-0-kind": "document",
        "assets-0-licence": "editorial",
        "assets-0-caption_zh_hant": "附件",
        "assets-0-file": upload,
        "enquiry_links-TOTAL_FORMS": "0",
        "enquiry_links-INITIAL_FORMS": "0",
    }
    response = officer.post(reverse("admin:pressroom_release_add"), data)
    return response.content.decode() if response.status_code == 200 else ""


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", DRAWING, "Files of type “.svg” cannot be attached"),
        ("page.html", PAGE, "Files of type “.html” cannot be attached"),
        ("tracker.js", SCRIPT, "Files of type “.js” cannot be attached"),
        ("photo.jpg", PAGE, "The content of “photo.jpg” is not a .jpg file"),
        ("kit.pdf", _jpeg(), "The content of “kit.pdf” is not a .pdf file"),
    ],
)
def test_the_admin_refuses_a_file_that_is_not_a_press_kit_type_by_its_content(
    officer: Client, name: str, content: bytes, message: str
) -> None:
    page = _post_release_with(officer, IssuerFactory.create(), SimpleUploadedFile(name, content))
    assert message in page
    assert not Release.objects.exists()  # nothing half-saved: the officer fixes the file
    assert not Asset.objects.exists()


@pytest.mark.parametrize(("name", "content"), [("chairman.jpg", _jpeg()), ("kit.pdf", _pdf())])
def test_the_admin_accepts_photos_and_documents(officer: Client, name: str, content: bytes) -> None:
    assert (
        _post_release_with(officer, IssuerFactory.create(), SimpleUploadedFile(name, content)) == ""
    )
    [asset] = Asset.objects.all()
    assert asset.filename == name


def _stored(release: Release, name: str, content: bytes) -> Asset:
    """A file already in the store (uploaded before the check, or by a script)."""
    asset = Asset(release=release, kind=Asset.Kind.DOCUMENT, caption_en=name)
    asset.file.save(name, ContentFile(content), save=True)
    return asset


@pytest.mark.parametrize(
    ("name", "content", "served_as"),
    [
        ("tracker.js", SCRIPT, "application/octet-stream"),
        ("page.html", PAGE, "application/octet-stream"),
        ("drawing.svg", DRAWING, "application/octet-stream"),
        ("kit.pdf", _pdf(), "application/pdf"),
    ],
)
def test_the_newsroom_and_the_preview_hand_out_originals_as_inert_downloads(
    db: None, asset_store: Path, olive: Client, name: str, content: bytes, served_as: str
) -> None:
    asset = _stored(PublicReleaseFactory.create(), name, content)
    for client, url in [
        (Client(), f"/files/{asset.pk}/original/{name}"),
        (olive, f"/preview/files/{asset.pk}/original/{name}"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == served_as  # a <script src> of it never runs
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response.getvalue() == content

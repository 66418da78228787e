"""What intake does with a file it cannot read: a password-protected or damaged Word file or
PDF, a PDF of scanned pages, a file over the size limit, a Word file with macros. Each time the
officer reads what is wrong and what to do, the upload page stays, and nothing is kept: no
release, no original file, nothing left in the store."""

from pathlib import Path
from typing import Any

import docx
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfWriter

from releases.models import Release, ReleaseSourceFile
from tests.factories import IssuerFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.releases.intake_helpers import bilingual_pdf, english_docx, image_only_pdf

pytestmark = pytest.mark.django_db

INTAKE = "/admin/pressroom/release/intake/"


@pytest.fixture
def issuer() -> Any:
    return IssuerFactory.create(organisation=OrganisationFactory.create())


@pytest.fixture
def pat(issuer: Any) -> Client:
    user = UserFactory.create(username="pat")
    user.groups.add(Group.objects.get(name="In-house PR officer"))
    MembershipFactory.create(user=user, organisation=issuer.organisation)
    client = Client()
    client.force_login(user)
    return client


def _encrypted_pdf() -> bytes:
    import io

    from pypdf import PdfReader

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(bilingual_pdf())).pages:
        writer.add_page(page)
    writer.encrypt(user_password="a-secret", owner_password="another-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_docx() -> bytes:
    # What Word writes when a document is saved with a password: an OLE container holding an
    # "EncryptionInfo" stream and the encrypted package, not a ZIP.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 2048


def _docx_with_macros() -> bytes:
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(english_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def _nothing_kept(media: Path) -> None:
    assert Release.objects.count() == 0
    assert ReleaseSourceFile.objects.count() == 0
    assert not (media / "intake").exists() or not any((media / "intake").rglob("*.*"))


CASES = {
    "an encrypted PDF": ("release.pdf", _encrypted_pdf, "protected with a password"),
    "an encrypted Word file": ("release.docx", _encrypted_docx, "protected with a password"),
    "a damaged Word file": ("release.docx", lambda: b"PK\x03\x04" + b"\x17" * 400, "damaged"),
    "a damaged PDF": ("release.pdf", lambda: b"%PDF-1.7\n1 0 obj <<\n" + b"\x00" * 300, "damaged"),
    "a PDF of scanned pages": ("scan.pdf", image_only_pdf, "pictures of pages"),
    "a Word file with macros": ("release.docx", _docx_with_macros, "macros"),
    "a macro-enabled Word file": ("release.docm", english_docx, "macros"),
    "an old Word file": ("release.doc", lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 600, ".docx"),
    "a spreadsheet": ("list.xlsx", lambda: b"PK\x05\x06" + b"\x00" * 18, "damaged"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_file_intake_cannot_read_gets_a_clear_message_and_nothing_is_kept(
    pat: Client, issuer: Any, asset_store: Path, case: str
) -> None:
    name, make, words = CASES[case]
    response = pat.post(
        INTAKE,
        {"issuer": issuer.pk, "documents": SimpleUploadedFile(name, make()), "_upload": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="intake-errors"' in page
    assert words in page.replace("&quot;", '"')
    assert name in page  # the message names the file
    _nothing_kept(asset_store)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    pat: Client, issuer: Any, asset_store: Path, tmp_path: Path
) -> None:
    # 50 MB on disk without writing 50 MB: a sparse file, nothing in the repository.
    big = tmp_path / "release.pdf"
    with big.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(50 * 1024 * 1024)
    with big.open("rb") as handle:
        response = pat.post(INTAKE, {"issuer": issuer.pk, "documents": handle, "_upload": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "“release.pdf” is 50.0 MB; a release document can be at most 20 MB" in page
    _nothing_kept(asset_store)


def test_three_documents_or_two_in_the_same_language_are_refused(
    pat: Client, issuer: Any, asset_store: Path
) -> None:
    word = english_docx()
    response = pat.post(
        INTAKE,
        {
            "issuer": issuer.pk,
            "documents": [SimpleUploadedFile("a.docx", word), SimpleUploadedFile("b.docx", word)],
            "_upload": "1",
        },
    )
    assert "Both documents are in English" in response.content.decode()
    response = pat.post(INTAKE, {"issuer": issuer.pk, "_upload": "1"})
    assert "Upload a Word or PDF file, or paste the release" in response.content.decode()
    _nothing_kept(asset_store)


def test_an_empty_word_file_says_there_is_nothing_to_read(
    pat: Client, issuer: Any, asset_store: Path
) -> None:
    import io

    out = io.BytesIO()
    docx.Document().save(out)
    response = pat.post(
        INTAKE,
        {"issuer": issuer.pk, "documents": SimpleUploadedFile("empty.docx", out.getvalue())},
    )
    assert "There is no text to read in “empty.docx”" in response.content.decode()
    _nothing_kept(asset_store)

"""The outbox browser: the PR officer reads what the embedded email backend kept, newest first,
as rendered HTML (sandboxed) or raw MIME; no request can read a file outside the outbox."""

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import LazySettings
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import reverse

from distribution.outbox import EmailBackend
from tests.distribution.officers import (
    NOW,
    alice,
    attribute,
    client_for,
    not_staff,
    table,
    text_of,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings: LazySettings, tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"
    folder.mkdir()
    settings.OUTBOX_DIR = folder
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"
    return folder


@pytest.fixture
def officer() -> Client:
    return client_for(alice())


def write(folder: Path, subject: str, to: str, *, minutes: int = 0, html: str = "") -> str:
    """One message written by the real backend at NOW + minutes; returns its file name."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=f"Text of {subject}",
        from_email="Newsroom <newsroom@pressroom.example.com>",
        to=[to],
    )
    if html:
        message.attach_alternative(html, "text/html")
    before = set(folder.glob("*.eml"))
    with time_machine.travel(NOW + timedelta(minutes=minutes), tick=False):
        EmailBackend(outbox_dir=folder).send_messages([message])
    [path] = set(folder.glob("*.eml")) - before
    return path.name


def listing(client: Client, page: int = 1) -> list[list[str]]:
    response = client.get(reverse("admin:distribution_outbox"), {"page": page})
    assert response.status_code == 200
    return table(response.content.decode(), "outbox")[1:]


def test_it_lists_messages_newest_first_with_subject_to_and_date(
    officer: Client, outbox: Path
) -> None:
    write(outbox, "For immediate release: first", "one@example.com", minutes=0)
    write(outbox, "即時發布：創新集群奪全球第一", "two@newsroom.test", minutes=5)

    rows = listing(officer)

    assert [row[:3] for row in rows] == [
        ["30 Aug 2025 12:05:00 HKT", "two@newsroom.test", "即時發布：創新集群奪全球第一"],
        ["30 Aug 2025 12:00:00 HKT", "one@example.com", "For immediate release: first"],
    ]


def test_it_shows_fifty_messages_a_page(officer: Client, outbox: Path) -> None:
    for number in range(55):
        write(outbox, f"Message {number:02d}", "reader@example.com", minutes=number)

    first, second = listing(officer, 1), listing(officer, 2)

    assert len(first) == 50
    assert first[0][2] == "Message 54"
    assert [row[2] for row in second] == [f"Message {n:02d}" for n in range(4, -1, -1)]


def test_an_empty_or_missing_outbox_says_so(
    officer: Client, settings: LazySettings, tmp_path: Path
) -> None:
    settings.OUTBOX_DIR = tmp_path / "not-yet"

    assert listing(officer) == [["The outbox is empty."]]


def test_a_message_is_shown_as_sandboxed_html_and_as_text(officer: Client, outbox: Path) -> None:
    name = write(
        outbox,
        "即時發布：創新集群奪全球第一",
        "reporter@example.com",
        html="<p>創新集群<strong>今日</strong>榮登全球第一位。</p><script>alert(1)</script>",
    )

    response = officer.get(reverse("admin:distribution_outbox_message", args=[name]))

    page = response.content.decode()
    [srcdoc] = attribute(page, "iframe", "srcdoc")
    [sandbox] = attribute(page, "iframe", "sandbox")
    assert "<strong>今日</strong>" in srcdoc
    assert "allow-scripts" not in sandbox
    assert "allow-same-origin" not in sandbox
    assert "<script>alert(1)</script>" not in page  # only inside the escaped srcdoc
    text = text_of(page)
    assert "Subject 即時發布：創新集群奪全球第一" in text
    assert "To reporter@example.com" in text
    assert "Date 30 Aug 2025 12:00 HKT" in text
    assert "Text of 即時發布：創新集群奪全球第一" in text


def test_the_raw_message_is_plain_text_in_a_sandbox(officer: Client, outbox: Path) -> None:
    name = write(outbox, "For immediate release", "reporter@example.com", html="<p>Hi</p>")

    response = officer.get(reverse("admin:distribution_outbox_raw", args=[name]))
    download = officer.get(reverse("admin:distribution_outbox_raw", args=[name]), {"download": 1})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response.content == (outbox / name).read_bytes()
    assert download["Content-Type"] == "message/rfc822"
    assert download["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize(
    "path",
    [
        "..%2F..%2F..%2Fetc%2Fpasswd/",
        "..%2F..%2F..%2Fetc%2Fpasswd/raw/",
        "../../../etc/passwd",
        "%2E%2E/raw/",
        "passwd/raw/",
        "20250830T040000000000-aaaaaaaaaaaa.eml/",
        ".hidden.eml/raw/",
        "secret.eml/raw/",
        "outside.eml/raw/",
    ],
)
def test_a_name_that_is_not_a_message_in_the_outbox_is_not_found(
    officer: Client, outbox: Path, path: str
) -> None:
    (outbox.parent / "secret.eml").write_text("root:x:0:0:secret")
    (outbox / ".hidden.eml").write_text("root:x:0:0:secret")
    (outbox / "outside.eml").symlink_to(outbox.parent / "secret.eml")

    response = officer.get(reverse("admin:distribution_outbox") + path)

    assert response.status_code == 404
    assert b"root:x:0:0" not in response.content


def test_a_symlink_is_not_listed(officer: Client, outbox: Path) -> None:
    (outbox.parent / "secret.eml").write_text("Subject: secret\r\n\r\nroot:x:0:0")
    (outbox / "outside.eml").symlink_to(outbox.parent / "secret.eml")

    assert listing(officer) == [["The outbox is empty."]]


def test_the_admin_index_links_to_the_outbox(officer: Client) -> None:
    page = officer.get(reverse("admin:index")).content.decode()

    assert reverse("admin:distribution_outbox") in page


def test_only_staff_who_may_see_sends_read_the_outbox(outbox: Path) -> None:
    name = write(outbox, "For immediate release", "reporter@example.com")
    no_permission = client_for(UserFactory.create(username="dora", is_staff=True))
    outsider = client_for(not_staff())

    for url in [
        reverse("admin:distribution_outbox"),
        reverse("admin:distribution_outbox_message", args=[name]),
        reverse("admin:distribution_outbox_raw", args=[name]),
    ]:
        assert no_permission.get(url).status_code == 403
        redirected = outsider.get(url)
        assert redirected.status_code == 302
        assert redirected["Location"].startswith(reverse("admin:login"))

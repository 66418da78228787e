"""The embedded email backend: every message lands in the outbox folder as an .eml file the PR
officer can open in any mail program."""

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.mail import send_mail, send_mass_mail


@pytest.fixture
def outbox(settings: object, tmp_path: Path) -> Path:
    folder = tmp_path / "outbox"  # not there yet: the backend makes it
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"  # type: ignore[attr-defined]
    settings.OUTBOX_DIR = folder  # type: ignore[attr-defined]
    return folder


def read(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_it_writes_a_message_with_a_chinese_subject_to_the_outbox(outbox: Path) -> None:
    sent = send_mail(
        "即時發布：創新集群奪全球第一",
        "香港，2025 年 9 月 1 日 - 創新集群今日榮登全球第一位。",
        "Newsroom <newsroom@pressroom.example.com>",
        ["reporter@example.com"],
    )

    assert sent == 1
    [path] = outbox.glob("*.eml")
    message = read(path)
    assert message["Subject"] == "即時發布：創新集群奪全球第一"
    assert message["To"] == "reporter@example.com"
    assert message["From"] == "Newsroom <newsroom@pressroom.example.com>"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert "創新集群今日榮登全球第一位" in body.get_content()


def test_it_writes_one_file_per_message(outbox: Path) -> None:
    sent = send_mass_mail(
        [
            ("For immediate release", "Body", "newsroom@pressroom.example.com", [address])
            for address in ["one@example.com", "two@example.com", "three@newsroom.test"]
        ]
    )

    assert sent == 3
    paths = sorted(outbox.glob("*.eml"))
    assert len(paths) == 3
    recipients = sorted(read(path)["To"] for path in paths)
    assert recipients == ["one@example.com", "three@newsroom.test", "two@example.com"]

"""The SMTP client the transport uses skips work smtplib does per message (parsing bare
addresses, scanning for lines that start with "."); what it says to the server must stay byte
for byte what smtplib says."""

import smtplib
from typing import TYPE_CHECKING

import pytest

from distribution.transport import _SMTP

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class Recording:
    """An SMTP client of the given class, talking to a server that accepts everything."""

    def __init__(self, cls: type[smtplib.SMTP]) -> None:
        sent: list[bytes] = []

        class Client(cls):  # type: ignore[valid-type,misc]
            def send(self, s: bytes | str) -> None:
                sent.append(s if isinstance(s, bytes) else s.encode())

            def getreply(self) -> tuple[int, bytes]:
                return (354 if sent[-1].lower().startswith(b"data") else 250), b"ok"

        self.client = Client()  # no host: no connection
        self.client.ehlo_resp = b"ok"
        self.client.does_esmtp = True
        self.client.esmtp_features = {"size": ""}
        self.sent = sent

    def sendmail(self, sender: str, to: str, message: bytes) -> list[bytes]:
        self.client.sendmail(sender, [to], message)
        return self.sent


@pytest.mark.parametrize(
    "message",
    [
        b"Subject: plain\r\n\r\nQUJD\r\nREVG\r\n",
        b"Subject: no final line break\r\n\r\nQUJD",
        b"Subject: dots\r\n\r\n.hidden\r\n..\r\n.\r\nend\r\n",
        b".starts with a dot\r\n\r\nbody\r\n",
    ],
)
@pytest.mark.parametrize(
    ("sender", "to"),
    [
        ("newsroom@pressroom.example.com", "journalist1@desk1.example.com"),
        ("newsroom@pressroom.example.com", "o'neil+desk_2@news-room.example.com"),
        ("Pressroom <newsroom@pressroom.example.com>", '"Lee, Scoop" <lee@example.com>'),
        ("newsroom@pressroom.example.com", "name with space@example.com"),
        ("newsroom@pressroom.example.com", "trailing.dot.@example.com"),
    ],
)
def test_the_transport_says_exactly_what_smtplib_says(sender: str, to: str, message: bytes) -> None:
    ours = Recording(_SMTP).sendmail(sender, to, message)
    theirs = Recording(smtplib.SMTP).sendmail(sender, to, message)

    assert ours == theirs


class Scripted:
    """A client whose server offers PIPELINING and answers each command from a script: what
    the client writes at once is one entry of `writes`."""

    def __init__(self, replies: dict[bytes, tuple[int, bytes]]) -> None:
        self.writes: list[bytes] = []
        self.pending: list[bytes] = []
        writes, pending = self.writes, self.pending

        class Client(_SMTP):
            def send(self, s: "ReadableBuffer | str") -> None:
                data = s.encode() if isinstance(s, str) else bytes(s)
                writes.append(data)
                if data.endswith(b".\r\n") and not data.upper().startswith(b"MAIL"):
                    pending.append(b"<message>")
                else:
                    pending.extend(line for line in data.split(b"\r\n") if line)

            def getreply(self) -> tuple[int, bytes]:
                command = pending.pop(0)
                for prefix, reply in replies.items():
                    if command.upper().startswith(prefix):
                        return reply
                return 250, b"ok"

        self.client = Client()
        self.client.ehlo_resp = b"ok"
        self.client.does_esmtp = True
        self.client.esmtp_features = {"pipelining": "", "size": "52428800"}


MESSAGE = b"Subject: =?utf-8?b?5Ym16Kmm?=\r\n\r\nQUJD\r\n"


def test_with_pipelining_mail_rcpt_and_data_go_in_one_write() -> None:
    scripted = Scripted({b"DATA": (354, b"go ahead")})

    scripted.client.sendmail_one("newsroom@example.com", "lee@daily.example.com", MESSAGE)

    assert scripted.writes == [
        f"MAIL FROM:<newsroom@example.com> size={len(MESSAGE)}\r\n".encode()
        + b"RCPT TO:<lee@daily.example.com>\r\nDATA\r\n",
        MESSAGE + b".\r\n",
    ]


def test_a_refused_recipient_sends_no_message_and_resets() -> None:
    scripted = Scripted({b"RCPT": (550, b"5.1.1 no such mailbox"), b"DATA": (554, b"no rcpt")})

    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        scripted.client.sendmail_one("newsroom@example.com", "gone@daily.example.com", MESSAGE)

    assert refused.value.recipients == {"gone@daily.example.com": (550, b"5.1.1 no such mailbox")}
    assert MESSAGE + b".\r\n" not in scripted.writes
    assert scripted.writes[-1] == b"rset\r\n"


def test_a_server_that_opens_data_for_no_recipient_gets_an_empty_message() -> None:
    """RFC 2920 says the server refuses DATA then; one that does not gets an empty message to
    no one, never the release."""
    scripted = Scripted({b"RCPT": (550, b"no"), b"DATA": (354, b"go ahead")})

    with pytest.raises(smtplib.SMTPRecipientsRefused):
        scripted.client.sendmail_one("newsroom@example.com", "gone@daily.example.com", MESSAGE)

    assert scripted.writes[1:] == [b".\r\n", b"rset\r\n"]


def test_without_pipelining_it_says_what_smtplib_says() -> None:
    ours = Recording(_SMTP)
    ours.client.sendmail_one("newsroom@example.com", "lee@daily.example.com", MESSAGE)
    theirs = Recording(smtplib.SMTP).sendmail(
        "newsroom@example.com", "lee@daily.example.com", MESSAGE
    )

    assert ours.sent == theirs

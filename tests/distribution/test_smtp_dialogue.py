"""The SMTP client the transport uses skips work smtplib does per message (parsing bare
addresses, scanning for lines that start with "."); what it says to the server must stay byte
for byte what smtplib says."""

import smtplib

import pytest

from distribution.transport import _SMTP


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

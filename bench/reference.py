"""The same-run reference for `make bench-send`: the receiver's own ceiling, measured by a bare
client loop (no Pressroom: no database, no rendering, no Celery) at the same round trip, with as
many requests or connections in flight as Pressroom's workers keep (`clients`).

- smtp: each client keeps one smtplib connection and sends a ~10 KB message per transaction,
  MAIL, RCPT and DATA written together when the server offers PIPELINING (two round trips a
  message), one command a round trip when it does not.
- postmark: each client POSTs a batch of `per_call` ~10 KB messages to /email/batch (built once).
- mailgun: each client sends a batch of `per_call` recipients per request through anymail's
  backend (merge_data: Mailgun's recipient variables).
- amazon_ses: each client sends `per_call` recipients per SendBulkEmail request through
  anymail's backend, from one stored template of a ~10 KB message (made once).
- another ESP: each client sends one ~10 KB message per request through anymail's backend."""

import json
import smtplib
import threading
import time
from collections.abc import Callable
from typing import Any

BODY = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 90)[:5000]


def _mime(n: int) -> bytes:
    return (
        f"From: bench@pressroom.example.com\r\nTo: r{n}@bench.example.com\r\n"
        f"Subject: reference\r\nMessage-ID: <ref{n}@pressroom.example.com>\r\n\r\n"
        f"{BODY}\r\n{BODY}\r\n"
    ).encode()


def _run(clients: int, seconds: float, loop: Callable[[Callable[[], bool]], int]) -> float:
    """Messages per second over `seconds` with `clients` threads, each running `loop`."""
    done: list[int] = []
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()

    def client() -> None:
        sent = loop(lambda: time.monotonic() < stop_at)
        with lock:
            done.append(sent)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def smtp_rate(port: int, clients: int, seconds: float = 5.0) -> float:
    def loop(going: Callable[[], bool]) -> int:
        sent = 0
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as connection:
            connection.ehlo()
            pipelining = connection.has_extn("pipelining")
            while going():
                message = _mime(sent)
                if pipelining:
                    connection.send(
                        f"MAIL FROM:<bench@pressroom.example.com>\r\n"
                        f"RCPT TO:<r{sent}@bench.example.com>\r\nDATA\r\n"
                    )
                    replies = [connection.getreply()[0] for _ in range(3)]
                    assert replies == [250, 250, 354], replies
                    connection.send(message + b".\r\n")
                    assert connection.getreply()[0] == 250
                else:
                    connection.sendmail(
                        "bench@pressroom.example.com", [f"r{sent}@bench.example.com"], message
                    )
                sent += 1
        return sent

    return _run(clients, seconds, loop)


def postmark_rate(url: str, token: str, clients: int, per_call: int, seconds: float = 5.0) -> float:
    import requests

    messages = [
        {
            "From": "bench@pressroom.example.com",
            "To": f"r{n}@bench.example.com",
            "Subject": "reference",
            "TextBody": BODY,
            "HtmlBody": f"<p>{BODY}</p>",
            "Headers": [{"Name": "Message-ID", "Value": f"<ref{n}@pressroom.example.com>"}],
            "Metadata": {"delivery_id": str(n)},
        }
        for n in range(per_call)
    ]
    body = json.dumps(messages).encode()
    headers = {"Content-Type": "application/json", "X-Postmark-Server-Token": token}

    def loop(going: Callable[[], bool]) -> int:
        sent = 0
        with requests.Session() as session:
            while going():
                session.post(f"{url}/email/batch", data=body, headers=headers).raise_for_status()
                sent += per_call
        return sent

    return _run(clients, seconds, loop)


def anymail_rate(
    clients: int, per_call: int = 1, seconds: float = 5.0, *, template: bool = False
) -> float:
    """Through the configured anymail backend (Django set up in this process); `per_call`
    recipients per request as a batch send (merge_data) when more than one; from a stored
    template (Amazon SES's SendBulkEmail) when `template`."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, get_connection

    resend = "resend" in settings.EMAIL_BACKEND
    if template:
        maker: Any = get_connection(fail_silently=False)
        maker.open()
        content = {"Subject": "reference", "Text": f"{BODY} {{{{{{n}}}}}}",
                   "Html": f"<p>{BODY} {{{{{{n}}}}}}</p>"}  # fmt: skip
        maker.client.create_email_template(TemplateName="reference", TemplateContent=content)
        maker.close()

    def loop(going: Callable[[], bool]) -> int:
        sent = 0
        connection: Any = get_connection(fail_silently=False)
        connection.open()
        try:
            while going():
                to = [f"r{sent + n}@bench.example.com" for n in range(per_call)]
                message = EmailMultiAlternatives(
                    "" if template else "reference",
                    "" if template else BODY,
                    "bench@pressroom.example.com",
                    to,
                    connection=connection,
                )
                if template:
                    message.template_id = "reference"  # type: ignore[attr-defined]
                else:
                    message.attach_alternative(f"<p>{BODY}</p>", "text/html")
                if per_call > 1 and resend:  # Resend's batches take no merge_data
                    message.merge_metadata = {address: {"n": address} for address in to}  # type: ignore[attr-defined]
                elif per_call > 1:
                    message.merge_data = {address: {"n": address} for address in to}  # type: ignore[attr-defined]
                message.send()
                sent += per_call
        finally:
            connection.close()
        return sent

    return _run(clients, seconds, loop)

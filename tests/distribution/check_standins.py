"""Loopback stand-ins for what the sending configuration check reads: an HTTP server answering
the ESPs' read-only calls (GET) with the shapes their API documentation gives, and an SMTP
server that asks for a username and password and may refuse the sender."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.distribution.conftest import free_port


@dataclass
class Api:
    """Answers by path (query string included): (status, JSON body), and for Amazon SES the
    error's type, which botocore reads from a header."""

    url: str = ""
    answers: dict[str, tuple[int, Any]] = field(default_factory=dict)
    asked: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # path, headers
    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        path = unquote(path)
        with self.lock:
            self.asked.append((path, headers))
        status, body = self.answers.get(path, (404, {"message": f"no such endpoint: {path}"}))
        extra = {"Content-Type": "application/json"}
        if isinstance(body, dict) and "__type" in body:
            extra["x-amzn-ErrorType"] = body["__type"]
        return status, extra, json.dumps(body).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        status, extra, body = self.server.api.answer(self.path, headers)
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, api: Api) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.api = api


@contextmanager
def serving_api() -> Iterator[Api]:
    api = Api()
    server = _Server(api)
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class SmtpServer:
    host: str
    port: int
    username: str = "pressroom"
    password: str = "right-password"
    refused_senders: set[str] = field(default_factory=set)
    received: list[str] = field(default_factory=list)  # RCPT TO addresses accepted
    mail_from: list[str] = field(default_factory=list)

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login.decode() == self.username
            and auth_data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False)

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: Any
    ) -> str:
        self.mail_from.append(address)
        if address in self.refused_senders:
            return "550 5.7.1 Sender address not allowed for this user"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@contextmanager
def serving_smtp() -> Iterator[SmtpServer]:
    """An SMTP server on loopback that offers AUTH (without TLS: loopback only)."""
    smtp = SmtpServer(host="127.0.0.1", port=free_port())
    controller = Controller(
        smtp,
        hostname=smtp.host,
        port=smtp.port,
        authenticator=smtp.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield smtp
    finally:
        controller.stop()

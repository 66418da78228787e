"""Requests through `pressroom.wsgi.application`, the callable gunicorn serves, as a WSGI server
calls it: what Django's test client (its own handler, the full middleware stack) cannot show
is what production does with a request, e.g. the webhook fast path."""

import io
import sys
from dataclasses import dataclass, field
from typing import Any

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from pressroom.wsgi import application


@dataclass
class Answer:
    status_code: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)  # names in lower case

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]

    def has_header(self, name: str) -> bool:
        return name.lower() in self.headers

    @property
    def cookies(self) -> list[str]:
        return [value.strip() for name, value in self.raw_headers if name.lower() == "set-cookie"]

    raw_headers: list[tuple[str, str]] = field(default_factory=list)


def wsgi_request(
    method: str,
    path: str,
    body: bytes = b"",
    *,
    content_type: str = "",
    headers: dict[str, str] | None = None,
) -> Answer:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if body:  # as Django's test client: no body, no length and no content type
        environ["CONTENT_LENGTH"] = str(len(body))
        environ["CONTENT_TYPE"] = content_type
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    started: list[Any] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
        started[:] = [status, response_headers]

    # As Django's test client does: the test's database connection (and its transaction) stays
    # open across the request, which a server would close when the request is finished.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        chunks = application(environ, start_response)
        try:
            content = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # request_finished, as a WSGI server sends it
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    status, response_headers = started
    return Answer(
        status_code=int(status.split(" ", 1)[0]),
        content=content,
        headers={name.lower(): value for name, value in response_headers},
        raw_headers=list(response_headers),
    )

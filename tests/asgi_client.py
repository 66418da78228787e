"""Requests through `pressroom.webhooks_asgi.application`, the webhook service gunicorn's asyncio
worker serves, as that worker calls it: the scope, the body in chunks, the answer's messages."""

import asyncio
from typing import Any

from pressroom import webhooks_asgi
from tests.wsgi_client import Answer

CHUNK = 64 * 1024  # as a server hands a large body over: piece by piece


def http_scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """The scope gunicorn's asyncio worker gives the application for a request from loopback."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }


def asgi_request(
    method: str,
    path: str,
    body: bytes = b"",
    *,
    content_type: str = "",
    headers: dict[str, str] | None = None,
    send_length: bool = True,
) -> Answer:
    sent_headers = [(b"host", b"testserver")]
    if body:
        if send_length:  # else as a chunked post: no length up front
            sent_headers.append((b"content-length", str(len(body)).encode()))
        sent_headers.append((b"content-type", content_type.encode("latin-1")))
    for name, value in (headers or {}).items():
        sent_headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    scope = http_scope(method, path, sent_headers)
    pieces = [body[start : start + CHUNK] for start in range(0, len(body), CHUNK)] or [b""]
    incoming: list[dict[str, Any]] = [
        {"type": "http.request", "body": piece, "more_body": index < len(pieces) - 1}
        for index, piece in enumerate(pieces)
    ]
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        await asyncio.Event().wait()  # as a server does until the client goes away
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    async def run() -> None:
        try:
            await webhooks_asgi.application(scope, receive, send)
        finally:
            await webhooks_asgi.close_stream_clients()

    asyncio.run(run())
    start, *bodies = messages
    assert start["type"] == "http.response.start", messages
    raw = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in start["headers"]]
    return Answer(
        status_code=start["status"],
        content=b"".join(message.get("body", b"") for message in bodies),
        headers={name.lower(): value for name, value in raw},
        raw_headers=raw,
    )

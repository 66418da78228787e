"""Outlet feeds served from loopback for the polling tests: fixed routes, each answer chosen by
the test; ETag honoured (304 when If-None-Match matches); a feed of any size streamed; every
request's headers kept so a test can see what the poller sent."""

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    etag: str = ""
    content_type: str = "application/rss+xml; charset=utf-8"
    stream_bytes: int = 0  # > 0: stream this many bytes of filler, no Content-Length
    redirect: str = ""
    status: int = 200
    cookie: str = ""


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Route]
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer(base="", routes={})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            state.requests.append((self.path, dict(self.headers.items())))
            route = state.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.redirect:
                self.send_response(302)
                self.send_header("Location", route.redirect)
                self.end_headers()
                return
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.cookie:
                self.send_header("Set-Cookie", route.cookie)
            if route.stream_bytes:
                self.end_headers()
                chunk = b"<!-- " + b"x" * 65_000 + b" -->\n"
                sent = 0
                try:
                    while sent < route.stream_bytes:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except OSError:
                    return  # the client gave up, as it should
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """A loopback port that takes connections (the kernel completes the handshake) and never
    answers a byte: a feed that hangs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml"
    finally:
        listener.close()


def rss(
    items: list[tuple[str, str, str]], *, published: str = "Mon, 01 Sep 2025 04:00:00 GMT"
) -> bytes:
    """An RSS 2.0 feed of (title, link, summary)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><description>{summary}</description>"
        f"<pubDate>{published}</pubDate><author>Alex Lee</author></item>"
        for title, link, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Harbour Daily</title><link>https://harbour.example.com/</link>{entries}"
        "</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str, str]], *, updated: str = "2025-09-01T04:00:00Z") -> bytes:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><id>{link}</id>'
        f"<updated>{updated}</updated><summary>{summary}</summary></entry>"
        for title, link, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>島嶼日報</title><id>urn:island</id><updated>{updated}</updated>{entries}</feed>"
    ).encode()

"""Fetching a URL someone typed (an outlet's feed), guarded: only http(s); every address the
host name resolves to must be public (no private, loopback, link-local, shared or reserved
address, IPv4-mapped forms included), and the connection goes to the address that was checked,
so a DNS answer that changes between the check and the connect (rebinding) cannot slip
through; redirects are followed by hand and checked again; no cookies are kept or sent; each
network step times out after COVERAGE_FETCH_TIMEOUT and the whole fetch after twice that; a
body over COVERAGE_FETCH_MAX_BYTES is abandoned. COVERAGE_ALLOW_LOOPBACK lets tests and
benchmarks reach 127.0.0.1 (loopback only)."""

import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

MAX_REDIRECTS = 3
USER_AGENT = "Pressroom coverage monitor (+https://github.com/)"


class FetchRefused(Exception):
    """The address may not be fetched (scheme, or a non-public address). Not retried sooner."""


class FetchFailed(Exception):
    """The fetch did not complete: time-out, too large, an HTTP error, a network error."""


@dataclass
class Fetched:
    status: int  # 200, or 304: not modified since the ETag / Last-Modified we sent
    body: bytes
    etag: str
    last_modified: str
    url: str  # after redirects


class _NoCookies(CookieJar):
    """A jar that keeps nothing: a feed's Set-Cookie is never sent back."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: Any) -> None:
        return None


def new_client(*, verify: ssl.SSLContext | bool = True) -> httpx.Client:
    """One client for a round of fetches. `verify`: the certificates trusted (tests pass their
    own authority; production the system's)."""
    timeout = settings.COVERAGE_FETCH_TIMEOUT
    return httpx.Client(
        timeout=httpx.Timeout(timeout),
        verify=verify,
        follow_redirects=False,
        cookies=_NoCookies(),
        trust_env=False,  # no proxy from the environment decides where we connect
        headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, "
                 "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"},
        limits=httpx.Limits(max_keepalive_connections=0),
    )  # fmt: skip


def address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return bool(settings.COVERAGE_ALLOW_LOOPBACK)
    return ip.is_global and not ip.is_multicast


def resolve_checked(host: str, port: int) -> str:
    """The address to connect to; FetchRefused if any address of the host is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"cannot resolve {host}: {error}") from error
    addresses = [str(info[4][0]) for info in infos]
    refused = [a for a in addresses if not address_allowed(a)]
    if refused or not addresses:
        raise FetchRefused(f"non-public address: {host} is {', '.join(refused)}")
    return addresses[0]


def fetch(url: str, *, client: httpx.Client, etag: str = "", last_modified: str = "") -> Fetched:
    deadline = time.monotonic() + 2 * settings.COVERAGE_FETCH_TIMEOUT
    for _hop in range(MAX_REDIRECTS + 1):
        answer = _one_request(url, client, etag, last_modified, deadline)
        if isinstance(answer, Fetched):
            return answer
        url = answer  # a redirect: checked again like the first address
    raise FetchFailed("too many redirects")


def _one_request(
    url: str, client: httpx.Client, etag: str, last_modified: str, deadline: float
) -> Fetched | str:
    """The answer, or the address a redirect points to."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"not an http(s) address: {url[:200]}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = resolve_checked(parts.hostname, port)
    host_for_url = f"[{address}]" if ":" in address else address
    pinned = parts._replace(netloc=f"{host_for_url}:{port}").geturl()
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1]}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    try:
        with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
            if response.status_code in (301, 302, 303, 307, 308):
                location = response.headers.get("location", "")
                if not location:
                    raise FetchFailed(f"redirect without a Location ({response.status_code})")
                return urljoin(url, location)
            if response.status_code == 304:
                return Fetched(304, b"", etag, last_modified, url)
            if response.status_code != 200:
                raise FetchFailed(f"HTTP {response.status_code}")
            body = _read_capped(response, deadline)
            return Fetched(
                200,
                body,
                response.headers.get("etag", "")[:500],
                response.headers.get("last-modified", "")[:100],
                url,
            )
    except httpx.TimeoutException as error:
        raise FetchFailed(f"timed out after {settings.COVERAGE_FETCH_TIMEOUT:g} s") from error
    except httpx.HTTPError as error:
        raise FetchFailed(f"{type(error).__name__}: {error}"[:300]) from error


def _read_capped(response: httpx.Response, deadline: float) -> bytes:
    cap = settings.COVERAGE_FETCH_MAX_BYTES
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        raise FetchFailed(f"larger than {cap // 1024} KB (Content-Length {declared})")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchFailed(f"larger than {cap // 1024} KB")
        if time.monotonic() > deadline:
            raise FetchFailed("too slow: the whole answer did not arrive in time")
        chunks.append(chunk)
    return b"".join(chunks)

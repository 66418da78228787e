"""One address per story: the canonical form of a coverage URL, so the same article reached
through a tracking link, its AMP page or its mobile site is one coverage item.

Dropped: the fragment, tracking parameters (utm_*, fbclid, gclid and the like), AMP markers
(an `amp.` host, an `/amp` path segment, `.amp` before the extension, `?amp=1`,
`outputType=amp`), mobile hosts (`m.`, `mobile.`), `www.`, default ports and a trailing
slash. Kept: everything else in the query, sorted. The scheme is always https: a site that
serves a story over both is one story."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
     "mc_eid", "_ga", "_gl", "ref_src", "cmpid", "ocid", "amp", "outputtype"}
)  # fmt: skip
HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
AMP_ENDINGS = ((".amp.html", ".html"), (".amp.htm", ".htm"), (".amp", ""))


class NotAWebAddress(ValueError):
    """Not an http(s) URL with a host."""


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise NotAWebAddress(url)
    host = parts.hostname.lower().rstrip(".")
    stripped = True
    while stripped:
        stripped = False
        for prefix in HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, stripped = host[len(prefix) :], True
    try:
        port = parts.port
    except ValueError as error:
        raise NotAWebAddress(url) from error
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    segments = [s for s in parts.path.split("/") if s and s.lower() != "amp"]
    if segments:
        last = segments[-1]
        for marker, ending in AMP_ENDINGS:
            if last.lower().endswith(marker):
                segments[-1] = last[: -len(marker)] + ending
                break
    path = "/" + "/".join(segments) if segments else ""
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(TRACKING_PREFIXES) and name.lower() not in TRACKING_NAMES
    )
    return urlunsplit(("https", host, path, urlencode(query), ""))


def domain_of(url: str) -> str:
    """The host an outlet is known by: the canonical host without its port."""
    return urlsplit(canonical_url(url)).hostname or ""

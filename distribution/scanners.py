"""Telling people from machines. Mail gateways (Microsoft Safe Links, Proofpoint, Mimecast,
Barracuda…) fetch every link in a message as it arrives, and privacy proxies (Apple Mail Privacy
Protection) load every image: counted as opens and clicks they make a release look read by
everyone. We record everything and flag what a machine did, so reports count people and
machines apart. The signals, each documented where it is used:

- the request is HEAD (a person's browser sends GET);
- the user agent names a scanner, a script or a proxy, or is missing;
- no cookie round trip: the first visit sets a cookie and redirects to itself, a browser comes
  back with it, most scanners do not (distribution/views.py);
- it came within SCANNER_WINDOW_SECONDS of the message leaving us: a gateway scanning on arrival.
"""

import re
from datetime import datetime

from django.conf import settings

# Lower-case fragments of user agents that belong to link scanners, scripts and proxies.
SCANNER_AGENTS = re.compile(
    r"bot\b|bot/|crawler|spider|scanner|preview|headless|phantomjs|"
    r"python-requests|python-urllib|aiohttp|httpx|curl/|wget/|go-http-client|java/|okhttp|"
    r"libwww|apache-httpclient|node-fetch|axios/|"
    r"barracuda|proofpoint|mimecast|symantec|messagelabs|trendmicro|trend micro|forcepoint|"
    r"fortiguard|sophos|cisco|ironport|safelinks|safe links|microsoft office|ms-office|"
    r"microsoft-webdav|skypeuripreview|bingpreview|googleimageproxy-scan|yahoo! slurp|"
    r"zgrab|masscan|nessus"
)
# Apple Mail Privacy Protection fetches images with exactly this agent, from Apple's proxies.
APPLE_PRIVACY_PROXY = "mozilla/5.0"
# ESP event names that say a proxy, not the reader, loaded the message (Brevo).
PROXY_OPEN_EVENTS = frozenset({"unique_proxy_open", "proxy_open"})


def agent_reason(user_agent: str | None) -> str:
    """Why this user agent is a machine's, or "" for what looks like a person's browser."""
    agent = (user_agent or "").strip().lower()
    if not agent:
        return "no user agent"
    if agent == APPLE_PRIVACY_PROXY:
        return "privacy proxy"
    match = SCANNER_AGENTS.search(agent)
    if match:
        return f"scanner agent ({match.group(0).strip(' /')})"
    return ""


def too_soon_reason(at: datetime, sent_at: datetime | None) -> str:
    """A click or open within seconds of sending is the recipient's mail gateway at work."""
    if sent_at is None:
        return ""
    window = settings.SCANNER_WINDOW_SECONDS
    seconds = (at - sent_at).total_seconds()
    if 0 <= seconds < window:
        return f"within {window} s of sending"
    return ""


def click_machine_reason(
    *, method: str, user_agent: str | None, at: datetime, sent_at: datetime | None
) -> str:
    """Why a visit to an asset link is a machine's, or "" (the cookie round trip is judged by
    the view, which alone sees it)."""
    if method == "HEAD":
        return "HEAD request"
    return agent_reason(user_agent) or too_soon_reason(at, sent_at)


def open_machine_reason(
    *, user_agent: str | None, esp_event_name: str, at: datetime, sent_at: datetime | None
) -> str:
    """Why an ESP's open (or click) event is a machine's, or "". Most ESPs give no user agent
    for an open: then only the proxy flag and the timing can tell, and a missing agent alone
    is not taken as a machine."""
    if esp_event_name in PROXY_OPEN_EVENTS:
        return "privacy proxy"
    if user_agent:
        reason = agent_reason(user_agent)
        if reason:
            return reason
    return too_soon_reason(at, sent_at)

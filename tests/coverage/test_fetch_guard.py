"""A feed address is typed by a person: in production (COVERAGE_ALLOW_LOOPBACK off) nothing on
loopback, a private network or a link-local address (the cloud metadata service) is fetched,
by address, by name or through a redirect."""

from typing import Any

import pytest

import pressroom.settings as production
from coverage.fetch import FetchRefused, fetch, new_client
from tests.coverage.feed_server import Route, feed_server


def test_production_refuses_loopback_by_default() -> None:
    assert production.COVERAGE_ALLOW_LOOPBACK is False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed.xml",
        "http://127.1.2.3:8080/feed.xml",
        "http://localhost/feed.xml",
        "http://10.0.0.5/feed.xml",
        "http://10.255.1.1:8443/rss",
        "http://172.16.0.1/rss",
        "http://192.168.1.10/rss",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/feed.xml",
        "http://[::ffff:127.0.0.1]/feed.xml",
        "http://[fe80::1]/feed.xml",
        "http://0.0.0.0/feed.xml",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_it_refuses_a_non_public_address_in_production(url: str, settings: Any) -> None:
    settings.COVERAGE_ALLOW_LOOPBACK = False
    with new_client() as client, pytest.raises(FetchRefused):
        fetch(url, client=client)


def test_loopback_allowed_for_tests_still_refuses_private_and_link_local(settings: Any) -> None:
    settings.COVERAGE_ALLOW_LOOPBACK = True
    with new_client() as client:
        for url in ("http://10.1.2.3/rss", "http://169.254.169.254/latest/meta-data/"):
            with pytest.raises(FetchRefused):
                fetch(url, client=client)


def test_a_redirect_to_the_metadata_service_is_refused(settings: Any) -> None:
    settings.COVERAGE_ALLOW_LOOPBACK = True
    with feed_server() as server:
        server.routes["/feed"] = Route(redirect="http://169.254.169.254/latest/meta-data/")
        with new_client() as client, pytest.raises(FetchRefused):
            fetch(server.base + "/feed", client=client)


def test_a_loopback_server_in_production_is_never_contacted(settings: Any) -> None:
    settings.COVERAGE_ALLOW_LOOPBACK = False
    with feed_server() as server:
        server.routes["/feed"] = Route(body=b"<rss/>")
        with new_client() as client, pytest.raises(FetchRefused):
            fetch(server.base + "/feed", client=client)
    assert server.requests == []

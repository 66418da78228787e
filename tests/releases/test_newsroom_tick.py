"""The beat tick publishes nothing (a release is public because its embargo passed, worker or
not); it makes thumbnails of releases about to lift, and tells WebSub hubs when feeds change."""

import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from releases import newsroom as services
from releases import tasks
from releases.models import Asset, Release
from tests.factories import ReleaseFactory, UploadedPhotoFactory

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def lifting(db: None) -> Asset:
    release = ReleaseFactory.create(
        status=Release.Status.SCHEDULED, embargoed=True, embargo_until=EMBARGO, bilingual=True
    )
    return UploadedPhotoFactory.create(release=release)


class Hub:
    """A WebSub hub on loopback that records what it is told."""

    def __init__(self) -> None:
        self.pings: list[dict[str, list[str]]] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                hub.pings.append(parse_qs(self.rfile.read(length).decode()))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"


@pytest.fixture
def hub(settings: Settings) -> Iterator[Hub]:
    hub = Hub()
    thread = threading.Thread(target=hub.server.serve_forever, daemon=True)
    thread.start()
    settings.NEWSROOM_WEBSUB_HUBS = [hub.url]
    settings.SITE_URL = "https://press.example.com"
    yield hub
    hub.server.shutdown()
    hub.server.server_close()


def test_it_makes_every_rendition_before_the_embargo_lifts_and_once(
    lifting: Asset, asset_store: Path, anonymous: Client
) -> None:
    with time_machine.travel(EMBARGO - timedelta(minutes=5), tick=False):
        report = services.newsroom_tick(at=timezone.now())
        # Made, but as shut as ever until the embargo.
        assert anonymous.get(f"/files/{lifting.pk}/w480.jpg").status_code == 404
        again = services.newsroom_tick(at=timezone.now())
    assert report.renditions == 4  # web 480 and 1200, social, print
    assert again.renditions == 0
    made = sorted(
        p.name.split("-")[1] for p in (asset_store / "thumbnails" / str(lifting.pk)).glob("*.jpg")
    )
    assert made == ["print.jpg", "social.jpg", "w1200.jpg", "w480.jpg"]


def test_it_leaves_releases_lifting_later_alone(lifting: Asset, asset_store: Path) -> None:
    with time_machine.travel(EMBARGO - timedelta(hours=1), tick=False):
        report = services.newsroom_tick(at=timezone.now())
    assert report.renditions == 0
    assert not (asset_store / "thumbnails").exists()


def test_it_pings_the_hubs_once_the_embargo_has_lifted_and_not_before(
    lifting: Asset, hub: Hub
) -> None:
    with time_machine.travel(EMBARGO - timedelta(seconds=1), tick=False):
        assert services.newsroom_tick(at=timezone.now()).pings == 0
    assert hub.pings == []
    with time_machine.travel(EMBARGO + timedelta(seconds=20), tick=False):
        tasks.newsroom_tick()  # the task as beat runs it, in-process
    feeds = sorted(ping["hub.url"][0] for ping in hub.pings)
    assert feeds == [
        "https://press.example.com/en/feed/atom/",
        "https://press.example.com/en/feed/rss/",
        "https://press.example.com/zh-hant/feed/atom/",
        "https://press.example.com/zh-hant/feed/rss/",
    ]
    assert {ping["hub.mode"][0] for ping in hub.pings} == {"publish"}


def test_a_hub_that_is_down_does_not_stop_the_tick(lifting: Asset, settings: Settings) -> None:
    settings.NEWSROOM_WEBSUB_HUBS = ["http://127.0.0.1:9/"]  # discard port: refused
    with time_machine.travel(EMBARGO + timedelta(seconds=5), tick=False):
        report = services.newsroom_tick(at=timezone.now())
    assert report.lifted == 1
    assert report.pings == 0


def test_the_feeds_name_the_hubs_readers_can_subscribe_to(
    lifting: Asset, hub: Hub, anonymous: Client
) -> None:
    rss = ET.fromstring(anonymous.get("/en/feed/rss/").content)  # noqa: S314 -- our own output
    atom = ET.fromstring(anonymous.get("/zh-hant/feed/atom/").content)  # noqa: S314
    for channel in (rss.find("channel"), atom):
        assert channel is not None
        hubs = [link.get("href") for link in channel.findall(f"{ATOM}link[@rel='hub']")]
        assert hubs == [hub.url]


def test_the_beat_runs_the_tick_every_thirty_seconds(settings: Settings) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["newsroom-tick"]
    assert entry == {"task": "releases.tasks.newsroom_tick", "schedule": 30.0}
    assert tasks.newsroom_tick.name == "releases.tasks.newsroom_tick"

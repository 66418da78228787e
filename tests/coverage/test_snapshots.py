"""A story's snapshot, kept in case the outlet moves or deletes it: the officer selects items and
"Keep a snapshot of the selected pages"; the worker fetches each page (loopback here), keeps it
as the item's capture (a download, never a page of ours) and fills the title and first paragraph
the officer left blank. A page that does not answer in time, a refused address or an error
leaves the item as it was."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from coverage.models import CoverageItem
from coverage.snapshots import read_snapshot
from tests.coverage.feed_server import Route, feed_server, silent_server
from tests.factories import PublicReleaseFactory
from tests.personas import persona

pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>集群奪榜首 | 海港日報</title>
<meta property="og:title" content="「深圳-香港-廣州」創新集群奪全球創新指數榜首">
<meta property="og:description" content="摘要">
</head><body><p>海港日報 記者 李思穎</p>
<p>世界知識產權組織今日發布《2025 年全球創新指數》，
「深圳-香港-廣州」創新集群榮登全球第一位，數碼港表示歡迎。</p>
<script>alert("not ours")</script></body></html>"""


@pytest.fixture(autouse=True)
def media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def officer_client() -> Client:
    officer = persona("alice")
    client = Client()
    client.force_login(officer)
    return client


def item_at(url: str, **fields: Any) -> CoverageItem:
    item = CoverageItem.objects.create(url=url, canonical_url=url, headline="x", **fields)
    item.releases.add(PublicReleaseFactory.create())
    return item


def keep_snapshots(*items: CoverageItem) -> Any:
    return officer_client().post(
        "/admin/coverage/coverageitem/",
        {"action": "fetch_snapshots", "_selected_action": [item.pk for item in items]},
        follow=True,
    )


@pytest.mark.usefixtures("eager_celery")
def test_the_page_its_title_and_first_paragraph_are_kept() -> None:
    with feed_server() as server:
        server.routes["/story"] = Route(body=PAGE.encode(), content_type="text/html")
        item = item_at(server.base + "/story")
        typed = item_at(server.base + "/story?again", snapshot_title="標題由同事輸入")
        server.routes["/story?again"] = server.routes["/story"]
        response = keep_snapshots(item, typed)

    assert "Fetching 2 page(s)" in response.content.decode()
    item.refresh_from_db()
    assert item.snapshot_title == "「深圳-香港-廣州」創新集群奪全球創新指數榜首"
    assert item.snapshot_paragraph.startswith("世界知識產權組織今日發布")  # not the byline
    assert item.snapshot_paragraph.endswith(
        "》，「深圳-香港-廣州」創新集群榮登全球第一位，數碼港表示歡迎。"
    )
    assert item.capture.read() == PAGE.encode()
    typed.refresh_from_db()
    assert typed.snapshot_title == "標題由同事輸入"  # what the officer typed stays
    download = officer_client().get(f"/admin/coverage/coverageitem/{item.pk}/capture/")
    assert download["Content-Disposition"].startswith("attachment")


def test_a_page_that_does_not_answer_or_is_refused_leaves_the_item_as_it_was(
    settings: Settings,
) -> None:
    from coverage.fetch import new_client
    from coverage.snapshots import snapshot_fetch

    settings.COVERAGE_FETCH_TIMEOUT = 0.5
    with silent_server() as base:
        slow = item_at(base)
        with new_client() as client:
            reason = snapshot_fetch(slow, client=client)
    assert "timed out" in reason
    settings.COVERAGE_ALLOW_LOOPBACK = False
    refused = item_at("http://127.0.0.1:9/private")
    with new_client() as client:
        assert "non-public address" in snapshot_fetch(refused, client=client)
    for item in (slow, refused):
        item.refresh_from_db()
        assert (item.snapshot_title, item.capture.name) == ("", "")


def test_an_english_page_without_og_tags_gives_its_title_and_opening() -> None:
    found = read_snapshot(
        "<html><head><title>Cluster ranked first &amp; more</title></head><body>"
        "<p>By Alex Lee</p><p>The Shenzhen-Hong Kong-Guangzhou cluster topped the 2025 Global "
        "Innovation Index.</p></body></html>"
    )
    assert found.title == "Cluster ranked first & more"
    assert found.paragraph.startswith("The Shenzhen-Hong Kong-Guangzhou cluster")

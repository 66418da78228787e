"""The newsroom's pages come from a server-side cache, and the cache never shows the newsroom as
it was: a release appears on the index and in the search at its embargo moment, not a cache
period later; any edit (a queryset update() included, which no signal sees) retires every
cached page; an unknown address is never cached."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from releases.models import NewsroomVersion, Release, ReleaseTranslation
from tests.factories import (
    BeatFactory,
    PublicReleaseFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
)

# Committed, as in production: on PostgreSQL the version rises when a write commits.
pytestmark = pytest.mark.django_db(transaction=True)

EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)
BEFORE = EMBARGO - timedelta(minutes=1)


@pytest.fixture(autouse=True)
def page_cache(settings: Any) -> None:
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    NewsroomVersion.objects.get_or_create(pk=1)  # the migration's row, gone with each flush
    cache.clear()


@pytest.fixture
def newsroom() -> dict[str, Release]:
    with time_machine.travel(BEFORE - timedelta(days=1), tick=False):
        public = PublicReleaseFactory.create()
        ReleaseTranslation.objects.filter(release=public).update(headline="Fintech week opens")
        embargoed = ReleaseFactory.create(
            status=Release.Status.SCHEDULED, embargoed=True, embargo_until=EMBARGO
        )
        ReleaseTranslationFactory.create(
            release=embargoed, headline="Quasar cluster ranked first", body="<p>集群奪冠。</p>"
        )
    return {"public": public, "embargoed": embargoed}


def test_a_page_is_served_again_from_the_cache_with_one_query(
    newsroom: dict[str, Release], django_assert_max_num_queries: Any
) -> None:
    client = Client()
    with time_machine.travel(BEFORE, tick=False):
        first = client.get("/en/")
        with django_assert_max_num_queries(1):  # the newsroom's version
            again = client.get("/en/")
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"] == "public, max-age=30"
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("url", ["/en/", "/en/?q=quasar", "/zh-hant/?q=集群", "/en/feed/rss/"])
def test_a_cached_list_shows_the_release_at_its_embargo_moment(
    newsroom: dict[str, Release], url: str
) -> None:
    client = Client()
    with time_machine.travel(BEFORE, tick=False):
        assert b"Quasar" not in client.get(url).content
        assert b"Quasar" not in client.get(url).content  # now from the cache
    with time_machine.travel(EMBARGO, tick=False):
        assert b"Quasar" in client.get(url).content


def test_an_edit_by_a_queryset_update_retires_the_cached_pages(
    newsroom: dict[str, Release],
) -> None:
    client = Client()
    public = newsroom["public"]
    page = f"/en/releases/{public.pk}-{public.slug}/"
    with time_machine.travel(BEFORE, tick=False):
        assert b"Fintech week opens" in client.get(page).content
        assert b"Fintech week opens" in client.get("/en/").content
        ReleaseTranslation.objects.filter(release=public).update(headline="Fintech week closes")
        assert b"Fintech week closes" in client.get(page).content
        assert b"Fintech week closes" in client.get("/en/").content
        Release.objects.filter(pk=public.pk).update(status=Release.Status.WITHDRAWN)
        assert b"Fintech week" not in client.get("/en/").content
        assert (
            client.get(page).status_code == 410 or b"Fintech week" not in client.get(page).content
        )


def test_only_public_answers_are_cached(newsroom: dict[str, Release]) -> None:
    client = Client()
    embargoed = newsroom["embargoed"]
    page = f"/en/releases/{embargoed.pk}-{embargoed.slug}/"
    with time_machine.travel(BEFORE, tick=False):
        assert client.get(page).status_code == 404
    with time_machine.travel(EMBARGO, tick=False):
        response = client.get(page)
    assert response.status_code == 200
    assert b"Quasar cluster ranked first" in response.content


def test_off_when_the_setting_is_zero(newsroom: dict[str, Release], settings: Any) -> None:
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0
    client = Client()
    with time_machine.travel(BEFORE, tick=False):
        client.get("/en/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/en/")
    assert len(captured.captured_queries) > 1  # rendered again


def test_the_topic_list_follows_a_topic_given_to_a_public_release(
    newsroom: dict[str, Release],
) -> None:
    client = Client()
    with time_machine.travel(BEFORE, tick=False):
        assert b"Robotics" not in client.get("/en/").content
        newsroom["public"].topics.add(BeatFactory.create(name_en="Robotics"))
        assert b"Robotics" in client.get("/en/?year=2025").content  # another page, same list
        assert b"Robotics" in client.get("/en/").content

"""The same story reached through a tracking link, its AMP page or its mobile site is one
coverage item."""

import pytest

from coverage.canonical import NotAWebAddress, canonical_url
from coverage.models import CoverageItem
from coverage.services import coverage_record
from tests.factories import PublicReleaseFactory

STORY = "https://news.example.com/tech/2025/09/01/cluster-ranked-first"


@pytest.mark.parametrize(
    "variant",
    [
        "https://news.example.com/tech/2025/09/01/cluster-ranked-first/",
        "http://news.example.com/tech/2025/09/01/cluster-ranked-first",
        "https://news.example.com/tech/2025/09/01/cluster-ranked-first?utm_source=x&utm_medium=y",
        "https://news.example.com/tech/2025/09/01/cluster-ranked-first?fbclid=abc#comments",
        "https://news.example.com/tech/2025/09/01/cluster-ranked-first?gclid=1",
        "https://news.example.com/amp/tech/2025/09/01/cluster-ranked-first",
        "https://news.example.com/tech/2025/09/01/cluster-ranked-first/amp/",
        "https://amp.news.example.com/tech/2025/09/01/cluster-ranked-first",
        "https://m.news.example.com/tech/2025/09/01/cluster-ranked-first",
        "https://mobile.news.example.com/tech/2025/09/01/cluster-ranked-first",
        "https://www.news.example.com:443/tech/2025/09/01/cluster-ranked-first",
        "HTTPS://NEWS.EXAMPLE.COM/tech/2025/09/01/cluster-ranked-first?outputType=amp",
    ],
)
def test_it_gives_one_address_for_the_same_story(variant: str) -> None:
    assert canonical_url(variant) == canonical_url(STORY)


def test_it_keeps_what_tells_stories_apart() -> None:
    assert canonical_url(STORY + "?id=1") != canonical_url(STORY + "?id=2")
    assert canonical_url(STORY) != canonical_url(STORY.replace("news.", "biz."))
    assert canonical_url("https://news.example.com/a.amp.html") == canonical_url(
        "https://news.example.com/a.html"
    )


@pytest.mark.parametrize("bad", ["", "javascript:alert(1)", "ftp://news.example.com/a", "news"])
def test_it_refuses_what_is_not_a_web_address(bad: str) -> None:
    with pytest.raises(NotAWebAddress):
        canonical_url(bad)


@pytest.mark.django_db
def test_two_addresses_of_one_story_make_one_item() -> None:
    release = PublicReleaseFactory.create()
    first, created = coverage_record(
        url=STORY + "?utm_campaign=launch", headline="Cluster first", releases=[release],
        found_by=CoverageItem.FoundBy.IMPORT, status=CoverageItem.Status.PROPOSED,
    )  # fmt: skip
    again, created_again = coverage_record(
        url="https://m.news.example.com/amp/tech/2025/09/01/cluster-ranked-first/",
        headline="Cluster first (mobile)", releases=[release],
        found_by=CoverageItem.FoundBy.FEED, status=CoverageItem.Status.PROPOSED,
    )  # fmt: skip
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert CoverageItem.objects.count() == 1

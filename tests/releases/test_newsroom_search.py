"""Newsroom search that understands Chinese: a two-character word is found inside longer text, a
headline match ranks first, what was found is marked, the language filter narrows, and the
index follows every edit. On PostgreSQL the search reads its index (releases/search.py); on
SQLite, the embedded default, it is a substring match, newest first."""

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from releases.models import Release, ReleaseSearch, ReleaseTranslation
from releases.search import cjk_grams, search_query
from tests.factories import ReleaseFactory, ReleaseTranslationFactory

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


def published(day: int, headline_zh: str, body_zh: str, headline_en: str = "") -> Release:
    release = ReleaseFactory.create(
        status=Release.Status.PUBLISHED, release_date=date(2025, 9, day)
    )
    ReleaseTranslationFactory.create(
        release=release, zh_hant=True, headline=headline_zh, body=f"<p>{body_zh}</p>"
    )
    if headline_en:
        ReleaseTranslationFactory.create(
            release=release, headline=headline_en, body="<p>The park welcomed the ranking.</p>"
        )
    return release


def found(client: Client, query: str, language: str = "zh-hant", **filters: str) -> list[int]:
    params = "&".join(f"{k}={v}" for k, v in {"q": query, **filters}.items())
    html = client.get(f"/{language}/?{params}").content.decode()
    return [
        int(pk)
        for pk in re.findall(r'<li class="card">.*?href="/[^/]+/releases/(\d+)-', html, re.S)
    ]


def test_chinese_text_becomes_overlapping_pairs_each_run_ending_with_its_last_character() -> None:
    assert cjk_grams("科技集群，創科") == "科技 技集 集群 群 創科 科"
    assert cjk_grams("GII 2025") == ""


def test_a_two_character_word_finds_the_release_and_the_headline_match_ranks_first(
    client: Client,
) -> None:
    in_text = published(20, "科技園歡迎排名結果", "本港創科生態持續發展。")  # newer
    in_headline = published(3, "創科集群奪全球第一", "集群位列全球第一。")
    published(25, "人才計劃開幕", "吸引海外人才。")  # does not say 創科

    results = found(client, "創科")

    if POSTGRES:
        assert results == [in_headline.pk, in_text.pk]
    else:  # the fallback: newest first
        assert results == [in_text.pk, in_headline.pk]


def test_a_phrase_must_appear_as_written(client: Client) -> None:
    together = published(3, "科技集群奪全球第一", "集群位列全球第一。")
    published(4, "科技園的集群", "科技與人才。")  # both words, never side by side

    assert found(client, "科技集群") == [together.pk]


def test_what_was_found_is_marked_in_the_headline_and_a_passage_of_the_text(
    client: Client,
) -> None:
    published(
        3, "創科集群奪全球第一", "世界知識產權組織公布排名，集群位列全球第一。創科生態持續發展。"
    )

    html = client.get("/zh-hant/?q=創科").content.decode()

    assert "<mark>創科</mark>集群奪全球第一" in html
    assert "<mark>創科</mark>生態持續發展" in html


def test_html_in_the_text_is_never_marked_up_as_html(client: Client) -> None:
    published(3, "創科 <b>週</b>", "創科 &lt;script&gt;alert(1)&lt;/script&gt;")

    html = client.get("/zh-hant/?q=創科").content.decode()

    assert "<mark>創科</mark> &lt;b&gt;週&lt;/b&gt;" in html
    assert "<script>alert(1)" not in html


@pytest.mark.skipif(not POSTGRES, reason="the English stemmer is PostgreSQL's")
def test_english_words_are_found_in_their_other_forms(client: Client) -> None:
    release = published(3, "集群奪全球第一", "集群。", headline_en="Cluster ranked first")

    assert found(client, "ranking clusters", language="en") == [release.pk]


def test_the_language_filter_keeps_releases_written_in_that_language(client: Client) -> None:
    both = published(3, "集群奪全球第一", "集群。", headline_en="Cluster ranked first")
    english_only = ReleaseFactory.create(status=Release.Status.PUBLISHED)
    ReleaseTranslationFactory.create(release=english_only, headline="Cluster tour")

    assert found(client, "cluster", language="en", lang="zh-hant") == [both.pk]
    assert set(found(client, "cluster", language="en")) == {both.pk, english_only.pk}
    assert client.get("/en/?q=cluster&lang=xx").status_code == 400


def test_the_index_follows_every_edit_of_the_text(client: Client) -> None:
    release = published(3, "集群奪全球第一", "集群位列全球第一。")
    translation = ReleaseTranslation.objects.get(release=release)

    translation.headline = "人才計劃開幕"
    translation.body = "<p>吸引海外人才。</p>"
    translation.save()
    assert found(client, "集群") == []
    assert found(client, "人才") == [release.pk]

    translation.delete()
    assert found(client, "人才") == []
    if POSTGRES:
        assert ReleaseSearch.objects.filter(release=release).exists()  # emptied, not orphaned
    release.delete()
    assert not ReleaseSearch.objects.exists()


def test_a_search_of_punctuation_alone_finds_nothing_and_does_not_fail(client: Client) -> None:
    published(3, "集群奪全球第一", "集群。")

    response = client.get("/zh-hant/?q=%E3%80%82%EF%BC%8C!!")  # 。，!!

    assert response.status_code == 200
    assert search_query("。，!!") is None


def test_past_the_most_a_search_lists_it_says_so_headline_matches_first_whatever_their_age(
    client: Client, settings: Any
) -> None:
    settings.NEWSROOM_SEARCH_RESULTS = 3
    oldest_headline = published(1, "集群一", "內容。")
    in_text = [published(day, "科技園", f"集群{day}。") for day in range(2, 7)]  # newer, text only
    newer_headline = published(7, "集群二", "內容。")

    html = client.get("/zh-hant/?q=集群").content.decode()

    assert "找到 3 份或以上新聞稿" in html
    if POSTGRES:  # both headlines, the older one too, then the newest text match
        assert found(client, "集群") == [newer_headline.pk, oldest_headline.pk, in_text[-1].pk]
    else:  # the substring fallback: the newest three
        assert found(client, "集群") == [newer_headline.pk, in_text[-1].pk, in_text[-2].pk]

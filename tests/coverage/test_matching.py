"""Matching stories to releases, without a database: Chinese by character pairs, a near miss
left out, and the benchmark's labelled fixture (a small slice) above its targets."""

from bench.coverage_fixture import build
from coverage.matching import ReleaseIndex, ReleaseText, features

RELEASE = ReleaseText(
    release_id=1,
    versions=[
        ("Cyberport start-ups raise HK$1.2 billion as Global Innovation Index ranks Hong Kong "
         "cluster first", "<p>1,200 start-ups took part.</p>"),
        ("數碼港初創企業集資12億港元　全球創新指數香港集群排名第一", "<p>1,200間初創企業。</p>"),
    ],
)  # fmt: skip
OTHER = ReleaseText(
    release_id=2,
    versions=[("Airport Authority opens HK$300 million cargo centre", "<p>Cargo.</p>")],
)


def test_chinese_is_read_as_character_pairs_not_words() -> None:
    assert {"c:創新", "c:新集", "c:集群"} <= features("創新集群")
    assert "c:創新集群" not in features("創新集群")


def test_figures_and_names_are_features() -> None:
    found = features("The Global Innovation Index put 1,200 start-ups at HK$1.2 billion")
    assert {"n:1200", "n:1.2", "e:global innovation index"} <= found


def test_a_story_in_either_language_matches_and_a_near_miss_does_not() -> None:
    index = ReleaseIndex.build([RELEASE, OTHER])
    english = index.match(
        "Hong Kong cluster tops Global Innovation Index; start-ups raise HK$1.2bn"
    )
    chinese = index.match("全球創新指數：香港集群排名第一　數碼港初創集資12億")
    near_miss = index.match("Science park start-ups ranked second in Asia innovation survey")
    assert [m.release_id for m in english] == [1]
    assert [m.release_id for m in chinese] == [1]
    assert near_miss == []


def test_the_labelled_fixture_meets_the_targets() -> None:
    fixture = build(feeds=20)
    index = ReleaseIndex.build(
        ReleaseText(r.number, [(r.headline_en, r.body_en), (r.headline_zh, r.body_zh)])
        for r in fixture.releases
    )
    pairs = right = found = wanted = 0
    for feed in fixture.feeds:
        for item in feed:
            matched = [m.release_id for m in index.match(f"{item.title}\n{item.summary}")]
            pairs += len(matched)
            right += item.covers in matched
            wanted += item.covers is not None
            found += item.covers is not None and item.covers in matched
    assert right / pairs >= 0.95
    assert found / wanted >= 0.8

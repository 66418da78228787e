"""The bilingual check catches a figure, a date or a quote that differs between the English and
the Chinese version, and does not cry wolf when the two only write a number differently."""

import pytest

from releases.bilingual import compare

EN = (
    "<p>HONG KONG, 1 September 2025 – The cluster recorded 2,292 patent applications, 3,775 "
    "articles and 135 deals per million people, and start-ups raised HK$44.3 billion.</p>"
    "<p>“We are delighted,” said the chairman.</p>"
)
ZH = (
    "<p>香港，2025 年 9 月 1 日 - 集群每百萬人有 2,292 宗專利申請、3,775 篇論文及 135 宗交易，"
    "初創累計融資 443 億港元。</p>"
    "<p>主席表示：「我們非常高興。」</p>"
)


def test_it_finds_nothing_when_the_versions_agree() -> None:
    assert compare(en_html=EN, zh_html=ZH, year=2025) == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("2,292 applications", "2292 宗申請"),
        ("2,292 applications", "二千二百九十二宗申請"),
        ("HK$2.597 billion in total", "總額 25 億 9,700 萬港元"),
        ("HK$1.94 billion (US$248 million)", "19.4 億港元（2.48 億美元）"),
        ("15% more", "增加百分之十五"),
        ("the world's top 100 clusters", "全球百強集群"),
    ],
)
def test_the_same_number_written_two_ways_is_the_same(english: str, chinese: str) -> None:
    assert compare(en_html=f"<p>{english}</p>", zh_html=f"<p>{chinese}</p>", year=2025) == []


def test_a_figure_typed_wrong_in_one_language_is_caught() -> None:
    findings = compare(en_html=EN, zh_html=ZH.replace("3,775", "3,757"), year=2025)
    (finding,) = findings
    assert finding.kind == "numbers"
    assert finding.only_en == ("3775",)
    assert finding.only_zh == ("3757",)
    assert "only in English: 3775" in finding.message


def test_an_amount_in_the_wrong_unit_is_caught() -> None:
    (finding,) = compare(en_html=EN, zh_html=ZH.replace("443 億", "44.3 億"), year=2025)
    assert finding.only_en == ("44300000000",)
    assert finding.only_zh == ("4430000000",)


def test_a_wrong_date_is_caught() -> None:
    (finding,) = compare(en_html=EN, zh_html=ZH.replace("9 月 1 日", "9 月 2 日"), year=2025)
    assert finding.kind == "dates"
    assert finding.only_en == ("2025-09-01",)
    assert finding.only_zh == ("2025-09-02",)


def test_a_quote_missing_from_one_version_is_caught() -> None:
    zh_without_quote = ZH.replace("<p>主席表示：「我們非常高興。」</p>", "<p>主席非常高興。</p>")
    findings = compare(en_html=EN, zh_html=zh_without_quote, year=2025)
    assert [finding.kind for finding in findings] == ["quotes"]
    assert "in 1 paragraph(s), the Chinese in 0" in findings[0].message


def test_a_missing_paragraph_is_caught() -> None:
    findings = compare(en_html=EN + "<p>More to come.</p>", zh_html=ZH, year=2025)
    assert [finding.kind for finding in findings] == ["paragraphs"]


# --- The walk's false positives, and sentences named --------------------------------------

# The seed release's facts, as its first paragraphs read in each language (the English is ours).
SEED_ZH = (
    "<p>香港，2025 年 9 月 1 日 - 世界知識產權組織今日（9 月 1 日）發布《2025 年全球創新指數》"
    "世界百強創新集群排名，「深圳-香港-廣州」創新集群榮登全球第一位，數碼港表示歡迎及祝賀。</p>"
    "<p>數碼港主席陳細明表示︰「『深圳-香港-廣州』創新集群榮登《2025 年全球創新指數》榜首，"
    "彰顯了香港在國家創新戰略中的關鍵地位。」</p>"
)
SEED_EN = (
    "<p>Hong Kong, 1 September 2025 – The World Intellectual Property Organization today "
    "(1 September) published the 2025 Global Innovation Index ranking of the world's top 100 "
    "science and technology clusters; the Shenzhen–Hong Kong–Guangzhou cluster ranks first in "
    "the world, and Cyberport welcomes it.</p>"
    "<p>Cyberport Chairman Simon Chan said: “The cluster topping the 2025 Global Innovation "
    "Index shows Hong Kong's key place in the nation's innovation strategy.”</p>"
)


def test_the_seed_release_raises_none_of_the_walks_false_alarms() -> None:
    """ "1 September" is a date, not the number 1; 「9 月 1 日」 is the release's year's; a quote
    opened with the Hong Kong colon ︰ is a quote."""
    assert compare(en_html=SEED_EN, zh_html=SEED_ZH, year=2025) == []


def test_a_date_without_a_year_takes_the_release_dates_year() -> None:
    """Released on 1 Sep 2025: 「9 月 1 日」 is 1 Sep 2025, even when checked in another year."""
    en = "<p>The index was published on 1 September 2025.</p>"
    zh = "<p>指數於 9 月 1 日發布。</p>"
    assert compare(en_html=en, zh_html=zh, year=2025) == []
    (finding,) = compare(en_html=en, zh_html=zh, year=2026)
    assert finding.only_zh == ("2026-09-01",)


@pytest.mark.parametrize("written", ["September 1", "1st September", "Sept. 1"])
def test_an_english_date_without_a_year_is_a_date(written: str) -> None:
    en = f"<p>It was published on {written}.</p>"
    assert compare(en_html=en, zh_html="<p>於9月1日發布。</p>", year=2025) == []
    (finding,) = compare(en_html=en, zh_html="<p>於9月2日發布。</p>", year=2025)
    assert finding.kind == "dates"


def test_a_quote_after_the_hong_kong_colon_is_counted() -> None:
    en = "<p>The chairman said: “We are delighted.”</p>"
    for colon in ("︰", "：", ":"):
        zh = f"<p>主席表示{colon}「我們非常高興。」</p>"
        assert compare(en_html=en, zh_html=zh, year=2025) == [], colon


def test_a_figure_typed_wrong_names_its_sentence_in_each_language_and_marks_only_it() -> None:
    en = SEED_EN.replace("</p><p>Cyberport", " It counted 135 deals.</p><p>Cyberport")
    zh = SEED_ZH.replace("祝賀。</p>", "祝賀。集群錄得 153 宗交易。</p>")

    (finding,) = compare(en_html=en, zh_html=zh, year=2025)

    (english,) = finding.en_sentences
    (chinese,) = finding.zh_sentences
    assert english.text == "It counted 135 deals."
    assert chinese.text == "集群錄得 153 宗交易。"
    assert str(english.html()) == "It counted <mark>135</mark> deals."
    assert str(chinese.html()) == "集群錄得 <mark>153</mark> 宗交易。"


def test_a_findings_key_holds_while_its_sentences_do() -> None:
    zh = ZH.replace("3,775", "3,757")
    (first,) = compare(en_html=EN, zh_html=zh, year=2025)
    (again,) = compare(en_html=EN + "<p>More.</p>", zh_html=zh + "<p>更多。</p>", year=2025)
    (changed,) = compare(en_html=EN, zh_html=zh.replace("2,292", "2,293"), year=2025)
    assert first.key == again.key
    assert changed.key != first.key

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

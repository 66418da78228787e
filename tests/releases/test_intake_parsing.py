"""Release intake reads a release the way an officer would: the seed release itself (text
copied out of a PDF, from ../shared/seed/), a release written in the seed's exact shape, an
English Word file and a two-language PDF. Nothing here touches the database."""

import re

import pytest

from releases.intake import lines
from releases.intake.documents import read_upload
from releases.intake.forms import merged_assets
from releases.intake.parse import LanguageProposal, parse_document
from releases.models import sanitise_html
from tests.releases.intake_helpers import (
    FIXTURES,
    PHOTOS_URL,
    bilingual_pdf,
    english_docx,
    seed_path,
)

HKT = "Asia/Hong_Kong"
STRAY_SPACE = re.compile(r"[\u4e00-\u9fff，。、「」《》（）︰] [\u4e00-\u9fff，。、「」《》（）]")


def _one(name: str, data: bytes) -> LanguageProposal:
    (proposal,) = parse_document(read_upload(name, data), zone=HKT)
    return proposal


# --- The seed release ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> LanguageProposal:
    return _one("press-release-gii-2025.zh-hant.txt", seed_text.encode("utf-8"))


def test_the_seed_gives_exactly_its_headline_sub_headline_and_dateline(
    seed: LanguageProposal,
) -> None:
    assert seed.language == "zh-hant"
    assert seed.labels == ["新聞稿", "即時發布"]
    assert seed.release_type == "immediate"
    assert seed.headline == "「深圳-香港-廣州」創新集群奪《2025 年全球創新指數》榜首"
    assert seed.subheadline == "數碼港發揮內聯外通角色 貢獻大灣區國際科創中心建設"
    assert seed.dateline == "香港，2025 年 9 月 1 日"
    assert seed.dateline_place == "香港"
    assert str(seed.release_date) == "2025-09-01"


def test_the_seeds_four_body_paragraphs_are_rejoined_without_stray_spaces_or_breaks(
    seed: LanguageProposal,
) -> None:
    body = seed.body_paragraphs
    assert len(body) == 4
    assert body[0].startswith("世界知識產權組織今日（9 月 1 日）發布《2025 年全球創新指數》世界")
    assert body[0].endswith("表現卓越。")
    assert body[1].endswith("貢獻大灣區國際科創中心建設。」")
    assert body[2].endswith("至於風險資本交易量的密度為每百萬人 135 宗。")
    assert body[3].endswith("自活動啟動以來已產生約 2,500 個項目流量。")
    for paragraph in body:
        assert "\n" not in paragraph
        assert "  " not in paragraph
        assert not STRAY_SPACE.search(paragraph), STRAY_SPACE.search(paragraph)
    joined = "".join(body)
    # Lines broken between a Chinese character and a number keep the document's own spacing.
    for written in ("每百萬人 2,292 個", "超過 280 個加速器", "累計促成 96 個項目對接",
                    "CMF 已投資 28 個", "引資比率達到 1:9", "全球超過 35 個市場"):  # fmt: skip
        assert written in joined
    assert seed.body_html.count("<p>") == 4


def test_the_seeds_drive_links_become_assets_captioned_from_the_download_line(
    seed: LanguageProposal, seed_text: str
) -> None:
    links = [line.strip() for line in seed_text.splitlines() if line.startswith("https://drive")]
    assert len(links) == 2
    assert [(a.caption, a.url, a.kind) for a in seed.assets] == [
        ("高像素新聞圖片", links[0], "photo"),
        ("數碼港園區圖片及影片", links[1], "photo"),
    ]
    assert "請按此處下載" not in seed.body_html


def test_the_seeds_repeated_quote_and_photo_caption_are_recognised_not_put_in_the_body(
    seed: LanguageProposal,
) -> None:
    assert [item.label for item in seed.set_aside] == ["Repeated quote", "Photo caption"]
    quote_opening = "表示︰「『深圳-香港-廣州』創新集群榮登"
    assert seed.set_aside[0].text.count(quote_opening) == 1
    assert seed.body_html.count(quote_opening) == 1  # once, in its own paragraph
    assert seed.set_aside[1].text.startswith("世界知識產權組織今日（9月 1日）")
    assert "（9月 1日）" not in seed.body_html


def test_the_seeds_two_enquiry_contacts_with_the_stray_space_in_an_address_taken_out(
    seed: LanguageProposal, seed_text: str
) -> None:
    # The people's own details are read from the seed, not written into this project.
    written = [
        line.split("︰", 1)[1].strip() for line in seed_text.splitlines() if "電郵︰" in line
    ]
    assert len(written) == 2
    assert " " in written[0]
    contacts = seed.contacts
    assert [c.organisation for c in contacts] == ["數碼港", "世聯顧問"]
    assert [c.email for c in contacts] == ["".join(w.split()).lower() for w in written]
    assert all(c.name for c in contacts)
    assert all(c.phone.startswith("(852)") for c in contacts)
    assert "space" in contacts[0].notes[0]
    assert written[0] in contacts[0].notes[0]
    assert contacts[1].notes == []


def test_the_seeds_boilerplate_is_its_about_block(seed: LanguageProposal) -> None:
    assert seed.boilerplate_heading == "關於數碼港"
    assert seed.boilerplate_html.startswith("<p>數碼港由香港特別行政區政府全資擁有")
    assert seed.boilerplate_html.count("<p>") == 4
    # The link stops before the full-width full stop.
    assert '<a href="https://www.cyberport.hk/zh_tw/">' in seed.boilerplate_html
    assert seed.boilerplate_html.endswith("</a>。</p>")
    assert "關於數碼港" not in seed.body_html
    assert "傳媒查詢" not in seed.body_html


# --- A release in the seed's shape, in our own words -----------------------------------------


def test_a_release_in_the_seeds_shape_is_read_the_same_way() -> None:
    path = FIXTURES / "harbourfront-awards-2026.zh-hant.txt"
    proposal = _one(path.name, path.read_bytes())
    assert proposal.headline == "海濱科技園初創企業奪《2026 年亞洲智慧城市大獎》三項金獎"
    assert proposal.subheadline == "園區企業以人工智能方案助力城市管理 展示香港創科實力"
    assert proposal.dateline == "香港，2026 年 3 月 12 日"
    assert len(proposal.body_paragraphs) == 4
    assert proposal.body_paragraphs[0].startswith("《2026 年亞洲智慧城市大獎》今日（3 月 12 日）")
    assert "累計融資超過 480 億港元" in proposal.body_paragraphs[3]
    assert "約 1,800 公噸" in proposal.body_paragraphs[2]
    assert [(a.caption, a.kind) for a in proposal.assets] == [
        ("得獎典禮相片", "photo"),
        ("得獎方案示範影片", "video"),
    ]
    assert [a.url for a in proposal.assets] == [
        "https://files.example.com/harbourfront/awards-2026-photos?usp=sharing",
        "https://files.example.com/harbourfront/awards-2026-videos",
    ]
    assert [s.label for s in proposal.set_aside] == ["Repeated quote", "Photo caption"]
    assert [(c.organisation, c.name, c.email) for c in proposal.contacts] == [
        ("海濱科技園", "陳大文", "chan.taiman@park.example.com"),
        ("燈籠公關", "黃小明", "wong.siuming@agency.example.com"),
    ]
    assert proposal.contacts[0].notes
    assert not proposal.contacts[1].notes
    assert proposal.boilerplate_heading == "關於海濱科技園"


# --- Word and PDF ----------------------------------------------------------------------------


def test_an_english_word_file_keeps_bold_italics_a_list_a_table_and_links() -> None:
    proposal = _one("award.docx", english_docx())
    assert proposal.language == "en"
    assert proposal.release_type == "immediate"
    assert proposal.headline.startswith("Harbourfront start-ups win three gold awards")
    assert proposal.subheadline == "Park companies show how AI can help run a city"
    assert proposal.dateline == "HONG KONG, 12 March 2026"
    body = sanitise_html(proposal.body_html)  # what the release keeps once saved
    assert "<strong>three gold awards</strong>" in body
    assert "<em>Asia Smart City Awards 2026</em>" in body
    assert "<ul><li>Street lighting watched by computer vision</li>" in body
    assert "<table>" in body
    assert "<td><p>Street lighting</p></td>" in body
    assert '<a href="https://awards.example.com/2026">the awards\' website</a>' in body
    assert body.startswith("<p>Three Harbourfront Technology Park start-ups won ")
    assert [(a.caption, a.url) for a in proposal.assets] == [("Award ceremony photos", PHOTOS_URL)]
    (contact,) = proposal.contacts
    assert (contact.organisation, contact.name, contact.title, contact.phone, contact.email) == (
        "Harbourfront Technology Park", "Chan Tai-man", "Manager, Corporate Communications",
        "+852 5550 0101", "chan.taiman@park.example.com",
    )  # fmt: skip
    assert proposal.boilerplate_heading == "About Harbourfront Technology Park"


def test_a_two_language_pdf_gives_two_translations_without_its_page_furniture() -> None:
    chinese, english = parse_document(read_upload("award.pdf", bilingual_pdf()), zone=HKT)
    assert (chinese.language, english.language) == ("zh-hant", "en")
    assert chinese.headline == "海濱科技園初創企業奪三項亞洲智慧城市金獎"
    assert chinese.dateline == "香港，2026 年 3 月 12 日"
    assert chinese.body_paragraphs[0] == (
        "三間海濱科技園初創企業今日在新加坡公布的《2026 年亞洲智慧城市大獎》中共奪三項金獎，"
        "海濱科技園表示熱烈祝賀。"
    )
    assert english.headline == "Harbourfront start-ups win three Asia Smart City gold awards"
    assert english.labels == ["Press release", "For immediate release"]
    assert english.dateline == "HONG KONG, 12 March 2026"
    # The word hyphenated across the line break is whole again.
    assert english.body_paragraphs[0] == (
        "Three Harbourfront Technology Park start-ups won three gold awards at the Asia Smart "
        "City Awards 2026, announced in Singapore today. The park congratulated all three teams."
    )
    everything = chinese.body_html + english.body_html
    assert "Media centre" not in everything
    assert ">2<" not in everything
    (asset,) = merged_assets([english, chinese])
    assert (asset.caption_en, asset.caption_zh_hant, asset.url) == (
        "Award ceremony photos",
        "得獎典禮相片",
        PHOTOS_URL,
    )


# --- Joining lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "spaced", "joined"),
    [
        ("數碼港表示歡迎及祝", "賀。", True, "數碼港表示歡迎及祝賀。"),
        ("the cluster now", "stands first", True, "the cluster now stands first"),
        ("announced in Singapore to-", "day.", True, "announced in Singapore today."),
        ("the Shenzhen-", "Hong Kong cluster", True, "the Shenzhen-Hong Kong cluster"),
        ("每百萬人", "2,292 個", True, "每百萬人 2,292 個"),
        ("每百萬人", "2,292 個", False, "每百萬人2,292 個"),
        ("電話︰（852）", "3166", True, "電話︰（852）3166"),
    ],
)  # fmt: skip
def test_lines_broken_mid_sentence_are_joined_as_written(
    left: str, right: str, spaced: bool, joined: str
) -> None:
    assert lines.join(left, right, spaced_scripts=spaced) == joined


def test_page_numbers_are_dropped() -> None:
    text = ["First line of a long paragraph that goes on", "- 2 -", "and ends here.", "Page 3 of 4"]
    assert [lines.joined(p, spaced_scripts=True) for p in lines.paragraphs(text)] == [
        "First line of a long paragraph that goes on and ends here."
    ]


# --- Embargo lines and unsafe links ----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "moment"),
    [
        ("EMBARGOED until 10:00 HKT, 5 January 2027", "2027-01-05T10:00:00+08:00"),
        ("Embargoed until 5 January 2027, 3:30 pm (Hong Kong time)", "2027-01-05T15:30:00+08:00"),
        ("EMBARGOED UNTIL January 5, 2027 10am HKT", "2027-01-05T10:00:00+08:00"),
        ("傳媒禁發時間：2027 年 1 月 5 日下午 3 時 30 分", "2027-01-05T15:30:00+08:00"),
        ("Embargoed until 5 January 2027", None),  # no time: the officer sets it
    ],
)
def test_an_embargo_line_gives_the_embargo_in_hkt(line: str, moment: str | None) -> None:
    text = f"{line}\n\nA headline\n\nHONG KONG, 4 January 2027 – The body of the release.\n"
    proposal = _one("release.txt", text.encode())
    assert proposal.release_type == "embargoed"
    found = proposal.embargo_until.isoformat() if proposal.embargo_until else None
    assert found == moment
    assert bool(proposal.notes) == (moment is None)


def test_a_script_link_in_a_word_file_does_not_survive_into_the_release() -> None:
    import io

    import docx

    from tests.releases.intake_helpers import _hyperlink

    document = docx.Document()
    document.add_paragraph("A headline")
    opening = document.add_paragraph("HONG KONG, 12 March 2026 – Read ")
    _hyperlink(opening, "javascript:alert(1)", "this")
    out = io.BytesIO()
    document.save(out)
    proposal = _one("release.docx", out.getvalue())
    assert "this" in proposal.body_html
    assert "javascript" not in sanitise_html(proposal.body_html)


def test_one_text_holding_both_versions_one_after_the_other_gives_two_translations() -> None:
    chinese = (FIXTURES / "harbourfront-awards-2026.zh-hant.txt").read_text(encoding="utf-8")
    english = "\n".join(
        [
            "For immediate release",
            "",
            "Harbourfront start-ups win three gold awards",
            "",
            "HONG KONG, 12 March 2026 – Three Harbourfront Technology Park start-ups won three",
            "gold awards at the Asia Smart City Awards 2026, announced in Singapore today.",
            "",
            "“Three golds at once show what Hong Kong's start-ups can do,” said the park's chair.",
            "",
            "Media enquiries",
            "Harbourfront Technology Park",
            "Chan Tai-man, Manager, Corporate Communications",
            "Tel: +852 5550 0101",
            "Email: chan.taiman@park.example.com",
        ]
    )
    first, second = parse_document(
        read_upload("both.txt", (chinese + "\n\n" + english).encode()), zone=HKT
    )
    assert (first.language, second.language) == ("zh-hant", "en")
    assert first.boilerplate_heading == "關於海濱科技園"
    assert len(first.body_paragraphs) == 4
    assert second.headline == "Harbourfront start-ups win three gold awards"
    assert second.dateline == "HONG KONG, 12 March 2026"
    assert len(second.body_paragraphs) == 2
    assert [c.email for c in second.contacts] == ["chan.taiman@park.example.com"]

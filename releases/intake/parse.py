"""The parts of a release, found in a document's blocks: the kind labels (新聞稿, 即時發布, For
immediate release, EMBARGOED until …), headline, sub-headline, dateline as written, body,
download links, the repeated quote and photo caption that follow the body, the media-enquiries
block and the "About …" boilerplate. A file holding both languages is split where one version
ends and the other begins. Nothing here reads or writes the database."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.html import escape
from django.utils.translation import gettext as _

from releases.intake import moments
from releases.intake.documents import Block, Document
from releases.intake.lines import is_url

CHINESE, ENGLISH = "zh-hant", "en"


@dataclass
class AssetProposal:
    caption: str
    url: str
    kind: str  # an Asset.Kind value


@dataclass
class ContactProposal:
    organisation: str = ""
    name: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class SetAside:
    """A block recognised and kept out of the body (shown, not saved into the text)."""

    label: str
    text: str


@dataclass
class LanguageProposal:
    language: str
    labels: list[str] = field(default_factory=list)
    release_type: str = ""  # "immediate", "embargoed" or "" when the document does not say
    embargo_until: datetime | None = None
    headline: str = ""
    subheadline: str = ""
    dateline: str = ""
    dateline_place: str = ""
    release_date: date | None = None
    body_paragraphs: list[str] = field(default_factory=list)
    body_html: str = ""
    assets: list[AssetProposal] = field(default_factory=list)
    contacts: list[ContactProposal] = field(default_factory=list)
    boilerplate_heading: str = ""
    boilerplate_html: str = ""
    set_aside: list[SetAside] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- Patterns ---------------------------------------------------------------------------------

_COLON = r"\s*[:：︰]\s*"
_PRESS_LABEL = re.compile(
    r"^(?:新聞稿|新聞公報|新聞發布|新聞發佈|傳媒通告|press release|news release|media release)$",
    re.IGNORECASE,
)
_IMMEDIATE = re.compile(
    r"^(?:供)?即時(?:發布|發佈|發放)$|^for immediate release$|^immediate release$", re.IGNORECASE
)
_EMBARGO = re.compile(
    r"^(?:strictly\s+)?embargo(?:ed)?\b|^(?:傳媒)?禁發(?:時間)?|^(?:禁止|不得)(?:發布|發表)",
    re.IGNORECASE,
)
_DATELINE_ZH = re.compile(
    rf"^(?P<place>[^\s，,：:。]{{1,15}})\s*[，,]\s*(?P<date>{moments.DATE_ZH})"
    r"(?:\s*[（(]星期.[）)])?\s*(?:[-–—－─]+|[：:])?\s*"
)
_DATELINE_EN = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'’]{{1,40}}?)\s*,\s*(?P<date>{moments.DATE_EN})"
    r"(?:\s*/\s*PRNewswire\s*/)?\s*(?:[-–—]+|[:])\s*",
    re.IGNORECASE,
)
_ENQUIRIES = re.compile(
    r"^(?:傳媒查詢|傳媒垂詢|新聞界查詢|媒體查詢|(?:for\s+)?(?:further\s+)?(?:media|press)\s+"
    r"(?:enquiries|inquiries|contacts?|information)|for (?:further|more) information)",
    re.IGNORECASE,
)
_ABOUT = re.compile(r"^(?:關於|有關)\S{1,30}$|^about\s+\S.{0,80}$", re.IGNORECASE)
_END_MARKER = re.compile(r"^[-–—~\s]*(?:完|全文完|ends?|###|-30-)[-–—~\s]*$", re.IGNORECASE)
_NOTES = re.compile(r"^(?:notes? to editors?|編輯垂注|編者按)", re.IGNORECASE)
_CAPTION_MARK = re.compile(
    r"^(?:圖片說明|相片說明|圖說|photo caption|caption)\s*[:：︰]?", re.IGNORECASE
)
_DOWNLOAD_ZH = re.compile(
    r"(?:請)?(?:按|點擊|點選|按下)\s*(?:此處|這裡|這裏|此)\s*(?:下載|瀏覽|觀看|查看)\s*"
    r"(?P<caption>[^；;。，,：:\n]+?)(?=[；;。，,：:\n]|https?://|$)"
)
_DOWNLOAD_EN = [
    re.compile(
        r"click\s+here\s+(?:to|for)\s+(?:download|view|access|see)?\s*(?:the\s+)?"
        r"(?P<caption>[^;.,:\n]+)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<caption>(?:high[- ]?res(?:olution)?|hi-res)\s+[^:;.,\n]*?)\s+(?:can\s+be|are|is|"
        r"may\s+be)\s+(?:downloaded|available|found)",
        re.IGNORECASE,
    ),
    re.compile(
        r"download\s+(?:the\s+)?(?P<caption>[^:;.,\n]+?)\s+(?:here|at|from|via)\b", re.IGNORECASE
    ),
]
_URL = re.compile(r"https?://[^\s<>\"'，。、；「」（）《》]+[^\s<>\"'，。、；「」（）《》.,;:!?)]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LABELS = {
    "name": re.compile(rf"^(?:姓名|名字|聯絡人|name|contact(?:\s+person)?){_COLON}(.*)$", re.I),
    "title": re.compile(rf"^(?:職位|職銜|職稱|title|position|designation){_COLON}(.*)$", re.I),
    "phone": re.compile(
        rf"^(?:電話|直線|手提電話|手提|流動電話|手機|辦公室|tel(?:ephone)?\.?|phone|direct(?:\s+line)?|"
        rf"mobile|mob\.?|office|t){_COLON}(.*)$",
        re.I,
    ),
    "email": re.compile(
        rf"^(?:電郵|電子郵件|電郵地址|e-?mail(?:\s+address)?|e){_COLON}(.*)$", re.I
    ),
    "fax": re.compile(rf"^(?:傳真|fax|f){_COLON}(.*)$", re.I),
}
_PHONE_ONLY = re.compile(r"^[+(（]?\d[\d\s()（）+\-]{6,}$")
_QUOTES = ("「", "“", '"', "『")


# --- Languages --------------------------------------------------------------------------------


def language_of(text: str) -> str | None:
    """Chinese or English by the letters (links and addresses left out), or None for a block
    with too few letters to tell (a link, a phone number)."""
    text = _EMAIL.sub(" ", _URL.sub(" ", text))
    chinese = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if chinese + latin < 2:
        return None
    return CHINESE if chinese * 3 >= latin else ENGLISH


def split_languages(blocks: list[Block]) -> list[tuple[str, list[Block]]]:
    """One version per language: a file holding a Chinese and an English version one after
    the other gives two."""
    languages = [language_of(block.text) for block in blocks]
    known = [(i, lang) for i, lang in enumerate(languages) if lang]
    if not known:
        return [(ENGLISH, blocks)]
    counts = {lang: sum(1 for _i, x in known if x == lang) for lang in (CHINESE, ENGLISH)}
    majority = CHINESE if counts[CHINESE] >= counts[ENGLISH] else ENGLISH
    best: tuple[int, int, str, str] = (0, 0, majority, majority)
    for first, second in ((CHINESE, ENGLISH), (ENGLISH, CHINESE)):
        for cut in range(len(blocks) + 1):
            score = sum(1 for i, lang in known if (lang == first if i < cut else lang == second))
            if score > best[0]:
                best = (score, cut, first, second)
    score, cut, first, second = best
    before = sum(1 for i, lang in known if i < cut and lang == first)
    after = sum(1 for i, lang in known if i >= cut and lang == second)
    if first == second or score < 0.85 * len(known) or before < 3 or after < 3:
        return [(majority, blocks)]
    # Blocks no language can be told of (links) go with the version they follow.
    while cut < len(blocks) and languages[cut] is None:
        cut += 1
    return [(first, blocks[:cut]), (second, blocks[cut:])]


# --- A release in one language ----------------------------------------------------------------


def parse_document(document: Document, *, zone: str) -> list[LanguageProposal]:
    return [
        parse_language(language, blocks, zone=zone)
        for language, blocks in split_languages(document.blocks)
    ]


def parse_language(language: str, blocks: list[Block], *, zone: str) -> LanguageProposal:
    proposal = LanguageProposal(language=language)
    main, enquiries, about, notes = _regions(blocks)
    rest = _labels(proposal, main, zone=zone)
    body, after_body = _title_and_body(proposal, rest)
    proposal.body_paragraphs = [text for text, _html in body]
    proposal.body_html = "".join(html for _text, html in body)
    _after_body(proposal, after_body + notes)
    proposal.contacts = parse_contacts(_region_lines(enquiries))
    if about:
        heading, *paragraphs = about
        proposal.boilerplate_heading = heading.text.split("\n")[0].strip()
        proposal.boilerplate_html = "".join(_html(block) for block in paragraphs)
    return proposal


def _regions(blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block], list[Block]]:
    """The release (up to the first enquiries, About or notes heading), the enquiries block,
    the boilerplate and any notes to editors, each up to the next heading."""
    regions: dict[str, list[Block]] = {"main": [], "enquiries": [], "about": [], "notes": []}
    current = "main"
    for block in blocks:
        first_line = block.text.split("\n")[0].strip()
        if _ENQUIRIES.match(first_line) and len(first_line) <= 80:
            current = "enquiries"
        elif _ABOUT.match(first_line) and len(block.text) <= 100 and not first_line.endswith("。"):
            current = "about"
        elif _NOTES.match(first_line) and len(first_line) <= 40:
            current = "notes"
            continue
        elif _END_MARKER.match(block.text.strip()):
            if current == "main":
                regions["main"].append(Block(text=""))  # the body ends here
            continue
        regions[current].append(block)
    return regions["main"], regions["enquiries"], regions["about"], regions["notes"]


def _labels(proposal: LanguageProposal, blocks: list[Block], *, zone: str) -> list[Block]:
    """The kind labels at the top (新聞稿, 即時發布, EMBARGOED until …); the blocks after them."""
    index = 0
    while index < len(blocks) and index < 6:
        block = blocks[index]
        lines = [line.strip() for line in block.lines or block.text.split("\n") if line.strip()]
        if not lines or not all(_is_label(line) for line in lines):
            break
        for line in lines:
            proposal.labels.append(line)
            if _IMMEDIATE.match(line):
                proposal.release_type = "immediate"
            elif _EMBARGO.match(line):
                proposal.release_type = "embargoed"
                proposal.embargo_until = moments.parse_moment(line, zone)
                if proposal.embargo_until is None:
                    proposal.notes.append(
                        _("The embargo line gives no time Pressroom could read: set it below.")
                    )
        index += 1
    return blocks[index:]


def _is_label(line: str) -> bool:
    if len(line) > 90:
        return False
    parts = [p.strip() for p in re.split(r"\s*[|｜–—]\s*|\s{2,}", line) if p.strip()]
    return all(
        _PRESS_LABEL.match(p) or _IMMEDIATE.match(p) or _EMBARGO.match(p) for p in parts
    ) or bool(_EMBARGO.match(line))


def _title_and_body(
    proposal: LanguageProposal, blocks: list[Block]
) -> tuple[list[tuple[str, str]], list[Block]]:
    """Headline and sub-headline (the blocks before the dateline), the dateline as written,
    and the body: from the dateline to the first download line, link or end mark."""
    titles: list[Block] = []
    index = 0
    dateline_at = next(
        (i for i, b in enumerate(blocks[:6]) if _dateline_match(proposal.language, b.text)), None
    )
    if dateline_at is None:
        proposal.notes.append(
            _("No dateline (place and date) was found: check the release date below.")
        )
        titles = blocks[:1]
        index = 1
        if len(blocks) > 2 and _is_title(blocks[1]):
            titles.append(blocks[1])
            index = 2
    else:
        titles, index = blocks[:dateline_at], dateline_at
    if titles:
        proposal.headline = titles[0].text.replace("\n", " ").strip()
        proposal.subheadline = " ".join(b.text.replace("\n", " ").strip() for b in titles[1:])
    body: list[tuple[str, str]] = []
    for position in range(index, len(blocks)):
        block = blocks[position]
        if not block.text or _ends_body(block):
            return body, [b for b in blocks[position:] if b.text]
        if position == dateline_at:
            match = _dateline_match(proposal.language, block.text)
            assert match is not None
            proposal.dateline = block.text[: match.end("date")].strip()
            proposal.dateline_place = match["place"].strip()
            proposal.release_date = moments.parse_date(match["date"])
            remainder = block.text[match.end() :].strip()
            if remainder:
                html = html_after_text(block.html, match.end()) if block.html else ""
                body.append((remainder, html or f"<p>{linkify(remainder)}</p>"))
            continue
        body.append((block.text, _html(block)))
    return body, []


_TAG_OR_CHAR = re.compile(r"<(/?)([a-z0-9]+)[^>]*>|&[#a-z0-9]+;|[^<&]", re.IGNORECASE)


def html_after_text(html: str, count: int) -> str:
    """A block's HTML without its first `count` characters of text (the dateline), the tags
    open at the cut opened again: formatting after the dateline stays."""
    seen = 0
    open_tags: list[tuple[str, str]] = []
    for match in _TAG_OR_CHAR.finditer(html):
        closing, tag = match.group(1), (match.group(2) or "").lower()
        if tag:
            if closing:
                while open_tags and open_tags.pop()[0] != tag:
                    pass
            elif not match.group(0).endswith("/>") and tag not in {"br", "img"}:
                open_tags.append((tag, match.group(0)))
            continue
        if seen >= count and not match.group(0).isspace():
            rest = html[match.start() :]
            return "".join(opening for _tag, opening in open_tags) + rest
        seen += 1
    return ""


def _dateline_match(language: str, text: str) -> re.Match[str] | None:
    pattern = _DATELINE_ZH if language == CHINESE else _DATELINE_EN
    return pattern.match(text) or (_DATELINE_EN if language == CHINESE else _DATELINE_ZH).match(
        text
    )


def _is_title(block: Block) -> bool:
    text = block.text.strip()
    return len(text) <= 160 and not text.endswith(("。", ".", "」", "”"))


def _ends_body(block: Block) -> bool:
    text = block.text.strip()
    return bool(
        is_url(text) or _CAPTION_MARK.match(text) or (_download_captions(text) and len(text) <= 300)
    )


def _after_body(proposal: LanguageProposal, blocks: list[Block]) -> None:
    """Download lines become assets with their links; what repeats the body (a quote set out
    again, a photo caption) is recognised and kept out of it."""
    pending: list[AssetProposal] = []
    body = [_compact(text) for text in proposal.body_paragraphs]
    for block in blocks:
        text = block.text.strip()
        captions = _download_captions(text)
        if captions:
            links = _links(block)
            for position, caption in enumerate(captions):
                asset = AssetProposal(
                    caption=caption,
                    url=links[position] if position < len(links) else "",
                    kind=_asset_kind(caption),
                )
                proposal.assets.append(asset)
                if not asset.url:
                    pending.append(asset)
            continue
        urls = _URL.findall(text)
        if urls and is_url(text.replace("\n", " ").split(" ")[0]):
            for url in urls:
                if pending:
                    pending.pop(0).url = url
                else:
                    proposal.assets.append(AssetProposal(caption="", url=url, kind="photo"))
            continue
        compact = _compact(_CAPTION_MARK.sub("", text))
        similar = max(
            (difflib.SequenceMatcher(None, compact, p, autojunk=False).ratio() for p in body),
            default=0.0,
        )
        if similar >= 0.9:
            label = (
                _("Repeated quote")
                if compact.startswith(_QUOTES) or any(q in compact[:80] for q in _QUOTES)
                else _("Repeated paragraph")
            )
        else:
            label = _("Photo caption")
        proposal.set_aside.append(SetAside(label=label, text=text))
    for asset in pending:
        if not asset.url:
            proposal.notes.append(
                _("No link was found for “%(caption)s”: add it, or leave the asset out.")
                % {"caption": asset.caption}
            )


def _download_captions(text: str) -> list[str]:
    found = [m["caption"] for m in _DOWNLOAD_ZH.finditer(text)]
    if not found:
        for pattern in _DOWNLOAD_EN:
            found = [m["caption"] for m in pattern.finditer(text)]
            if found:
                break
    captions = []
    for caption in found:
        caption = re.sub(r"^(?:另|及|和|並|the\s+)", "", caption.strip(), flags=re.IGNORECASE)
        caption = caption.strip(" ：:（(").strip()
        if caption:
            captions.append(caption[0].upper() + caption[1:])
    return captions


def _links(block: Block) -> list[str]:
    hrefs = re.findall(r'href="([^"]+)"', block.html)
    return [h for h in hrefs if h.startswith(("http://", "https://"))] or _URL.findall(block.text)


def _asset_kind(caption: str) -> str:
    lowered = caption.lower()
    video = any(word in lowered for word in ("影片", "視頻", "video", "footage", "b-roll"))
    photo = any(word in lowered for word in ("圖片", "相片", "照片", "photo", "image", "picture"))
    return "video" if video and not photo else "photo"


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _html(block: Block) -> str:
    return block.html or f"<p>{linkify(block.text)}</p>"


def linkify(text: str) -> str:
    """Escaped text with its web addresses as links (a full-width 「。」 after one stays out)."""
    out: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        url = match.group(0)
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out).replace("\n", " ")


# --- Media enquiries --------------------------------------------------------------------------


def _region_lines(blocks: list[Block]) -> list[str]:
    found: list[str] = []
    for position, block in enumerate(blocks):
        block_lines = block.lines or block.text.split("\n")
        lines = [line.strip() for line in block_lines if line.strip()]
        if position == 0 and lines:
            lines = lines[1:]  # the heading
        for line in lines:
            found += [p.strip() for p in re.split(r"\s*[|｜]\s*|\s{3,}|；", line) if p.strip()]
    return found


def _label(line: str) -> tuple[str, str] | None:
    for name, pattern in _LABELS.items():
        match = pattern.match(line)
        if match:
            return name, match.group(1).strip()
    return None


def parse_contacts(lines: list[str]) -> list[ContactProposal]:
    """The people in a media-enquiries block: organisation lines, names, titles, phones and
    email addresses, labelled (姓名︰, Tel:) or not."""
    contacts: list[ContactProposal] = []
    organisation = ""
    current: ContactProposal | None = None

    def start(name: str) -> ContactProposal:
        contact = ContactProposal(organisation=organisation)
        contact.name, contact.title = _name_and_title(name)
        contacts.append(contact)
        return contact

    for position, line in enumerate(lines):
        labelled = _label(line)
        following = lines[position + 1] if position + 1 < len(lines) else ""
        if labelled is not None:
            kind, value = labelled
            if kind == "name":
                current = start(value)
            elif kind == "fax":
                continue
            else:
                if current is None or (kind == "email" and current.email):
                    current = start("")
                if kind == "title":
                    current.title = value
                elif kind == "phone" and not current.phone:
                    current.phone = unicodedata.normalize("NFKC", value)
                elif kind == "email":
                    _set_email(current, value)
            continue
        if _EMAIL.search(line.replace(" @", "@").replace("@ ", "@")) and current is not None:
            if not current.email:
                _set_email(current, line)
            continue
        if _PHONE_ONLY.match(line) and current is not None and not current.phone:
            current.phone = unicodedata.normalize("NFKC", line)
            continue
        next_label = _label(following)
        complete = current is None or bool(current.email or current.phone)
        if complete:
            if next_label is not None and next_label[0] != "name":
                current = start(line)  # a name, followed by its phone or email
            else:
                organisation, current = line.rstrip("：:︰ "), None
        elif current is not None and not current.title:
            current.title = line
    return [c for c in contacts if c.name or c.email or c.phone]


def _name_and_title(text: str) -> tuple[str, str]:
    name, _sep, title = text.partition(",")
    if not title:
        name, _sep, title = text.partition("，")
    return name.strip(), title.strip()


def _set_email(contact: ContactProposal, value: str) -> None:
    value = re.sub(r"^mailto:", "", value.strip(), flags=re.IGNORECASE)
    candidate = re.sub(r"\s+", "", value)
    if candidate != value:
        contact.notes.append(
            _("The email address had a space in it (“%(written)s”); it was taken out: check it.")
            % {"written": value}
        )
    try:
        validate_email(candidate)
    except ValidationError:
        contact.notes.append(
            _("“%(written)s” is not a valid email address: correct it.") % {"written": value}
        )
    contact.email = candidate.lower()

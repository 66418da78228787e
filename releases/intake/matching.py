"""What a parsed document means against the database, for the user at hand: the enquiry
contacts it names (known PR contacts, found by email or phone, or new ones under an
organisation), and its "About" block against the issuer's current boilerplate."""

import difflib
import html
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape, strip_tags

from contacts.models import Organisation, PRContact
from contacts.scoping import organisations_visible_to, pr_contacts_visible_to
from releases.intake.parse import CHINESE, ContactProposal, LanguageProposal
from releases.models import BoilerplateVersion, Issuer


@dataclass
class ContactRow:
    """One person of the media-enquiries block, in both languages where both name them."""

    existing: PRContact | None = None
    organisation: Organisation | None = None
    organisation_text: str = ""
    name_en: str = ""
    name_zh_hant: str = ""
    title_en: str = ""
    title_zh_hant: str = ""
    phone: str = ""
    email: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class BoilerplateCheck:
    language: str
    heading: str
    document_html: str
    current: BoilerplateVersion | None
    same: bool
    difference_html: str


def phone_digits(phone: str) -> str:
    """The digits that identify a Hong Kong number: the last eight, without (852)."""
    digits = re.sub(r"\D", "", phone)
    return digits[-8:] if len(digits) >= 8 else digits


def _same_person(a: ContactProposal, b: ContactProposal) -> bool:
    if a.email and a.email == b.email:
        return True
    return bool(a.phone and phone_digits(a.phone) == phone_digits(b.phone))


def contact_rows(
    proposals: list[LanguageProposal], *, user: Any, issuer: Issuer
) -> list[ContactRow]:
    """The people named, each once (a Chinese and an English block naming the same email or
    phone are one person), matched to a PR contact the user may see, else a new one."""
    rows: list[tuple[ContactRow, ContactProposal]] = []
    for proposal in proposals:
        chinese = proposal.language == CHINESE
        for contact in proposal.contacts:
            row = next((r for r, seen in rows if _same_person(seen, contact)), None)
            if row is None:
                row = ContactRow(phone=contact.phone, email=contact.email)
                rows.append((row, contact))
            if chinese:
                row.name_zh_hant = row.name_zh_hant or contact.name
                row.title_zh_hant = row.title_zh_hant or contact.title
            else:
                row.name_en = row.name_en or contact.name
                row.title_en = row.title_en or contact.title
            row.organisation_text = row.organisation_text or contact.organisation
            row.notes += [note for note in contact.notes if note not in row.notes]
    visible = pr_contacts_visible_to(user, PRContact.objects.select_related("organisation"))
    organisations = list(organisations_visible_to(user, Organisation.objects.all()))
    for row, _contact in rows:
        row.existing = _known_contact(visible, row)
        row.organisation = _organisation(row.organisation_text, organisations, issuer)
    return [row for row, _contact in rows]


def _known_contact(visible: Any, row: ContactRow) -> PRContact | None:
    if row.email:
        found = visible.filter(email__iexact=row.email).first()
        if found is not None:
            return found
    digits = phone_digits(row.phone)
    if len(digits) >= 8:
        for contact in visible.filter(phone__contains=digits[-4:]):
            if phone_digits(contact.phone) == digits:
                return contact
    return None


def _organisation(
    text: str, organisations: list[Organisation], issuer: Issuer
) -> Organisation | None:
    """The organisation a block names ("數碼港", "Lantern PR"), or the issuer's own team when it
    names the issuer."""
    wanted = re.sub(r"\s+", "", text).lower()
    if not wanted:
        return None
    if wanted in {
        re.sub(r"\s+", "", n).lower() for n in (issuer.name_en, issuer.name_zh_hant) if n
    }:
        return next((o for o in organisations if o.pk == issuer.organisation_id), None)
    for organisation in organisations:
        names = {
            re.sub(r"\s+", "", n).lower()
            for n in (organisation.name_en, organisation.name_zh_hant)
            if n
        }
        if wanted in names or any(wanted in n or n in wanted for n in names if len(n) >= 3):
            return organisation
    return None


# --- Boilerplate -----------------------------------------------------------------------------


def plain(html_text: str) -> str:
    return html.unescape(strip_tags(html_text.replace("</p>", "\n"))).strip()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\u3400-\u9fff]|[A-Za-z0-9'’-]+|\s+|.", text)


def difference_html(old: str, new: str) -> str:
    """The document's wording against the current one: removed words struck through, added
    ones marked (a character at a time in Chinese)."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])
        if tag == "equal":
            out.append(escape(added))
            continue
        if removed:
            out.append(f"<del>{escape(removed)}</del>")
        if added:
            out.append(f"<ins>{escape(added)}</ins>")
    return "".join(out).replace("\n", "<br>")


def boilerplate_check(proposal: LanguageProposal, *, issuer: Issuer) -> BoilerplateCheck | None:
    """None when the document has no About block."""
    if not proposal.boilerplate_html:
        return None
    current = (
        BoilerplateVersion.objects.filter(
            boilerplate__issuer=issuer, boilerplate__language=proposal.language
        )
        .order_by("-number")
        .first()
    )
    document_text = plain(proposal.boilerplate_html)
    current_text = plain(current.text) if current else ""
    same = current is not None and _compact(document_text) == _compact(current_text)
    return BoilerplateCheck(
        language=proposal.language,
        heading=proposal.boilerplate_heading,
        document_html=proposal.boilerplate_html,
        current=current,
        same=same,
        difference_html=""
        if same or current is None
        else difference_html(current_text, document_text),
    )

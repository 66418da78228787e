"""The admin's Traditional Chinese catalogue is committed compiled (locale/…/django.mo), so
nothing needs GNU gettext to run Pressroom: the .mo must say exactly what the .po says. After
editing locale/make_po.py: `make messages`."""

import gettext
import re
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"


def _unquote(block: str) -> str:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))
    escapes = {"n": "\n", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda match: escapes.get(match.group(1), match.group(1)), text)


def po_entries() -> dict[str, tuple[str, str]]:
    """msgid -> (msgid_plural or "", msgstr)."""
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for entry in source.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', entry, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', entry, re.M)
        if msgid and msgstr and _unquote(msgid.group(1)):
            entries[_unquote(msgid.group(1))] = (
                _unquote(plural.group(1)) if plural else "",
                _unquote(msgstr.group(1)),
            )
    return entries


def test_it_has_the_compiled_catalogue_of_the_po() -> None:
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = po_entries()
    assert len(entries) > 50
    for msgid, (plural, msgstr) in entries.items():
        assert msgstr, f"untranslated: {msgid!r}"
        found = catalogue.ngettext(msgid, plural, 1) if plural else catalogue.gettext(msgid)
        assert found == msgstr, f"the .mo is older than the .po: {msgid!r}"


def test_each_translation_names_the_same_placeholders() -> None:
    # A placeholder the English lacks would raise KeyError on the page (a 500); one the Chinese
    # drops would lose a figure the officer needs.
    for msgid, (plural, msgstr) in po_entries().items():
        wanted = set(re.findall(r"%\((\w+)\)s", msgid + plural))
        assert set(re.findall(r"%\((\w+)\)s", msgstr)) == wanted, msgid

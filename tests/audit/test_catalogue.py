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


def po_entries() -> dict[str, str]:
    source = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for entry in source.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', entry, re.M)
        if msgid and msgstr and _unquote(msgid.group(1)):
            entries[_unquote(msgid.group(1))] = _unquote(msgstr.group(1))
    return entries


def test_it_has_the_compiled_catalogue_of_the_po() -> None:
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = po_entries()
    assert len(entries) > 50
    for msgid, msgstr in entries.items():
        assert msgstr, f"untranslated: {msgid!r}"
        if "%(counter)s" in msgid:
            continue  # plurals are keyed by both forms
        assert catalogue.gettext(msgid) == msgstr, f"the .mo is older than the .po: {msgid!r}"

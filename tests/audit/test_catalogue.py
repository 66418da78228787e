"""The admin's Traditional Chinese catalogue is committed compiled (locale/…/django.mo), so
nothing needs GNU gettext to run Pressroom: the .mo must say exactly what the .po says. After
editing locale/make_po.py: `make messages`."""

import ast
import gettext
import re
from pathlib import Path

from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.template import templatize

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
    # A placeholder the English lacks would raise KeyError on the page (a 500), one of another
    # type (%(count)d for %(count)s) a TypeError; one the Chinese drops would lose a figure the
    # officer needs.
    for msgid, (plural, msgstr) in po_entries().items():
        wanted = set(re.findall(r"%\((\w+)\)([sd])", msgid + plural))
        assert set(re.findall(r"%\((\w+)\)([sd])", msgstr)) == wanted, msgid


# --- Every string the code marks for translation has one ------------------------------------

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"}
STRING = r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"\b(n?gettext|_)\(((?:\s*{STRING}\s*,?)+)")
TEMPLATE_STRING = re.compile(STRING)
NOT_OURS = {".venv", "var", "tests", "bench", "locale", "node_modules", "static"}


def _our_files(*suffixes: str) -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        path
        for path in sorted(base.rglob("*"))
        if path.suffix in suffixes and not NOT_OURS & set(path.relative_to(base).parts[:-1])
    ]


def _python_msgids(path: Path) -> list[tuple[str, ...]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in GETTEXT:
            continue
        wanted = node.args[: 2 if name.startswith("n") else 1]
        texts = [
            arg.value
            for arg in wanted
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        if texts and len(texts) == len(wanted):  # not gettext(variable)
            found.append(tuple(texts))
    return found


def _template_msgids(path: Path) -> list[tuple[str, ...]]:
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    return [
        tuple(ast.literal_eval(text) for text in TEMPLATE_STRING.findall(arguments))
        for _name, arguments, _last in TEMPLATE_CALL.findall(code)
    ]


def test_every_string_marked_for_translation_has_its_chinese() -> None:
    # What `makemessages` would find in our code and templates, looked up in what the admin
    # reads in Chinese (ours, the newsroom's and Django's catalogues together): a string
    # wrapped in gettext but missing from locale/make_po.py would show in English.
    catalogue = trans_real.translation("zh-hant")._catalog  # type: ignore[attr-defined]
    found = [(path, msgid) for path in _our_files(".py") for msgid in _python_msgids(path)] + [
        (path, msgid) for path in _our_files(".html", ".txt") for msgid in _template_msgids(path)
    ]
    assert len(found) > 500
    missing = {
        msgid: path.name
        for path, msgid in found
        if (msgid[0] if len(msgid) == 1 else (msgid[0], 0)) not in catalogue
    }
    assert missing == {}, "add these to locale/make_po.py, then `make messages`"

"""The Traditional Chinese of the admin and the newsroom is one gettext catalogue,
locale/zh_Hant/LC_MESSAGES/django.po, and it is the source of truth: `make messages` updates it
from the code with Django's makemessages (keeping every msgstr a translator wrote) and compiles
the committed .mo, so running Pressroom needs no GNU gettext. These tests read the .po with
polib; two of them run `make messages` itself on a copy of the project."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]  # no stubs published
import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
PO = Path("locale") / "zh_Hant" / "LC_MESSAGES" / "django.po"
KEEP_OUT = ["tests", "bench", "var", "static", "node_modules"]  # as the Makefile's --ignore


def catalogue(base: Path = BASE) -> polib.POFile:
    return polib.pofile(str(base / PO))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural)


def translation(entry: polib.POEntry) -> str:
    return str(entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)


def test_every_string_has_its_chinese_and_none_is_fuzzy() -> None:
    # An untranslated string shows in English on a Chinese page; a fuzzy one is a guess
    # msgmerge made when the English changed, which gettext does not use until someone checks it.
    po = catalogue()
    assert len(po) > 500
    assert [e.msgid for e in po.untranslated_entries()] == [], "translate these in the .po"
    assert [e.msgid for e in po.fuzzy_entries()] == [], (
        "the English changed: check the Chinese, then remove the fuzzy mark"
    )
    assert not po.metadata_is_fuzzy
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_the_compiled_catalogue_says_what_the_po_says() -> None:
    with (BASE / PO).with_suffix(".mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)
    for entry in catalogue():
        context, msgid, plural = key(entry)
        if plural:
            found = (
                mo.npgettext(context, msgid, plural, 1)
                if context
                else mo.ngettext(msgid, plural, 1)
            )
        else:
            found = mo.pgettext(context, msgid) if context else mo.gettext(msgid)
        assert found == translation(entry), (
            f"the .mo is older than the .po (`make messages`): {msgid!r}"
        )


def test_each_translation_names_the_same_placeholders() -> None:
    # A placeholder the English lacks would raise KeyError on the page (a 500), one of another
    # type (%(count)d for %(count)s) a TypeError; one the Chinese drops would lose a figure the
    # officer needs.
    for entry in catalogue():
        wanted = set(re.findall(r"%\((\w+)\)([sd])", entry.msgid + entry.msgid_plural))
        assert set(re.findall(r"%\((\w+)\)([sd])", translation(entry))) == wanted, entry.msgid


# --- `make messages` on a copy of the project ----------------------------------------------

EDITED = "新聞發布室"  # a translator's better word for "Newsroom", made in Poedit


@pytest.fixture(scope="module")
def remade(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project in which a translator changed one msgstr, after `make messages`."""
    copy = tmp_path_factory.mktemp("messages") / "pressroom"
    shutil.copytree(
        BASE,
        copy,
        ignore=shutil.ignore_patterns(".*", "var", "node_modules", "__pycache__"),
    )
    po = catalogue(copy)
    entry = po.find("Newsroom")
    assert entry is not None
    assert entry.msgstr != EDITED
    entry.msgstr = EDITED
    po.save()
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    # STAMP= : the venv running these tests is already installed; BIN: that venv.
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "messages",
            "STAMP=",
            f"BIN={Path(sys.executable).parent}",
        ],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return copy


def test_a_translators_edit_survives_make_messages(remade: Path) -> None:
    entry = catalogue(remade).find("Newsroom")
    assert entry is not None
    assert entry.msgstr == EDITED
    with (remade / PO).with_suffix(".mo").open("rb") as compiled:
        assert gettext.GNUTranslations(compiled).gettext("Newsroom") == EDITED
    # Nothing else changed: every other translation is the committed one.
    committed = {key(e): translation(e) for e in catalogue()}
    again = {key(e): translation(e) for e in catalogue(remade)}
    changed = {k for k in committed.keys() & again.keys() if committed[k] != again[k]}
    assert changed == {("", "Newsroom", "")}


def test_the_po_has_every_string_the_code_marks_and_no_other(remade: Path) -> None:
    # makemessages' own reading of our code and templates, against the committed .po: a string
    # wrapped in gettext but not in the .po would show in English.
    in_code = {key(e) for e in catalogue(remade)}
    in_po = {key(e) for e in catalogue()}
    assert sorted(in_code - in_po) == [], "new strings: `make messages`, then translate them"
    assert sorted(in_po - in_code) == [], "no longer in the code: `make messages`"


GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "npgettext"}


def test_no_gettext_call_hides_in_an_f_string() -> None:
    # xgettext does not look inside an f-string's braces: such a string never reaches the .po,
    # so it would show in English.
    hidden = []
    for path in sorted(BASE.rglob("*.py")):
        parts = path.relative_to(BASE).parts
        if any(part.startswith(".") or part in KEEP_OUT for part in parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [
                    f"{path.relative_to(BASE)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", "")) in GETTEXT
                ]
    assert hidden == [], "take the gettext call out of the f-string"

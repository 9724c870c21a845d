# SPDX-License-Identifier: EUPL-1.2
"""The portal, the back office and the shared web pages are complete in NL, FR and DE (issue 10, "Quality"):
a string added to a template or a view without its translations fails here."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "passage"
APPS = ("portal", "web", "office")
LANGS = ("nl", "fr", "de")


def _entries(po: Path) -> dict[str, str]:
    """msgid → msgstr (for plurals: msgstr[0]); the header skipped."""
    out = {}
    for block in po.read_text().split("\n\n"):
        mid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not mid:
            continue
        key = "".join(re.findall(r'"(.*)"', mid.group(1)))
        if not key:
            continue
        value = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        out[key] = "".join(re.findall(r'"(.*)"', value.group(1))) if value else ""
    return out


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated(app: str, lang: str) -> None:
    entries = _entries(SRC / app / "locale" / lang / "LC_MESSAGES" / "django.po")
    assert entries, "the catalogue is empty"
    untranslated = [k for k, v in entries.items() if not v]
    assert untranslated == []


@pytest.mark.parametrize("app", APPS)
def test_the_catalogue_holds_every_string_of_the_code(app: str, tmp_path: Path) -> None:
    """makemessages over a copy of the app finds no msgid the committed catalogue lacks."""
    if shutil.which("xgettext") is None:
        pytest.skip("needs GNU gettext's xgettext (Debian package gettext)")
    copy = tmp_path / app
    shutil.copytree(SRC / app, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
    (copy / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    found = set(_entries(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed = set(_entries(SRC / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    assert sorted(found - committed) == []


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("lang", LANGS)
def test_compiled_catalogues_are_current(app: str, lang: str) -> None:
    """The .mo says what the .po says: it was compiled after the last change."""
    folder = SRC / app / "locale" / lang / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in _entries(folder / "django.po").items():
        if "\\" in msgid or "msgid_plural" in msgid:
            continue
        assert compiled.gettext(msgid) == msgstr, msgid


def test_a_page_shows_the_apps_own_translation() -> None:
    with translation.override("fr"):
        assert translation.gettext("Start a new single-permit application") == (
            "Commencer une nouvelle demande de permis unique"
        )

"""The message catalogues are whole and safe: every French message of every app has its English
and Arabic translation, none left fuzzy, each keeping the message's placeholders and HTML tags
(a lost `%(name)s` would break the page, a lost `<a href>` its link); and gettext's own check
agrees, where gettext is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

import massalia

ROOT = Path(massalia.__file__).parent
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))
LANGUAGES = {"en", "ar"}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_each_app_with_a_catalogue_has_both_languages():
    apps = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert apps, "no catalogue found"
    for app in apps:
        found = {p.parts[-3] for p in CATALOGUES if p.relative_to(ROOT).parts[0] == app}
        assert found == LANGUAGES, app


def _problems(entry: polib.POEntry) -> list[str]:
    if entry.obsolete:
        return []
    if "fuzzy" in entry.flags:
        return ["fuzzy"]
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    if not all(targets):
        return ["not translated"]
    wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
    tags = sorted(TAG.findall(entry.msgid))
    problems = []
    for target in targets:
        placeholders = sorted(set(PLACEHOLDER.findall(target)))
        # A plural form may leave the number out ("one" is often written as a word).
        if placeholders != wanted and not (entry.msgid_plural and set(placeholders) < set(wanted)):
            problems.append(f"placeholders {placeholders} instead of {wanted}")
        if sorted(TAG.findall(target)) != tags:
            problems.append("HTML tags differ")
    return problems


@pytest.mark.parametrize("path", CATALOGUES, ids=_name)
def test_every_message_is_translated_with_its_placeholders_and_tags(path):
    found = {
        entry.msgid: problems for entry in polib.pofile(str(path)) if (problems := _problems(entry))
    }
    assert not found, f"{_name(path)}: {found}"


@pytest.mark.parametrize("path", CATALOGUES, ids=_name)
def test_gettext_accepts_each_catalogue(path, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("MASSALIA_REQUIRE_BROWSER"):  # CI installs gettext with chromium
            pytest.fail("msgfmt is missing (apt-get install gettext)")
        pytest.skip("gettext's msgfmt is not installed (apt-get install gettext)")
    done = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "out.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_one_french_message_has_one_translation_across_the_apps(language):
    """Django merges every app's catalogue and the first one found wins: the same French words
    translated two ways would show one app's words on another's page ("en cours" of a step read
    as a request's "in progress"). Words that mean two things get a context
    (`{% translate "…" context "…" %}`), then they are two messages."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for path in CATALOGUES:
        if path.parts[-3] != language:
            continue
        app = path.relative_to(ROOT).parts[0]
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and not entry.msgid_plural:
                translations.setdefault((entry.msgctxt, entry.msgid), {})[app] = entry.msgstr
    differ = {key[1]: seen for key, seen in translations.items() if len(set(seen.values())) > 1}
    assert not differ, differ

"""Every citizen page is translatable: no text of a citizen template is left outside
`{% translate %}` / `{% blocktranslate %}`.

The check reads each template as Django's lexer does, puts a placeholder where a variable or a
translated string stands and drops the other tags, then reads what is left as HTML: any letter
in the text of the page, or in an attribute a person reads or hears (`alt`, `title`,
`aria-label`, `placeholder`, a button's `value`), is a string nobody marked.

Agents' and officials' pages (each domain's `agents/` templates, the inbox, the pulse) stay in
French: `FRENCH_ONLY` and `AGENTS` name them by folder, and a page on the back office's layout
is one of them.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.base import Lexer, TokenType

import massalia

ROOT = Path(massalia.__file__).parent
PLACEHOLDER = "\x00"
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
LETTER = re.compile(r"[^\W\d_]")
ENTITY = re.compile(r"&[#\w]+;")
OPENS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
OPENS |= {"comment": "endcomment", "verbatim": "endverbatim"}
TRANSLATED = {"translate", "trans"}

FRENCH_ONLY = (
    "backoffice/templates/",
    "pulse/templates/",
    "eservices/templates/eservices/letter.html",  # the PDF letter is written in French
    "eservices/templates/eservices/panel.html",  # a panel of the agents' case page
    "news/templates/news/email/",  # the newsletter is an email: in the city's language
)
AGENTS = "/agents/"  # each domain's pages for its agents live in an agents/ folder
BACK_OFFICE = re.compile(r"""^\{% extends ["']backoffice/_layout\.html["'] %\}""")


def citizen_templates() -> list[str]:
    found = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/templates/**/*.html")
        if "tests" not in path.parts and not BACK_OFFICE.match(path.read_text(encoding="utf-8"))
    )
    return [name for name in found if not name.startswith(FRENCH_ONLY) and AGENTS not in name]


def untranslated(source: str) -> list[str]:
    """The pieces of text in a template that a person reads and nobody marked."""
    html, literals = _skeleton(source)
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return literals + reader.found


def _skeleton(source: str) -> tuple[str, list[str]]:
    """The template as HTML (translated strings and variables as a placeholder, other tags
    dropped), and the unmarked words written as literals inside tags and variables."""
    parts: list[str] = []
    literals: list[str] = []
    closing = ""
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = ""
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.VAR:
            parts.append(PLACEHOLDER)
            literals += _words(FILTER_TEXT.findall(token.contents))
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name in OPENS:
                closing = OPENS[name]
                parts.append(PLACEHOLDER)
            elif name in TRANSLATED:
                parts.append(PLACEHOLDER)
            elif name not in TECHNICAL_TAGS:
                literals += _words(TAG_TEXT.findall(token.contents))
    return "".join(parts), literals


# A literal a person reads: the text of `default`/`yesno`, or a tag's argument that is not an
# identifier (a template name, a URL name, a CSS class): capitals, spaces or accents.
FILTER_TEXT = re.compile(r"""\|(?:default|default_if_none|yesno):(["'])(.*?)\1""")
TAG_TEXT = re.compile(r"""(?<!_\()(["'])(.*?)\1""")
TECHNICAL_TAGS = {"load", "extends", "block", "url", "static", "now", "csrf_token", "cycle"}
HUMAN = re.compile(r"[A-Z\s]|[^\x00-\x7f]")


def _words(found: list[tuple[str, str]]) -> list[str]:
    return [text for _, text in found if LETTER.search(text) and HUMAN.search(text)]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        shown = dict(attrs)
        for name, value in attrs:
            if name in READ_ATTRIBUTES or (name == "value" and shown.get("type") in _BUTTONS):
                self._check(value or "", f'{tag} {name}="{value}"')

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._check(data, data.replace(PLACEHOLDER, "…").strip())

    def _check(self, text: str, shown: str) -> None:
        if LETTER.search(ENTITY.sub("", text).replace(PLACEHOLDER, "")):
            self.found.append(shown)


_BUTTONS = {"submit", "button", "reset"}


@pytest.mark.parametrize("name", citizen_templates())
def test_every_text_of_a_citizen_template_is_marked_for_translation(name):
    found = untranslated((ROOT / name).read_text(encoding="utf-8"))
    assert not found, f"{name}: not marked for translation: {found}"


def test_the_reader_finds_what_is_not_marked():
    source = """{% load i18n %}<h1>{% translate "Carte" %}</h1><p>Bonjour {{ name }}</p>
    <img src="{{ x }}" alt="Plan du quartier"><input type="submit" value="Envoyer">
    {% blocktranslate %}Déjà {{ n }} demandes{% endblocktranslate %}
    {% comment %}Une note{% endcomment %}<script>var a = "texte";</script>
    <a title="{% translate 'Aide' %}">&nbsp;·&nbsp;{{ label }}</a>
    {% include "core/_pager.html" with label="Pages des demandes" class="pager" %}
    {{ title|default:"Erreur" }}{{ when|date:"j F Y" }}{{ other|default:_("Autre") }}"""
    assert untranslated(source) == [
        "Pages des demandes",
        "Erreur",
        "Bonjour …",
        'img alt="Plan du quartier"',
        'input value="Envoyer"',
    ]

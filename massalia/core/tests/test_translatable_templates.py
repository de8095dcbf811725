"""Every citizen page is translatable: no text of a citizen template is left outside
`{% translate %}` / `{% blocktranslate %}`.

The check reads each template as Django's lexer does, puts a placeholder where a variable or a
translated string stands and drops the other tags, then reads what is left as HTML: any letter
in the text of the page, or in an attribute a person reads or hears (`alt`, `title`,
`aria-label`, `placeholder`, a button's `value`), is a string nobody marked.

Agents' and officials' pages (the inbox, the case pages for agents, the pulse) stay in French:
they are listed in `FRENCH_ONLY` by folder. `NOT_YET` names the citizen templates still to be
marked; the test also fails when one of them is found marked, so that list only shrinks.
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
    "servicerequests/templates/servicerequests/agents/",
    "eservices/templates/eservices/agents/",
    "eservices/templates/eservices/letter.html",  # the PDF letter is written in French
)
NOT_YET = {
    "accounts/templates/accounts/account_deleted.html",
    "accounts/templates/accounts/delete_account.html",
    "accounts/templates/accounts/email_verified.html",
    "accounts/templates/accounts/login.html",
    "accounts/templates/accounts/mediation.html",
    "accounts/templates/accounts/my_account.html",
    "accounts/templates/accounts/password_reset.html",
    "accounts/templates/accounts/password_reset_complete.html",
    "accounts/templates/accounts/password_reset_confirm.html",
    "accounts/templates/accounts/password_reset_done.html",
    "accounts/templates/accounts/signup.html",
    "connected/templates/connected/my_water.html",
    "eservices/templates/eservices/_acting.html",
    "eservices/templates/eservices/_nav.html",
    "eservices/templates/eservices/_slot_picker.html",
    "eservices/templates/eservices/appointment.html",
    "eservices/templates/eservices/appointment_book.html",
    "eservices/templates/eservices/appointment_day.html",
    "eservices/templates/eservices/appointment_move.html",
    "eservices/templates/eservices/appointment_sites.html",
    "eservices/templates/eservices/child.html",
    "eservices/templates/eservices/document.html",
    "eservices/templates/eservices/enrol.html",
    "eservices/templates/eservices/household.html",
    "eservices/templates/eservices/join.html",
    "eservices/templates/eservices/my_procedures.html",
    "eservices/templates/eservices/panel.html",
    "eservices/templates/eservices/refused.html",
    "inclusion/templates/inclusion/_entry_facts.html",
    "inclusion/templates/inclusion/_hours.html",
    "inclusion/templates/inclusion/_services.html",
    "inclusion/templates/inclusion/entry.html",
    "inclusion/templates/inclusion/report.html",
    "inclusion/templates/inclusion/search.html",
    "inclusion/templates/inclusion/sheet.html",
    "opendata/templates/opendata/catalog.html",
    "opendata/templates/opendata/dataset.html",
    "servicerequests/templates/servicerequests/_duplicates.html",
    "servicerequests/templates/servicerequests/_filters.html",
    "servicerequests/templates/servicerequests/_message_form.html",
    "servicerequests/templates/servicerequests/_request_item.html",
    "servicerequests/templates/servicerequests/confirmed.html",
    "servicerequests/templates/servicerequests/map.html",
    "servicerequests/templates/servicerequests/my_requests.html",
    "servicerequests/templates/servicerequests/procedure_steps.html",
    "servicerequests/templates/servicerequests/reply_by_link.html",
    "servicerequests/templates/servicerequests/report_choose.html",
    "servicerequests/templates/servicerequests/report_form.html",
    "servicerequests/templates/servicerequests/report_sent.html",
    "servicerequests/templates/servicerequests/request_detail.html",
    "servicerequests/templates/servicerequests/requests.html",
    "servicerequests/templates/servicerequests/thread.html",
    "transparency/templates/transparency/_contracts.html",
    "transparency/templates/transparency/_filters.html",
    "transparency/templates/transparency/buyer.html",
    "transparency/templates/transparency/charts.html",
    "transparency/templates/transparency/contract.html",
    "transparency/templates/transparency/search.html",
    "transparency/templates/transparency/supplier.html",
}


def citizen_templates() -> list[str]:
    found = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/templates/**/*.html")
        if "tests" not in path.parts
    )
    return [name for name in found if not name.startswith(FRENCH_ONLY)]


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
    if name in NOT_YET:
        assert found, f"{name} is marked now: take it out of NOT_YET"
        return
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

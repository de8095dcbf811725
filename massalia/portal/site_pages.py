"""The site's information pages: the accessibility statement (the RGAA 4.1 model's sections),
the legal notice, the terms of use and the personal-data page.

Each page ships a text in French, English and Arabic (`DEFAULTS`); the city replaces the text
of one language by saving a `SitePage` in the admin. A text is written in a small syntax
(`SYNTAX`), escaped and turned into HTML by `render`: no HTML from the admin reaches a page.
`{city}`, `{site}`, `{contact}` and `{privacy}` are replaced by the commune's name, the site's
address and the two contact addresses of the settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from massalia.portal.site_texts import DEFAULTS


@dataclass(frozen=True)
class Page:
    key: str
    slug: str
    label: str | Promise  # translated when drawn


PAGES = (
    Page("accessibilite", "accessibilite", _("Accessibilité : non conforme")),
    Page("mentions", "mentions-legales", _("Mentions légales")),
    Page("conditions", "conditions-d-utilisation", _("Conditions d'utilisation")),
    Page("donnees", "donnees-personnelles", _("Données personnelles")),
)
BY_SLUG = {page.slug: page for page in PAGES}
CHOICES = [(page.key, DEFAULTS[page.key]["fr"][0]) for page in PAGES]  # the admin's names
SYNTAX = (
    "Une ligne « ## Titre » fait un intertitre, des lignes « - texte » une liste, une ligne "
    "vide sépare les paragraphes. Les adresses web (https://…) et email deviennent des liens. "
    "{city}, {site}, {contact} et {privacy} sont remplacés par le nom de la commune, l'adresse "
    "du site et les adresses de contact (SITE_CONTACT_EMAIL, PRIVACY_CONTACT_EMAIL)."
)
LINK = re.compile(r"(https?://[^\s<]+[^\s<.,;:)])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def text_for(key: str, language: str) -> tuple[str, str]:
    """The page's title and text in `language`: the city's, else the shipped one (French when
    the language has none)."""
    from massalia.portal.models import SitePage

    edited = SitePage.objects.filter(key=key, language=language).first()
    if edited is not None:
        return edited.title, edited.body
    shipped = DEFAULTS[key]
    return shipped.get(language) or shipped[settings.LANGUAGE_CODE]


def fill(text: str) -> str:
    values = {
        "city": settings.CITY_NAME,
        "site": settings.SITE_URL,
        "contact": settings.SITE_CONTACT_EMAIL,
        "privacy": settings.PRIVACY_CONTACT_EMAIL,
    }
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def render(text: str) -> SafeString:
    """The small syntax as HTML, every character of the text escaped. In a paragraph, lines
    starting with "- " are list items and an indented line continues the item above."""
    html: list[str] = []
    for block in re.split(r"\n\s*\n", fill(text).strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if lines and lines[0].startswith("## "):
            html.append(f"<h2>{_inline(lines.pop(0)[3:])}</h2>")
        html.extend(_runs(lines))
    return mark_safe("\n".join(html))  # built from escaped text only


def _runs(lines: list[str]) -> list[str]:
    """Consecutive text lines as one paragraph, consecutive items as one list."""
    runs: list[tuple[str, list[str]]] = []  # ("p", words) or ("ul", items)
    for line in lines:
        if line.startswith("- "):
            if not runs or runs[-1][0] != "ul":
                runs.append(("ul", []))
            runs[-1][1].append(line[2:].strip())
        elif line[:1].isspace() and runs and runs[-1][0] == "ul":
            runs[-1][1][-1] += " " + line.strip()
        elif runs and runs[-1][0] == "p":
            runs[-1][1].append(line.strip())
        else:
            runs.append(("p", [line.strip()]))
    return [
        "<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in parts) + "</ul>"
        if kind == "ul"
        else f"<p>{_inline(' '.join(parts))}</p>"
        for kind, parts in runs
    ]


def _inline(text: str) -> str:
    out: list[str] = []
    last = 0
    for match in LINK.finditer(text):
        out.append(escape(text[last : match.start()]))
        url, email = match.group(1), match.group(2)
        href = url or f"mailto:{email}"
        out.append(f'<a href="{escape(href)}">{escape(match.group(0))}</a>')
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)

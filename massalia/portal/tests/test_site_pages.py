"""The site's information pages: the accessibility statement (its status in the footer of
every page), the legal notice, the terms of use and the personal-data page with the retention
periods in force; in three languages; the city's own text replaces the shipped one for its
language, and nothing of that text reaches the page as HTML."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.portal import site_pages
from massalia.portal.models import SitePage
from massalia.portal.site_texts import DEFAULTS

BUDGET = 150 * 1024
KEYS = [page.key for page in site_pages.PAGES]


def read(client, key: str, language: str = "fr") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse(f"portal:page_{key}"))
    assert response.status_code == 200 and len(response.content) < BUDGET
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("language", ["fr", "en", "ar"])
@pytest.mark.parametrize("key", KEYS)
def test_each_page_reads_in_each_language_with_the_citys_values(client, db, key, language):
    text = read(client, key, language)
    title, _ = DEFAULTS[key][language]
    assert f"<h1>{title}</h1>" in text and f'lang="{language}"' in text
    assert "{city}" not in text and "{privacy}" not in text and "{contact}" not in text


def test_every_page_says_the_accessibility_status_in_its_footer(client, db):
    page = client.get(reverse("portal:home")).content.decode()
    link = reverse("portal:page_accessibilite")
    assert f'<a href="{link}">Accessibilité : non conforme</a>' in page
    for key in ("mentions", "conditions", "donnees"):
        assert reverse(f"portal:page_{key}") in page


def test_the_statement_follows_the_rgaa_model_and_gives_the_remedies(client, db, settings):
    text = read(client, "accessibilite")
    for section in (
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Retour d'information et contact",
        "Voies de recours",
        "Établissement de cette déclaration",
    ):
        assert f"<h2>{section}</h2>" in text
    assert f'<a href="mailto:{settings.SITE_CONTACT_EMAIL}">' in text
    assert '<a href="https://formulaire.defenseurdesdroits.fr/">' in text
    assert (
        "<li>par courrier gratuit, sans timbre : Défenseur des droits, Libre réponse 71120, "
        "75342 Paris CEDEX 07.</li>" in text
    )


def test_the_personal_data_page_lists_the_retention_periods_in_force(client, db, settings):
    settings.RETENTION_CRECHE_APPLICATIONS_DAYS = 500
    text = read(client, "donnees")
    assert '<td lang="fr">Demandes de place en crèche closes</td><td>500 jours</td>' in text
    assert f'<a href="mailto:{settings.PRIVACY_CONTACT_EMAIL}">' in text


def test_the_citys_text_replaces_the_shipped_one_for_its_language_only(client, db):
    admin = User.objects.create_superuser("ville", "ville@example.org", "x")
    SitePage.objects.create(
        key="mentions",
        language="fr",
        title="Mentions légales de {city}",
        body="## Hébergement\nHébergé par <b>Exemple</b> & Cie\n\n- un\n- deux\n  suite",
        updated_by=admin,
    )
    text = client.get(reverse("portal:page_mentions")).content.decode()
    assert "<h1>Mentions légales de Marseille</h1>" in text
    assert "<h2>Hébergement</h2>" in text
    assert "<p>Hébergé par &lt;b&gt;Exemple&lt;/b&gt; &amp; Cie</p>" in text
    assert "<ul><li>un</li><li>deux suite</li></ul>" in text
    assert "Legal notice" in read(client, "mentions", "en")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a <script>x</script>", "<p>a &lt;script&gt;x&lt;/script&gt;</p>"),
        ('https://x.test/a?b="c" fin', '<p><a href="https://x.test/a?b=&quot;c&quot;">'),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("écrire à a.b@ville.test.", '<a href="mailto:a.b@ville.test">a.b@ville.test</a>.</p>'),
    ],
)
def test_the_syntax_escapes_everything_and_links_only_web_and_email_addresses(text, expected):
    assert expected in site_pages.render(text)


def test_a_page_that_does_not_exist_is_a_404(client, db):
    assert client.get("/mentions-illegales/").status_code == 404

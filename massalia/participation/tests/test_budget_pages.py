"""The participatory budget's pages: the projects and the ballot (cast, changed, refused
with the choices kept), the resident's own verification, the results with their rule and
CSV once the vote is closed, and the agents' page."""

from __future__ import annotations

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from massalia.participation import budget
from massalia.participation.models import Ballot, BallotChoice, CensusEntry, Verification
from massalia.participation.tests.conftest import project_ids, signed_in, verified

pytestmark = pytest.mark.django_db


def _url(name, process):
    return reverse(f"participation:{name}", args=[process.slug])


@pytest.fixture
def alice(client, city, budgets):
    verified(budgets.open, city.people["alice"], city.people["bob"])
    return signed_in(client, city.people["alice"])


def test_the_page_shows_the_projects_the_rule_and_the_envelope(client, budgets):
    html = unescape(client.get(_url("budget", budgets.open)).content.decode())
    assert "Un jardin partagé" in html and "60\u202f000\u00a0€" in html
    assert "ne dépasse pas l'enveloppe de 100\u202f000\u00a0€" in html
    assert "Une personne, un vote" in html
    assert "Connectez-vous pour voter." in html and 'name="projets"' not in html


def test_an_unverified_resident_is_sent_to_verification(client, city, budgets):
    signed_in(client, city.people["erin"])
    html = unescape(client.get(_url("budget", budgets.open)).content.decode())
    assert _url("budget_verify", budgets.open) in html and 'name="projets"' not in html
    ids = project_ids(budgets.open)
    page = client.post(_url("budget_vote", budgets.open), {"projets": [ids["Une fontaine"]]})
    assert page.status_code == 403 and not Ballot.objects.exists()


def test_a_resident_votes_then_changes_the_ballot(alice, budgets):
    ids = project_ids(budgets.open)
    sent = alice.post(_url("budget_vote", budgets.open), {"projets": [ids["Un jardin partagé"]]})
    assert sent.status_code == 302
    html = unescape(alice.get(sent["Location"]).content.decode())
    assert "Votre bulletin est enregistré. Merci !" in html
    assert f'value="{ids["Un jardin partagé"]}" id="choix-{ids["Un jardin partagé"]}"' in html
    assert "60\u202f000\u00a0€</strong> sur une enveloppe" in html
    changed = alice.post(
        _url("budget_vote", budgets.open),
        {"projets": [ids["Une fontaine"], ids["Des bancs à l'ombre"]]},
    )
    assert "Votre bulletin est modifié." in unescape(
        alice.get(changed["Location"]).content.decode()
    )
    assert Ballot.objects.count() == 1
    assert set(BallotChoice.objects.values_list("project_id", flat=True)) == {
        ids["Une fontaine"],
        ids["Des bancs à l'ombre"],
    }


def test_a_ballot_over_the_envelope_is_refused_and_the_choices_are_kept(alice, budgets):
    ids = project_ids(budgets.open)
    chosen = [ids["Un jardin partagé"], ids["Une fontaine"]]
    page = alice.post(_url("budget_vote", budgets.open), {"projets": chosen})
    html = unescape(page.content.decode())
    assert page.status_code == 400
    assert "Votre sélection coûte 110\u202f000\u00a0€, soit 10\u202f000\u00a0€ de plus" in html
    for pk in chosen:
        assert f'value="{pk}" id="choix-{pk}" data-cost' in html and "checked" in html
    assert html.count(" checked") == 2
    assert not Ballot.objects.exists()


def test_the_results_wait_for_the_close(client, budgets):
    html = unescape(client.get(_url("budget_results", budgets.open)).content.decode())
    assert "Les résultats seront publiés à la clôture du vote." in html
    assert client.get(_url("budget_results_csv", budgets.open)).status_code == 404


def _closed_with_ballots(city, budgets):
    ids = project_ids(budgets.closed)
    for name, chosen in (
        ("alice", ["Un jardin partagé"]),
        ("bob", ["Un jardin partagé", "Des bancs à l'ombre"]),
        ("carol", ["Une fontaine"]),
    ):
        ballot = Ballot.objects.create(process=budgets.closed, voter=city.people[name])
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, project_id=ids[t]) for t in chosen
        )


def test_the_results_state_the_rule_and_the_selected_projects(client, city, budgets):
    _closed_with_ballots(city, budgets)
    html = unescape(client.get(_url("budget_results", budgets.closed)).content.decode())
    assert budget.METHOD_DESCRIPTIONS_FR[budget.Method.GREEDY] in html
    assert (
        "2 projets retenus pour 90\u202f000\u00a0€ sur une enveloppe de 100\u202f000\u00a0€" in html
    )
    assert "Pour information : la méthode des parts égales" in html
    assert "Non retenu : ne tient plus dans l'enveloppe" in html


def test_the_results_download_as_csv(client, city, budgets):
    _closed_with_ballots(city, budgets)
    got = client.get(_url("budget_results_csv", budgets.closed))
    text = b"".join(got.streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Rang;Numéro du projet;Projet;Coût (€);Voix;Décision")
    assert ";Un jardin partagé;60000;2;retenu;" in lines[1]
    assert len(lines) == 4


def test_the_pages_speak_english_and_arabic(client, budgets):
    for code, words in (("en", "The voting rule"), ("ar", 'dir="rtl"')):
        with translation.override(code):
            client.cookies["django_language"] = code
            html = unescape(client.get(_url("budget", budgets.open)).content.decode())
            assert words in html


def test_a_resident_verifies_with_the_census_file(client, city, budgets):
    from massalia.participation import ballots

    ballots.import_census(
        process=budgets.open,
        agent=city.people["bob"],
        stream=io.StringIO(
            "nom;prenom;date_naissance;code_postal\nBenali;Nadia;17/05/1980;13001\n"
        ),
        source="t.csv",
    )
    signed_in(client, city.people["erin"])
    url = _url("budget_verify", budgets.open)
    data = {
        "last_name": "Benali",
        "first_name": "Nadia",
        "birth_date": "17/05/1980",
        "postcode": "13001",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "Votre accord est nécessaire" in unescape(
        refused.content.decode()
    )
    wrong = client.post(url, data | {"consent": "on", "birth_date": "18/05/1980"})
    assert wrong.status_code == 400 and "ne figurent pas" in unescape(wrong.content.decode())
    done = client.post(url, data | {"consent": "on"})
    assert done.status_code == 302
    assert Verification.objects.get().person == city.people["erin"]


def test_an_agent_verifies_a_resident_and_imports_the_census(client, city, budgets):
    signed_in(client, city.people["bob"])
    desk = _url("budget_desk", budgets.open)
    assert client.get(desk).status_code == 200
    sent = client.post(
        _url("budget_agent_verify", budgets.open),
        {
            "email": "erin@example.org",
            "last_name": "Dupont",
            "first_name": "Erin",
            "birth_date": "01/02/1990",
            "postcode": "13002",
            "consent": "on",
        },
    )
    assert sent.status_code == 302
    check = Verification.objects.get()
    assert check.person == city.people["erin"] and check.verified_by == city.people["bob"]
    upload = SimpleUploadedFile(
        "habitants.csv",
        b"nom;prenom;date_naissance;code_postal\nBenali;Nadia;17/05/1980;13001\n",
        content_type="text/csv",
    )
    imported = client.post(_url("budget_census", budgets.open), {"file": upload})
    assert imported.status_code == 302
    assert "1 créés" in unescape(client.get(desk).content.decode())
    assert CensusEntry.objects.count() == 1


def test_the_process_page_links_to_its_budget(client, budgets):
    html = unescape(client.get(_url("process", budgets.closed)).content.decode())
    assert _url("budget", budgets.closed) in html and _url("budget_results", budgets.closed) in html
    assert "Une personne, un vote" in html and "l'enveloppe de 100\u202f000\u00a0€" in html

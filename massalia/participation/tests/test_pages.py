"""The public pages, in French, light enough for the page budget, working without script."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db
BUDGET = 150 * 1024


def test_the_list_shows_each_consultation_and_where_it_stands(client, processes):
    page = client.get(reverse("participation:processes"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Des places pour les piétons" in html and "Étape en cours : Propositions" in html
    assert "Jardins partagés du 1er" in html and "Périmètre : 1e arrondissement" in html
    assert "Consultation terminée" in html
    assert len(page.content) < BUDGET


def test_an_unpublished_consultation_is_not_shown(client, processes):
    processes.local.is_published = False
    processes.local.save()
    assert "Jardins partagés" not in client.get(reverse("participation:processes")).content.decode()
    page = client.get(reverse("participation:process", args=["jardins-1er"]))
    assert page.status_code == 404


def test_the_consultation_page_shows_its_phases_and_proposals(client, city, processes):
    propose(processes.open, city.people["alice"], title="Piétonniser la place Castellane")
    page = client.get(reverse("participation:process", args=["places-pietonnes"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="phase ') == 5 and 'aria-current="step"' in html
    assert "Déposez vos propositions et soutenez celles des autres." in html
    assert "Piétonniser la place Castellane" in html and "0 soutien" in html
    assert "Connectez-vous pour déposer une proposition." in html
    assert len(page.content) < BUDGET


def test_proposing_is_a_plain_form_with_labelled_fields(client, city, processes):
    signed_in(client, city.people["alice"])
    page = client.get(reverse("participation:propose", args=["places-pietonnes"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script" not in html.split("</main>")[0].split("<main")[1]
    for name in ("title", "text", "address", "quartier"):
        assert re.search(rf'<label for="id_{name}">', html), name
    assert '<form method="post"' in html


def test_an_error_is_listed_on_top_and_linked_to_its_field(client, city, processes):
    signed_in(client, city.people["alice"])
    page = client.post(
        reverse("participation:propose", args=["places-pietonnes"]), {"title": "", "text": "x"}
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert 'href="#id_title"' in html and "Donnez un titre à la proposition." in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_title_error"' in html


def test_no_one_proposes_outside_the_contributions_phase(client, city, processes):
    signed_in(client, city.people["alice"])
    for slug in ("jardins-1er", "eclairage-2025"):
        assert client.get(reverse("participation:propose", args=[slug])).status_code == 403
        page = client.get(reverse("participation:process", args=[slug]))
        assert "Déposer une proposition" not in page.content.decode()


def test_an_anonymous_visitor_is_asked_to_sign_in_to_propose(client, processes):
    page = client.get(reverse("participation:propose", args=["places-pietonnes"]))
    assert page.status_code == 302 and "/compte/" in page["Location"]


def test_the_current_step_reads_as_a_step_in_arabic_not_as_a_case_in_progress(client, processes):
    """The words "en cours" mean one thing for a consultation's step and another for a
    request's status: the step's word has its own context, so another catalogue's translation
    never shows."""
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("participation:process", args=["places-pietonnes"])).content.decode()
    assert '<span class="badge">جارية</span>' in html
    assert "قيد المعالجة" not in html  # a request's "in progress"

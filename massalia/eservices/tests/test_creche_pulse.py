"""The pulse counts crèche applications and places by arrondissement: applications filed in
the span at the families' addresses, the places of the open crèches located there, the places
given after a published round, and the open applications holding none.

The flow tests' round (`test_creche_flow`): the three families live at 12 rue Paradis;
crèche A (1 baby place, 2 older) is placed in their quartier, crèche B is left unlocated."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.eservices.models import Creche, Household
from massalia.eservices.selectors import creche_figures
from massalia.eservices.tests import test_creche_flow as flow
from massalia.eservices.tests.test_creche_pages import published
from massalia.territory.models import Arrondissement

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three


@pytest.fixture
def placed(three):
    """Crèche A placed in the families' quartier; returns their arrondissement."""
    quartier = Household.objects.get(adults__user__username="fanny").quartier
    assert quartier is not None
    Creche.objects.filter(code="a").update(quartier=quartier)
    return Arrondissement.objects.get(pk=quartier.arrondissement_id)


def figures(**kw):
    now = timezone.now()
    span = {"since": now - datetime.timedelta(days=30), "until": now + datetime.timedelta(days=1)}
    return creche_figures(**{**span, **kw})


def test_before_the_round_every_application_waits(placed):
    [row] = figures()
    assert (row.name, row.applications, row.places, row.given, row.waiting) == (
        placed.name, 3, 3, 0, 3,
    )  # fmt: skip


def test_after_the_round_the_places_given_are_counted_where_the_creche_is(placed, petite_enfance):
    published(petite_enfance)  # Fanny → A, Hélène → B (not located), Gaël no place
    [row] = figures()
    assert (row.given, row.waiting) == (1, 1)


def test_only_applications_filed_in_the_span_count_and_a_place_narrows(placed):
    later = timezone.now() + datetime.timedelta(days=2)
    [row] = figures(since=later, until=later + datetime.timedelta(days=7))
    assert (row.applications, row.places, row.waiting) == (0, 3, 3)
    other = Arrondissement.objects.exclude(pk=placed.pk).first()
    assert figures(arrondissement_id=other.pk) == []
    assert [r.name for r in figures(arrondissement_id=placed.pk)] == [placed.name]


def test_the_pulse_dashboard_shows_them(client, placed, paula):
    client.force_login(paula)
    page = client.get(reverse("pulse:dashboard"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Places en crèche" in text
    row = text.split('id="creches"')[1].split(f'<th scope="row">{placed.name}</th>')[1]
    assert row.split("</tr>")[0].count('class="num"') == 4
    assert '<td class="num" data-label="Demandes déposées">3</td>' in row

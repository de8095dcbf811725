"""The demo's participatory budgets: one voting now (the demo citizen may vote at once, the
named residents verify themselves with the census answers), last year's closed with its
results; nothing made twice."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.demo import organisation
from massalia.demo import participation as demo
from massalia.participation import ballots
from massalia.participation.models import Ballot, BudgetProject, CensusEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_indexes")]


def test_it_loads_an_open_vote_and_a_closed_one_with_results_once(client):
    departments = organisation.load_departments()
    organisation.load_people(departments)
    open_vote, closed = demo.load()
    assert open_vote.budget.is_open() and closed.budget.is_closed()
    counts = (Ballot.objects.count(), BudgetProject.objects.count(), CensusEntry.objects.count())
    demo.load()
    assert counts == (
        Ballot.objects.count(),
        BudgetProject.objects.count(),
        CensusEntry.objects.count(),
    )
    found = ballots.results(closed)
    assert found.published.ballots == demo.VOTERS and found.published.selected
    page = client.get(reverse("participation:budget_results", args=[closed.slug]))
    assert "projets retenus pour" in unescape(page.content.decode())

    citizen = User.objects.get(username="citoyenne")
    project = open_vote.budget_projects.order_by("cost").first()
    assert ballots.cast(process=open_vote, voter=citizen, choices=[project.pk])

    name, born, postcode = demo.CENSUS[0]
    first, _, last = name.partition(" ")
    resident = User.objects.get(username=organisation.resident_username(name))
    made = ballots.verify_with_census(
        process=open_vote, person=resident, last_name=last, first_name=first,
        birth_date=born, postcode=postcode, consent=True,
    )  # fmt: skip
    assert made.method == "census"

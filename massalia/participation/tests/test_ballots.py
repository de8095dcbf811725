"""Ballots in a participatory budget: cast under the vote's rule by a verified resident,
changed until the vote closes, one per resident; the results by the published rule."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from massalia.core.models import OutboxEvent
from massalia.participation import ballots
from massalia.participation.models import Ballot, BallotChoice, PhaseKind
from massalia.participation.tests.conftest import project_ids, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(city, budgets):
    verified(budgets.open, city.people["alice"], city.people["bob"])
    return city.people["alice"]


def test_it_casts_a_ballot_within_the_envelope(alice, budgets):
    ids = project_ids(budgets.open)
    made = ballots.cast(
        process=budgets.open,
        voter=alice,
        choices=[ids["Un jardin partagé"], ids["Des bancs à l'ombre"]],
    )
    assert sorted(ballots.chosen(made)) == sorted(
        [ids["Un jardin partagé"], ids["Des bancs à l'ombre"]]
    )
    assert OutboxEvent.objects.filter(name="participation.ballot_cast").count() == 1


def test_it_refuses_a_ballot_over_the_envelope_and_stores_nothing(alice, budgets):
    ids = project_ids(budgets.open)
    with pytest.raises(ValidationError) as refused:
        ballots.cast(process=budgets.open, voter=alice, choices=list(ids.values()))
    assert refused.value.error_list[0].code == "over-budget"
    assert "140\u202f000\u00a0€" in refused.value.messages[0]
    assert not Ballot.objects.exists()


def test_an_approval_vote_refuses_too_many_projects(city, budgets):
    verified(budgets.approval, city.people["alice"], city.people["bob"])
    ids = list(project_ids(budgets.approval).values())
    with pytest.raises(ValidationError) as refused:
        ballots.cast(process=budgets.approval, voter=city.people["alice"], choices=ids)
    assert refused.value.error_list[0].code == "too-many"
    two = ballots.cast(process=budgets.approval, voter=city.people["alice"], choices=ids[:2])
    assert len(ballots.chosen(two)) == 2


def test_changing_a_ballot_replaces_its_choices_and_keeps_one_ballot(alice, budgets):
    ids = project_ids(budgets.open)
    first = ballots.cast(process=budgets.open, voter=alice, choices=[ids["Un jardin partagé"]])
    second = ballots.cast(process=budgets.open, voter=alice, choices=[ids["Une fontaine"]])
    assert first.pk == second.pk and Ballot.objects.count() == 1
    assert ballots.chosen(second) == [ids["Une fontaine"]]
    assert BallotChoice.objects.count() == 1
    assert OutboxEvent.objects.filter(name="participation.ballot_changed").count() == 1


def test_an_unverified_resident_may_not_vote(city, budgets):
    ids = project_ids(budgets.open)
    with pytest.raises(PermissionDenied):
        ballots.cast(process=budgets.open, voter=city.people["erin"], choices=[ids["Une fontaine"]])
    assert not Ballot.objects.exists()


def test_a_verification_for_another_process_does_not_count(city, budgets):
    verified(budgets.approval, city.people["alice"], city.people["bob"])
    with pytest.raises(PermissionDenied):
        ballots.cast(
            process=budgets.open,
            voter=city.people["alice"],
            choices=[project_ids(budgets.open)["Une fontaine"]],
        )


def test_a_project_of_another_process_is_refused(alice, budgets):
    other = project_ids(budgets.approval)["Une fontaine"]
    with pytest.raises(ValidationError) as refused:
        ballots.cast(process=budgets.open, voter=alice, choices=[other])
    assert refused.value.error_list[0].code == "unknown-project"
    assert not Ballot.objects.exists()


def test_the_vote_closes_with_its_phase(alice, budgets):
    ids = project_ids(budgets.open)
    ballots.cast(process=budgets.open, voter=alice, choices=[ids["Une fontaine"]])
    phase = budgets.open.phases.get(kind=PhaseKind.VOTE)
    phase.ends_on = datetime.date.today() - datetime.timedelta(days=1)
    phase.starts_on = phase.ends_on - datetime.timedelta(days=5)
    phase.save()
    budgets.open.refresh_from_db()
    with pytest.raises(PermissionDenied):
        ballots.cast(process=budgets.open, voter=alice, choices=[ids["Un jardin partagé"]])
    assert ballots.chosen(Ballot.objects.get()) == [ids["Une fontaine"]]


def test_results_follow_the_published_rule_and_wait_for_the_close(city, budgets):
    with pytest.raises(PermissionDenied):
        ballots.results(budgets.open)
    closed = budgets.closed
    ids = project_ids(closed)
    # Ballots of a closed vote are set up directly: the service no longer takes them.
    people = [city.people[n] for n in ("alice", "bob", "carol")]
    choices = [
        [ids["Un jardin partagé"]],
        [ids["Un jardin partagé"], ids["Des bancs à l'ombre"]],
        [ids["Une fontaine"], ids["Des bancs à l'ombre"]],
    ]
    for person, chosen in zip(people, choices, strict=True):
        ballot = Ballot.objects.create(process=closed, voter=person)
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project_id=c) for c in chosen)
    found = ballots.results(closed)
    selected = [line.project.title for line in found.published.selected]
    # Garden 2 votes (60 000), benches 2 votes (30 000, cheaper: first), fountain 1 vote:
    # benches then garden fit (90 000); the fountain (50 000) no longer does.
    assert selected == ["Des bancs à l'ombre", "Un jardin partagé"]
    assert found.published.ballots == 3
    assert found.equal_shares.method.value == "equal-shares"


def test_kept_results_follow_a_change_of_the_ballots(city, budgets):
    closed = budgets.closed
    ids = project_ids(closed)
    ballot = Ballot.objects.create(process=closed, voter=city.people["alice"])
    BallotChoice.objects.create(ballot=ballot, project_id=ids["Une fontaine"])
    first = ballots.results(closed)
    assert ballots.results(closed) == first
    other = Ballot.objects.create(process=closed, voter=city.people["bob"])
    BallotChoice.objects.create(ballot=other, project_id=ids["Un jardin partagé"])
    again = ballots.results(closed)
    assert again.published.ballots == 2 and first.published.ballots == 1

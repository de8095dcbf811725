"""Seats per school and level: accepted within them, then a waiting list in filing order."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from massalia.accounts.models import User
from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.tests.conftest import YEAR, family, seats
from massalia.servicerequests import services as cases

pytestmark = pytest.mark.usefixtures("school_map", "education")


def enrolments(n: int):
    filed = []
    for i in range(n):
        parent = User.objects.create_user(username=f"parent{i}", email=f"p{i}@example.org")
        child = family(parent, 2 + 2 * i, child=f"Enfant{i}")
        filed.append(services.enrol(child=child, by=parent, level=Level.CP, school_year=YEAR))
    return filed


def test_it_accepts_up_to_the_seats_then_puts_cases_on_the_waiting_list(edith):
    seats("paradis-e", Level.CP, 2)
    first, second, third, fourth = enrolments(4)
    outcomes = [
        services.decide(enrolment=e, actor=edith, public_note="Décision.")
        for e in (first, second, third, fourth)
    ]
    assert outcomes == ["accepted", "accepted", "waiting", "waiting"]
    for e in (third, fourth):
        e.refresh_from_db()
        assert e.case.status == "in_review" and e.waitlisted_at is not None
    assert [services.waiting_position(e) for e in (third, fourth)] == [1, 2]
    assert services.seats(first.requested_school, Level.CP, YEAR) == (2, 2)


def test_a_freed_seat_goes_to_the_first_on_the_list(edith):
    seats("paradis-e", Level.CP, 1)
    first, second, third = enrolments(3)
    services.decide(enrolment=first, actor=edith, public_note="Acceptée.")
    services.decide(enrolment=third, actor=edith, public_note="x")
    services.decide(enrolment=second, actor=edith, public_note="x")
    second.refresh_from_db()
    third.refresh_from_db()
    # The declared order is the filing order, not the order the agent looked at them.
    assert (services.waiting_position(second), services.waiting_position(third)) == (1, 2)
    cases.change_status(case=first.case, actor=edith, status="in_review")  # decision reopened
    assert services.decide(enrolment=second, actor=edith, public_note="Une place.") == "accepted"
    third.refresh_from_db()
    assert services.waiting_position(third) == 1


def test_a_school_without_capacity_cannot_accept(edith):
    [only] = enrolments(1)
    with pytest.raises(ValidationError, match="Aucune capacité"):
        services.decide(enrolment=only, actor=edith, public_note="x")
    only.case.refresh_from_db()
    assert only.case.status == "new"


def test_it_decides_on_the_case_as_it_stands_not_as_it_was_loaded(edith):
    seats("paradis-e", Level.CP, 1)
    [only] = enrolments(1)
    cases.change_status(case=only.case, actor=edith, status="in_review")  # elsewhere
    assert only.case.status == "new"  # this copy is stale
    assert services.decide(enrolment=only, actor=edith, public_note="Acceptée.") == "accepted"


def test_no_other_move_accepts_beyond_the_seats(edith, client):
    """The case page's status form is the engine's, not the decision: the guard still holds."""
    seats("paradis-e", Level.CP, 1)
    first, second = enrolments(2)
    services.decide(enrolment=first, actor=edith, public_note="Acceptée.")
    cases.change_status(case=second.case, actor=edith, status="in_review")
    with pytest.raises(ValidationError, match="complète"):
        cases.change_status(case=second.case, actor=edith, status="accepted", public_note="Oui.")
    client.force_login(edith)
    response = client.post(
        reverse("cases:change_status", args=[second.case.pk]),
        {"status": "accepted", "public_note": "Acceptée quand même."},
    )
    assert response.status_code == 400
    assert "est complète en" in response.content.decode()
    second.case.refresh_from_db()
    assert second.case.status == "in_review"
    assert services.seats(first.requested_school, Level.CP, YEAR) == (1, 1)


def test_the_status_form_accepts_while_a_seat_is_left(edith, client):
    seats("paradis-e", Level.CP, 1)
    [only] = enrolments(1)
    cases.change_status(case=only.case, actor=edith, status="in_review")
    client.force_login(edith)
    response = client.post(
        reverse("cases:change_status", args=[only.case.pk]),
        {"status": "accepted", "public_note": "Acceptée."},
    )
    assert response.status_code == 302
    only.case.refresh_from_db()
    assert only.case.status == "accepted"

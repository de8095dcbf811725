"""A consultation's current phase follows from today's date and its phases' dates, and the
phase says what people may do."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from massalia.participation import services
from massalia.participation.models import EDIT, PROPOSE, SUPPORT, VOTE, Phase, PhaseKind, Scope
from massalia.participation.tests.conftest import DAY

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 3, 2)


@pytest.fixture
def consultation(city):
    return services.create_process(
        slug="parc",
        title="Le parc",
        summary="Un parc",
        department=city.departments["voirie"],
        phases=[
            (PhaseKind.INFORMATION, MONDAY, MONDAY + DAY * 6),
            (PhaseKind.CONTRIBUTIONS, MONDAY + DAY * 7, MONDAY + DAY * 20),
            (PhaseKind.REVIEW, MONDAY + DAY * 21, MONDAY + DAY * 30),
            (PhaseKind.VOTE, MONDAY + DAY * 31, MONDAY + DAY * 40),
            (PhaseKind.RESULTS, MONDAY + DAY * 41, MONDAY + DAY * 60),
        ],
    )


@pytest.mark.parametrize(
    "offset, kind",
    [
        (0, "information"),
        (6, "information"),
        (7, "contributions"),
        (20, "contributions"),
        (21, "review"),
        (35, "vote"),
        (60, "results"),
    ],
)
def test_it_finds_the_phase_running_on_a_day(consultation, offset, kind):
    assert consultation.phase_on(MONDAY + DAY * offset).kind == kind


def test_it_has_no_phase_before_it_starts_or_after_it_ends(consultation):
    assert consultation.phase_on(MONDAY - DAY) is None
    assert not consultation.is_over(MONDAY - DAY)
    assert consultation.phase_on(MONDAY + DAY * 61) is None
    assert consultation.is_over(MONDAY + DAY * 61)


def test_only_the_contributions_phase_lets_people_propose_support_and_edit(consultation):
    during = MONDAY + DAY * 10
    assert all(consultation.allows(a, during) for a in (PROPOSE, SUPPORT, EDIT))
    assert not consultation.allows(VOTE, during)
    for offset in (0, 25, 35, 50, 100):
        day = MONDAY + DAY * offset
        assert not any(consultation.allows(a, day) for a in (PROPOSE, SUPPORT, EDIT))
    assert consultation.allows(VOTE, MONDAY + DAY * 35)


def test_overlapping_phases_give_the_one_begun_last(city):
    process = services.create_process(
        slug="chevauchement",
        title="Chevauchement",
        summary="…",
        department=city.departments["voirie"],
        phases=[
            (PhaseKind.INFORMATION, MONDAY, MONDAY + DAY * 20),
            (PhaseKind.CONTRIBUTIONS, MONDAY + DAY * 5, MONDAY + DAY * 10),
        ],
    )
    assert process.phase_on(MONDAY + DAY * 7).kind == PhaseKind.CONTRIBUTIONS
    assert process.phase_on(MONDAY + DAY * 15).kind == PhaseKind.INFORMATION


def test_a_phase_cannot_end_before_it_starts_nor_come_twice(consultation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(process=consultation, kind="vote", starts_on=MONDAY, ends_on=MONDAY)
    other = services.create_process(
        slug="autre", title="Autre", summary="…", department=consultation.department, phases=[]
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.create(process=other, kind="vote", starts_on=MONDAY, ends_on=MONDAY - DAY)


def test_the_scope_names_its_place_and_needs_it(city):
    with pytest.raises(IntegrityError), transaction.atomic():
        services.create_process(
            slug="sans-lieu",
            title="Sans lieu",
            summary="…",
            department=city.departments["voirie"],
            scope=Scope.QUARTIER,
            phases=[],
        )
    local = services.create_process(
        slug="noailles",
        title="Noailles",
        summary="…",
        department=city.departments["voirie"],
        scope=Scope.QUARTIER,
        quartier=city.quartiers["NOAILLES"],
        phases=[],
    )
    assert local.place_label() == "Noailles"
    assert list(local.quartiers()) == [city.quartiers["NOAILLES"]]

"""Asking for another school than the sector's: reasons required, shown to the agents."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from massalia.eservices import services
from massalia.eservices.extensions import panel
from massalia.eservices.levels import Level
from massalia.eservices.models import Derogation, Enrolment, School
from massalia.eservices.tests.conftest import YEAR, family

pytestmark = pytest.mark.usefixtures("school_map", "education")


def test_a_derogation_keeps_the_sector_school_and_the_reasons(city, edith):
    alice = city.people["alice"]
    lodi = School.objects.get(code="lodi-e")
    enrolment = services.enrol(
        child=family(alice),
        by=alice,
        level=Level.CP,
        school_year=YEAR,
        requested_school=lodi,
        derogation_reasons=[Derogation.SIBLING, Derogation.WORK],
    )
    assert enrolment.is_derogation
    assert (enrolment.sector_school.code, enrolment.requested_school.code) == (
        "paradis-e",
        "lodi-e",
    )
    assert "dérogation" in enrolment.case.description
    shown = panel(enrolment.case, edith)
    assert shown["enrolment"].derogation_labels()[0].startswith("un frère ou une sœur")


def test_a_derogation_without_reason_is_refused(city):
    alice = city.people["alice"]
    with pytest.raises(ValidationError, match="au moins une raison"):
        services.enrol(
            child=family(alice),
            by=alice,
            level=Level.CP,
            school_year=YEAR,
            requested_school=School.objects.get(code="lodi-e"),
        )
    assert not Enrolment.objects.exists()


def test_another_reason_must_be_explained(city):
    alice = city.people["alice"]
    with pytest.raises(ValidationError, match="Précisez"):
        services.enrol(
            child=family(alice),
            by=alice,
            level=Level.CP,
            school_year=YEAR,
            requested_school=School.objects.get(code="lodi-e"),
            derogation_reasons=["autre"],
        )


def test_a_school_that_does_not_teach_the_level_is_refused(city):
    alice = city.people["alice"]
    with pytest.raises(ValidationError, match="n'accueille pas ce niveau"):
        services.enrol(
            child=family(alice),
            by=alice,
            level=Level.CP,
            school_year=YEAR,
            requested_school=School.objects.get(code="paradis-m"),
            derogation_reasons=["travail"],
        )


def test_choosing_the_sector_school_is_no_derogation(city):
    alice = city.people["alice"]
    enrolment = services.enrol(
        child=family(alice),
        by=alice,
        level=Level.CP,
        school_year=YEAR,
        requested_school=School.objects.get(code="paradis-e"),
        derogation_reasons=["travail"],
    )
    assert not enrolment.is_derogation and enrolment.derogation_reasons == []

"""An enrolment from filing to acceptance, on the case engine: its trail, its emails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.tests.conftest import YEAR, family, seats
from massalia.servicerequests import correspondence
from massalia.servicerequests import services as cases
from massalia.servicerequests.models import HistoryEntry
from massalia.testing import pdf_file

pytestmark = pytest.mark.usefixtures("school_map", "education")


def test_it_files_a_private_case_at_the_sector_school(city, education):
    alice = city.people["alice"]
    enrolment = services.enrol(child=family(alice), by=alice, level=Level.CP, school_year=YEAR)
    case = enrolment.case
    assert (case.request_type.code, case.request_type.is_public) == ("inscription-scolaire", False)
    assert case.department == education and case.status == "new"
    assert case.quartier == city.quartiers["NOAILLES"] and case.address == "12 Rue Paradis"
    assert enrolment.requested_school.code == enrolment.sector_school.code == "paradis-e"
    assert "numéros pairs 2–40" in enrolment.sector_reason
    assert "Lina" not in case.description  # the child's name stays in the domain row


def test_it_goes_from_filing_to_acceptance_through_documents(city, edith, on_commit):
    alice = city.people["alice"]
    seats("paradis-e", Level.CP, 25)
    mail.outbox.clear()
    with on_commit():
        enrolment = services.enrol(child=family(alice), by=alice, level=Level.CP, school_year=YEAR)
    case = enrolment.case
    with on_commit():
        cases.change_status(case=case, actor=edith, status="in_review")
        cases.change_status(
            case=case,
            actor=edith,
            status="awaiting_documents",
            public_note="Il manque un justificatif de domicile.",
        )
        correspondence.write_to_requester(
            case=case, actor=edith, body="Envoyez une facture de moins de trois mois."
        )
    with on_commit():
        correspondence.reply_from_requester(
            case=case, author=alice, body="Voici la facture.", documents=[pdf_file()]
        )
    case.refresh_from_db()
    assert case.status == "in_review"
    with on_commit():
        outcome = services.decide(enrolment=enrolment, actor=edith, public_note="Bienvenue !")
    case.refresh_from_db()
    assert (outcome, case.status) == ("accepted", "accepted")
    moves = list(
        case.history.filter(kind=HistoryEntry.Kind.STATUS).values_list("to_status", flat=True)
    )
    assert moves == ["in_review", "awaiting_documents", "in_review", "accepted"]
    assert case.history.filter(kind=HistoryEntry.Kind.MESSAGE).count() == 2
    to_alice = [m.subject for m in mail.outbox if m.to == ["alice@example.org"]]
    assert any("acceptée" in s for s in to_alice), to_alice
    assert any("pièces demandées" in s for s in to_alice), to_alice


def test_one_child_has_one_open_enrolment_per_year(city):
    alice = city.people["alice"]
    child = family(alice)
    services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)
    with pytest.raises(ValidationError, match="déjà en cours"):
        services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)


def test_an_address_without_sector_school_cannot_enrol_there(city):
    alice = city.people["alice"]
    with pytest.raises(ValidationError, match="Aucune école de secteur"):
        services.enrol(
            child=family(alice, 8, "rue de Rome"), by=alice, level=Level.CP, school_year=YEAR
        )


def test_without_the_procedure_type_enrolments_are_closed(city):
    alice = city.people["alice"]
    child = family(alice)
    services.enrolment_type().delete()
    with pytest.raises(ValidationError, match="pas ouvertes"):
        services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)

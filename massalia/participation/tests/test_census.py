"""One person, one vote: a census file imported as keyed hashes (rejected rows kept with
their reasons, never the clear data), residents matched against it, or checked by an agent;
one identity verifies one account per process."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from massalia.core.models import RejectedRecord
from massalia.participation import ballots, census
from massalia.participation.models import CensusEntry, Verification
from massalia.participation.tests.conftest import BIRTH, verified

pytestmark = pytest.mark.django_db

FILE = """nom;prenom;date_naissance;code_postal
Benali;Nadia;17/05/1980;13001
D'Aubé;Jean-Loup;1975-02-03;13005
Benali;Nadia;17/05/1980;13001
Martin;;12/12/1990;13002
Giordano;Marc;31/02/1980;13003
Lambert;Sophie;01/01/1970;75011
"""


def _import(budgets, city, text=FILE):
    return ballots.import_census(
        process=budgets.open, agent=city.people["bob"], stream=io.StringIO(text), source="t.csv"
    )


def test_it_keeps_keyed_hashes_and_rejected_rows_with_reasons_only(city, budgets):
    run = _import(budgets, city)
    assert (run.created, run.unchanged, run.rejected) == (2, 1, 3)
    stored = " ".join(CensusEntry.objects.values_list("key", flat=True))
    assert "Benali" not in stored and len(stored.split()[0]) == 64
    rejected = {r.position: (r.reasons, r.record) for r in RejectedRecord.objects.all()}
    assert rejected[4][0] == ["prénom manquant"]
    assert rejected[5][0] == ["date de naissance illisible (JJ/MM/AAAA attendu)"]
    assert rejected[6][0] == ["code postal hors de la commune"]
    kept = " ".join(str(r) for _, r in rejected.values())
    assert "Giordano" not in kept and "Lambert" not in kept and "31/02" not in kept


def test_importing_the_same_file_again_adds_nothing(city, budgets):
    _import(budgets, city)
    again = _import(budgets, city)
    assert (again.created, again.unchanged) == (0, 3)
    assert CensusEntry.objects.count() == 2


def test_a_file_without_the_columns_is_refused_whole(city, budgets):
    with pytest.raises(ValidationError):
        _import(budgets, city, "name,born\nx,y\n")
    assert not CensusEntry.objects.exists()


def test_a_resident_in_the_file_verifies_themselves(city, budgets):
    _import(budgets, city)
    made = ballots.verify_with_census(
        process=budgets.open,
        person=city.people["alice"],
        last_name="BENALI",
        first_name="nadia",
        birth_date=datetime.date(1980, 5, 17),
        postcode="13001",
        consent=True,
    )
    assert made.method == "census" and made.verified_by is None
    assert census.normal_name("Jean-Loup D'Aubé") == census.normal_name("JEAN LOUP D AUBE")


def test_a_resident_not_in_the_file_is_told_and_nothing_is_stored(city, budgets):
    _import(budgets, city)
    with pytest.raises(ValidationError):
        ballots.verify_with_census(
            process=budgets.open,
            person=city.people["alice"],
            last_name="Benali",
            first_name="Nadia",
            birth_date=datetime.date(1981, 5, 17),
            postcode="13001",
            consent=True,
        )
    assert not Verification.objects.exists()


def test_one_identity_verifies_one_account(city, budgets):
    verified(budgets.open, city.people["alice"], city.people["bob"])
    with pytest.raises(ValidationError) as refused:
        ballots.verify_by_agent(
            process=budgets.open,
            agent=city.people["bob"],
            person=city.people["erin"],
            last_name="alice",
            first_name="Habitant",
            birth_date=BIRTH,
            postcode="13001",
            consent=True,
        )
    assert "une personne, un vote" in refused.value.messages[0]
    assert Verification.objects.count() == 1


def test_an_agent_records_who_checked_and_the_consent(city, budgets):
    made = verified(budgets.open, city.people["alice"], city.people["bob"])
    assert made.method == "agent" and made.verified_by == city.people["bob"] and made.consent
    assert made.verified_by_name == str(city.people["bob"])


def test_without_consent_or_by_another_department_nothing_is_recorded(city, budgets):
    fields = dict(
        process=budgets.open,
        person=city.people["alice"],
        last_name="Benali",
        first_name="Nadia",
        birth_date=BIRTH,
        postcode="13001",
    )
    with pytest.raises(ValidationError):
        ballots.verify_by_agent(agent=city.people["bob"], consent=False, **fields)
    with pytest.raises(PermissionDenied):
        ballots.verify_by_agent(agent=city.people["dave"], consent=True, **fields)
    assert not Verification.objects.exists()

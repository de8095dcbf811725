"""One family never reads or changes another's household, documents, enrolments or letters."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.tests.conftest import YEAR, family, seats
from massalia.testing import PASSWORD, pdf_file

pytestmark = pytest.mark.usefixtures("school_map", "education")


@pytest.fixture
def alices(city, edith):
    alice = city.people["alice"]
    child = family(alice)
    document = services.add_document(
        household=child.household, kind="domicile", uploaded=pdf_file()
    )
    enrolment = services.enrol(child=child, by=alice, level=Level.CP, school_year=YEAR)
    seats("paradis-e", Level.CP, 5)
    services.decide(enrolment=enrolment, actor=edith, public_note="Acceptée.")
    return child, document, enrolment


@pytest.fixture
def mallory(client, city):
    person = User.objects.create_user(username="mallory", email="m@example.org", password=PASSWORD)
    family(person, 14, child="Max")
    client.force_login(person)
    return person


def test_another_family_opens_none_of_alices_pages(client, alices, mallory):
    child, document, enrolment = alices
    assert client.get(reverse("eservices:edit_child", args=[child.pk])).status_code == 404
    assert client.get(reverse("eservices:document", args=[document.pk])).status_code == 404
    assert client.get(reverse("eservices:letter", args=[enrolment.case_id])).status_code == 404
    mine = client.get(reverse("eservices:household")).content.decode()
    assert "Lina" not in mine and "Max" in mine
    assert "Lina" not in client.get(reverse("eservices:my_procedures")).content.decode()


def test_another_family_cannot_change_alices_child(client, alices, mallory):
    child, _, _ = alices
    data = {"first_name": "Pirate", "last_name": "X", "birth_date": "2020-01-01"}
    assert client.post(reverse("eservices:edit_child", args=[child.pk]), data).status_code == 404
    child.refresh_from_db()
    assert child.first_name == "Lina"


def test_another_family_cannot_enrol_alices_child(client, alices, mallory):
    child, _, _ = alices
    response = client.post(reverse("eservices:enrol"), {"child": child.pk, "level": "CE1"})
    assert response.status_code == 400
    assert child.enrolments.count() == 1


def test_a_family_cannot_decide_or_check(client, alices, mallory):
    _, document, enrolment = alices
    data = {"public_note": "Acceptée par moi"}
    assert (
        client.post(reverse("eservices:decide", args=[enrolment.case_id]), data).status_code == 403
    )
    check = {"verdict": "valid"}
    response = client.post(reverse("eservices:check_document", args=[document.pk]), check)
    assert response.status_code == 404


def test_an_agent_of_another_department_sees_no_document(client, city, alices):
    _, document, _ = alices
    client.force_login(city.people["bob"])  # Voirie
    assert client.get(reverse("eservices:document", args=[document.pk])).status_code == 404


def test_the_family_and_the_education_agent_read_what_they_should(client, city, alices, edith):
    _, document, enrolment = alices
    client.force_login(city.people["alice"])
    assert client.get(reverse("eservices:document", args=[document.pk])).status_code == 200
    letter = client.get(reverse("eservices:letter", args=[enrolment.case_id]))
    assert letter.status_code == 200 and "Lina Martin" in letter.content.decode()
    client.force_login(edith)
    assert client.get(reverse("eservices:document", args=[document.pk])).status_code == 200
    case_page = client.get(reverse("cases:request", args=[enrolment.case_id])).content.decode()
    assert "numéros pairs 2–40 → École élémentaire Paradis" in case_page
    assert "Lina Martin" in case_page and "1 acceptée(s) sur 5" in case_page


def test_the_household_export_and_erasure(city, alices):
    from massalia.eservices.models import FamilyDocument, Household
    from massalia.eservices.privacy import PERSONAL_DATA

    alice = city.people["alice"]
    exported = PERSONAL_DATA.exported(alice)
    assert (
        exported["household"]["children"][0]["birth_date"] == datetime.date(2020, 3, 4).isoformat()
    )
    assert exported["enrolments"][0]["requested_school"] == "École élémentaire Paradis"
    erased = PERSONAL_DATA.erased(alice)
    assert erased == {"households": 1, "family_documents": 1, "appointments": 0}
    assert not Household.objects.exists() and not FamilyDocument.objects.exists()

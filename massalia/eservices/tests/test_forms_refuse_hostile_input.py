"""Every form of the family account refuses bad input with a 4xx and a message, storing nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from massalia.eservices.models import Child, Enrolment, FamilyDocument, Household
from massalia.eservices.tests.conftest import family
from massalia.testing import pdf_file

pytestmark = pytest.mark.usefixtures("school_map", "education")
NASTY = ["", " ", "\u202e\u200b", "x" * 5000, "<script>alert(1)</script>", "\x00", "١٢"]


@pytest.fixture
def alice(client, city):
    client.force_login(city.people["alice"])
    return city.people["alice"]


@pytest.mark.parametrize("number", ["", "0", "-3", "abc", "99999999999999999999", "1e3"])
def test_the_address_form_refuses_a_bad_number(client, alice, number):
    response = client.post(
        reverse("eservices:household"), {"house_number": number, "street": "rue Paradis"}
    )
    assert response.status_code == 400
    assert "Numéro" in response.content.decode()
    assert not Household.objects.exists()


@pytest.mark.parametrize("street", NASTY)
def test_the_address_form_refuses_an_unknown_street(client, alice, street):
    response = client.post(reverse("eservices:household"), {"house_number": "12", "street": street})
    assert response.status_code == 400
    assert not Household.objects.exists()  # nothing half-made


def test_the_address_form_refuses_a_bad_caf_number(client, alice):
    data = {"house_number": "12", "street": "rue Paradis", "caf_number": "12ab"}
    response = client.post(reverse("eservices:household"), data)
    assert response.status_code == 400 and "7 chiffres" in response.content.decode()
    assert not Household.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"first_name": " ", "last_name": "Martin", "birth_date": "2020-01-01"},
        {"first_name": "Lina", "last_name": "Martin", "birth_date": "2099-01-01"},
        {"first_name": "Lina", "last_name": "Martin", "birth_date": "31/02/2020"},
        {"first_name": "Lina", "last_name": "Martin", "birth_date": "1800-01-01"},
        {"first_name": "x" * 500, "last_name": "Martin", "birth_date": "2020-01-01"},
        {"first_name": "\u200b", "last_name": "Martin", "birth_date": "2020-01-01"},
    ],
)
def test_the_child_form_refuses_bad_input(client, alice, data):
    family(alice)
    response = client.post(reverse("eservices:add_child"), data)
    assert response.status_code == 400
    assert (
        'class="errorlist"' in response.content.decode()
        or "error-summary" in response.content.decode()
    )
    assert Child.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "data"),
    [
        (None, {"kind": "domicile"}),
        (SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 100), {"kind": "domicile"}),
        (SimpleUploadedFile("a.pdf", b"%PDF-1.4 tronque"), {"kind": "domicile"}),
        ("pdf", {"kind": "passeport"}),
        ("pdf", {"kind": "domicile", "valid_until": "2001-01-01"}),
        ("pdf", {"kind": "domicile", "valid_until": "demain"}),
    ],
)
def test_the_document_form_refuses_bad_files(client, alice, upload, data):
    family(alice)
    if upload is not None:
        data = {**data, "file": pdf_file() if upload == "pdf" else upload}
    response = client.post(reverse("eservices:add_document"), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not FamilyDocument.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"child": "abc", "level": "CP"},
        {"child": "999999", "level": "CP"},
        {"child": "{child}", "level": "6e"},
        {"child": "{child}", "level": "CP", "other_school": "999999"},
        {"child": "{child}", "level": "CP", "other_school": "{lodi}"},
        {
            "child": "{child}",
            "level": "CP",
            "other_school": "{lodi}",
            "derogation_reasons": "piston",
        },
    ],
)
def test_the_enrolment_form_refuses_bad_input(client, alice, data):
    from massalia.eservices.models import School

    child = family(alice)
    lodi = School.objects.get(code="lodi-e").pk
    data = {k: v.format(child=child.pk, lodi=lodi) for k, v in data.items()}
    response = client.post(reverse("eservices:enrol"), data)
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_a_good_enrolment_goes_through_the_pages(client, alice):
    family(alice)
    child = Child.objects.get()
    page = client.get(reverse("eservices:enrol"))
    assert "numéros pairs 2–40 → École élémentaire Paradis" in page.content.decode()
    response = client.post(reverse("eservices:enrol"), {"child": child.pk, "level": "CP"})
    assert response.status_code == 302
    listing = client.get(reverse("eservices:my_procedures")).content.decode()
    assert "Inscription de Lina en CP, École élémentaire Paradis" in listing


@pytest.mark.parametrize(
    "verdict", [{}, {"verdict": "peut-etre"}, {"verdict": "refused", "note": ""}]
)
def test_an_agents_check_needs_a_verdict_and_a_reason_to_refuse(client, city, edith, verdict):
    from massalia.eservices import services
    from massalia.eservices.levels import Level

    alice = city.people["alice"]
    child = family(alice)
    document = services.add_document(
        household=child.household, kind="domicile", uploaded=pdf_file()
    )
    services.enrol(child=child, by=alice, level=Level.CP, school_year=2026)
    client.force_login(edith)
    response = client.post(reverse("eservices:check_document", args=[document.pk]), verdict)
    assert response.status_code == 400
    document.refresh_from_db()
    assert document.verification == "pending"


def test_an_empty_decision_is_refused(client, city, edith):
    from massalia.eservices import services
    from massalia.eservices.levels import Level

    alice = city.people["alice"]
    enrolment = services.enrol(child=family(alice), by=alice, level=Level.CP, school_year=2026)
    client.force_login(edith)
    response = client.post(
        reverse("eservices:decide", args=[enrolment.case_id]), {"public_note": " "}
    )
    assert response.status_code == 400 and "message à la famille" in response.content.decode()
    enrolment.case.refresh_from_db()
    assert enrolment.case.status == "new"

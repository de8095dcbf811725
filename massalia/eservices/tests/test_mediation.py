"""A mediator files an enrolment for a person who is not online, under her recorded consent;
without a mandate in force nobody reaches another family's account."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.eservices.levels import Level
from massalia.eservices.models import Enrolment, Household
from massalia.eservices.tests.conftest import family

pytestmark = pytest.mark.usefixtures("school_map", "education")
MEDIATION = reverse("accounts:mediation")
CONSENT = {"name": "Fatima Haddad", "email": "", "method": "signed_form", "note": "", "days": 30}


@pytest.fixture
def mediator(db):
    return User.objects.create_user(username="mona", email="mona@example.org", is_mediator=True)


def record(client, mediator, **data) -> Mandate:
    client.force_login(mediator)
    response = client.post(MEDIATION, CONSENT | data)
    assert response.status_code == 302, response.content.decode()
    return Mandate.objects.filter(mediator=mediator).latest("recorded_at")


def test_a_mediator_enrols_a_child_for_a_person_not_online(client, mediator):
    mandate = record(client, mediator)
    person = mandate.person
    assert not person.has_usable_password() and person.display_name == "Fatima Haddad"
    response = client.post(reverse("accounts:mediation_act", args=[mandate.pk]))
    assert response.status_code == 302
    assert "Vous agissez pour" in client.get(reverse("eservices:my_procedures")).content.decode()
    client.post(reverse("eservices:household"), {"house_number": "12", "street": "rue Paradis"})
    client.post(
        reverse("eservices:add_child"),
        {"first_name": "Yanis", "last_name": "Haddad", "birth_date": "2020-03-04"},
    )
    household = Household.objects.of(person).get()
    assert not Household.objects.of(mediator).exists()
    child = household.children.get()
    response = client.post(reverse("eservices:enrol"), {"child": child.pk, "level": Level.CP})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.case.requester == person
    trail = enrolment.case.history.filter(actor=mediator).get()
    assert "Déposée par" in trail.internal_note and "consentement" in trail.internal_note
    assert not trail.is_public

    client.post(reverse("accounts:mediation_stop"))
    client.get(reverse("eservices:my_procedures"))  # the messages of the steps above, shown
    page = client.get(reverse("eservices:my_procedures")).content.decode()
    assert "Vous agissez pour" not in page and "Yanis" not in page


def test_a_withdrawn_or_expired_mandate_stops_acting_at_once(client, mediator):
    mandate = record(client, mediator)
    client.post(reverse("accounts:mediation_act", args=[mandate.pk]))
    Mandate.objects.filter(pk=mandate.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    client.get(reverse("eservices:my_procedures"))  # the message of the step above, shown
    page = client.get(reverse("eservices:my_procedures")).content.decode()
    assert "Vous agissez pour" not in page
    assert client.post(reverse("accounts:mediation_act", args=[mandate.pk])).status_code == 302
    assert client.session.get(mandates.SESSION_KEY) is None


def test_an_existing_account_is_not_taken_over_by_its_address(client, city, mediator):
    alice = city.people["alice"]
    family(alice)
    client.force_login(mediator)
    response = client.post(MEDIATION, CONSENT | {"email": alice.email.upper()})
    assert response.status_code == 400
    assert "Un compte existe déjà" in response.content.decode()
    assert not Mandate.objects.exists()


def test_only_mediators_and_agents_record_consents(client, city, mediator):
    client.force_login(city.people["alice"])  # a resident
    assert client.get(MEDIATION).status_code == 403
    assert client.post(MEDIATION, CONSENT).status_code == 403
    mandate = record(client, mediator)
    assert client.post(reverse("accounts:mediation_act", args=[mandate.pk])).status_code == 302
    client.force_login(city.people["alice"])
    assert client.post(reverse("accounts:mediation_act", args=[mandate.pk])).status_code == 403
    client.force_login(city.people["bob"])  # an agent, but another mediator's mandate
    assert client.post(reverse("accounts:mediation_act", args=[mandate.pk])).status_code == 404
    assert client.session.get(mandates.SESSION_KEY) is None


@pytest.mark.parametrize(
    "bad",
    [
        {"method": "telepathy"},
        {"method": ""},
        {"days": "0"},
        {"days": "100000"},
        {"days": "x"},
        {"name": ""},
        {"email": "not-an-email"},
        {"name": "x" * 500},
    ],
)
def test_hostile_consents_are_refused_and_nothing_stored(client, mediator, bad):
    client.force_login(mediator)
    response = client.post(MEDIATION, CONSENT | bad)
    assert response.status_code == 400
    assert (
        not Mandate.objects.exists()
        and not User.objects.filter(username__startswith="personne-").exists()
    )

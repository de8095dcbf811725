"""A private procedure with its own states rides on the engine into the one inbox.

The engine's procedures section and steps panel reach the back-office through the extension
points of `core.extensions`, as any domain's would.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.core.extensions import InboxSection, inbox_sections
from massalia.servicerequests import services
from massalia.testing import enrolment_type, file_request


@pytest.fixture
def enrolments(city):
    kind = enrolment_type(city)
    place = city.quartiers["NOAILLES"].pk
    alice = city.people["alice"]
    filed = [
        services.submit_request(
            request_type=kind, description=f"Inscription {i}", quartier_id=place, requester=alice
        )
        for i in range(3)
    ]
    services.change_status(
        case=filed[0],
        actor=city.people["bob"],
        status="awaiting_documents",
        public_note="Il manque le livret de famille.",
    )
    return filed


def test_it_shows_the_procedures_of_ones_departments_on_the_inbox(client, city, enrolments):
    client.force_login(city.people["bob"])
    body = client.get(reverse("backoffice:inbox")).content.decode()
    assert "Démarches administratives" in body
    assert "<strong>2</strong> déposée · Voirie" in body
    assert "<strong>1</strong> pièces demandées · Voirie" in body


def test_it_leads_from_a_counter_to_the_cases_in_that_state(client, city, enrolments):
    client.force_login(city.people["bob"])
    url = reverse("cases:department_inbox", args=["voirie"]) + "?status=awaiting_documents"
    body = client.get(url).content.decode()
    assert f"n° {enrolments[0].pk}" in body
    assert f"n° {enrolments[1].pk}" not in body
    assert "Pièces demandées <strong>1</strong>" in body  # the states of the inbox's workflows


def test_it_hides_the_section_from_other_departments(client, city, enrolments):
    client.force_login(city.people["dave"])
    assert (
        "Démarches administratives" not in client.get(reverse("backoffice:inbox")).content.decode()
    )


def test_it_shows_the_steps_on_a_procedure_but_not_on_a_report(client, city, enrolments):
    client.force_login(city.people["bob"])
    page = client.get(reverse("cases:request", args=[enrolments[0].pk])).content.decode()
    assert "où en est la demande" in page
    assert '<li aria-current="step"><strong>Pièces demandées</strong>' in page
    report = file_request(city, "nid-de-poule")
    page = client.get(reverse("cases:request", args=[report.pk])).content.decode()
    assert "où en est la demande" not in page


def test_it_refuses_two_sections_under_one_key():
    with pytest.raises(ValueError, match="already registered"):
        inbox_sections.register(
            InboxSection(key="servicerequests.procedures", title="Autre", counters=lambda u: [])
        )

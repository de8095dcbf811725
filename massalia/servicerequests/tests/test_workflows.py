"""Each request type follows its declared workflow; the registry keeps state codes consistent."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from massalia.servicerequests import services
from massalia.servicerequests.models import HistoryEntry, RequestType, ServiceRequest
from massalia.servicerequests.workflows import (
    REPORT,
    Registry,
    State,
    Workflow,
    closed_states,
    open_states,
)
from massalia.testing import enrolment_type, file_request


@pytest.fixture
def enrolment(city) -> RequestType:
    """A private procedure of the kind e-services open on the engine."""
    return enrolment_type(city)


def _move(case: ServiceRequest, actor, status: str, note: str = "") -> None:
    services.change_status(case=case, actor=actor, status=status, public_note=note)


def test_it_follows_the_report_workflow_with_its_audit_trail(city):
    bob = city.people["bob"]
    filed = file_request(city, "nid-de-poule")
    assert filed.status == "new" and filed.flow is REPORT
    _move(filed, bob, "acknowledged")
    _move(filed, bob, "resolved", "Rebouché ce matin.")
    filed.refresh_from_db()
    assert (filed.status, filed.get_status_display()) == ("resolved", "résolue")
    assert filed.closed_at is not None
    trail = [(e.kind, e.from_status, e.to_status) for e in filed.history.order_by("id")]
    assert trail == [
        (HistoryEntry.Kind.CREATED, "", "new"),
        (HistoryEntry.Kind.STATUS, "new", "acknowledged"),
        (HistoryEntry.Kind.STATUS, "acknowledged", "resolved"),
    ]


def test_it_follows_a_procedure_with_its_own_states(city, enrolment):
    bob = city.people["bob"]
    filed = services.submit_request(
        request_type=enrolment,
        description="Inscription en CP de Lina",
        quartier_id=city.quartiers["NOAILLES"].pk,
        requester=city.people["alice"],
    )
    assert filed.get_status_display() == "déposée"
    _move(filed, bob, "awaiting_documents", "Merci de joindre un justificatif de domicile.")
    _move(filed, bob, "in_review")
    _move(filed, bob, "accepted", "Lina est inscrite à l'école Chabanon.")
    filed.refresh_from_db()
    assert filed.status == "accepted" and not filed.is_open and filed.closed_at
    labels = [e.to_status_label for e in filed.history.order_by("id")]
    assert labels == ["déposée", "pièces demandées", "en instruction", "acceptée"]


def test_it_refuses_a_move_the_workflow_does_not_allow(city, enrolment):
    report = file_request(city, "nid-de-poule")
    with pytest.raises(ValidationError, match="impossible"):
        _move(report, city.people["bob"], "accepted", "Non.")  # a procedure's state
    procedure = services.submit_request(
        request_type=enrolment, description="x", quartier_id=city.quartiers["NOAILLES"].pk
    )
    with pytest.raises(ValidationError, match="impossible"):
        _move(procedure, city.people["bob"], "resolved", "Non.")  # a report's state
    assert ServiceRequest.objects.get(pk=procedure.pk).status == "new"


def test_it_requires_a_public_note_where_the_workflow_says_so(city, enrolment):
    procedure = services.submit_request(
        request_type=enrolment, description="x", quartier_id=city.quartiers["NOAILLES"].pk
    )
    with pytest.raises(ValidationError, match="pièces demandées"):
        _move(procedure, city.people["bob"], "awaiting_documents")
    _move(procedure, city.people["bob"], "in_review")  # needs no explanation


def test_it_counts_open_and_closed_over_every_workflow(city, enrolment):
    bob = city.people["bob"]
    report = file_request(city, "nid-de-poule")
    procedure = services.submit_request(
        request_type=enrolment, description="x", quartier_id=city.quartiers["NOAILLES"].pk
    )
    _move(procedure, bob, "refused", "Hors secteur.")
    assert set(ServiceRequest.objects.open()) == {report}
    assert set(ServiceRequest.objects.closed()) == {procedure}
    assert {"new", "in_review", "awaiting_documents"} <= set(open_states())
    assert {"refused", "resolved", "duplicate"} <= set(closed_states())


def test_it_merges_only_where_the_workflow_knows_merging(city, enrolment):
    bob = city.people["bob"]
    place = city.quartiers["NOAILLES"].pk
    first, second = (
        services.submit_request(request_type=enrolment, description="x", quartier_id=place)
        for _ in range(2)
    )
    with pytest.raises(ValidationError, match="ne se fusionne pas"):
        services.merge(duplicate=second, into=first, actor=bob)


def test_it_never_merges_a_public_request_into_a_private_one(city):
    public = file_request(city, "nid-de-poule")
    private = file_request(city, "fuite-compteur")
    with pytest.raises(ValidationError, match="publique et une demande privée"):
        services.merge(duplicate=public, into=private, actor=city.people["bob"])


def test_it_refuses_a_state_code_that_means_two_things():
    registry = Registry()
    registry.register(REPORT)
    clash = Workflow(
        code="autre",
        label="Autre",
        states=(State("new", "nouvelle", "open"), State("resolved", "close", "open")),
        initial="new",
        transitions={"new": ("resolved",)},
    )
    with pytest.raises(ValueError, match="resolved"):
        registry.register(clash)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(REPORT)


def test_it_refuses_a_workflow_naming_an_unknown_state():
    with pytest.raises(ValueError, match="unknown state 'fermee'"):
        Workflow(
            code="casse",
            label="Cassé",
            states=(State("new", "nouvelle", "open"),),
            initial="new",
            transitions={"new": ("fermee",)},
        )


def test_it_refuses_an_unknown_workflow_on_a_type(city):
    kind = city.types["tags"]
    kind.workflow = "inexistant"
    with pytest.raises(ValidationError):
        kind.full_clean()

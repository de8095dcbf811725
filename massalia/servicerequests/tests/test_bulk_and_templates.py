"""An agent answers with a template and acts on many cases at once; the inbox as a CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from massalia.servicerequests.models import AnswerTemplate, HistoryEntry, ServiceRequest, Status
from massalia.testing import file_request

DONE = "Bonjour, la demande n° {numero} ({type}, {quartier}) est traitée par le service {service}."


@pytest.fixture
def potholes(city):
    return [file_request(city, "nid-de-poule", description=f"Trou n° {i}") for i in range(10)]


@pytest.fixture
def answer(city):
    return AnswerTemplate.objects.create(
        department=city.departments["voirie"], title="Rebouché", body=DONE
    )


def client_for(city, name: str) -> Client:
    client = Client()
    client.force_login(city.people[name])
    return client


def bulk(client: Client, cases, **data) -> object:
    url = reverse("cases:bulk", args=["voirie"])
    return client.post(url, {"cases": [c.pk for c in cases], **data}, follow=True)


def test_an_agent_closes_ten_requests_with_one_template(city, potholes, answer, on_commit):
    mail.outbox.clear()
    with on_commit():
        done = bulk(client_for(city, "bob"), potholes, action="status:resolved", template=answer.pk)
    assert "10 demandes mises à jour." in done.content.decode()
    for case in potholes:
        case.refresh_from_db()
        [entry] = case.history.filter(kind=HistoryEntry.Kind.STATUS)
        assert case.status == Status.RESOLVED and entry.actor == city.people["bob"]
        assert entry.public_note == (
            f"Bonjour, la demande n° {case.pk} (Nid-de-poule, Noailles) est traitée par le "
            "service Voirie."
        )
    assert len(mail.outbox) == 10  # alice, once for each of her requests


def test_a_case_the_action_does_not_fit_is_left_with_its_reason(city, potholes, answer):
    first, second = potholes[:2]
    client = client_for(city, "bob")
    bulk(client, [first], action="status:resolved", public_note="Fait.")
    done = bulk(client, [first, second], action="status:acknowledged").content.decode()
    assert "1 demande mise à jour, 1 laissée telle quelle (n° " in done
    assert "impossible" in done
    tags = file_request(city, "tags")  # Propreté's: not in this inbox
    bulk(client, [tags], action="status:acknowledged")
    tags.refresh_from_db()
    assert tags.status == Status.NEW


def test_a_note_is_required_where_the_workflow_asks_for_one(city, potholes):
    done = bulk(client_for(city, "bob"), potholes[:1], action="status:rejected").content
    assert "Expliquez au demandeur" in done.decode()
    potholes[0].refresh_from_db()
    assert potholes[0].status == Status.NEW


def test_it_assigns_many_at_once(city, potholes):
    chosen = potholes[:3]
    assignees = ServiceRequest.objects.filter(pk__in=[c.pk for c in chosen])
    carol = city.people["carol"]
    bulk(client_for(city, "bob"), chosen, action=f"assign:{carol.pk}")
    assert set(assignees.values_list("assignee__username", flat=True)) == {"carol"}
    bulk(client_for(city, "bob"), chosen, action="assign:me")
    assert set(assignees.values_list("assignee__username", flat=True)) == {"bob"}
    entries = HistoryEntry.objects.filter(kind=HistoryEntry.Kind.ASSIGNED, request__in=chosen)
    assert entries.count() == 6  # one audit row per case and action


def test_nothing_ticked_or_no_action_changes_nothing(city, potholes):
    client = client_for(city, "bob")
    assert "Cochez au moins une demande" in bulk(client, [], action="assign:me").content.decode()
    assert (
        "Choisissez une action" in bulk(client, potholes, action="status:inconnu").content.decode()
    )
    assert not HistoryEntry.objects.filter(kind=HistoryEntry.Kind.STATUS).exists()


def test_other_people_cannot_act_on_the_inbox(city, potholes):
    url = reverse("cases:bulk", args=["voirie"])
    for name in ("alice", "dave", "olga"):
        posted = client_for(city, name).post(
            url, {"cases": [potholes[0].pk], "action": "assign:me"}
        )
        assert posted.status_code == 403
    assert Client().post(url, {"cases": [potholes[0].pk]}).status_code == 302  # to sign in


def test_the_inbox_exports_as_filtered(city, potholes):
    file_request(city, "nid-de-poule", where="BELSUNCE", description="=SOMME(A1)")
    client = client_for(city, "bob")
    url = reverse("cases:department_export", args=["voirie"])
    rows = _csv(client.get(url))
    assert rows[0][:3] == ["n°", "type", "statut"] and len(rows) == 12
    assert "'=SOMME(A1)" in [r[6] for r in rows]  # a formula made inert
    belsunce = city.quartiers["BELSUNCE"].pk
    assert len(_csv(client.get(f"{url}?quartier={belsunce}"))) == 2
    assert client_for(city, "dave").get(url).status_code == 403


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_a_template_fills_the_answer_of_the_case_page(city, potholes, answer):
    other = AnswerTemplate.objects.create(
        department=city.departments["proprete"], title="Balayage effectué", body="Balayé."
    )
    case = potholes[0]
    page = reverse("cases:request", args=[case.pk])
    client = client_for(city, "bob")
    html = client.get(f"{page}?modele={answer.pk}").content.decode()
    filled = f"Bonjour, la demande n° {case.pk} (Nid-de-poule, Noailles)"
    assert html.count(filled) == 2  # the status note and the message to the requester
    assert "Balayage effectué" not in html
    assert "Balayé" not in client.get(f"{page}?modele={other.pk}").content.decode()
    assert client.get(f"{page}?modele=abc").status_code == 200


def test_an_unknown_placeholder_or_brace_stays_as_written(city, potholes):
    text = AnswerTemplate(body="{numero} {inconnu} { } {0}").fill(potholes[0])
    assert text == f"{potholes[0].pk} {{inconnu}} {{ }} {{0}}"

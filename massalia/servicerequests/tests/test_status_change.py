from django.core import mail
from django.urls import reverse

from massalia.servicerequests.models import HistoryEntry, ServiceRequest, Status


def post_status(client, sr, **data):
    return client.post(reverse("cases:change_status", args=[sr.pk]), data)


def test_it_changes_status_with_notes_and_tells_the_citizen(login, reports, on_commit):
    client = login("bob")
    mail.outbox.clear()
    with on_commit():
        response = post_status(
            client,
            reports.pothole,
            status="resolved",
            public_note="Le trou a été rebouché.",
            internal_note="Équipe B, 2 sacs d'enrobé.",
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:request", args=[reports.pothole.pk])
    reports.pothole.refresh_from_db()
    assert reports.pothole.status == Status.RESOLVED and reports.pothole.closed_at
    audit = reports.pothole.history.get(kind=HistoryEntry.Kind.STATUS)
    assert (audit.from_status, audit.to_status) == ("new", "resolved")
    assert audit.actor.username == "bob"
    assert audit.internal_note == "Équipe B, 2 sacs d'enrobé."
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    body = mail.outbox[0].body
    assert "Le trou a été rebouché." in body
    assert "enrobé" not in body and "Équipe B" not in body
    page = client.get(response["Location"]).content.decode()
    assert "Statut changé : résolue." in page
    assert "Équipe B" in page  # agents see the internal note in the trail


def test_it_requires_a_public_note_to_resolve(login, reports, on_commit):
    mail.outbox.clear()
    with on_commit():
        response = post_status(login("bob"), reports.pothole, status="resolved", public_note=" ")
    assert response.status_code == 400
    assert "Expliquez au demandeur" in response.content.decode()
    reports.pothole.refresh_from_db()
    assert reports.pothole.status == Status.NEW
    assert not reports.pothole.history.filter(kind=HistoryEntry.Kind.STATUS).exists()
    assert mail.outbox == []


def test_it_refuses_a_transition_the_workflow_forbids(login, city, reports):
    client = login("bob")
    assert (
        post_status(client, reports.pothole, status="resolved", public_note="Fait.").status_code
        == 302
    )
    response = post_status(client, reports.pothole, status="acknowledged")
    assert response.status_code == 400
    assert "impossible" in response.content.decode()
    reports.pothole.refresh_from_db()
    assert reports.pothole.status == Status.RESOLVED
    assert reports.pothole.history.filter(kind=HistoryEntry.Kind.STATUS).count() == 1


def test_it_refuses_an_unknown_status(login, reports):
    response = post_status(login("bob"), reports.pothole, status="duplicate")
    assert response.status_code == 400
    assert ServiceRequest.objects.get(pk=reports.pothole.pk).status == Status.NEW


def test_it_adds_an_internal_note_nobody_outside_sees(login, reports, on_commit):
    mail.outbox.clear()
    with on_commit():
        response = login("bob").post(
            reverse("cases:add_note", args=[reports.pothole.pk]),
            {"internal_note": "Voir avec la métropole."},
        )
    assert response.status_code == 302
    note = reports.pothole.history.get(kind=HistoryEntry.Kind.COMMENT)
    assert note.internal_note == "Voir avec la métropole." and not note.is_public
    assert mail.outbox == []


def test_it_refuses_an_empty_note(login, reports):
    response = login("bob").post(
        reverse("cases:add_note", args=[reports.pothole.pk]), {"internal_note": ""}
    )
    assert response.status_code == 400
    assert not reports.pothole.history.filter(kind=HistoryEntry.Kind.COMMENT).exists()


def test_it_shows_the_full_trail_and_contact_to_agents(login, reports):
    page = login("bob").get(reverse("cases:request", args=[reports.leak.pk])).content.decode()
    assert "alice@example.org" in page
    assert "Demande déposée" in page
    assert "Fuite dans la cave" in page

"""Still a problem? The person who filed a resolved report reopens it, for a while."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from massalia.servicerequests import correspondence, services
from massalia.servicerequests.models import CaseMessage, HistoryEntry, ServiceRequest, Status
from massalia.testing import enrolment_type, file_request

STILL = "Le trou est revenu après la pluie."


def resolve(city, case, on_commit=None):
    bob = city.people["bob"]
    if on_commit is None:
        return services.change_status(case=case, actor=bob, status="resolved", public_note="Fait.")
    with on_commit():
        return services.change_status(case=case, actor=bob, status="resolved", public_note="Fait.")


def test_the_requester_reopens_a_resolved_report(city):
    pothole = file_request(city, "nid-de-poule")
    resolve(city, pothole)
    correspondence.reopen(case=pothole, author=city.people["alice"], body=STILL)
    pothole.refresh_from_db()
    assert pothole.status == Status.IN_PROGRESS and pothole.closed_at is None
    status = pothole.history.filter(kind=HistoryEntry.Kind.STATUS).last()
    assert (status.actor, status.public_note) == (city.people["alice"], correspondence.REOPENED)
    assert STILL not in status.public_note  # her words stay in the correspondence
    assert pothole.messages.get(sender=CaseMessage.Sender.REQUESTER).body == STILL


def test_only_the_requester_only_from_a_reopenable_state_only_for_a_while(city, settings):
    pothole = file_request(city, "nid-de-poule")
    resolve(city, pothole)
    with pytest.raises(ValidationError, match="Seul le demandeur"):
        correspondence.reopen(case=pothole, author=city.people["dave"], body=STILL)
    settings.REOPEN_DAYS = 30
    ServiceRequest.objects.filter(pk=pothole.pk).update(
        closed_at=timezone.now() - timedelta(days=31)
    )
    with pytest.raises(ValidationError, match="ne peut plus être rouverte"):
        correspondence.reopen(case=pothole, author=city.people["alice"], body=STILL)
    rejected = file_request(city, "nid-de-poule")
    services.change_status(
        case=rejected, actor=city.people["bob"], status="rejected", public_note="Privé."
    )
    assert not correspondence.can_reopen(rejected)
    accepted = services.submit_request(
        request_type=enrolment_type(city),
        description="Inscription",
        quartier_id=city.quartiers["NOAILLES"].pk,
        requester=city.people["alice"],
    )
    services.change_status(
        case=accepted, actor=city.people["bob"], status="accepted", public_note="Inscrite."
    )
    assert not correspondence.can_reopen(accepted)  # a decision is not reopened this way


def test_the_resolution_email_offers_it_to_the_requester_only(city, on_commit):
    pothole = file_request(city, "nid-de-poule")
    services.follow(case=pothole, user=city.people["dave"])
    mail.outbox.clear()
    resolve(city, pothole, on_commit)
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert "Le problème persiste ?" in by_person["alice@example.org"]
    assert f"/demandes/{pothole.pk}/" in by_person["alice@example.org"]
    assert "Le problème persiste ?" not in by_person["dave@example.org"]


def test_from_the_case_page_and_from_the_reply_link(city, on_commit):
    pothole = file_request(city, "nid-de-poule")
    resolve(city, pothole)
    alice = Client()
    alice.force_login(city.people["alice"])
    page = alice.get(reverse("servicerequests:request_detail", args=[pothole.pk])).content.decode()
    assert "Le problème persiste ?" in page
    reopened = alice.post(reverse("servicerequests:reopen", args=[pothole.pk]), {"body": STILL})
    assert reopened.status_code == 302
    pothole.refresh_from_db()
    assert pothole.status == Status.IN_PROGRESS
    assert (
        alice.post(
            reverse("servicerequests:reopen", args=[pothole.pk]), {"body": STILL}
        ).status_code
        == 400
    )

    theirs = file_request(city, "nid-de-poule", by=None, email="voisin@example.org")
    services.confirm_request(token=theirs.confirmation_token)
    mail.outbox.clear()
    resolve(city, theirs, on_commit)
    [email] = [m for m in mail.outbox if m.to == ["voisin@example.org"]]
    link = "/repondre/" + email.body.split("/repondre/")[1].split()[0]
    visitor = Client()
    assert "Rouvrir la demande" in visitor.get(link).content.decode()
    assert visitor.post(link, {"body": STILL}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == Status.IN_PROGRESS

"""Proposing, placing, editing until the first support, and the threshold that sends a
proposal to its department's review (with its notification and inbox counter)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from massalia.core.extensions import sections_for, url_for
from massalia.core.models import OutboxEvent
from massalia.participation import services
from massalia.participation.models import Proposal, ProposalStatus, Support
from massalia.participation.services import Place
from massalia.participation.tests.conftest import open_to_proposals, propose, signed_in
from massalia.territory.models import Street

pytestmark = pytest.mark.django_db


def test_it_publishes_a_proposal_with_an_event(city, processes):
    made = propose(processes.open, city.people["alice"])
    assert made.status == ProposalStatus.PUBLISHED and made.supports_count == 0
    event = OutboxEvent.objects.get(name="participation.proposal_published")
    assert event.payload == {
        "proposal_id": made.pk,
        "process_id": processes.open.pk,
        "quartier_id": None,
    }


def test_the_page_form_publishes_and_shows_the_proposal(client, city, processes):
    signed_in(client, city.people["alice"])
    noailles = city.quartiers["NOAILLES"]
    sent = client.post(
        reverse("participation:propose", args=["places-pietonnes"]),
        {"title": "  Un banc  ", "text": "Un banc\u200b à l'ombre.", "quartier": noailles.pk},
    )
    made = Proposal.objects.get()
    assert sent.status_code == 302
    assert (made.title, made.text, made.quartier) == ("Un banc", "Un banc à l'ombre.", noailles)
    page = client.get(sent["Location"]).content.decode()
    assert "Votre proposition est publiée." in page and "Proposée par Alice" in page
    assert "Noailles" in page and "Modifier ma proposition" in page


def test_an_address_is_located_in_its_quartier(city, processes):
    Street.objects.create(
        name="Rue d'Aubagne",
        normalized="rue d aubagne",
        quartier=city.quartiers["NOAILLES"],
        latitude=43.295,
        longitude=5.385,
    )
    from massalia.territory import gazetteer

    gazetteer.invalidate()
    made = propose(processes.open, city.people["alice"], place=Place(address="rue d'Aubagne"))
    assert made.quartier == city.quartiers["NOAILLES"] and made.latitude == 43.295


def test_a_place_outside_the_scope_is_refused(city, processes):
    open_to_proposals(processes.local)
    joliette = city.quartiers["LA JOLIETTE"]  # in the 2nd arrondissement
    with pytest.raises(ValidationError) as refused:
        propose(processes.local, city.people["alice"], place=Place(quartier_id=joliette.pk))
    assert "hors du périmètre" in str(refused.value)
    assert not Proposal.objects.exists()
    inside = propose(
        processes.local,
        city.people["alice"],
        place=Place(quartier_id=city.quartiers["BELSUNCE"].pk),
    )
    assert inside.quartier == city.quartiers["BELSUNCE"]


def test_an_unknown_address_without_a_quartier_is_refused(city, processes):
    with pytest.raises(ValidationError) as refused:
        propose(processes.open, city.people["alice"], place=Place(address="rue qui n'existe pas"))
    assert "Adresse introuvable" in str(refused.value)


def test_the_author_edits_until_the_first_support(client, city, processes):
    alice, bob = city.people["alice"], city.people["bob"]
    made = propose(processes.open, alice)
    services.edit_proposal(proposal=made, user=alice, title="Nouveau titre", text="Nouveau texte")
    assert Proposal.objects.get().title == "Nouveau titre"
    with pytest.raises(PermissionDenied):
        services.edit_proposal(proposal=made, user=bob, title="Pirate", text="Pirate")
    services.support(proposal=made, user=bob)
    with pytest.raises(PermissionDenied):
        services.edit_proposal(proposal=made, user=alice, title="Trop tard", text="Trop tard")
    assert Proposal.objects.get().title == "Nouveau titre"
    signed_in(client, alice)
    url = reverse("participation:edit_proposal", args=["places-pietonnes", made.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Encore", "text": "Encore"}).status_code == 403
    assert Proposal.objects.get().title == "Nouveau titre"


def test_an_edit_racing_a_support_loses(city, processes):
    """The author's page was read before the support landed: the edit is still refused."""
    alice = city.people["alice"]
    made = propose(processes.open, alice)
    stale = Proposal.objects.get(pk=made.pk)  # read while it had no support
    services.support(proposal=made, user=city.people["bob"])
    with pytest.raises(PermissionDenied):
        services.edit_proposal(proposal=stale, user=alice, title="Changé", text="Changé")
    assert Proposal.objects.get().title == made.title


def test_a_second_support_by_the_same_person_is_refused_and_not_counted(client, city, processes):
    made = propose(processes.open, city.people["alice"])
    signed_in(client, city.people["bob"])
    url = reverse("participation:support", args=["places-pietonnes", made.pk])
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 409
    assert "Vous soutenez déjà cette proposition." in again.content.decode()
    made.refresh_from_db()
    assert made.supports_count == 1 == Support.objects.count()


def test_supporting_needs_an_account_and_a_post(client, city, processes):
    made = propose(processes.open, city.people["alice"])
    url = reverse("participation:support", args=["places-pietonnes", made.pk])
    assert client.post(url).status_code == 302 and "/compte/" in client.post(url)["Location"]
    signed_in(client, city.people["bob"])
    assert client.get(url).status_code == 405
    assert not Support.objects.exists()


def test_the_threshold_sends_the_proposal_to_review_once_and_tells_its_department(
    city, processes, on_commit
):
    made = propose(processes.open, city.people["alice"])
    for name in ("bob", "dave"):
        services.support(proposal=made, user=city.people[name])
    assert Proposal.objects.get().status == ProposalStatus.PUBLISHED
    with on_commit():
        services.support(proposal=made, user=city.people["olga"])  # the 3rd: the threshold
    made.refresh_from_db()
    assert made.status == ProposalStatus.IN_REVIEW and made.in_review_at is not None
    services.support(proposal=made, user=city.people["erin"])
    assert OutboxEvent.objects.filter(name="participation.proposal_sent_to_review").count() == 1
    # Voirie examines the consultation: bob and carol are told, nobody else.
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@example.org", "carol@example.org"]
    assert "Proposition à examiner : Piétonniser la place" in mail.outbox[0].subject
    assert f"/participer/suivi/{made.pk}/repondre/" in mail.outbox[0].body


def test_the_inbox_counts_the_proposals_waiting_for_an_answer(client, city, processes):
    made = propose(processes.open, city.people["alice"])
    for name in ("alice", "dave", "olga"):
        services.support(proposal=made, user=city.people[name])
    [section] = [s for s in sections_for(city.people["bob"]) if s.section.key.startswith("part")]
    assert [(c.label, c.value, c.urgent) for c in section.counters] == [
        ("Propositions à examiner", 1, True),
        ("Commentaires en attente de modération", 0, False),
    ]
    assert not [s for s in sections_for(city.people["dave"]) if s.section.key.startswith("part")]
    signed_in(client, city.people["bob"])
    inbox = client.get(url_for("backoffice.inbox")).content.decode()
    assert "Propositions à examiner" in inbox and reverse("participation:review") in inbox


def test_no_support_outside_the_contributions_phase(city, processes):
    made = propose(processes.open, city.people["alice"])
    processes.open.phases.filter(kind="contributions").delete()
    with pytest.raises(PermissionDenied):
        services.support(proposal=made, user=city.people["bob"])
    assert not Support.objects.exists()

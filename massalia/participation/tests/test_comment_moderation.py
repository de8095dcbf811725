"""Moderation: the queue of reported comments, hide and restore with a reason, each decision
an audit row shown on the queue; only the consultation's department moderates."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.participation import comments
from massalia.participation.models import CommentStatus, ModerationDecision
from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(city, processes, settings):
    settings.PARTICIPATION_REPORTS_TO_HIDE = 1
    proposal = propose(processes.open, city.people["alice"])
    made = comments.comment(target=proposal, author=city.people["alice"], text="Achetez ici")
    return comments.report(comment=made, user=city.people["erin"], reason="spam")


def test_a_restore_is_an_audit_row_and_starts_the_count_again(city, reported):
    bob = city.people["bob"]
    decision = comments.moderate(
        comment=reported, moderator=bob, action="restore", reason="Pas de publicité"
    )
    assert reported.status == CommentStatus.VISIBLE and reported.reports_count == 0
    assert (decision.moderator, decision.moderator_name, decision.action) == (
        bob,
        str(bob),
        "restore",
    )
    assert decision.reason == "Pas de publicité" and decision.decided_at is not None
    event = OutboxEvent.objects.get(name="participation.comment_moderated")
    assert event.payload == {
        "comment_id": reported.pk,
        "decision_id": decision.pk,
        "action": "restore",
    }


def test_hide_then_restore_keeps_both_decisions(city, reported):
    carol = city.people["carol"]
    comments.moderate(comment=reported, moderator=carol, action="hide", reason="Spam")
    assert reported.status == CommentStatus.HIDDEN
    comments.moderate(comment=reported, moderator=carol, action="restore", reason="Erreur")
    assert list(reported.decisions.values_list("action", flat=True)) == ["restore", "hide"]


def test_another_department_cannot_moderate(city, reported):
    for name in ["dave", "erin", "alice"]:
        with pytest.raises(PermissionDenied):
            comments.moderate(
                comment=reported, moderator=city.people[name], action="hide", reason="Non"
            )
    assert not ModerationDecision.objects.exists()


def test_a_decision_needs_a_reason_and_a_known_action(city, reported):
    with pytest.raises(ValidationError):
        comments.moderate(comment=reported, moderator=city.people["bob"], action="hide", reason=" ")
    with pytest.raises(ValidationError):
        comments.moderate(
            comment=reported, moderator=city.people["bob"], action="delete", reason="x"
        )
    assert not ModerationDecision.objects.exists()


def test_the_queue_lists_the_comment_and_the_trail(client, city, reported):
    signed_in(client, city.people["bob"])
    queue = client.get(reverse("participation:moderation")).content.decode()
    assert "Achetez ici" in queue and "Publicité ou spam" in queue
    url = reverse("participation:moderate", args=[reported.pk])
    sent = client.post(url, {"action": "hide", "reason": "Lien publicitaire"})
    assert sent.status_code == 302
    queue = client.get(reverse("participation:moderation")).content.decode()
    assert "Lien publicitaire" in queue and "Bob" in queue and "Masquer" in queue
    reported.refresh_from_db()
    assert reported.status == CommentStatus.HIDDEN


def test_another_person_cannot_open_the_decision_page(client, city, reported):
    url = reverse("participation:moderate", args=[reported.pk])
    signed_in(client, city.people["alice"])  # a resident, the comment's own author
    assert client.post(url, {"action": "restore", "reason": "Moi"}).status_code == 403
    assert client.get(reverse("participation:moderation")).status_code == 403
    for agent in ["dave", "erin"]:  # agents of other departments
        client.logout()
        signed_in(client, city.people[agent])
        assert client.post(url, {"action": "restore", "reason": "Moi"}).status_code in (403, 404)
    assert not ModerationDecision.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "delete", "reason": "x"},
        {"action": "hide", "reason": "x" * 100_000},
        {"action": "hide", "reason": "\x00"},
        {"action": "<script>", "reason": "'; DROP TABLE x; --"},
    ],
)
def test_hostile_decisions_are_a_400(client, city, reported, data):
    signed_in(client, city.people["bob"])
    sent = client.post(reverse("participation:moderate", args=[reported.pk]), data)
    assert sent.status_code == 400
    assert not ModerationDecision.objects.exists()

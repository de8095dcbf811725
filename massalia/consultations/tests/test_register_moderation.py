"""The register's moderation and answers: who may, what is kept in the trail, what each
decision publishes, and the agents' pages (French only)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from massalia.consultations import register
from massalia.consultations.models import AnswerRole, ObservationStatus
from massalia.consultations.tests.conftest import observe
from massalia.core.models import OutboxEvent

pytestmark = pytest.mark.django_db
AGENTS = "/agents/debats/moderation/registres/plu-centre/"


def test_the_commissioner_publishes_refuses_and_answers(plu, city):
    alice, carol = city.people["alice"], city.people["carol"]
    kept, refused = observe(plu, alice), observe(plu, alice)
    register.moderate(observation=kept, moderator=carol, publish_it=True)
    with pytest.raises(ValidationError):
        register.moderate(observation=refused, moderator=carol, publish_it=False)
    register.moderate(observation=refused, moderator=carol, publish_it=False, reason="Injures")
    register.answer(observation=kept, by=carol, text="Merci, c'est noté.")
    kept.refresh_from_db()
    assert (kept.answer_role, kept.answered_by) == (AnswerRole.COMMISSIONER, carol)
    assert [(d.action, d.by) for d in kept.decisions.all()] == [
        ("published", carol),
        ("answered", carol),
    ]
    assert refused.decisions.get().note == "Injures"
    assert list(register.published(plu)) == [kept]
    names = list(OutboxEvent.objects.order_by("pk").values_list("name", flat=True))
    assert names.count("consultations.observation_moderated") == 2
    assert names[-1] == "consultations.observation_answered"


def test_a_city_planner_answers_for_the_city(plu, city):
    alice, bob = city.people["alice"], city.people["bob"]
    item = observe(plu, alice)
    with pytest.raises(PermissionDenied):
        register.answer(observation=item, by=bob, text="Non.")
    register.moderate(observation=item, moderator=city.people["root"], publish_it=True)
    bob.is_staff = True
    bob.save()
    bob.user_permissions.add(Permission.objects.get(codename="answer_observation"))
    bob = type(bob).objects.get(pk=bob.pk)  # permissions are cached on the instance
    with pytest.raises(PermissionDenied):
        register.moderate(observation=observe(plu, alice), moderator=bob, publish_it=True)
    register.answer(observation=item, by=bob, text="La Ville étudiera ce point.")
    item.refresh_from_db()
    assert item.answer_role == AnswerRole.CITY and item.get_answer_role_display() == "La Ville"


def test_a_pending_observation_gets_no_answer_and_is_moderated_once(plu, city):
    alice, carol = city.people["alice"], city.people["carol"]
    item = observe(plu, alice)
    with pytest.raises(ValidationError, match="publiée"):
        register.answer(observation=item, by=carol, text="Trop tôt.")
    register.moderate(observation=item, moderator=carol, publish_it=True)
    with pytest.raises(ValidationError, match="déjà été modérée"):
        register.moderate(observation=item, moderator=carol, publish_it=False, reason="x")


def test_the_agents_pages_moderate_and_answer(plu, client, city):
    alice, carol = city.people["alice"], city.people["carol"]
    item = observe(plu, alice, text="Une remarque sur les hauteurs.")
    client.force_login(city.people["bob"])
    assert client.get(AGENTS).status_code == 403
    client.force_login(carol)
    page = client.get(AGENTS).content.decode()
    assert "Observation n° 1" in page and "alice@example.org" in page
    empty = client.post(f"{AGENTS}1/moderer/", {})
    assert (
        empty.status_code == 400
        and "Choisissez de publier ou de refuser." in empty.content.decode()
    )
    done = client.post(f"{AGENTS}1/moderer/", {"m1-decision": "publish"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == ObservationStatus.PUBLISHED
    answered = client.post(f"{AGENTS}1/repondre/", {"r1-text": "Réponse du commissaire."})
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.answer == "Réponse du commissaire." and item.answered_by == carol
    listing = client.get("/agents/debats/moderation/registres/").content.decode()
    assert "Modification du PLU" in listing


def test_a_moderator_who_does_not_answer_gets_no_answer_form(plu, client, city):
    alice, dave = city.people["alice"], city.people["dave"]
    item = observe(plu, alice, text="Une remarque publiée.")
    register.moderate(observation=item, moderator=city.people["carol"], publish_it=True)
    dave.is_staff = True
    dave.save()
    dave.user_permissions.add(Permission.objects.get(codename="moderate_observation"))
    client.force_login(dave)
    page = client.get(AGENTS).content.decode()
    assert "Une remarque publiée." in page and "Publier la réponse" not in page
    assert client.post(f"{AGENTS}1/repondre/", {"r1-text": "Non."}).status_code == 403
    client.force_login(city.people["carol"])
    assert "Publier la réponse" in client.get(AGENTS).content.decode()

"""The city's official answer: given by the consultation's department from its page, shown
publicly with the official's name and date; a later answer stands above the earlier one."""

from __future__ import annotations

from html import unescape

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.participation import services
from massalia.participation.models import Answer, ProposalStatus
from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(city, processes):
    made = propose(processes.open, city.people["alice"])
    for name in ("alice", "dave", "olga"):
        services.support(proposal=made, user=city.people[name])
    made.refresh_from_db()
    assert made.status == ProposalStatus.IN_REVIEW
    return made


def test_the_department_answers_from_its_page_and_the_answer_is_public(client, city, in_review):
    signed_in(client, city.people["bob"])
    listed = client.get(reverse("participation:review")).content.decode()
    assert "Piétonniser la place" in listed and "3 / 3" in listed
    url = reverse("participation:answer", args=[in_review.pk])
    assert client.get(url).status_code == 200
    sent = client.post(url, {"verdict": "under_study", "text": "Nous étudions la place."})
    assert sent.status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == ProposalStatus.ANSWERED
    answer = Answer.objects.get()
    assert (answer.official, answer.official_name, answer.department_name) == (
        city.people["bob"],
        "Bob",
        "Voirie",
    )
    event = OutboxEvent.objects.get(name="participation.proposal_answered")
    assert event.payload["verdict"] == "under_study"
    client.logout()
    page = client.get(reverse("participation:proposal", args=["places-pietonnes", in_review.pk]))
    html = unescape(page.content.decode())
    assert "À l'étude" in html and "Par Bob (Voirie)" in html and "Nous étudions la place." in html


def test_a_later_answer_stands_first_and_the_earlier_is_kept(client, city, in_review):
    bob, carol = city.people["bob"], city.people["carol"]
    services.answer(proposal=in_review, official=bob, verdict="under_study", text="À l'étude.")
    services.answer(proposal=in_review, official=carol, verdict="accepted", text="Accepté !")
    assert [a.verdict for a in in_review.answers.all()] == ["accepted", "under_study"]
    url = reverse("participation:proposal", args=["places-pietonnes", in_review.pk])
    html = unescape(client.get(url).content.decode())
    assert html.index("Acceptée") < html.index("À l'étude") and "Accepté !" in html


@pytest.mark.parametrize("name", ["alice", "dave", "olga", "erin"])
def test_only_the_department_and_the_administrator_may_answer(city, in_review, name):
    with pytest.raises(PermissionDenied):
        services.answer(
            proposal=in_review, official=city.people[name], verdict="rejected", text="Non."
        )
    assert not Answer.objects.exists()


@pytest.mark.parametrize("name", ["bob", "carol", "root"])
def test_the_department_and_the_administrator_may_answer(city, in_review, name):
    services.answer(proposal=in_review, official=city.people[name], verdict="rejected", text="Non.")
    assert Answer.objects.count() == 1


@pytest.mark.parametrize(
    "name, status", [("alice", 403), ("dave", 403), ("olga", 403), ("erin", 404)]
)
def test_others_cannot_reach_the_answer_page(client, city, in_review, name, status):
    """erin's department examines another consultation: this proposal is not found for her."""
    signed_in(client, city.people[name])
    url = reverse("participation:answer", args=[in_review.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"verdict": "rejected", "text": "Non."}).status_code == status
    assert not Answer.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, in_review):
    url = reverse("participation:answer", args=[in_review.pk])
    assert client.get(url).status_code == 302
    assert client.get(reverse("participation:review")).status_code == 302

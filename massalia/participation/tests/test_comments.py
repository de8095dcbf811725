"""Comments on proposals: threads one level deep, one changeable vote per person, the
honeypot, the rate limit and hostile input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from massalia.core.models import OutboxEvent
from massalia.participation import comments
from massalia.participation.models import Comment, CommentVote
from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(city, processes):
    return propose(processes.open, city.people["alice"])


def _url(proposal):
    return reverse("participation:comment_proposal", args=[proposal.process.slug, proposal.pk])


def test_a_reply_to_a_reply_joins_the_first_comments_thread(city, proposal):
    first = comments.comment(target=proposal, author=city.people["alice"], text="Bonne idée")
    reply = comments.comment(
        target=proposal, author=city.people["erin"], text="Oui", parent_id=first.pk
    )
    again = comments.comment(
        target=proposal, author=city.people["alice"], text="Merci", parent_id=reply.pk
    )
    assert reply.parent == first and again.parent == first
    assert list(first.replies.order_by("pk")) == [reply, again]
    event = OutboxEvent.objects.filter(name="participation.comment_published").last()
    assert event.payload["parent_id"] == first.pk and event.payload["proposal_id"] == proposal.pk


def test_a_reply_to_another_proposals_comment_is_refused(city, processes, proposal):
    other = propose(processes.open, city.people["erin"], title="Autre")
    elsewhere = comments.comment(target=other, author=city.people["alice"], text="Ailleurs")
    with pytest.raises(ValidationError):
        comments.comment(
            target=proposal, author=city.people["alice"], text="Non", parent_id=elsewhere.pk
        )
    assert Comment.objects.count() == 1


def test_one_vote_per_person_which_they_may_change(city, proposal):
    made = comments.comment(target=proposal, author=city.people["alice"], text="Un avis")
    erin = city.people["erin"]
    comments.vote(comment=made, user=erin, value=CommentVote.AGREE)
    comments.vote(comment=made, user=erin, value=CommentVote.AGREE)
    made.refresh_from_db()
    assert (made.agree_count, made.disagree_count) == (1, 0)
    comments.vote(comment=made, user=erin, value=CommentVote.DISAGREE)
    made.refresh_from_db()
    assert (made.agree_count, made.disagree_count) == (0, 1)
    assert CommentVote.objects.filter(comment=made).count() == 1


def test_a_closed_consultation_takes_no_comment(city, processes):
    with pytest.raises(PermissionDenied):
        comments.comment(target=processes.over, author=city.people["alice"], text="Trop tard")


def test_the_page_shows_the_thread_and_takes_a_reply(client, city, proposal):
    signed_in(client, city.people["erin"])
    sent = client.post(_url(proposal), {"text": "  Très bien\u200b  "})
    assert sent.status_code == 302 and "#commentaire-" in sent["Location"]
    first = Comment.objects.get()
    assert first.text == "Très bien" and first.author == city.people["erin"]
    reply = client.post(_url(proposal), {"text": "Je réponds", "parent": first.pk})
    assert reply.status_code == 302
    page = client.get(sent["Location"]).content.decode()
    assert "Très bien" in page and "Je réponds" in page and 'class="replies"' in page


def test_votes_through_the_page(client, city, proposal):
    made = comments.comment(target=proposal, author=city.people["alice"], text="Un avis")
    signed_in(client, city.people["erin"])
    url = reverse("participation:comment_vote", args=[made.pk])
    assert client.post(url, {"avis": "1"}).status_code == 302
    assert client.post(url, {"avis": "1"}).status_code == 302
    assert client.post(url, {"avis": "pourquoi pas"}).status_code == 400
    made.refresh_from_db()
    assert made.agree_count == 1
    page = client.get(reverse("participation:proposal", args=[proposal.process.slug, proposal.pk]))
    assert 'aria-pressed="true"' in page.content.decode()


def test_the_honeypot_refuses_with_400_and_stores_nothing(client, city, proposal):
    signed_in(client, city.people["erin"])
    sent = client.post(_url(proposal), {"text": "Achetez", "site_web": "http://spam.example"})
    assert sent.status_code == 400
    assert "un champ qui doit rester vide a été rempli" in sent.content.decode()
    assert not Comment.objects.exists()


def test_the_rate_limit_answers_429(client, city, proposal, limits):
    signed_in(client, city.people["erin"])
    answers = [client.post(_url(proposal), {"text": f"n° {i}"}).status_code for i in range(11)]
    assert answers == [302] * 10 + [429]
    assert Comment.objects.count() == 10


HOSTILE = [
    {"text": "<script>alert(1)</script>"},
    {"text": "'; DROP TABLE participation_comment; --"},
    {"text": "x" * 100_000},
    {"text": "nul\x00byte"},
    {"text": "\u202e\u200b\u2066"},
    {"text": "Réponse", "parent": "999999"},
    {"text": "Réponse", "parent": "abc"},
    {"text": "Réponse", "parent": "-1"},
    {},
]


@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_input_is_a_4xx_never_a_500(client, city, proposal, data):
    signed_in(client, city.people["erin"])
    sent = client.post(_url(proposal), data)
    if sent.status_code == 302:  # the script and SQL-looking text are plain text
        made = Comment.objects.get()
        page = client.get(sent["Location"]).content.decode()
        assert "<script>alert" not in page and made.text == data["text"]
    else:
        assert 400 <= sent.status_code < 500
        assert not Comment.objects.exists()


def test_a_forged_comment_id_is_not_found(client, city, proposal):
    signed_in(client, city.people["erin"])
    url = reverse("participation:comment_vote", args=[999999])
    assert client.post(url, {"avis": "1"}).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, proposal):
    sent = client.post(_url(proposal), {"text": "Anonyme"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("accounts:login"))
    assert not Comment.objects.exists()


def test_a_consultation_takes_comments_on_its_own_page(client, city, processes):
    signed_in(client, city.people["erin"])
    url = reverse("participation:comment_process", args=[processes.open.slug])
    sent = client.post(url, {"text": "Et les vélos ?"})
    assert sent.status_code == 302
    made = Comment.objects.get()
    assert (made.process, made.proposal) == (processes.open, None)
    page = client.get(sent["Location"]).content.decode()
    assert "Et les vélos ?" in page and f'id="commentaire-{made.pk}"' in page
    refused = client.post(url, {"text": "Spam", "site_web": "x"})
    assert refused.status_code == 400 and Comment.objects.count() == 1


def test_a_closed_consultation_page_refuses_a_comment_with_403(client, city, processes):
    signed_in(client, city.people["erin"])
    sent = client.post(
        reverse("participation:comment_process", args=[processes.over.slug]), {"text": "Trop tard"}
    )
    assert sent.status_code == 403 and not Comment.objects.exists()

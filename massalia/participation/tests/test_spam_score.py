"""The spam score: learnt from the moderators' decisions, it sorts the queue and hides
nothing by itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.participation import comments, spam
from massalia.participation.models import CommentStatus
from massalia.participation.tests.conftest import propose, signed_in

pytestmark = pytest.mark.django_db

SPAM = ["Achetez des montres pas chères sur promo-montres", "Crédit rapide sans frais promo"]
FINE = ["Il faudrait plus d'ombre sur la place", "Les bancs près de la fontaine sont bien"]


@pytest.fixture
def decided(city, processes):
    """Two comments hidden as spam and two restored, each reported once first."""
    proposal = propose(processes.open, city.people["alice"])
    bob = city.people["bob"]
    for text, action in [(t, "hide") for t in SPAM] + [(t, "restore") for t in FINE]:
        made = comments.comment(target=proposal, author=city.people["alice"], text=text)
        comments.report(comment=made, user=city.people["erin"], reason="spam")
        comments.moderate(comment=made, moderator=bob, action=action, reason="Décision")
    return proposal


def test_without_both_kinds_of_decision_there_is_no_score(city, processes):
    proposal = propose(processes.open, city.people["alice"])
    made = comments.comment(target=proposal, author=city.people["alice"], text="Promo")
    comments.moderate(comment=made, moderator=city.people["bob"], action="hide", reason="Spam")
    assert spam.scores([made]) == {}


def test_a_spammy_comment_scores_above_a_plain_one(city, decided):
    alice = city.people["alice"]
    ad = comments.comment(target=decided, author=alice, text="Montres promo pas chères")
    plain = comments.comment(target=decided, author=alice, text="Plus d'ombre près des bancs")
    found = spam.scores([ad, plain])
    assert found[ad.pk] > found[plain.pk]


def test_the_score_sorts_the_queue_and_hides_nothing(client, city, decided):
    alice, erin = city.people["alice"], city.people["erin"]
    plain = comments.comment(target=decided, author=alice, text="Plus d'ombre près des bancs")
    ad = comments.comment(target=decided, author=alice, text="Montres promo pas chères")
    for made in (plain, ad):  # reported once each: both visible, plain first by date
        comments.report(comment=made, user=erin, reason="spam")
    ordered = spam.pre_sorted([plain, ad])
    assert [c.pk for c in ordered] == [ad.pk, plain.pk]
    for made in (plain, ad):
        made.refresh_from_db()
        assert made.status == CommentStatus.VISIBLE
    signed_in(client, city.people["bob"])
    queue = client.get(reverse("participation:moderation")).content.decode()
    assert queue.index("Montres promo pas chères") < queue.index("Plus d&#x27;ombre près des bancs")
    assert "Score de spam" in queue

"""The opinion map's public pages: the question, a statement to vote on with three plain
buttons, a statement to submit (to moderation), and the map with its words."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from massalia.consultations import tasks
from massalia.consultations.models import Statement, StatementStatus, Vote
from massalia.consultations.tests.conftest import cast, resident
from massalia.testing import PASSWORD

pytestmark = pytest.mark.django_db
BUDGET = 150 * 1024


def page_of(debate):
    return reverse("consultations:conversation", args=[debate.conversation.slug])


def signed_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_asks_a_visitor_to_sign_in_to_vote(client, debate):
    page = client.get(page_of(debate))
    html = unescape(page.content.decode())
    assert page.status_code == 200
    assert "Que pensez-vous du projet de PLU ?" in html and "Comment ça marche" in html
    assert "Connectez-vous pour voter et proposer." in html
    assert 'name="vote"' not in html


def test_it_shows_the_least_voted_unseen_statement_first(client, debate):
    cast(debate, [("bob", "s1", 1), ("carla", "s1", 1), ("carla", "s2", -1)])
    me = signed_in(client, resident("dina"))
    html = unescape(me.get(page_of(debate)).content.decode())
    assert "Proposition s3" in html  # s1 and s2 already have votes, s3 none
    assert html.count('name="vote"') == 3
    me.post(reverse("consultations:vote", args=["plu-centre", debate.statements["s3"].pk]),
            {"vote": "1"})  # fmt: skip
    assert "Proposition s4" in unescape(me.get(page_of(debate)).content.decode())


def test_a_vote_is_kept_and_a_second_one_replaces_it(client, debate):
    me = signed_in(client, resident("dina"))
    url = reverse("consultations:vote", args=["plu-centre", debate.statements["s1"].pk])
    assert me.post(url, {"vote": "-1"}).status_code == 302
    assert me.post(url, {"vote": "0"}).status_code == 302
    assert list(Vote.objects.values_list("value", flat=True)) == [0]


def test_a_vote_needs_a_known_value_and_a_published_statement(client, debate, city):
    me = signed_in(client, resident("dina"))
    url = reverse("consultations:vote", args=["plu-centre", debate.statements["s1"].pk])
    refused = me.post(url, {"vote": "2"})
    assert refused.status_code == 400
    assert "Choisissez : d'accord, pas d'accord ou je passe." in unescape(refused.content.decode())
    pending = Statement.objects.create(conversation=debate.conversation, text="En attente")
    assert me.post(reverse("consultations:vote", args=["plu-centre", pending.pk]),
                   {"vote": "1"}).status_code == 404  # fmt: skip
    assert not Vote.objects.exists()


def test_voting_signed_out_leads_to_the_sign_in_page(client, debate):
    url = reverse("consultations:vote", args=["plu-centre", debate.statements["s1"].pk])
    answer = client.post(url, {"vote": "1"})
    assert answer.status_code == 302 and "/compte/connexion/" in answer["Location"]
    assert not Vote.objects.exists()


def test_a_submitted_statement_waits_for_moderation_and_says_so(client, debate):
    me = signed_in(client, resident("dina"))
    url = reverse("consultations:submit", args=["plu-centre"])
    answer = me.post(url, {"text": "Plus d'arbres sur le Vieux-Port"}, follow=True)
    html = unescape(answer.content.decode())
    assert "transmise aux modérateurs" in html
    assert "Plus d'arbres sur le Vieux-Port" in html and "En attente de modération" in html
    assert Statement.objects.get(text="Plus d'arbres sur le Vieux-Port").status == "pending"


def test_an_empty_or_long_statement_is_refused_with_a_message(client, debate):
    me = signed_in(client, resident("dina"))
    url = reverse("consultations:submit", args=["plu-centre"])
    empty = me.post(url, {"text": "   "})
    assert empty.status_code == 400 and "Écrivez votre proposition." in unescape(
        empty.content.decode()
    )
    long = me.post(url, {"text": "x" * 281})
    assert long.status_code == 400 and "280 caractères au plus." in unescape(long.content.decode())


def test_the_map_names_my_group_and_says_it_in_words(client, debate, three_voting_groups):
    people = cast(debate, three_voting_groups)
    computed = tasks.compute_groups(conversation_id=debate.conversation.pk)
    assert computed is not None
    me = people["B3"]
    groups = debate.conversation.latest_groups()
    letter = chr(ord("A") + groups.group_of(me.pk))
    html = unescape(signed_in(client, me).get(page_of(debate)).content.decode())
    assert f"Vous êtes dans le groupe {letter}." in html
    assert f"Groupe {letter} : 10 participants — votre groupe" in html
    assert html.count("Groupe ") >= 6 and "Vous êtes ici" in html
    assert html.count('class="points"') == 3
    assert (
        "Ce qui rassemble tous les groupes" in html
        and "% d'accord</strong> : « Proposition s17 »" in html
    )
    assert "sont dessinés" not in html  # thirty participants: everyone is drawn


def test_a_visitor_sees_the_map_without_a_marker(client, debate, three_voting_groups):
    cast(debate, three_voting_groups)
    tasks.compute_groups(conversation_id=debate.conversation.pk)
    html = unescape(client.get(page_of(debate)).content.decode())
    assert html.count('class="points"') == 3 and "Vous êtes ici" not in html


def test_a_refused_statement_shows_its_reason_to_its_author(client, debate):
    from massalia.consultations import services

    me = resident("dina")
    mine = services.submit_statement(conversation=debate.conversation, author=me, text="Hors sujet")
    services.moderate_statement(statement=mine, moderator=debate.root, publish_it=False,
                                reason="Sans rapport avec la question")  # fmt: skip
    html = unescape(signed_in(client, me).get(page_of(debate)).content.decode())
    assert "Refusée</strong> : Sans rapport avec la question" in html
    assert Statement.objects.get(pk=mine.pk).status == StatementStatus.REJECTED


def test_the_page_stays_under_its_budget(client, debate, three_voting_groups):
    cast(debate, three_voting_groups)
    tasks.compute_groups(conversation_id=debate.conversation.pk)
    page = client.get(page_of(debate))
    assert page.status_code == 200 and len(page.content) < BUDGET


def test_an_unknown_or_unpublished_map_is_not_found(client, debate):
    assert client.get(reverse("consultations:conversation", args=["nulle-part"])).status_code == 404
    debate.conversation.is_published = False
    debate.conversation.save()
    assert client.get(page_of(debate)).status_code == 404


def test_the_page_reads_in_english_and_arabic(client, debate, three_voting_groups):
    cast(debate, three_voting_groups)
    tasks.compute_groups(conversation_id=debate.conversation.pk)
    english = unescape(client.get(page_of(debate), HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "How it works" in english and "What brings all groups together" in english
    arabic = unescape(client.get(page_of(debate), HTTP_ACCEPT_LANGUAGE="ar").content.decode())
    assert 'dir="rtl"' in arabic and "الخريطة بالكلمات" in arabic


def test_the_list_shows_the_published_maps(client, debate):
    page = client.get(reverse("consultations:conversations"))
    html = unescape(page.content.decode())
    assert page.status_code == 200 and "Le PLU du centre-ville" in html
    assert "Ouverte aux votes" in html


def test_a_closed_map_takes_no_more_votes(client, debate):
    from django.utils import timezone

    debate.conversation.closes_at = timezone.now()
    debate.conversation.save()
    me = signed_in(client, resident("dina"))
    html = unescape(me.get(page_of(debate)).content.decode())
    assert "Cette carte des opinions est close" in html and 'name="vote"' not in html
    url = reverse("consultations:vote", args=["plu-centre", debate.statements["s1"].pk])
    refused = me.post(url, {"vote": "1"})
    assert refused.status_code == 403 and not Vote.objects.exists()

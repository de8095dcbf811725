"""Votes on the opinion map: one per person and statement, only on what is published and
open, and each change asks for the groups to be computed again, once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from massalia.consultations import selectors, services
from massalia.consultations.models import Statement, StatementStatus, Vote
from massalia.consultations.tests.conftest import resident


def test_a_second_vote_replaces_the_first(debate):
    statement = debate.statements["s1"]
    person = resident("nadia")
    services.vote(statement=statement, participant=person, value=1)
    services.vote(statement=statement, participant=person, value=-1)
    assert list(Vote.objects.filter(participant=person).values_list("value", flat=True)) == [-1]
    statement.refresh_from_db()
    assert statement.votes_count == 1


def test_a_pending_statement_cannot_be_voted_on(debate, city):
    pending = services.submit_statement(
        conversation=debate.conversation, author=city.people["alice"], text="  Plus  d'arbres "
    )
    assert (pending.status, pending.text) == (StatementStatus.PENDING, "Plus d'arbres")
    with pytest.raises(PermissionDenied):
        services.vote(statement=pending, participant=resident("nadia"), value=1)


def test_a_closed_conversation_takes_no_vote_and_no_statement(debate, city):
    debate.conversation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    debate.conversation.save()
    statement = Statement.objects.get(pk=debate.statements["s1"].pk)
    with pytest.raises(PermissionDenied):
        services.vote(statement=statement, participant=resident("nadia"), value=1)
    with pytest.raises(PermissionDenied):
        services.submit_statement(
            conversation=debate.conversation, author=city.people["alice"], text="Trop tard"
        )


def test_a_vote_other_than_agree_disagree_or_pass_is_refused(debate):
    with pytest.raises(ValidationError):
        services.vote(statement=debate.statements["s1"], participant=resident("n"), value=2)


def test_a_citizen_cannot_moderate(debate, city):
    statement = services.submit_statement(
        conversation=debate.conversation, author=city.people["alice"], text="Une idée"
    )
    with pytest.raises(PermissionDenied):
        services.moderate_statement(
            statement=statement, moderator=city.people["alice"], publish_it=True
        )


def test_an_empty_or_too_long_statement_is_refused(debate, city):
    for text in ["   ", "x" * 281]:
        with pytest.raises(ValidationError):
            services.submit_statement(
                conversation=debate.conversation, author=city.people["alice"], text=text
            )


def test_statements_not_yet_voted_come_first_the_least_voted_first(debate):
    person, other = resident("nadia"), resident("omar")
    for name in ("s1", "s2", "s3"):
        services.vote(statement=debate.statements[name], participant=other, value=1)
    services.vote(statement=debate.statements["s4"], participant=person, value=0)
    shown = list(selectors.statements_to_vote(debate.conversation, person, limit=3))
    assert [s.text for s in shown] == ["Proposition s5", "Proposition s6", "Proposition s7"]
    assert debate.statements["s4"] not in selectors.statements_to_vote(
        debate.conversation, person, limit=50
    )


def test_votes_arriving_together_ask_for_one_computation(
    debate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for name in ("s1", "s2", "s3"):
            services.vote(statement=debate.statements[name], participant=resident("n"), value=1)
    assert len(callbacks) == 1
    debate.conversation.refresh_from_db()
    assert debate.conversation.groups_wanted

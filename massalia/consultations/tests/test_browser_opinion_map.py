"""A resident on a phone, JavaScript off, votes on the statements of an opinion map where
three hundred people already voted, and finds their group on the map and in its words. axe
finds nothing serious; the page weighs at most 150 KB on the wire."""

from __future__ import annotations

from typing import Any

import pytest

from massalia.accounts.models import User
from massalia.consultations import tasks
from massalia.consultations.models import Statement, Vote
from massalia.consultations.tests.conftest import resident
from massalia.consultations.tests.votes import stance, three_groups
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.portal.tests.test_browser_weight import (  # noqa: F401 (fixtures)
    BUDGET,
    app_server,
    collected,
    measure,
)
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def crowd(debate: Any, size: int) -> dict[str, User]:
    """`size` residents per group of votes.py, their votes written at once (the background
    computation then runs once, as it would after a busy evening, not once per vote)."""
    votes = three_groups(size=size)
    names = sorted({who for who, _, _ in votes})
    User.objects.bulk_create([User(username=n, email=f"{n}@example.org") for n in names])
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    Vote.objects.bulk_create(
        Vote(statement=debate.statements[s], participant=people[who], value=v)
        for who, s, v in votes
    )
    Statement.objects.update(votes_count=len(names))
    assert tasks.compute_groups(conversation_id=debate.conversation.pk) is not None
    return people


def vote_like(page: Any, group: str) -> int:
    """Vote on every statement shown, as `group` does; how many votes were cast."""
    cast = 0
    while page.locator("blockquote.statement").count():
        name = page.locator("blockquote.statement").inner_text().split()[-1]
        value = stance(group, name) if name in {f"s{i}" for i in range(1, 17)} else 1
        label = {1: "D'accord", -1: "Pas d'accord"}[value]
        page.get_by_role("button", name=label, exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_text("Votre vote est enregistré.").is_visible()
        cast += 1
    return cast


def test_a_resident_votes_and_finds_their_group(pages, app_server, debate):  # noqa: F811
    people = crowd(debate, size=100)
    me = resident("nadia")
    me.set_password(PASSWORD)
    me.save()
    visitor = pages(viewport=PHONE, java_script_enabled=False)
    sign_in(visitor, app_server, login="nadia", password=PASSWORD)
    url = f"{app_server}/participer/debats/plu-centre/"
    visitor.goto(url)
    assert visitor.get_by_role("heading", level=1).inner_text() == "Le PLU du centre-ville"
    assert_accessible(visitor)
    assert vote_like(visitor, "B") == 20
    assert visitor.get_by_text("Vous avez voté sur toutes les propositions publiées.").count()

    computed = debate.conversation.latest_groups()
    assert computed.participants == 301
    letter = chr(ord("A") + computed.group_of(me.pk))
    assert computed.group_of(me.pk) == computed.group_of(people["B7"].pk)
    assert visitor.get_by_text(f"Vous êtes dans le groupe {letter}.").is_visible()
    words = visitor.get_by_role("region", name="La carte en mots")
    mine = words.get_by_role("heading", name=f"Groupe {letter} : 101 participants — votre groupe")
    assert mine.is_visible()
    assert words.get_by_role("heading", name="Ce qui rassemble tous les groupes").is_visible()
    assert words.get_by_text("« Proposition s17 »").count() >= 1
    drawing = visitor.get_by_role("img", name="Carte des opinions", exact=False)
    assert drawing.locator(".you").count() == 1 and drawing.locator("path").count() == 3
    assert_accessible(visitor)
    total, parts = measure(visitor, url)
    assert 0 < total <= BUDGET, parts
    print(f"opinion map page, {computed.participants} participants: {total} bytes")

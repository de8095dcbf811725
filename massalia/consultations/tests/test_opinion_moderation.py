"""The moderators' queue: staff given the permission publish or refuse statements, a refusal
with its reason; others do not reach it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from massalia.consultations import services
from massalia.consultations.models import Statement, StatementStatus
from massalia.consultations.tests.conftest import resident
from massalia.core.extensions import inbox_sections
from massalia.testing import PASSWORD

pytestmark = pytest.mark.django_db
QUEUE = reverse("consultations_agents:queue")


def moderator(name: str = "mona", *, allowed: bool = True):
    person = resident(name)
    person.is_staff = True
    person.set_password(PASSWORD)
    person.save()
    if allowed:
        person.user_permissions.add(Permission.objects.get(codename="moderate_statement"))
    return person


def pending(debate, text: str = "Des bancs à l'ombre sur le cours Julien") -> Statement:
    return services.submit_statement(
        conversation=debate.conversation, author=resident("dina"), text=text
    )


def test_a_moderator_sees_the_waiting_statements(client, debate):
    waiting = pending(debate)
    client.login(username=moderator().username, password=PASSWORD)
    page = client.get(QUEUE)
    assert page.status_code == 200
    html = page.content.decode()
    assert waiting.text.replace("'", "&#x27;") in html and "1 proposition en attente." in html
    assert "Proposition s1" not in html  # already published


def test_staff_without_the_permission_and_citizens_are_refused(client, debate):
    pending(debate)
    client.login(username=moderator("sam", allowed=False).username, password=PASSWORD)
    assert client.get(QUEUE).status_code == 403
    citizen = resident("dina")
    citizen.set_password(PASSWORD)
    citizen.save()
    client.login(username="dina", password=PASSWORD)
    assert client.get(QUEUE).status_code == 403


def test_publishing_puts_the_statement_to_the_vote(client, debate):
    waiting = pending(debate)
    client.login(username=moderator().username, password=PASSWORD)
    url = reverse("consultations_agents:moderate", args=[waiting.pk])
    answer = client.post(url, {f"s{waiting.pk}-decision": "publish"})
    assert answer.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == StatementStatus.PUBLISHED and waiting.moderated_by.username == "mona"


def test_a_refusal_needs_a_reason_which_is_kept(client, debate):
    waiting = pending(debate)
    client.login(username=moderator().username, password=PASSWORD)
    url = reverse("consultations_agents:moderate", args=[waiting.pk])
    refused = client.post(url, {f"s{waiting.pk}-decision": "refuse"})
    assert refused.status_code == 400
    assert "Dites pourquoi la proposition est refusée." in refused.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == StatementStatus.PENDING
    client.post(url, {f"s{waiting.pk}-decision": "refuse", f"s{waiting.pk}-reason": "Doublon"})
    waiting.refresh_from_db()
    assert (waiting.status, waiting.refusal_reason) == (StatementStatus.REJECTED, "Doublon")


def test_a_decided_statement_cannot_be_decided_again(client, debate):
    client.login(username=moderator().username, password=PASSWORD)
    done = debate.statements["s1"]
    url = reverse("consultations_agents:moderate", args=[done.pk])
    assert client.post(url, {f"s{done.pk}-decision": "refuse", f"s{done.pk}-reason": "x"}
                       ).status_code == 404  # fmt: skip


def test_the_service_refuses_a_refusal_without_reason(debate):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.moderate_statement(statement=pending(debate), moderator=debate.root,
                                    publish_it=False, reason="  ")  # fmt: skip


def test_the_inbox_counts_the_statements_to_moderate(debate):
    pending(debate)
    pending(debate, "Un marché paysan à la Plaine")
    section = inbox_sections.get("consultations.statements")
    assert section is not None
    [counter] = section.counters(moderator())
    assert counter.value == 2 and counter.url == QUEUE
    assert section.counters(moderator("sam", allowed=False)) == []

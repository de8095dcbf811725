"""The demo's opinion map: three hundred residents placed in groups, statements waiting for
the moderator, and nothing made twice."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from massalia.consultations.models import OpinionGroups, Statement, Vote
from massalia.demo import opinions

pytestmark = pytest.mark.django_db


def test_it_loads_a_debate_with_its_groups_once(client):
    conversation = opinions.load()
    groups = conversation.latest_groups()
    assert groups is not None and groups.participants >= 250
    assert 2 <= groups.groups <= 5 and groups.consensus
    assert Statement.objects.filter(status="pending").count() == len(opinions.WAITING)
    counts = (Vote.objects.count(), Statement.objects.count(), OpinionGroups.objects.count())
    opinions.load()
    assert (Vote.objects.count(), Statement.objects.count(), OpinionGroups.objects.count()) == (
        counts
    )
    page = client.get(reverse("consultations:conversation", args=[opinions.SLUG]))
    html = unescape(page.content.decode())
    assert page.status_code == 200 and "La carte en mots" in html
    shared = Statement.objects.get(pk=groups.consensus[0]["statement"])
    assert f"« {shared.text} »" in html
    print(f"demo opinion map page: {len(page.content)} bytes of HTML")

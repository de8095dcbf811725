"""A published update reaches the requester and the followers by email, not its author; a
held one only once a moderator publishes it."""

from __future__ import annotations

import pytest
from django.core import mail

from massalia.servicerequests import contributions, services
from massalia.servicerequests.tests.contribution_helpers import public_case


@pytest.fixture(autouse=True)
def held(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVICEREQUESTS_HOLD_CONTRIBUTIONS = "first"


def test_it_tells_the_requester_and_followers_once_the_update_is_published(city, on_commit):
    with on_commit():
        case = public_case(city)
        services.follow(case=case, user=city.people["erin"])
        services.follow(case=case, user=city.people["bob"])
    mail.outbox.clear()
    with on_commit():
        made = contributions.contribute(
            case=case, author=city.people["bob"], text="Appelez le 06 12 34 56 78, le tag est là"
        )
    assert mail.outbox == []
    with on_commit():
        contributions.moderate(moderator=city.people["dave"], action="publish", contribution=made)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "erin@example.org"]
    body = mail.outbox[0].body
    assert "le tag est là" in body and "06 12 34 56 78" not in body
    assert "complément est publié" in mail.outbox[0].subject

"""A person's proposals and supports are in their download; deleting the account removes the
supports (the counts go down) and keeps the proposals without a name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.accounts import privacy as accounts_privacy
from massalia.participation import services
from massalia.participation.models import Proposal, Support
from massalia.participation.privacy import erase, export
from massalia.participation.tests.conftest import propose

pytestmark = pytest.mark.django_db


def test_the_download_has_the_persons_proposals_and_supports(city, processes):
    alice, bob = city.people["alice"], city.people["bob"]
    made = propose(processes.open, alice)
    services.support(proposal=made, user=bob)
    assert [p["title"] for p in export(alice)["proposals"]] == ["Piétonniser la place"]
    assert "supports" not in export(alice)
    assert [s["proposal"] for s in export(bob)["supports"]] == ["Piétonniser la place"]
    assert export(city.people["dave"]) == {}


def test_erasing_removes_supports_and_anonymises_proposals(client, city, processes):
    alice, bob = city.people["alice"], city.people["bob"]
    made = propose(processes.open, alice)
    services.support(proposal=made, user=bob)
    assert erase(bob) == {"supports": 1, "anonymised_proposals": 0}
    assert Proposal.objects.get().supports_count == 0 and not Support.objects.exists()
    assert erase(alice) == {"supports": 0, "anonymised_proposals": 1}
    kept = Proposal.objects.get()
    assert kept.author is None and kept.title == made.title
    page = client.get(reverse("participation:proposal", args=["places-pietonnes", made.pk]))
    assert "Proposée le" in page.content.decode() and "Alice" not in page.content.decode()


def test_the_account_pages_run_this_part(city, processes):
    alice, bob = city.people["alice"], city.people["bob"]
    made = propose(processes.open, alice)
    services.support(proposal=made, user=bob)
    assert "proposals" in accounts_privacy.export_user_data(user=alice)
    counts = accounts_privacy.delete_account(user=bob)
    assert counts["supports"] == 1
    assert Proposal.objects.get().supports_count == 0

"""A person's proposals and supports are in their download; deleting the account removes the
supports (the counts go down) and keeps the proposals without a name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.accounts import privacy as accounts_privacy
from massalia.participation import comments, services
from massalia.participation.models import CommentReport, CommentVote, Proposal, Support
from massalia.participation.privacy import erase, export
from massalia.participation.tests.conftest import propose

pytestmark = pytest.mark.django_db
NO_COMMENTS = {"comment_votes": 0, "comment_reports": 0, "anonymised_comments": 0}
NO_BALLOTS = {"anonymised_ballots": 0, "anonymised_verifications": 0}
NO_COMMENTS |= NO_BALLOTS


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
    assert erase(bob) == {"supports": 1, "anonymised_proposals": 0} | NO_COMMENTS
    assert Proposal.objects.get().supports_count == 0 and not Support.objects.exists()
    assert erase(alice) == {"supports": 0, "anonymised_proposals": 1} | NO_COMMENTS
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


def test_comments_votes_and_reports_are_downloaded_and_erased(client, city, processes):
    alice, erin = city.people["alice"], city.people["erin"]
    made = propose(processes.open, alice)
    said = comments.comment(target=made, author=alice, text="Mon avis")
    comments.vote(comment=said, user=erin, value=-1)
    comments.report(comment=said, user=erin, reason="off_topic", details="Rien à voir")
    assert [c["text"] for c in export(alice)["comments"]] == ["Mon avis"]
    assert export(erin)["comment_votes"][0]["agrees"] is False
    assert export(erin)["comment_reports"][0]["details"] == "Rien à voir"
    assert (
        erase(erin)
        == {"supports": 0, "anonymised_proposals": 0}
        | {
            "comment_votes": 1,
            "comment_reports": 1,
            "anonymised_comments": 0,
        }
        | NO_BALLOTS
    )
    said.refresh_from_db()
    assert (said.disagree_count, said.reports_count) == (0, 0)
    assert not CommentVote.objects.exists() and not CommentReport.objects.exists()
    assert erase(alice)["anonymised_comments"] == 1
    said.refresh_from_db()
    assert said.author is None and said.text == "Mon avis"
    page = client.get(reverse("participation:proposal", args=["places-pietonnes", made.pk]))
    assert "Compte supprimé" in page.content.decode() and "Alice" not in page.content.decode()


def test_ballots_are_in_the_download_and_erasing_keeps_them_counted(city, budgets):
    from massalia.participation import ballots
    from massalia.participation.models import Ballot, Verification
    from massalia.participation.tests.conftest import project_ids, verified

    alice = city.people["alice"]
    verified(budgets.open, alice, city.people["bob"])
    ids = project_ids(budgets.open)
    ballots.cast(process=budgets.open, voter=alice, choices=[ids["Une fontaine"]])
    found = export(alice)
    assert found["ballots"][0]["projects"] == ["Une fontaine"]
    assert found["verifications"][0]["method"] == "Vérification par un agent ou un médiateur"
    counts = erase(alice)
    assert (counts["anonymised_ballots"], counts["anonymised_verifications"]) == (1, 1)
    assert Ballot.objects.get().voter is None and ballots.ballots(budgets.open) == [
        [ids["Une fontaine"]]
    ]
    assert Verification.objects.get().person is None
    assert "ballots" not in export(alice)

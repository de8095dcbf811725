"""A person's opinions leave with their account: votes and places on the maps erased,
statements kept without their name; the export shows them all."""

from massalia.consultations import privacy, tasks
from massalia.consultations.models import OpinionGroups, Statement, Vote
from massalia.consultations.tests.conftest import cast


def test_erasing_removes_the_votes_and_the_places_and_keeps_the_statements(
    debate, three_voting_groups, city
):
    people = cast(debate, three_voting_groups)
    tasks.compute_groups(conversation_id=debate.conversation.pk)
    leaving = people["A1"]
    counts = privacy.erase(leaving)
    assert counts["opinion_votes"] == 20
    assert counts["opinion_places"] == 1
    assert not Vote.objects.filter(participant=leaving).exists()
    assert str(leaving.pk) not in OpinionGroups.objects.get().placements
    assert Statement.objects.get(pk=debate.statements["s1"].pk).votes_count == 29
    privacy.erase(city.people["alice"])
    assert not Statement.objects.filter(author=city.people["alice"]).exists()
    assert Statement.objects.count() == 20


def test_the_export_lists_the_persons_statements_and_votes(debate, city):
    cast(debate, [("nadia", "s1", 1)])
    nadia = Vote.objects.get().participant
    assert privacy.export(nadia)["opinion_votes"][0]["statement"] == "Proposition s1"
    assert len(privacy.export(city.people["alice"])["opinion_statements"]) == 20

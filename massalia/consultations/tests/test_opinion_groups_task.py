"""The groups computed in the background from the stored votes, kept with their labels."""

from massalia.consultations import tasks
from massalia.consultations.models import OpinionGroups
from massalia.consultations.tests.conftest import cast
from massalia.consultations.tests.votes import votes_of


def test_the_votes_form_the_three_groups_once_cast(debate, three_voting_groups, on_commit):
    with on_commit():
        people = cast(debate, three_voting_groups)
    computed = debate.conversation.latest_groups()
    assert computed is not None
    assert (computed.participants, computed.groups) == (30, 3)
    groups = {}
    for who, person in people.items():
        groups.setdefault(who[0], set()).add(computed.group_of(person.pk))
    assert all(len(labels) == 1 for labels in groups.values())
    assert len(set.union(*groups.values())) == 3
    consensus = {item["statement"] for item in computed.consensus}
    assert consensus == {debate.statements[f"s{i}"].pk for i in range(17, 21)}
    debate.conversation.refresh_from_db()
    assert not debate.conversation.groups_wanted


def test_a_participant_keeps_their_group_when_others_vote(debate, three_voting_groups):
    people = cast(debate, three_voting_groups)
    first = OpinionGroups.objects.get(
        pk=tasks.compute_groups(conversation_id=debate.conversation.pk)
    )
    newcomers = cast(debate, [v for n in range(10, 16) for v in votes_of("C", n)])
    second = OpinionGroups.objects.get(
        pk=tasks.compute_groups(conversation_id=debate.conversation.pk)
    )
    assert second.participants == 36
    for person in people.values():
        assert second.group_of(person.pk) == first.group_of(person.pk)
    assert second.group_of(newcomers["C15"].pk) == first.group_of(people["C0"].pk)


def test_too_few_participants_keep_no_groups(debate):
    cast(debate, votes_of("A", 1) + votes_of("B", 1))
    assert tasks.compute_groups(conversation_id=debate.conversation.pk) is None
    assert not OpinionGroups.objects.exists()

"""A group keeps its label when votes arrive, so a participant's group does not change name
from one computation to the next."""

from massalia.consultations.opinions import opinion_groups
from massalia.consultations.tests.votes import three_groups, votes_of


def later_votes():
    """The first votes, then C grows by five newcomers (it becomes the largest group), and
    two members change one vote each, in a different order."""
    votes = three_groups(sizes={"A": 10, "B": 9, "C": 8})
    newcomers = [vote for number in range(8, 16) for vote in votes_of("C", number)]
    changes = [("A3", "s1", 0), ("B2", "s9", -1)]
    return newcomers + changes + votes[::-1]


def test_every_participant_keeps_their_label_when_a_few_votes_are_added():
    first = opinion_groups(three_groups(sizes={"A": 10, "B": 9, "C": 8}))
    second = opinion_groups(later_votes(), previous=first.profiles())
    for who, label in first.groups.items():
        assert second.groups[who] == label, who
    assert second.groups["C15"] == first.groups["C0"]


def test_without_the_previous_groups_the_labels_would_have_moved():
    """The case above is one where labels do move when nothing keeps them (C, now the
    largest, would become group 0): the previous test shows the matching at work."""
    first = opinion_groups(three_groups(sizes={"A": 10, "B": 9, "C": 8}))
    fresh = opinion_groups(later_votes())
    assert any(fresh.groups[who] != label for who, label in first.groups.items())


def test_a_new_group_takes_a_label_no_previous_group_had():
    first = opinion_groups([v for v in three_groups() if not v[0].startswith("C")]
                           + [v for n in range(2) for v in votes_of("C", n)])  # fmt: skip
    second = opinion_groups(three_groups(), previous=first.profiles())
    labels_before = set(first.groups.values())
    assert second.groups["A1"] == first.groups["A1"]
    assert second.groups["B1"] == first.groups["B1"]
    assert len(set(second.groups.values())) == 3
    if len(labels_before) == 2:
        assert second.groups["C5"] not in labels_before

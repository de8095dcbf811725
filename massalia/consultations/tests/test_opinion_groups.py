"""The opinion map on hand-built votes: the groups, what each stands for, what all share."""

import pytest

from massalia.consultations.opinions import MIN_VOTES, VoteError, opinion_groups
from massalia.consultations.tests.votes import (
    DIVIDING,
    SHARED,
    stance,
    three_groups,
    truth,
    votes_of,
)


def partition(groups):
    """The groups as a set of sets of participants: the labels' names left out."""
    members = {}
    for who, label in groups.items():
        members.setdefault(label, set()).add(who)
    return {frozenset(people) for people in members.values()}


def test_it_recovers_the_three_groups():
    votes = three_groups()
    result = opinion_groups(votes)
    assert partition(result.groups) == partition(truth(votes))
    assert result.components >= 2
    assert result.coordinates.shape == (30, 2)


def test_four_groups_are_recovered_on_three_components():
    """With a fourth group the votes vary along three directions (the explained variance
    drops after the third component): the map keeps three, and finds the four groups."""
    votes = three_groups(groups="ABCD")
    result = opinion_groups(votes)
    assert partition(result.groups) == partition(truth(votes))
    assert result.components == 3


def test_each_group_is_represented_by_the_statements_it_stands_for():
    result = opinion_groups(three_groups())
    for label, people in partition_by_label(result).items():
        (group,) = {who[0] for who in people}
        chosen = result.representative[label]
        assert chosen, f"group {group} has no representative statement"
        for item in chosen:
            assert item.statement in DIVIDING
            expected = "agree" if stance(group, item.statement) == 1 else "disagree"
            assert item.direction == expected
            assert item.share > 0.5


def test_a_group_alone_in_its_stance_is_represented_by_it():
    result = opinion_groups(three_groups())
    label_of_a = result.groups["A1"]
    # A alone agrees with s5–s8 and alone disagrees with s9–s12 (B and C vote the other way):
    # the strongest contrasts come first, before s1–s4 that A shares with C.
    alone = {(f"s{i}", "agree") for i in range(5, 9)} | {
        (f"s{i}", "disagree") for i in range(9, 13)
    }
    best = [(item.statement, item.direction) for item in result.representative[label_of_a]][:3]
    assert set(best) <= alone


def test_the_consensus_is_what_every_group_agrees_with():
    result = opinion_groups(three_groups())
    assert {(item.statement, item.direction) for item in result.consensus} == {
        (statement, "agree") for statement in SHARED
    }
    assert all(item.voters == 30 for item in result.consensus)


def test_only_participants_with_seven_votes_are_placed():
    votes = three_groups()
    six = [("six", statement, 1) for statement in DIVIDING[: MIN_VOTES - 1]]
    seven = [("seven", statement, 1) for statement in DIVIDING[: MIN_VOTES - 1]]
    seven.append(("seven", "s20", 0))  # a pass is a vote
    result = opinion_groups(votes + six + seven)
    assert "six" not in result.groups
    assert "seven" in result.groups
    assert len(result.participants) == 31


def test_a_participants_last_vote_on_a_statement_counts():
    votes = three_groups()
    # A0 changes their mind on everything dividing and votes as B: B is where they end up.
    changed = [(who, statement, -vote) for who, statement, vote in votes_of("A", 0)[:16]]
    result = opinion_groups(votes + changed)
    assert result.groups["A0"] == result.groups["B1"]
    assert result.groups["A0"] != result.groups["A1"]


def test_too_few_participants_are_refused_in_words():
    with pytest.raises(VoteError, match="au moins 3"):
        opinion_groups(votes_of("A", 1) + votes_of("B", 1))


def test_a_vote_other_than_agree_disagree_or_pass_is_refused():
    with pytest.raises(VoteError, match="vote 2"):
        opinion_groups([*three_groups(), ("A1", "s1", 2)])


def test_the_same_votes_give_the_same_map():
    first, second = opinion_groups(three_groups()), opinion_groups(three_groups())
    assert first.groups == second.groups
    assert (first.coordinates == second.coordinates).all()


def partition_by_label(result):
    members = {}
    for who, label in result.groups.items():
        members.setdefault(label, set()).add(who)
    return members

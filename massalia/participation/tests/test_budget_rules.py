"""The participatory budget's rules: ballots checked against the published rule, the greedy
result on hand-checked cases and random instances, and the method of equal shares against a
plain reading of its definition."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from fractions import Fraction
from itertools import chain

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from massalia.participation.budget import (
    RESULT_COLUMNS,
    BallotRule,
    BudgetError,
    BudgetVote,
    Method,
    Problem,
    Project,
    Result,
    Rules,
    Status,
    cents,
    csv_rows,
    euros,
)

DAY = datetime(2026, 3, 1, 9, 0)
SP = "\u202f"  # the thousands separator
EUR = "\u00a0€"


def project(id: int, cost: int, *, title: str = "", day: int = 0) -> Project:
    return Project(id, title or f"Projet {id}", cost, DAY + timedelta(days=day))


def knapsack(envelope: int, *projects: Project) -> BudgetVote:
    return BudgetVote.of(Rules(BallotRule.KNAPSACK, envelope), projects)


def approval(envelope: int, k: int, *projects: Project) -> BudgetVote:
    return BudgetVote.of(Rules(BallotRule.APPROVAL, envelope, max_projects=k), projects)


def picked(result: Result) -> list[int]:
    return [line.project.id for line in result.selected]


def codes(vote: BudgetVote, ballot: list[int]) -> list[Problem]:
    return [problem.code for problem in vote.check(ballot)]


# The rules as published ----------------------------------------------------------------------


def test_it_describes_each_ballot_rule_in_french_with_its_figures():
    assert Rules(BallotRule.KNAPSACK, 1_250_000).description_fr == (
        "Vous choisissez autant de projets que vous le souhaitez, à condition que leur coût "
        f"total ne dépasse pas l'enveloppe de 1{SP}250{SP}000{EUR}."
    )
    assert Rules(BallotRule.APPROVAL, 500_000, max_projects=5).description_fr == (
        f"Vous choisissez au plus 5 projets, quel que soit leur coût ; l'enveloppe est de "
        f"500{SP}000{EUR}."
    )
    assert BallotRule.KNAPSACK.label_fr == "choix dans l'enveloppe"
    assert "moins coûteux" in Method.GREEDY.description_fr


@pytest.mark.parametrize(
    "make",
    [
        lambda: Rules(BallotRule.APPROVAL, 1000),  # no maximum
        lambda: Rules(BallotRule.APPROVAL, 1000, max_projects=0),
        lambda: Rules(BallotRule.KNAPSACK, 1000, max_projects=3),
        lambda: Rules(BallotRule.KNAPSACK, 0),
        lambda: Rules(BallotRule.KNAPSACK, 10.5),  # type: ignore[arg-type]  # bad on purpose
        lambda: project(1, 0),
        lambda: project(1, -5),
        lambda: Project(1, "", 10, DAY),
        lambda: knapsack(100, project(1, 10), project(1, 20)),
    ],
)
def test_it_refuses_a_vote_set_up_against_its_own_rules(make):
    with pytest.raises(BudgetError):
        make()


def test_it_writes_amounts_the_french_way():
    assert euros(0) == f"0{EUR}"
    assert euros(1_250_000) == f"1{SP}250{SP}000{EUR}"
    assert cents(Fraction(30, 7)) == f"4,29{EUR}"
    assert cents(Fraction(123_456_789, 100)) == f"1{SP}234{SP}567,89{EUR}"


# Ballots -------------------------------------------------------------------------------------


def test_it_accepts_a_ballot_within_the_envelope_up_to_the_last_euro():
    vote = knapsack(100, project(1, 60), project(2, 40), project(3, 1))
    assert vote.check([1, 2]) == []
    assert codes(vote, [1, 2, 3]) == [Problem.OVER_BUDGET]


def test_it_says_by_how_much_a_ballot_is_over_the_envelope():
    vote = knapsack(1_000_000, project(1, 700_000), project(2, 450_000))
    [problem] = vote.check([1, 2])
    assert problem.message == (
        f"Votre sélection coûte 1{SP}150{SP}000{EUR}, soit 150{SP}000{EUR} de plus que "
        f"l'enveloppe de 1{SP}000{SP}000{EUR}."
    )


def test_it_limits_the_number_of_projects_under_approval_whatever_their_cost():
    vote = approval(100, 2, project(1, 90), project(2, 90), project(3, 90))
    assert vote.check([1, 2]) == []  # 180 €: approval does not look at the envelope
    [problem] = vote.check([1, 2, 3])
    assert problem.code is Problem.TOO_MANY
    assert problem.message == "Vous avez choisi 3 projets ; ce vote en permet 2 au plus."


def test_it_refuses_an_empty_ballot_an_unknown_project_and_a_project_twice():
    vote = knapsack(100, project(1, 10, title="Jardin partagé"), project(2, 10))
    [empty] = vote.check([])
    assert (empty.code, empty.message) == (Problem.EMPTY, "Choisissez au moins un projet.")
    [unknown] = vote.check([1, 99])
    assert unknown.message == "Le projet n° 99 n'existe pas dans ce vote."
    [twice] = vote.check([1, 2, 1, 1])  # said once, however many times
    assert twice.message == "Le projet « Jardin partagé » est choisi deux fois."


def test_it_reports_every_problem_of_a_ballot_at_once():
    vote = approval(100, 1, project(1, 10), project(2, 10))
    assert codes(vote, [1, 1, 7, 2]) == [Problem.TWICE, Problem.UNKNOWN_PROJECT, Problem.TOO_MANY]


def test_it_counts_a_project_twice_once_in_the_envelope():
    vote = knapsack(100, project(1, 60), project(2, 30))
    assert codes(vote, [1, 1, 2]) == [Problem.TWICE]  # 90 €, not 150 €


def test_forged_choices_are_unknown_projects_never_a_crash():
    vote = knapsack(100, project(1, 10))
    forged: list = ["1", None, 1.0, True, "x" * 100_000, "\x00"]
    problems = vote.check(forged)
    assert {p.code for p in problems} == {Problem.UNKNOWN_PROJECT}
    assert all(len(p.message) < 80 for p in problems)
    assert codes(vote, [1, 1, "1"]) == [Problem.TWICE, Problem.UNKNOWN_PROJECT]


# Counting ------------------------------------------------------------------------------------


def test_it_counts_votes_blank_ballots_and_sets_aside_those_breaking_the_rules():
    vote = knapsack(100, project(1, 60), project(2, 50), project(3, 10))
    count = vote.count([[1, 3], [], [2], [1, 2], [3, 3], [4], [2, 3]])
    assert count.votes == {1: 1, 2: 2, 3: 2}
    assert (count.ballots, count.blank) == (4, 1)
    assert [(r.index, [p.code for p in r.problems]) for r in count.rejected] == [
        (3, [Problem.OVER_BUDGET]),
        (4, [Problem.TWICE]),
        (5, [Problem.UNKNOWN_PROJECT]),
    ]


# The greedy result ---------------------------------------------------------------------------


def test_a_big_project_that_no_longer_fits_is_skipped_and_a_smaller_one_after_it_taken():
    vote = approval(100, 3, project(1, 60), project(2, 50), project(3, 30), project(4, 20))
    result = vote.results([[1, 2, 3]] * 5 + [[2, 3, 4]] * 2 + [[4]])
    assert [(line.project.id, line.votes, line.status) for line in result.lines] == [
        (3, 7, Status.SELECTED),  # 7 votes, the cheaper of the two
        (2, 7, Status.SELECTED),
        (1, 5, Status.DOES_NOT_FIT),  # 60 € with 20 € left
        (4, 3, Status.SELECTED),  # 20 € with 20 € left: taken though after a skipped one
    ]
    assert (result.used, result.remaining) == (100, 0)
    skipped = result.lines[2]
    assert skipped.remaining == 20
    assert skipped.reason_fr() == (
        f"Non retenu : il coûte 60{EUR} et il ne restait que 20{EUR} de l'enveloppe à son "
        "tour ; les projets suivants ont encore été examinés."
    )
    assert result.lines[3].reason_fr() == (
        f"Retenu : il coûte 20{EUR}, il restait 20{EUR} de l'enveloppe à son tour."
    )


def test_a_project_costing_exactly_what_is_left_is_selected():
    vote = knapsack(100, project(1, 70), project(2, 30), project(3, 1))
    result = vote.results([[1, 2], [1], [1, 2]])
    assert picked(result) == [1, 2]
    assert result.remaining == 0
    assert result.lines[2].status is Status.NO_VOTES


def test_equal_votes_go_to_the_cheaper_then_the_earlier_then_the_smaller_number():
    vote = approval(
        1000,
        4,
        project(4, 300, day=2),
        project(3, 300, day=1),
        project(2, 300, day=1),
        project(1, 400),
    )
    result = vote.results([[1, 2, 3, 4]])
    assert [line.project.id for line in result.lines] == [2, 3, 4, 1]
    assert picked(result) == [2, 3, 4]  # 900 €; project 1 (400 €) no longer fits


def test_a_project_without_votes_is_never_selected_even_when_it_fits():
    vote = knapsack(1000, project(1, 100), project(2, 100))
    result = vote.results([[1]])
    assert picked(result) == [1]
    assert result.lines[1].reason_fr() == "Non retenu : aucune voix."


def test_empty_ballots_only_select_nothing():
    vote = knapsack(1000, project(1, 100), project(2, 100))
    result = vote.results([[], [], []])
    assert (picked(result), result.used, result.ballots, result.blank) == ([], 0, 3, 3)
    assert vote.results([]).selected == ()


def test_ballots_breaking_the_rules_add_no_vote_to_the_result():
    vote = knapsack(100, project(1, 80), project(2, 30))
    result = vote.results([[2], [1, 2], [1, 2]])  # the last two are over the envelope
    assert (picked(result), result.rejected) == ([2], 2)


def test_the_result_says_what_it_used_and_by_which_rule():
    vote = knapsack(100, project(1, 70), project(2, 50))
    result = vote.results([[1], [2], [1], []])
    assert result.method is Method.GREEDY
    assert result.summary_fr() == (
        f"1 projet retenu pour 70{EUR} sur une enveloppe de 100{EUR} (30{EUR} non attribués) ; "
        "4 bulletin(s) compté(s) dont 1 blanc(s), 0 rejeté(s)."
    )


def test_the_export_has_a_french_header_and_one_row_per_project_in_order():
    vote = knapsack(100, project(1, 70, title="Ombrières"), project(2, 50, title="Fontaine"))
    rows = list(csv_rows(vote.results([[1], [2], [1]])))
    assert rows[0] == [header for _, header in RESULT_COLUMNS]
    assert rows[0][:5] == ["Rang", "Numéro du projet", "Projet", "Coût (€)", "Voix"]
    assert [row[:7] for row in rows[1:]] == [
        [1, 1, "Ombrières", 70, 2, "retenu", 100],
        [2, 2, "Fontaine", 50, 1, "non retenu", 30],
    ]
    assert rows[2][7].startswith("Non retenu : il coûte 50")


# The method of equal shares ------------------------------------------------------------------


def test_equal_shares_gives_a_minority_its_project_where_greedy_does_not():
    """10 voters, 100 €: 10 € each. Voters 1–7 approve P1, P2, P3 (30 € each), voters 8–10
    approve Q (30 €). Greedy spends 90 € on P1–P3. Equal shares: P1 costs its 7 voters 30/7 €
    each, then P2 too (they keep 10/7 € each); P3 is out of their reach (7 × 10/7 = 10 € <
    30 €), while Q costs its 3 voters their whole 10 €: P1, P2, Q."""
    p1, p2, p3 = project(1, 30), project(2, 30, day=1), project(3, 30, day=2)
    vote = approval(100, 3, p1, p2, p3, project(4, 30, title="Q"))
    ballots = [[1, 2, 3]] * 7 + [[4]] * 3
    assert picked(vote.results(ballots)) == [1, 2, 3]
    result = vote.equal_shares(ballots)
    assert result.method is Method.EQUAL_SHARES
    assert picked(result) == [1, 2, 4]
    by_id = {line.project.id: line for line in result.lines}
    assert [(by_id[i].round, by_id[i].share) for i in (1, 2, 4)] == [
        (1, Fraction(30, 7)),
        (2, Fraction(30, 7)),
        (3, Fraction(10)),
    ]
    assert by_id[3].status is Status.DOES_NOT_FIT
    assert by_id[3].reason_fr() == (
        "Non retenu : ses électeurs n'avaient plus assez de leur part pour le financer, et il "
        f"coûte 30{EUR} quand il ne restait que 10{EUR} pour le complément."
    )
    assert by_id[1].reason_fr() == (
        f"Retenu au tour n° 1 : chacun de ses électeurs y a consacré au plus 4,29{EUR} de sa "
        f"part ; il coûte 30{EUR}."
    )


def test_equal_shares_spends_what_it_leaves_in_the_order_of_votes():
    """4 voters, 100 €: 25 € each. A (60 €) by voters 1–3: 20 € each; B (40 €) by voter 4
    alone: out of reach. After A, 5 € left to voters 1–3, 25 € to voter 4: nothing more is
    affordable, and the completion has 40 € for B."""
    vote = approval(100, 2, project(1, 60), project(2, 40))
    result = vote.equal_shares([[1]] * 3 + [[2]])
    assert [(line.project.id, line.status) for line in result.lines] == [
        (1, Status.SELECTED),
        (2, Status.COMPLETED),
    ]
    assert result.lines[1].remaining == 40


# Random instances ----------------------------------------------------------------------------


@st.composite
def instances(draw, rule=BallotRule.APPROVAL):
    n = draw(st.integers(1, 8))
    projects = [
        Project(i, f"P{i}", draw(st.integers(1, 60)), DAY + timedelta(days=draw(st.integers(0, 2))))
        for i in range(1, n + 1)
    ]
    ids = [p.id for p in projects]
    ballots = draw(st.lists(st.lists(st.sampled_from(ids), unique=True, max_size=n), max_size=25))
    envelope = draw(st.integers(1, 150))
    if rule is BallotRule.APPROVAL:
        rules = Rules(rule, envelope, max_projects=n)
    else:
        rules = Rules(rule, envelope)
    return BudgetVote.of(rules, projects), ballots


@settings(max_examples=150, deadline=None)
@given(instances())
def test_greedy_never_exceeds_the_envelope_and_follows_the_published_order(instance):
    vote, ballots = instance
    result = vote.results(ballots)
    assert result.used <= vote.rules.envelope
    keys = [line.project.order_key(line.votes) for line in result.lines]
    assert keys == sorted(keys)
    left = vote.rules.envelope
    for line in result.lines:
        assert line.remaining == left
        if line.votes == 0:
            assert line.status is Status.NO_VOTES
        elif line.project.cost <= left:
            assert line.status is Status.SELECTED
            left -= line.project.cost
        else:
            assert line.status is Status.DOES_NOT_FIT
    assert left == result.remaining
    # nothing with votes left out could still fit in what remains
    assert all(line.project.cost > result.remaining for line in result.lines
               if line.votes and not line.selected)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_projects_ballots_or_choices(instance, rnd):
    vote, ballots = instance
    shuffled_projects = list(vote.projects.values())
    rnd.shuffle(shuffled_projects)
    shuffled_ballots = [rnd.sample(b, len(b)) for b in ballots]
    rnd.shuffle(shuffled_ballots)
    other = BudgetVote.of(vote.rules, shuffled_projects)
    assert other.results(shuffled_ballots) == vote.results(ballots)
    assert other.equal_shares(shuffled_ballots) == vote.equal_shares(ballots)


@settings(max_examples=100, deadline=None)
@given(instances(BallotRule.KNAPSACK))
def test_counting_matches_a_plain_counter_over_the_valid_ballots(instance):
    vote, ballots = instance
    count = vote.count(ballots)
    cost = {p.id: p.cost for p in vote.projects.values()}
    valid = [b for b in ballots if sum(cost[i] for i in b) <= vote.rules.envelope]
    plain = Counter(chain.from_iterable(valid))
    assert count.votes == {pid: plain[pid] for pid in vote.projects}
    assert count.ballots == len(valid)
    assert len(count.rejected) == len(ballots) - len(valid)
    assert all(vote.check(b) == [] for b in valid if b)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_equal_shares_matches_its_definition_voter_by_voter(instance):
    vote, ballots = instance
    result = vote.equal_shares(ballots)
    rounds = sorted((line.round, line.project.id, line.share) for line in result.lines
                    if line.status is Status.SELECTED)  # fmt: skip
    assert [(pid, rho) for _, pid, rho in rounds] == reference_equal_shares(vote, ballots)
    assert result.used <= vote.rules.envelope
    for line in result.lines:  # the completion is the greedy rule over what is left
        if line.votes and not line.selected:
            assert line.project.cost > result.remaining


def reference_equal_shares(
    vote: BudgetVote, ballots: list[list[int]]
) -> list[tuple[int, Fraction]]:
    """The rounds of the method of equal shares, voter by voter, every project priced again
    at every round: the definition with nothing saved."""
    voters = [set(b) for b in ballots if b]
    if not voters:
        return []
    money = [Fraction(vote.rules.envelope, len(voters))] * len(voters)
    votes = Counter(chain.from_iterable(voters))
    rounds: list[tuple[int, Fraction]] = []
    while True:
        offers = []
        for p in vote.projects.values():
            backers = [i for i, b in enumerate(voters) if p.id in b]
            if p.id in dict(rounds) or not backers or sum(money[i] for i in backers) < p.cost:
                continue
            rho = price([money[i] for i in backers], p.cost)
            offers.append((rho, p.order_key(votes[p.id]), p.id, backers))
        if not offers:
            return rounds
        rho, _, pid, backers = min(offers)
        for i in backers:
            money[i] -= min(money[i], rho)
        rounds.append((pid, rho))


def price(budgets: list[Fraction], cost: int) -> Fraction:
    """The ρ with Σ min(b, ρ) = cost: try each number k of voters paying all they have."""
    budgets = sorted(budgets)
    exhausted = Fraction(0)  # what the k poorest pay: all they have
    for k, b in enumerate(budgets):
        rho = (cost - exhausted) / (len(budgets) - k)
        if (k == 0 or budgets[k - 1] <= rho) and rho <= b:
            assert sum(min(x, rho) for x in budgets) == cost
            return rho
        exhausted += b
    raise AssertionError("not affordable")


def test_a_large_random_vote_stays_within_the_envelope_under_both_methods():
    rnd = random.Random(12)
    projects = [project(i, rnd.randrange(5_000, 400_000), day=rnd.randrange(30))
                for i in range(1, 61)]  # fmt: skip
    vote = approval(2_000_000, 6, *projects)
    ids = [p.id for p in projects]
    weights = [rnd.paretovariate(1.2) for _ in ids]
    ballots = [list(dict.fromkeys(rnd.choices(ids, weights, k=rnd.randint(1, 6))))
               for _ in range(3000)]  # fmt: skip
    greedy, shares = vote.results(ballots), vote.equal_shares(ballots)
    assert 0 < greedy.used <= 2_000_000 and 0 < shares.used <= 2_000_000
    assert [pid for pid, _ in reference_equal_shares(vote, ballots)] == [
        line.project.id
        for line in sorted(shares.lines, key=lambda line: line.round or 0)
        if line.status is Status.SELECTED
    ]

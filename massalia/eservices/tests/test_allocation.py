"""The crèche allocation: both published rules on hand-checked cases, `max-placed` against
exhaustive enumeration, and the reasons each family is told."""

from __future__ import annotations

import itertools
import random
from datetime import date

import pytest

from massalia.eservices.allocation import (
    Allocation,
    AllocationError,
    Application,
    Outcome,
    Places,
    Rule,
    Weights,
    allocate,
)

DAY = date(2025, 3, 1)


def app(id, score, choices, *, group="bebes", applied=DAY):
    return Application(id, score, applied, group, tuple(choices.split(";")))


def places(*rows):
    return [Places(creche, group, n) for creche, group, n in rows]


def got(result: Allocation) -> dict[str, tuple[str, int | None] | None]:
    return {p.application: (p.creche, p.choice_rank) if p.creche else None
            for p in result.placements}  # fmt: skip


# The priority rule ---------------------------------------------------------------------------


def test_it_serves_families_by_score_each_its_best_crèche_with_a_place_left():
    applications = [
        app("low", 4, "A;B"),
        app("high", 30, "A;B"),
        app("mid", 12, "A;B;C"),
        app("other", 8, "B"),
    ]
    result = allocate(applications, places(("A", "bebes", 1), ("B", "bebes", 1),
                                           ("C", "bebes", 1)))  # fmt: skip
    assert got(result) == {
        "high": ("A", 1),
        "mid": ("B", 2),
        "other": None,  # B went to mid, who scores more
        "low": None,  # A and B full, C not asked
    }
    assert [p.application for p in result.placements] == ["low", "high", "mid", "other"]


def test_a_place_of_one_age_group_does_not_serve_another():
    applications = [app("baby", 20, "A;B", group="bebes"), app("tall", 10, "A", group="grands")]
    result = allocate(applications, places(("A", "grands", 1), ("B", "bebes", 1)))
    assert got(result) == {"baby": ("B", 2), "tall": ("A", 1)}


def test_equal_scores_go_by_earlier_application_then_by_identifier():
    applications = [
        app("z-late", 10, "A", applied=date(2025, 3, 2)),
        app("y-early", 10, "A", applied=date(2025, 1, 15)),
        app("b-same-day", 10, "A", applied=date(2025, 2, 1)),
        app("a-same-day", 10, "A", applied=date(2025, 2, 1)),
    ]
    for n, winners in [(1, {"y-early"}), (2, {"y-early", "a-same-day"}),
                       (3, {"y-early", "a-same-day", "b-same-day"})]:  # fmt: skip
        result = allocate(applications, places(("A", "bebes", n)))
        assert {k for k, v in got(result).items() if v} == winners


def test_capacities_are_never_exceeded_and_a_crèche_without_places_serves_nobody():
    applications = [app(f"f{i}", i, "A;B;C") for i in range(10)]
    result = allocate(applications, places(("A", "bebes", 3), ("B", "bebes", 0),
                                           ("C", "bebes", 2)))  # fmt: skip
    placed = [v for v in got(result).values() if v]
    assert sorted(placed) == [("A", 1)] * 3 + [("C", 3)] * 2
    assert {k for k, v in got(result).items() if v == ("A", 1)} == {"f9", "f8", "f7"}


# The max-placed rule -------------------------------------------------------------------------


def test_max_placed_places_more_children_than_priority():
    applications = [app("first", 10, "X;Y"), app("second", 5, "X")]
    capacity = places(("X", "bebes", 1), ("Y", "bebes", 1))
    assert got(allocate(applications, capacity)) == {"first": ("X", 1), "second": None}
    result = allocate(applications, capacity, Rule.MAX_PLACED)
    assert got(result) == {"first": ("Y", 2), "second": ("X", 1)}
    assert result.totals().placed == 2


def test_among_equal_counts_it_prefers_the_higher_total_score_over_fewer_steps():
    # {a→X, c→Y}: score 11, no step; {a→Y, b→X}: score 12, one step.
    applications = [app("a", 10, "X;Y"), app("b", 2, "X"), app("c", 1, "Y")]
    result = allocate(applications, places(("X", "bebes", 1), ("Y", "bebes", 1)),
                      Rule.MAX_PLACED)  # fmt: skip
    assert got(result) == {"a": ("Y", 2), "b": ("X", 1), "c": None}
    assert (result.totals().total_score, result.totals().steps_down) == (12, 1)


def test_among_equal_counts_and_scores_it_prefers_fewer_steps_down():
    applications = [app("a", 5, "X;Y"), app("b", 5, "Y;X")]
    result = allocate(applications, places(("X", "bebes", 1), ("Y", "bebes", 1)),
                      Rule.MAX_PLACED)  # fmt: skip
    assert got(result) == {"a": ("X", 1), "b": ("Y", 1)}


def test_among_equal_steps_the_family_of_higher_score_keeps_its_better_choice():
    for order in ([0, 1], [1, 0]):
        pair = [app("eight", 8, "X;Y"), app("ten", 10, "X;Y")]
        result = allocate([pair[i] for i in order], places(("X", "bebes", 1),
                          ("Y", "bebes", 1)), Rule.MAX_PLACED)  # fmt: skip
        assert got(result) == {"ten": ("X", 1), "eight": ("Y", 2)}


def test_the_order_of_the_file_does_not_change_a_max_placed_allocation():
    pick = random.Random(3)
    applications = [app(f"f{i}", pick.randint(0, 3), ";".join(pick.sample("ABCD", 2)),
                        group=pick.choice(["bebes", "grands"])) for i in range(60)]  # fmt: skip
    capacity = [Places(c, g, 4) for c in "ABCD" for g in ("bebes", "grands")]
    first = got(allocate(applications, capacity, Rule.MAX_PLACED))
    for _ in range(5):
        pick.shuffle(applications)
        assert got(allocate(applications, capacity, Rule.MAX_PLACED)) == first


def objective(applications, assignment):
    """(placed, total score, -steps, -steps weighted by score): larger is better."""
    by_id = {a.id: a for a in applications}
    ranks = {k: v[1] for k, v in assignment.items() if v}
    return (
        len(ranks),
        sum(by_id[k].score for k in ranks),
        -sum(r - 1 for r in ranks.values()),
        -sum((r - 1) * by_id[k].score for k, r in ranks.items()),
    )


def brute_force(applications, capacity):
    """The best objective over every allocation (each family unplaced or at one choice)."""
    best = None
    options = [[None, *[(c, r) for r, c in enumerate(a.choices, 1)]] for a in applications]
    for combo in itertools.product(*options):
        used: dict[tuple[str, str], int] = {}
        for a, option in zip(applications, combo, strict=True):
            if option:
                slot = (option[0], a.age_group)
                used[slot] = used.get(slot, 0) + 1
        if all(n <= capacity.get(slot, 0) for slot, n in used.items()):
            value = objective(applications, {a.id: o for a, o in zip(applications, combo,
                                                                     strict=True)})  # fmt: skip
            best = value if best is None or value > best else best
    return best


def random_instance(pick):
    creches = "ABC"[: pick.randint(1, 3)]
    groups = ["bebes", "grands"][: pick.randint(1, 2)]
    capacity = {(c, g): pick.randint(0, 2) for c in creches for g in groups}
    applications = [
        Application(f"f{i}", pick.randint(0, 4), date(2025, 1, pick.randint(1, 3)),
                    pick.choice(groups), tuple(pick.sample(creches, pick.randint(1, len(creches)))))
        for i in range(pick.randint(1, 7))
    ]  # fmt: skip
    return applications, capacity


def test_max_placed_reaches_the_exhaustive_optimum_on_many_small_instances():
    pick = random.Random(15)
    better = 0
    for _ in range(400):
        applications, capacity = random_instance(pick)
        rows = [Places(c, g, n) for (c, g), n in capacity.items()]
        result = allocate(applications, rows, Rule.MAX_PLACED)
        assignment = got(result)
        used: dict[tuple[str, str], int] = {}
        for a in applications:
            if assignment[a.id]:
                creche, rank = assignment[a.id]
                assert a.choices[rank - 1] == creche
                used[(creche, a.age_group)] = used.get((creche, a.age_group), 0) + 1
        assert all(n <= capacity[slot] for slot, n in used.items())
        assert objective(applications, assignment) == brute_force(applications, capacity)
        priority = objective(applications, got(allocate(applications, rows)))
        assert priority <= objective(applications, assignment)
        better += priority[0] < result.totals().placed
    assert better > 10  # the instances do exercise where the rules differ


# Reasons -------------------------------------------------------------------------------------


def test_a_decision_states_the_rule_the_score_the_ranks_and_the_last_admitted():
    applications = [
        app("dupont", 12, "A;B;C"),
        app("martin", 25, "A"),
        app("bernard", 18, "A;B"),
        app("petit", 15, "B", applied=date(2025, 1, 10)),
        app("durand", 15, "C"),
    ]
    capacity = places(("A", "bebes", 2), ("B", "bebes", 1), ("C", "bebes", 2), ("D", "bebes", 0))
    result = allocate(applications, capacity)
    # martin 25 → A, bernard 18 → A, petit 15 (earlier than durand) → B, durand → C, dupont → C
    decision = next(d for d in result.decisions() if d.application == "dupont")
    assert (decision.rule, decision.score, decision.creche, decision.choice_rank) == (
        Rule.PRIORITY, 12, "C", 3)  # fmt: skip
    assert [(x.creche, x.rank, x.applicants, x.places, x.admitted, x.last_admitted_score)
            for x in decision.lists] == [
        ("A", 3, 3, 2, 2, 18),
        ("B", 3, 3, 1, 1, 15),
        ("C", 2, 2, 2, 2, 12),
    ]  # fmt: skip
    assert [x.creche for x in decision.above] == ["A", "B"]
    assert decision.reasons_fr() == [
        "Règle appliquée : priorité au score : les familles dans l'ordre décroissant de leur "
        "score, puis de la date de leur demande, chacune recevant la crèche la mieux classée de "
        "ses choix où il reste une place dans la tranche d'âge de son enfant.",
        "Votre score : 12 points.",
        "Place attribuée : crèche C, votre choix n° 3.",
        "Crèche A (votre choix n° 1) : vous êtes au rang 3 sur 3 demande(s) dans la tranche "
        "d'âge de votre enfant, pour 2 place(s).",
        "Crèche B (votre choix n° 2) : vous êtes au rang 3 sur 3 demande(s) dans la tranche "
        "d'âge de votre enfant, pour 1 place(s).",
        "Crèche C (votre choix n° 3) : vous êtes au rang 2 sur 2 demande(s) dans la tranche "
        "d'âge de votre enfant, pour 2 place(s).",
        "Crèche A (votre choix n° 1) : la dernière famille admise avait 18 points.",
        "Crèche B (votre choix n° 2) : la dernière famille admise avait 15 points.",
    ]


def test_a_family_not_placed_is_told_about_every_crèche_it_asked_for():
    applications = [app("seul", 3, "D;E;A"), app("avant", 9, "A")]
    result = allocate(applications, places(("A", "bebes", 1), ("D", "bebes", 0)))
    decision = result.decisions()[0]
    assert decision.creche is None
    assert [(x.creche, x.outcome) for x in decision.above] == [
        ("D", Outcome.NO_PLACE),
        ("E", Outcome.NO_PLACE),  # a crèche with no row for the age group has no place
        ("A", Outcome.LAST_ADMITTED),
    ]
    assert decision.reasons_fr()[2] == "Aucune place ne vous a été attribuée."
    assert decision.reasons_fr()[-3:] == [
        "Crèche D (votre choix n° 1) : aucune place dans la tranche d'âge de votre enfant.",
        "Crèche E (votre choix n° 2) : aucune place dans la tranche d'âge de votre enfant.",
        "Crèche A (votre choix n° 3) : la dernière famille admise avait 9 points.",
    ]


def test_a_max_placed_family_passed_over_by_a_lower_score_is_told_why():
    applications = [app("first", 10, "X;Y"), app("second", 5, "X")]
    result = allocate(applications, places(("X", "bebes", 1), ("Y", "bebes", 1)),
                      Rule.MAX_PLACED)  # fmt: skip
    first, second = result.decisions()
    assert first.reasons_fr()[-2:] == [
        "Crèche X (votre choix n° 1) : la dernière famille admise avait 5 points.",
        "Cette règle peut admettre dans une crèche une famille au score moins élevé que le "
        "vôtre quand cela permet d'accueillir plus d'enfants en tout, un plus grand total de "
        "points ou de mieux respecter les choix des familles.",
    ]
    assert second.reasons_fr()[2] == "Place attribuée : crèche X, votre choix n° 1."
    assert not any("Cette règle peut" in line for line in second.reasons_fr())


def test_the_reasons_hold_on_random_rounds():
    """Priority: every crèche ranked above the one obtained was full, its last admitted family
    before this one in the published order. Max-placed: every such crèche was full too (a free
    place there would make a better allocation)."""
    pick = random.Random(8)
    for _ in range(200):
        applications, capacity = random_instance(pick)
        rows = [Places(c, g, n) for (c, g), n in capacity.items()]
        by_id = {a.id: a for a in applications}
        for rule in Rule:
            result = allocate(applications, rows, rule)
            for decision in result.decisions():
                assert decision.rule is rule
                for item in decision.above:
                    assert item.outcome is not Outcome.NONE_ADMITTED
                    assert item.admitted == item.places
                    if rule is Rule.PRIORITY and item.outcome is Outcome.LAST_ADMITTED:
                        last = max((a for a in applications if got(result)[a.id]
                                    and got(result)[a.id][0] == item.creche
                                    and a.age_group == by_id[decision.application].age_group),
                                   key=lambda a: a.order_key)  # fmt: skip
                        assert last.score == item.last_admitted_score
                        assert last.order_key < by_id[decision.application].order_key


# Input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"choices": ("A", "B", "C", "D", "E", "F")}, "6 choix (5 au plus)"),
        ({"choices": ("A", "B", "A")}, "une crèche choisie deux fois"),
        ({"choices": ()}, "aucune crèche choisie"),
        ({"score": -1}, "score négatif (-1)"),
        ({"age_group": ""}, "tranche d'âge manquante"),
    ],
)
def test_an_application_the_rules_cannot_take_is_refused(kwargs, message):
    fields = {"id": "x", "score": 1, "applied_at": DAY, "age_group": "bebes", "choices": ("A",)}
    with pytest.raises(AllocationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Application(**{**fields, **kwargs})


def test_an_application_or_a_crèche_given_twice_is_refused():
    with pytest.raises(AllocationError, match="demande a donnée deux fois"):
        allocate([app("a", 1, "A"), app("a", 2, "B")], [])
    with pytest.raises(AllocationError, match="crèche A, tranche bebes donnée deux fois"):
        allocate([], places(("A", "bebes", 1), ("A", "bebes", 2)))


def test_the_weights_of_a_large_round_fit_the_solver():
    applications = [app(f"f{i}", 40, "A;B;C;D;E") for i in range(20_000)]
    weights = Weights.of(applications)
    assert weights.largest * (20_000 + 300 * 3 + 2) < 2**63
    # The largest weight at least covers what it must dominate.
    assert weights.c > sum(4 * 40 for _ in applications)
    assert weights.b > weights.c * 4 * 20_000


def test_a_round_too_large_for_exact_integers_is_refused_not_rounded():
    applications = [app(f"f{i}", 999_999_999, "A;B;C;D;E") for i in range(2_000)]
    capacity = places(("A", "bebes", 1), ("B", "bebes", 1))
    with pytest.raises(AllocationError, match="calcul exact en entiers"):
        allocate(applications, capacity, Rule.MAX_PLACED)
    assert allocate(applications, capacity).totals().placed == 2  # priority needs no weights

"""The allocation of crèche places: two published rules, and the reasons of each decision.

A place in a municipal crèche is a decision taken with an algorithm, so each family has the
right to know the rule, the criteria and how they applied to its case (Code des relations
entre le public et l'administration, L311-3-1 and R311-3-1-2). This module is that
algorithm, in pure Python, so the commission's rounds, the command line and the tests run
the same code.

Every rule starts from one order of families, published: decreasing score, then earlier
application, then the application's identifier (so that the order is total and never
depends on the order of a file).

- `priority` (the default): families in that order; each gets its highest-ranked crèche
  that still has a place in its child's age group.
- `max-placed`: the allocation placing the most children; among those, the highest total
  score of placed families; among those, the fewest steps down families' rankings (the sum
  of choice_rank - 1); among those, the steps fall on the families of lower score. An exact
  optimum, computed as a min-cost flow (see `Weights`).

`Allocation.decisions()` gives each family what it is told: the rule, its score, its rank
on the list of each crèche it asked for (among the applicants of that crèche in its child's
age group, in the order above) and, for each crèche it ranked above the one obtained (all of
them when none), the score of the last family admitted there.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MAX_CHOICES = 5
INT64_MAX = 2**63 - 1

Slot = tuple[str, str]  # (crèche, age group)


class Rule(StrEnum):
    PRIORITY = "priority"
    MAX_PLACED = "max-placed"

    @property
    def label_fr(self) -> str:
        return RULE_LABELS_FR[self]


RULE_LABELS_FR = {
    Rule.PRIORITY: (
        "priorité au score : les familles dans l'ordre décroissant de leur score, puis de la "
        "date de leur demande, chacune recevant la crèche la mieux classée de ses choix où il "
        "reste une place dans la tranche d'âge de son enfant"
    ),
    Rule.MAX_PLACED: (
        "le plus grand nombre d'enfants accueillis, puis le plus grand total des scores des "
        "familles accueillies, puis les choix des familles les mieux respectés (à égalité, "
        "ceux des familles au score le plus élevé d'abord)"
    ),
}


class AllocationError(ValueError):
    """Input the allocation cannot take; the message is French, for people."""


@dataclass(frozen=True)
class Application:
    """One family's application: its score, when it applied, its child's age group and the
    crèches it asked for, in order of preference (1 to 5, each once)."""

    id: str
    score: int
    applied_at: date
    age_group: str
    choices: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.id:
            raise AllocationError("identifiant de demande manquant")
        if self.score < 0:
            raise AllocationError(f"score négatif ({self.score})")
        if not self.age_group:
            raise AllocationError("tranche d'âge manquante")
        if not self.choices or any(not code for code in self.choices):
            raise AllocationError("aucune crèche choisie" if not self.choices else "choix vide")
        if len(self.choices) > MAX_CHOICES:
            raise AllocationError(f"{len(self.choices)} choix ({MAX_CHOICES} au plus)")
        if len(set(self.choices)) != len(self.choices):
            raise AllocationError("une crèche choisie deux fois")

    @property
    def order_key(self) -> tuple[int, date, str]:
        """The published order: higher score first, then earlier application, then id."""
        return (-self.score, self.applied_at, self.id)


@dataclass(frozen=True)
class Places:
    """The places a crèche opens in one age group for the round."""

    creche: str
    age_group: str
    places: int

    def __post_init__(self) -> None:
        if not self.creche:
            raise AllocationError("crèche manquante")
        if not self.age_group:
            raise AllocationError("tranche d'âge manquante")
        if self.places < 0:
            raise AllocationError(f"nombre de places négatif ({self.places})")


@dataclass(frozen=True)
class Placement:
    application: str
    creche: str | None  # None: not placed
    choice_rank: int | None  # 1 for the first choice


@dataclass(frozen=True)
class Totals:
    applications: int
    placed: int
    total_score: int  # of the placed families
    steps_down: int  # sum of choice_rank - 1 over the placed families


class Outcome(StrEnum):
    """What a family is told about a crèche it ranked above the one it obtained."""

    LAST_ADMITTED = "last-admitted"  # the score of the last family admitted there
    NO_PLACE = "no-place"  # no place in the child's age group this round
    NONE_ADMITTED = "none-admitted"  # places, but no family admitted


@dataclass(frozen=True)
class CrecheList:
    """A family's place on the list of one crèche it asked for (its child's age group)."""

    creche: str
    choice_rank: int
    places: int
    rank: int  # 1-based, among the applicants of this crèche and age group, in order_key
    applicants: int
    admitted: int
    last_admitted_score: int | None  # the score of the last admitted in list order

    @property
    def outcome(self) -> Outcome:
        if self.places == 0:
            return Outcome.NO_PLACE
        if self.admitted == 0:
            return Outcome.NONE_ADMITTED
        return Outcome.LAST_ADMITTED


@dataclass(frozen=True)
class Decision:
    """One family's decision with its reasons."""

    application: str
    rule: Rule
    score: int
    creche: str | None
    choice_rank: int | None
    lists: tuple[CrecheList, ...]  # every crèche asked for, in the family's order

    @property
    def above(self) -> tuple[CrecheList, ...]:
        """The crèches the family ranked above the one obtained (all of them when none)."""
        if self.choice_rank is None:
            return self.lists
        return tuple(item for item in self.lists if item.choice_rank < self.choice_rank)

    def reasons_fr(self) -> list[str]:
        """The reasons in plain French sentences, one per line, as the family reads them."""
        lines = [
            f"Règle appliquée : {self.rule.label_fr}.",
            f"Votre score : {_points(self.score)}.",
        ]
        if self.creche is None:
            lines.append("Aucune place ne vous a été attribuée.")
        else:
            lines.append(
                f"Place attribuée : crèche {self.creche}, votre choix n° {self.choice_rank}."
            )
        for item in self.lists:
            lines.append(
                f"Crèche {item.creche} (votre choix n° {item.choice_rank}) : vous êtes au rang "
                f"{item.rank} sur {item.applicants} demande(s) dans la tranche d'âge de votre "
                f"enfant, pour {item.places} place(s)."
            )
        for item in self.above:
            lines.append(f"Crèche {item.creche} (votre choix n° {item.choice_rank}) : "
                         f"{_outcome_fr(item)}.")  # fmt: skip
        if any(self._passed_over(item) for item in self.above):
            lines.append(
                "Cette règle peut admettre dans une crèche une famille au score moins élevé que "
                "le vôtre quand cela permet d'accueillir plus d'enfants en tout, un plus grand "
                "total de points ou de mieux respecter les choix des familles."
            )
        return lines

    def _passed_over(self, item: CrecheList) -> bool:
        lower = item.last_admitted_score is not None and item.last_admitted_score < self.score
        return self.rule is Rule.MAX_PLACED and lower


def _points(score: int) -> str:
    return f"{score} point" if score in (0, 1) else f"{score} points"


def _outcome_fr(item: CrecheList) -> str:
    if item.outcome is Outcome.NO_PLACE:
        return "aucune place dans la tranche d'âge de votre enfant"
    if item.outcome is Outcome.NONE_ADMITTED:
        return "aucune famille admise"
    assert item.last_admitted_score is not None
    return f"la dernière famille admise avait {_points(item.last_admitted_score)}"


@dataclass(frozen=True)
class Allocation:
    """The result of a round: one placement per application, in the order given."""

    rule: Rule
    applications: tuple[Application, ...]
    capacity: Mapping[Slot, int]
    placements: tuple[Placement, ...]

    def totals(self) -> Totals:
        by_id = {a.id: a for a in self.applications}
        placed = [p for p in self.placements if p.choice_rank is not None]
        return Totals(
            applications=len(self.placements),
            placed=len(placed),
            total_score=sum(by_id[p.application].score for p in placed),
            steps_down=sum((p.choice_rank or 1) - 1 for p in placed),
        )

    def decisions(self) -> list[Decision]:
        """Every family's decision with its reasons, in the order of the applications."""
        lists: dict[Slot, list[Application]] = defaultdict(list)
        for application in self.applications:
            for code in application.choices:
                lists[(code, application.age_group)].append(application)
        got = {p.application: p for p in self.placements}
        rank: dict[tuple[Slot, str], int] = {}
        last: dict[Slot, tuple[int, int]] = {}  # slot → (admitted, score of the last one)
        for slot, applicants in lists.items():
            applicants.sort(key=lambda a: a.order_key)
            admitted = [a for a in applicants if got[a.id].creche == slot[0]]
            if admitted:
                last[slot] = (len(admitted), admitted[-1].score)
            for position, a in enumerate(applicants, 1):
                rank[(slot, a.id)] = position
        return [
            self._decision(a, got[a.id], lists, rank, last) for a in self.applications
        ]  # fmt: skip

    def _decision(
        self,
        application: Application,
        placement: Placement,
        lists: Mapping[Slot, list[Application]],
        rank: Mapping[tuple[Slot, str], int],
        last: Mapping[Slot, tuple[int, int]],
    ) -> Decision:
        items = []
        for choice_rank, code in enumerate(application.choices, 1):
            slot = (code, application.age_group)
            admitted, last_score = last.get(slot, (0, None))
            items.append(
                CrecheList(
                    creche=code,
                    choice_rank=choice_rank,
                    places=self.capacity.get(slot, 0),
                    rank=rank[(slot, application.id)],
                    applicants=len(lists[slot]),
                    admitted=admitted,
                    last_admitted_score=last_score,
                )
            )
        return Decision(
            application=application.id,
            rule=self.rule,
            score=application.score,
            creche=placement.creche,
            choice_rank=placement.choice_rank,
            lists=tuple(items),
        )


def allocate(
    applications: Sequence[Application], places: Iterable[Places], rule: Rule = Rule.PRIORITY
) -> Allocation:
    """Allocate the places by the rule; raises AllocationError on an application given twice
    or a crèche's age group given twice."""
    capacity = capacities(places)
    seen: set[str] = set()
    for application in applications:
        if application.id in seen:
            raise AllocationError(f"demande {application.id} donnée deux fois")
        seen.add(application.id)
    ordered = sorted(applications, key=lambda a: a.order_key)
    if rule is Rule.PRIORITY:
        chosen = _priority(ordered, capacity)
    else:
        chosen = _max_placed(ordered, capacity)
    placements = tuple(
        Placement(a.id, *chosen[a.id]) if a.id in chosen else Placement(a.id, None, None)
        for a in applications
    )
    return Allocation(rule, tuple(applications), capacity, placements)


def capacities(places: Iterable[Places]) -> dict[Slot, int]:
    capacity: dict[Slot, int] = {}
    for row in places:
        slot = (row.creche, row.age_group)
        if slot in capacity:
            raise AllocationError(f"crèche {row.creche}, tranche {row.age_group} donnée deux fois")
        capacity[slot] = row.places
    return capacity


def _priority(
    ordered: Sequence[Application], capacity: Mapping[Slot, int]
) -> dict[str, tuple[str, int]]:
    left = dict(capacity)
    chosen: dict[str, tuple[str, int]] = {}
    for application in ordered:
        for choice_rank, code in enumerate(application.choices, 1):
            slot = (code, application.age_group)
            if left.get(slot, 0) > 0:
                left[slot] -= 1
                chosen[application.id] = (code, choice_rank)
                break
    return chosen


@dataclass(frozen=True)
class Weights:
    """The integer weights that make one min-cost flow the lexicographic optimum.

    The network: each application node has a supply of 1, with an arc of capacity 1 to each
    (crèche, age group) it asked for that has places; each (crèche, age group) has an arc to
    the sink with its places as capacity. OR-Tools' `solve_max_flow_with_min_cost` finds a
    maximum flow — the most children placed, P, exactly, without any weight — and, among the
    maximum flows, one of least cost. The arc placing application a at its choice r costs

        cost(a, r) = B * (top - score_a) + C * (r - 1) + (r - 1) * score_a

    where top is the highest score. Over a flow placing P families,

        cost = B * (P * top - S) + C * D + W

    with S the total score of the placed, D the steps down (sum of r - 1) and W the steps
    weighted by score (sum of (r - 1) * score), the tie-break: among equal steps down, the
    steps fall on the families of lower score. Scores are >= 0, so for any two allocations
    0 <= D <= D_max = sum over applications of (number of choices - 1) <= 4 N and
    0 <= W <= W_max = sum of (number of choices - 1) * score. Take C = W_max + 1 and
    B = C * D_max + W_max + 1. For two maximum flows X and Y (same P):

    - S_X > S_Y: cost_Y - cost_X >= B - C * D_max - W_max = 1 > 0;
    - S equal, D_X < D_Y: cost_Y - cost_X >= C - W_max = 1 > 0;
    - S and D equal: cost_Y - cost_X = W_Y - W_X.

    So the flow found is the lexicographic optimum (most placed, then highest total score,
    then fewest steps down, then the tie-break), exactly: all integers, and a min-cost flow
    with integer capacities has an integral optimum, which is an allocation. The largest arc
    cost is at most B * top + 4 * (C + top); OR-Tools multiplies costs by the number of nodes
    + 1, which must stay within int64 (checked before solving). For 20,000 applications with
    scores up to 40 and 5 choices each: D_max = 80,000, W_max = 3.2e6, B < 2.6e11, the
    largest cost < 1.1e13, and 1.1e13 * 20,902 (with 900 crèche age groups) < 2.3e17,
    2.5 % of 2**63.
    """

    b: int
    c: int
    top: int

    @classmethod
    def of(cls, applications: Sequence[Application]) -> Weights:
        d_max = sum(len(a.choices) - 1 for a in applications)
        w_max = sum((len(a.choices) - 1) * a.score for a in applications)
        c = w_max + 1
        return cls(
            b=c * d_max + w_max + 1, c=c, top=max((a.score for a in applications), default=0)
        )

    def cost(self, score: int, choice_rank: int) -> int:
        steps = choice_rank - 1
        return self.b * (self.top - score) + self.c * steps + steps * score

    @property
    def largest(self) -> int:
        return self.b * self.top + (MAX_CHOICES - 1) * (self.c + self.top)


def _max_placed(
    ordered: Sequence[Application], capacity: Mapping[Slot, int]
) -> dict[str, tuple[str, int]]:
    """The lexicographic optimum as a min-cost flow (network, weights and proof: `Weights`).

    Ties left after the tie-break (families of equal scores who could exchange places, or
    sets of families of equal total score): the network is built in a canonical order —
    applications in the published order, (crèche, age group) nodes sorted — and the solver is
    deterministic, so the same applications and places give the same allocation, whatever
    the order of the files. Which of those optima the solver returns is not a published
    criterion.
    """
    import numpy as np
    from ortools.graph.python import min_cost_flow

    slots = sorted({(code, a.age_group) for a in ordered for code in a.choices
                    if capacity.get((code, a.age_group), 0) > 0})  # fmt: skip
    if not slots:
        return {}
    n = len(ordered)
    node = {slot: n + i for i, slot in enumerate(slots)}
    sink = n + len(slots)
    weights = Weights.of(ordered)
    if weights.largest * (sink + 2) > INT64_MAX:
        raise AllocationError("trop de demandes ou de points pour un calcul exact en entiers")
    arcs: list[tuple[int, int, int, int]] = []  # tail, head, capacity, cost
    meaning: dict[int, tuple[str, str, int]] = {}  # placement arc → application, crèche, rank
    for i, application in enumerate(ordered):
        for choice_rank, code in enumerate(application.choices, 1):
            head = node.get((code, application.age_group))
            if head is not None:
                meaning[len(arcs)] = (application.id, code, choice_rank)
                arcs.append((i, head, 1, weights.cost(application.score, choice_rank)))
    arcs += [(node[slot], sink, capacity[slot], 0) for slot in slots]
    columns = np.array(arcs, dtype=np.int64).T
    flow = min_cost_flow.SimpleMinCostFlow()
    indexes = flow.add_arcs_with_capacity_and_unit_cost(
        columns[0].astype(np.int32), columns[1].astype(np.int32), columns[2], columns[3]
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow not solved: {status}")
    used = flow.flows(indexes)
    placed = (meaning[arc] for arc in np.flatnonzero(used).tolist() if arc in meaning)
    return {application: (code, choice_rank) for application, code, choice_rank in placed}


# Files ---------------------------------------------------------------------------------------

APPLICATION_COLUMNS = ("application", "score", "applied_at", "age_group", "choices")
PLACES_COLUMNS = ("creche", "age_group", "places")
INTEGER = re.compile(r"-?[0-9]{1,9}")


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


def read_applications(lines: Iterable[str]) -> tuple[list[Application], list[BadRow]]:
    """Applications from CSV text (columns in any order, `,` separated, choices separated by
    `;`), and the rows refused with their line numbers. Raises AllocationError when the header
    lacks a column."""
    applications: list[Application] = []
    bad: list[BadRow] = []
    seen: set[str] = set()
    for line, row in _rows(lines, APPLICATION_COLUMNS):
        try:
            if isinstance(row, str):
                raise AllocationError(row)
            application = _application(row)
            if application.id in seen:
                raise AllocationError(f"demande {application.id} déjà donnée plus haut")
        except AllocationError as exc:
            bad.append(BadRow(line, str(exc)))
            continue
        seen.add(application.id)
        applications.append(application)
    return applications, bad


def read_places(lines: Iterable[str]) -> tuple[list[Places], list[BadRow]]:
    """Places from CSV text with the columns creche,age_group,places, and the rows refused."""
    places: list[Places] = []
    bad: list[BadRow] = []
    seen: set[Slot] = set()
    for line, row in _rows(lines, PLACES_COLUMNS):
        try:
            if isinstance(row, str):
                raise AllocationError(row)
            item = Places(row["creche"], row["age_group"], _integer(row["places"], "places"))
            if (item.creche, item.age_group) in seen:
                raise AllocationError(
                    f"crèche {item.creche}, tranche {item.age_group} déjà donnée plus haut"
                )
        except AllocationError as exc:
            bad.append(BadRow(line, str(exc)))
            continue
        seen.add((item.creche, item.age_group))
        places.append(item)
    return places, bad


def _rows(
    lines: Iterable[str], columns: Sequence[str]
) -> Iterator[tuple[int, dict[str, str] | str]]:
    """Each row's line number and its cells by column name, or why it cannot be read."""
    reader = csv.reader(lines)
    header = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
    missing = [name for name in columns if name not in header]
    if missing:
        raise AllocationError(
            f"colonne(s) manquante(s) : {', '.join(missing)} (attendu : {','.join(columns)})"
        )
    where = {name: header.index(name) for name in columns}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(where.values()):
            yield reader.line_num, f"{len(row)} colonne(s) au lieu de {len(header)}"
            continue
        yield reader.line_num, {name: row[index].strip() for name, index in where.items()}


def _application(row: dict[str, str]) -> Application:
    try:
        applied_at = date.fromisoformat(row["applied_at"])
    except ValueError:
        raise AllocationError(
            f"date de demande illisible « {row['applied_at'][:40]} » (AAAA-MM-JJ attendu)"
        ) from None
    choices = tuple(code.strip() for code in row["choices"].split(";")) if row["choices"] else ()
    return Application(
        id=row["application"],
        score=_integer(row["score"], "score"),
        applied_at=applied_at,
        age_group=row["age_group"],
        choices=choices,
    )


def _integer(text: str, name: str) -> int:
    if not text:
        raise AllocationError(f"{name} manquant")
    if not INTEGER.fullmatch(text):
        raise AllocationError(f"{name} non entier « {text[:40]} »")
    return int(text)

"""The participatory budget's published rules: when a ballot is valid, and how the ballots
become the list of projects the city funds.

Pure Python (no models), so the vote pages, the count at closing, the command line, the tests
and the benchmark run the same code, and the rule shown on a process page is the rule applied.

Ballot rules (`BallotRule`, set per vote in `Rules`):

- `knapsack`: as many projects as the resident wants, as long as their total cost stays within
  the envelope;
- `approval`: at most K projects, whatever their cost.

Results (`Method`):

- `greedy` (the published rule, the usual one of city participatory budgets): projects in
  decreasing votes; ties go to the cheaper project, then the one submitted first, then the
  smaller id (so the order is total and never depends on the order of a file). In that order
  a project is selected when its cost fits in what is left of the envelope; one that no
  longer fits is skipped and the next ones are still considered. A project without any vote
  is not selected.
- `equal-shares` (for information, beside the result): the method of equal shares (Peters and
  Skowron) with approval utilities, completed by the greedy rule with what it leaves of the
  envelope. See `BudgetVote.equal_shares`.

Money is whole euros (int), as Decidim stores project budgets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from functools import partial
from itertools import chain

Ballot = Sequence[int]  # the ids of the projects chosen


class BudgetError(ValueError):
    """A vote the rules cannot take (its set-up, not a resident's ballot); French message."""


# Rules ---------------------------------------------------------------------------------------


class BallotRule(StrEnum):
    KNAPSACK = "knapsack"
    APPROVAL = "approval"

    @property
    def label_fr(self) -> str:
        return BALLOT_RULE_LABELS_FR[self]


BALLOT_RULE_LABELS_FR = {
    BallotRule.KNAPSACK: "choix dans l'enveloppe",
    BallotRule.APPROVAL: "vote par approbation",
}


class Method(StrEnum):
    GREEDY = "greedy"
    EQUAL_SHARES = "equal-shares"

    @property
    def label_fr(self) -> str:
        return METHOD_LABELS_FR[self]

    @property
    def description_fr(self) -> str:
        return METHOD_DESCRIPTIONS_FR[self]


METHOD_LABELS_FR = {
    Method.GREEDY: "par nombre de voix, dans la limite de l'enveloppe",
    Method.EQUAL_SHARES: "méthode des parts égales (pour information)",
}
METHOD_DESCRIPTIONS_FR = {
    Method.GREEDY: (
        "Les projets sont classés par nombre de voix décroissant ; à égalité de voix, le moins "
        "coûteux passe d'abord, puis le premier déposé, puis celui dont le numéro est le plus "
        "petit. Dans cet ordre, un projet est retenu si son coût tient dans ce qui reste de "
        "l'enveloppe ; sinon il est écarté et les projets suivants sont encore examinés. Un "
        "projet qui n'a reçu aucune voix n'est pas retenu."
    ),
    Method.EQUAL_SHARES: (
        "L'enveloppe est partagée à parts égales entre les votants (bulletins blancs exceptés). "
        "À chaque tour, le projet retenu est celui que ses électeurs peuvent financer ensemble "
        "avec ce qui leur reste de leur part en y consacrant chacun le moins possible ; à "
        "égalité, l'ordre des voix décide. Quand plus aucun projet ne peut être financé ainsi, "
        "ce qui reste de l'enveloppe est attribué dans l'ordre des voix, comme par la règle "
        "publiée. Ce résultat est donné pour information : seul compte celui de la règle "
        "publiée."
    ),
}


@dataclass(frozen=True)
class Rules:
    """One vote's published rules: the ballot rule, the envelope (euros) and, for `approval`,
    the most projects a ballot may hold."""

    rule: BallotRule
    envelope: int
    max_projects: int | None = None

    def __post_init__(self) -> None:
        if not _is_int(self.envelope) or self.envelope <= 0:
            raise BudgetError(f"enveloppe invalide ({self.envelope!r}) : un montant en euros > 0")
        if self.rule is BallotRule.APPROVAL:
            if not _is_int(self.max_projects) or (self.max_projects or 0) < 1:
                raise BudgetError("le vote par approbation fixe un nombre maximal de projets ≥ 1")
        elif self.max_projects is not None:
            raise BudgetError("le choix dans l'enveloppe ne fixe pas de nombre de projets")

    @property
    def description_fr(self) -> str:
        """What a process page shows next to the ballot."""
        if self.rule is BallotRule.KNAPSACK:
            return (
                "Vous choisissez autant de projets que vous le souhaitez, à condition que leur "
                f"coût total ne dépasse pas l'enveloppe de {euros(self.envelope)}."
            )
        return (
            f"Vous choisissez au plus {_projects(self.max_projects or 0)}, quel que soit leur "
            f"coût ; l'enveloppe est de {euros(self.envelope)}."
        )


@dataclass(frozen=True)
class Project:
    """A project on the ballot: its cost in whole euros and when it was submitted (the
    tie-break after votes and cost)."""

    id: int
    title: str
    cost: int
    submitted_at: datetime

    def __post_init__(self) -> None:
        if not _is_int(self.id):
            raise BudgetError(f"numéro de projet invalide ({self.id!r})")
        if not self.title:
            raise BudgetError(f"projet n° {self.id} sans titre")
        if not _is_int(self.cost) or self.cost <= 0:
            raise BudgetError(f"projet n° {self.id} : coût invalide ({self.cost!r})")

    def order_key(self, votes: int) -> tuple[int, int, datetime, int]:
        """The published order: more votes, then lower cost, then earlier submission, then id."""
        return (-votes, self.cost, self.submitted_at, self.id)


# Ballots -------------------------------------------------------------------------------------


class Problem(StrEnum):
    EMPTY = "empty"
    UNKNOWN_PROJECT = "unknown-project"
    TWICE = "twice"
    TOO_MANY = "too-many"
    OVER_BUDGET = "over-budget"


@dataclass(frozen=True)
class BallotProblem:
    """Why a ballot cannot be cast: a stable code, and the sentence the resident reads."""

    code: Problem
    message: str


@dataclass(frozen=True)
class RejectedBallot:
    """A ballot met in a count that breaks the rules (it was not cast through `check`): its
    position in the input and its problems. It adds no vote."""

    index: int
    problems: tuple[BallotProblem, ...]


@dataclass(frozen=True)
class Count:
    """Votes per project (every project, zero included) and the ballots behind them."""

    votes: Mapping[int, int]
    ballots: int  # counted: valid, blank included
    blank: int
    rejected: tuple[RejectedBallot, ...] = ()


# Results -------------------------------------------------------------------------------------


class Status(StrEnum):
    SELECTED = "selected"
    COMPLETED = "completed"  # equal shares only: taken by the completion, in votes order
    DOES_NOT_FIT = "does-not-fit"
    NO_VOTES = "no-votes"


STATUS_LABELS_FR = {
    Status.SELECTED: "retenu",
    Status.COMPLETED: "retenu en complément",
    Status.DOES_NOT_FIT: "non retenu",
    Status.NO_VOTES: "non retenu",
}


@dataclass(frozen=True)
class Line:
    """One project in a result: its place in the published order, its votes, whether it was
    selected and why. `remaining` is what was left of the envelope when the rule considered
    it (equal shares: before the round that selected it, or when the completion considered
    it); `share` (equal shares) the most any of its voters paid from their share."""

    rank: int
    project: Project
    votes: int
    status: Status
    remaining: int
    method: Method = Method.GREEDY
    round: int | None = None  # equal shares: the round that selected it
    share: Fraction | None = None

    @property
    def selected(self) -> bool:
        return self.status in (Status.SELECTED, Status.COMPLETED)

    def reason_fr(self) -> str:
        """The sentence shown beside the project in the results."""
        cost, left = euros(self.project.cost), euros(self.remaining)
        if self.status is Status.NO_VOTES:
            return "Non retenu : aucune voix."
        if self.status is Status.DOES_NOT_FIT and self.method is Method.GREEDY:
            return (
                f"Non retenu : il coûte {cost} et il ne restait que {left} de l'enveloppe à "
                "son tour ; les projets suivants ont encore été examinés."
            )
        if self.status is Status.DOES_NOT_FIT:
            return (
                "Non retenu : ses électeurs n'avaient plus assez de leur part pour le financer, "
                f"et il coûte {cost} quand il ne restait que {left} pour le complément."
            )
        if self.status is Status.COMPLETED:
            return (
                f"Retenu en complément, dans l'ordre des voix : il coûte {cost}, il restait {left}."
            )
        if self.share is not None:
            return (
                f"Retenu au tour n° {self.round} : chacun de ses électeurs y a consacré au plus "
                f"{cents(self.share)} de sa part ; il coûte {cost}."
            )
        return f"Retenu : il coûte {cost}, il restait {left} de l'enveloppe à son tour."


@dataclass(frozen=True)
class Result:
    """The projects in the published order, each with its votes and what the rule decided."""

    method: Method
    rules: Rules
    lines: tuple[Line, ...]
    ballots: int
    blank: int
    rejected: int

    @property
    def selected(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.selected)

    @property
    def used(self) -> int:
        return sum(line.project.cost for line in self.selected)

    @property
    def remaining(self) -> int:
        return self.rules.envelope - self.used

    def summary_fr(self) -> str:
        n = len(self.selected)
        return (
            f"{n} projet{'s' if n > 1 else ''} retenu{'s' if n > 1 else ''} pour "
            f"{euros(self.used)} sur une enveloppe de {euros(self.rules.envelope)} "
            f"({euros(self.remaining)} non attribués) ; {self.ballots} bulletin(s) compté(s) "
            f"dont {self.blank} blanc(s), {self.rejected} rejeté(s)."
        )


# The vote ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetVote:
    """One participatory budget's vote: its rules and the projects on its ballot."""

    rules: Rules
    projects: Mapping[int, Project] = field(repr=False)

    @classmethod
    def of(cls, rules: Rules, projects: Iterable[Project]) -> BudgetVote:
        """Raises BudgetError on a project id given twice."""
        by_id: dict[int, Project] = {}
        for project in projects:
            if project.id in by_id:
                raise BudgetError(f"projet n° {project.id} donné deux fois")
            by_id[project.id] = project
        return cls(rules, by_id)

    def check(self, choices: Ballot) -> list[BallotProblem]:
        """Why this ballot cannot be cast under the rules; empty when it can."""
        if not choices:
            return [BallotProblem(Problem.EMPTY, "Choisissez au moins un projet.")]
        return self._problems(choices)

    def _problems(self, choices: Ballot) -> list[BallotProblem]:
        problems: list[BallotProblem] = []
        seen: dict[int, Project] = {}
        reported: set[object] = set()
        for choice in choices:
            project = self.projects.get(choice) if _is_int(choice) else None
            if project is not None and project.id not in seen:
                seen[project.id] = project
            elif (said := (type(choice).__name__, str(choice))) not in reported:
                reported.add(said)
                problems.append(_twice(project) if project else _unknown(choice))
        chosen = list(seen.values())
        limit = self.rules.max_projects
        if limit is not None and len(chosen) > limit:
            problems.append(BallotProblem(
                Problem.TOO_MANY,
                f"Vous avez choisi {_projects(len(chosen))} ; ce vote en permet "
                f"{limit} au plus.",
            ))  # fmt: skip
        total = sum(p.cost for p in chosen)
        envelope = self.rules.envelope
        if self.rules.rule is BallotRule.KNAPSACK and total > envelope:
            problems.append(BallotProblem(
                Problem.OVER_BUDGET,
                f"Votre sélection coûte {euros(total)}, soit {euros(total - envelope)} de plus "
                f"que l'enveloppe de {euros(envelope)}.",
            ))  # fmt: skip
        return problems

    def count(self, ballots: Iterable[Ballot]) -> Count:
        """Votes per project. An empty ballot is blank (a paper ballot can be); one breaking
        the rules is kept aside with its problems and adds no vote."""
        cost = {p.id: p.cost for p in self.projects.values()}
        known = frozenset(cost)
        limit = self.rules.max_projects
        envelope = self.rules.envelope if self.rules.rule is BallotRule.KNAPSACK else None
        valid: list[Ballot] = []
        blank = 0
        rejected: list[RejectedBallot] = []
        for index, ballot in enumerate(ballots):
            if not ballot:
                blank += 1
                continue
            distinct = set(ballot)
            if (
                len(distinct) == len(ballot)
                and distinct <= known
                and (limit is None or len(ballot) <= limit)
                and (envelope is None or sum(map(cost.__getitem__, ballot)) <= envelope)
            ):
                valid.append(ballot)
            else:
                rejected.append(RejectedBallot(index, tuple(self._problems(ballot))))
        votes = Counter(chain.from_iterable(valid))
        return Count(
            votes={pid: votes[pid] for pid in self.projects},
            ballots=len(valid) + blank,
            blank=blank,
            rejected=tuple(rejected),
        )

    def ordered(self, votes: Mapping[int, int]) -> list[Project]:
        """The projects in the published order."""
        return sorted(self.projects.values(), key=lambda p: p.order_key(votes.get(p.id, 0)))

    def greedy(self, count: Count) -> Result:
        """The published result: in the published order, each project with votes that fits
        in what is left of the envelope is selected; the others are skipped."""
        left = self.rules.envelope
        lines = []
        for rank, project in enumerate(self.ordered(count.votes), 1):
            n = count.votes.get(project.id, 0)
            if n == 0:
                status = Status.NO_VOTES
            elif project.cost <= left:
                status = Status.SELECTED
            else:
                status = Status.DOES_NOT_FIT
            lines.append(Line(rank, project, n, status, left))
            if status is Status.SELECTED:
                left -= project.cost
        return self._result(Method.GREEDY, lines, count)

    def results(self, ballots: Iterable[Ballot]) -> Result:
        """Count the ballots and apply the published rule."""
        return self.greedy(self.count(ballots))

    def equal_shares(self, ballots: Iterable[Ballot]) -> Result:
        """The method of equal shares with approval utilities, for information.

        Each voter (a counted, non-blank ballot) starts with an equal share of the envelope,
        envelope / n. A project c approved by the voters S is affordable at a price ρ when
        Σ_{i∈S} min(b_i, ρ) = cost(c), b_i being what voter i has left; each round selects the
        affordable project of smallest ρ (ties: the published order), and each of its voters
        pays min(b_i, ρ). When no project is affordable, the greedy rule spends what is left,
        over the projects not selected, in the published order.

        Exact: shares are Fractions. Voters with equal money left behave alike from then on,
        so the computation keeps money left per class of voters (one class per amount) and,
        per project, how many of its voters sit in each class; a round prices a project over
        its classes, not its voters. The price of a project only grows from round to round
        (money left only shrinks), so the last price computed is a lower bound and a round
        stops pricing as soon as that bound exceeds the best price found.
        """
        ballots = list(ballots)
        count = self.count(ballots)
        skip = {r.index for r in count.rejected}
        voters = [tuple(b) for i, b in enumerate(ballots) if b and i not in skip]
        order = {p.id: p.order_key(count.votes[p.id]) for p in self.projects.values()}
        rounds = _EqualShares(voters, self.projects, self.rules.envelope, order).run()
        chosen = {pid: (number, rho, before) for number, (pid, rho, before) in enumerate(rounds, 1)}
        left = self.rules.envelope - sum(self.projects[pid].cost for pid in chosen)
        lines = []
        for rank, project in enumerate(self.ordered(count.votes), 1):
            n, line = count.votes[project.id], partial(Line, method=Method.EQUAL_SHARES)
            if project.id in chosen:
                number, rho, before = chosen[project.id]
                lines.append(
                    line(rank, project, n, Status.SELECTED, before, round=number, share=rho)
                )
            elif n == 0:
                lines.append(line(rank, project, n, Status.NO_VOTES, left))
            elif project.cost <= left:
                lines.append(line(rank, project, n, Status.COMPLETED, left))
                left -= project.cost
            else:
                lines.append(line(rank, project, n, Status.DOES_NOT_FIT, left))
        return self._result(Method.EQUAL_SHARES, lines, count)

    def _result(self, method: Method, lines: list[Line], count: Count) -> Result:
        return Result(
            method=method,
            rules=self.rules,
            lines=tuple(lines),
            ballots=count.ballots,
            blank=count.blank,
            rejected=len(count.rejected),
        )


class _EqualShares:
    """The rounds of the method of equal shares (see `BudgetVote.equal_shares`)."""

    def __init__(
        self,
        voters: Sequence[tuple[int, ...]],
        projects: Mapping[int, Project],
        envelope: int,
        order: Mapping[int, OrderKey],
    ) -> None:
        self.voters = voters
        self.cost = {pid: p.cost for pid, p in projects.items()}
        self.order = order
        self.envelope = envelope
        self.supporters: dict[int, list[int]] = defaultdict(list)
        for i, ballot in enumerate(voters):
            for pid in ballot:
                self.supporters[pid].append(i)
        share = Fraction(envelope, len(voters)) if voters else Fraction(0)
        self.money = [share]  # money left per class
        self.sort_key = [_exact(share)]
        self.class_of_money = {share: 0}
        self.klass = [0] * len(voters)
        # per candidate project: class → how many of its voters are in it
        self.groups = {pid: Counter({0: len(s)}) for pid, s in self.supporters.items()}
        self.bound = {pid: _exact(Fraction(0)) for pid in self.groups}

    def run(self) -> list[tuple[int, Fraction, int]]:
        """The projects selected, in order, each with its price ρ and the envelope left
        before its round."""
        rounds: list[tuple[int, Fraction, int]] = []
        left = self.envelope
        while self.groups:
            best = self._best()
            if best is None:
                break
            pid, rho = best
            rounds.append((pid, rho, left))
            left -= self.cost[pid]
            self._pay(pid, rho)
        return rounds

    def _best(self) -> tuple[int, Fraction] | None:
        """The affordable project of smallest price, ties in the published order."""
        best: tuple[Exact, OrderKey, int] | None = None
        for pid in sorted(self.groups, key=lambda c: (self.bound[c], self.order[c])):
            if best is not None and (self.bound[pid], self.order[pid]) > best[:2]:
                break
            rho = self._price(pid)
            if rho is None:
                del self.groups[pid]  # never affordable again: money left only shrinks
                continue
            self.bound[pid] = _exact(rho)
            if best is None or (self.bound[pid], self.order[pid]) < best[:2]:
                best = (self.bound[pid], self.order[pid], pid)
        return None if best is None else (best[2], best[0][1])

    def _price(self, pid: int) -> Fraction | None:
        """The smallest ρ with Σ min(b_i, ρ) = cost over the project's voters, or None when
        their money left falls short of its cost."""
        group = self.groups[pid]
        due = Fraction(self.cost[pid])
        payers = sum(group.values())
        for k in sorted(group, key=self.sort_key.__getitem__):
            if self.money[k] * payers >= due:  # these and the richer ones each pay due/payers
                return due / payers
            due -= self.money[k] * group[k]  # these pay all they have left
            payers -= group[k]
        return None

    def _pay(self, pid: int, rho: Fraction) -> None:
        """Each voter of the selected project pays min(money left, ρ) and moves class."""
        moved = {k: self._class(self.money[k] - min(self.money[k], rho)) for k in self.groups[pid]}
        del self.groups[pid]
        for i in self.supporters[pid]:
            old = self.klass[i]
            new = self.klass[i] = moved[old]
            if new == old:
                continue
            for other in self.voters[i]:
                group = self.groups.get(other)
                if group is not None:
                    group[old] -= 1
                    if not group[old]:
                        del group[old]
                    group[new] += 1

    def _class(self, money: Fraction) -> int:
        k = self.class_of_money.get(money)
        if k is None:
            k = self.class_of_money[money] = len(self.money)
            self.money.append(money)
            self.sort_key.append(_exact(money))
        return k


Exact = tuple[float, Fraction]
OrderKey = tuple[int, int, datetime, int]


def _exact(x: Fraction) -> Exact:
    """A sort key in the exact order of x that mostly compares floats: rounding to the
    nearest float never inverts an order, so the Fraction only breaks float ties."""
    return (float(x), x)


# Export --------------------------------------------------------------------------------------

RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("rank", "Rang"),
    ("project", "Numéro du projet"),
    ("title", "Projet"),
    ("cost", "Coût (€)"),
    ("votes", "Voix"),
    ("decision", "Décision"),
    ("remaining", "Reste de l'enveloppe à son tour (€)"),
    ("reason", "Motif"),
)


def result_records(result: Result) -> Iterator[dict[str, object]]:
    """One dict per project, keyed as RESULT_COLUMNS: what `core.exports` streams as CSV or
    JSON with `Column(key, header)` (which also makes a title starting a formula inert)."""
    for line in result.lines:
        yield {
            "rank": line.rank,
            "project": line.project.id,
            "title": line.project.title,
            "cost": line.project.cost,
            "votes": line.votes,
            "decision": STATUS_LABELS_FR[line.status],
            "remaining": line.remaining,
            "reason": line.reason_fr(),
        }


def csv_rows(result: Result) -> Iterator[list[object]]:
    """The header, then one row per project in the published order."""
    yield [header for _, header in RESULT_COLUMNS]
    for record in result_records(result):
        yield [record[key] for key, _ in RESULT_COLUMNS]


# French amounts ------------------------------------------------------------------------------

NNBSP, NBSP = "\u202f", "\u00a0"  # French thousands separator; space before the unit


def euros(amount: int) -> str:
    """1250000 → '1 250 000 €'."""
    return f"{amount:,}".replace(",", NNBSP) + NBSP + "€"


def cents(amount: Fraction) -> str:
    """A share in euros and cents, French style: '12,35 €'."""
    hundredths = round(amount * 100)
    whole, part = divmod(hundredths, 100)
    return f"{whole:,}".replace(",", NNBSP) + f",{part:02d}" + NBSP + "€"


def _projects(n: int) -> str:
    return f"{n} projet" if n == 1 else f"{n} projets"


def _twice(project: Project) -> BallotProblem:
    return BallotProblem(Problem.TWICE, f"Le projet « {project.title} » est choisi deux fois.")


def _unknown(choice: object) -> BallotProblem:
    shown = choice if _is_int(choice) else str(choice)[:20]
    return BallotProblem(Problem.UNKNOWN_PROJECT,
                         f"Le projet n° {shown} n'existe pas dans ce vote.")  # fmt: skip


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

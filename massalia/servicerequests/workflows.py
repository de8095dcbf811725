"""Workflows of the case engine: a small declared state machine per family of request types.

Every demand rides on the engine as a `ServiceRequest` whose type names its workflow: a
problem report follows `REPORT` (new → acknowledged → in progress → resolved), an
administrative procedure `PROCEDURE` (filed → under review → documents asked → accepted or
refused), and a domain declares its own with `register(Workflow(...))` in its app's `ready()`.

A state code means the same thing in every workflow that uses it: open or closed, and the same
Open311 status. The registry refuses a workflow that would say otherwise, so queries over
every type ("open requests", "closed in May") read one list of codes, whatever the types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, cast

from django.utils.translation import gettext_lazy

Open311Status = Literal["open", "closed"]


def _(french: str) -> str:
    """A label in the reader's language, looked up each time it is shown: the workflows are
    declared once, at import, and read in French, English or Arabic. Typed `str` because it
    formats, compares and renders as one (join it with `map(str, ...)`)."""
    return cast(str, gettext_lazy(french))


@dataclass(frozen=True)
class State:
    code: str
    label: str  # as agents and citizens read it, in their language (French by default)
    open311: Open311Status
    # Reaching it counts as a demand answered favourably (service figures, "résolues").
    resolves: bool = False
    # The requester must be told why (a public note is required to enter this state).
    needs_public_note: bool = False

    @property
    def is_open(self) -> bool:
        return self.open311 == "open"


@dataclass(frozen=True)
class Workflow:
    code: str
    label: str
    states: tuple[State, ...]
    initial: str
    # Allowed moves by an agent; the merge state is reached only by merging.
    transitions: Mapping[str, tuple[str, ...]]
    merged: str | None = None  # the state of a duplicate merged into another request
    # Where a message from the requester moves the case, by state (documents asked → review).
    on_reply: Mapping[str, str] = field(default_factory=dict)
    # The closed states its requester may reopen (for REOPEN_DAYS), and the state reopening
    # leads to: "still a problem?" after a report was marked resolved.
    reopens: Mapping[str, str] = field(default_factory=dict)
    # Its cases are what citizens tell the city (a problem, a complaint), so the pulse hears
    # them; an administrative demand (an enrolment, an application) is not an opinion.
    is_voice: bool = True
    _by_code: dict[str, State] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {s.code: s for s in self.states})
        problems = self._problems()
        if problems:
            raise ValueError(f"workflow {self.code!r}: " + "; ".join(problems))

    def _problems(self) -> list[str]:
        known = self._by_code
        problems = [f"unknown state {c!r}" for c in self._named_codes() if c not in known]
        if len(known) != len(self.states):
            problems.append("a state code is declared twice")
        if self.merged and known.get(self.merged, None) and known[self.merged].is_open:
            problems.append("the merge state must be closed")
        problems += [
            f"a reply cannot move {source!r} to {target!r}: not an allowed transition"
            for source, target in self.on_reply.items()
            if not self.can_move(source, target)
        ]
        problems += [
            f"reopening cannot move {source!r} to {target!r}: not an allowed transition"
            for source, target in self.reopens.items()
            if not self.can_move(source, target)
        ]
        return problems

    def _named_codes(self) -> Iterable[str]:
        yield self.initial
        if self.merged:
            yield self.merged
        for source, targets in self.transitions.items():
            yield source
            yield from targets
        for source, target in (*self.on_reply.items(), *self.reopens.items()):
            yield source
            yield target

    def state(self, code: str) -> State:
        """The state `code`; an unknown code (an old row, say) reads as itself, open."""
        return self._by_code.get(code) or State(code, code, "open")

    def label_of(self, code: str) -> str:
        return self.state(code).label

    def can_move(self, source: str, target: str) -> bool:
        return target in self.transitions.get(source, ())

    def next_states(self, source: str) -> list[State]:
        return [self.state(code) for code in self.transitions.get(source, ())]

    def choices(self) -> list[tuple[str, str]]:
        return [(s.code, s.label) for s in self.states]

    def after_reply(self, source: str) -> str | None:
        """The state a requester's message moves a case in `source` to, if any."""
        return self.on_reply.get(source)

    def after_reopening(self, source: str) -> str | None:
        """The state a requester reopening a case in `source` moves it to, if they may."""
        return self.reopens.get(source)


class Registry:
    """The workflows this installation knows, by code."""

    def __init__(self) -> None:
        self._workflows: dict[str, Workflow] = {}
        self._meaning: dict[str, tuple[Open311Status, bool]] = {}

    def register(self, workflow: Workflow) -> Workflow:
        """Declare a workflow; refuses a second one with the same code, or a state code whose
        meaning (open or closed, resolving or not) differs from another workflow's."""
        if workflow.code in self._workflows:
            raise ValueError(f"workflow {workflow.code!r} is already registered")
        for state in workflow.states:
            meaning = (state.open311, state.resolves)
            if self._meaning.get(state.code, meaning) != meaning:
                raise ValueError(
                    f"state {state.code!r} of workflow {workflow.code!r} means something else "
                    "in another workflow (open/closed or resolving): give it another code"
                )
        for state in workflow.states:
            self._meaning[state.code] = (state.open311, state.resolves)
        self._workflows[workflow.code] = workflow
        return workflow

    def get(self, code: str) -> Workflow:
        """The workflow `code`; an unknown one (removed from the code base) reads as a report."""
        return self._workflows.get(code) or self._workflows[REPORT.code]

    def all(self) -> list[Workflow]:
        return list(self._workflows.values())

    def choices(self) -> list[tuple[str, str]]:
        return [(w.code, w.label) for w in self._workflows.values()]

    def codes(self, open311: Open311Status) -> list[str]:
        """Every state code, over every workflow, that Open311 reads as `open311`."""
        return sorted(code for code, (status, _) in self._meaning.items() if status == open311)

    def resolving(self) -> list[str]:
        return sorted(code for code, (_, resolves) in self._meaning.items() if resolves)


workflows = Registry()


def register(workflow: Workflow) -> Workflow:
    return workflows.register(workflow)


def open_states() -> list[str]:
    return workflows.codes("open")


def closed_states() -> list[str]:
    return workflows.codes("closed")


def resolving_states() -> list[str]:
    return workflows.resolving()


REPORT = register(
    Workflow(
        code="signalement",
        label=_("Signalement"),
        states=(
            State("new", _("nouvelle"), "open"),
            State("acknowledged", _("prise en compte"), "open"),
            State("in_progress", _("en cours"), "open"),
            State("resolved", _("résolue"), "closed", resolves=True, needs_public_note=True),
            State("rejected", _("rejetée"), "closed", needs_public_note=True),
            State("duplicate", _("doublon"), "closed"),
        ),
        initial="new",
        transitions={
            "new": ("acknowledged", "in_progress", "resolved", "rejected"),
            "acknowledged": ("in_progress", "resolved", "rejected"),
            "in_progress": ("acknowledged", "resolved", "rejected"),
            "resolved": ("in_progress",),
            "rejected": ("in_progress",),
        },
        merged="duplicate",
        reopens={"resolved": "in_progress"},
    )
)

# An administrative procedure (enrolment, appointment, application…): its decision is
# explained to the requester, who may be asked for documents (answering sends the case back
# to review) or withdraw the demand.
PROCEDURE = register(
    Workflow(
        code="demarche",
        label=_("Démarche administrative"),
        states=(
            State("new", _("déposée"), "open"),
            State("in_review", _("en instruction"), "open"),
            State("awaiting_documents", _("pièces demandées"), "open", needs_public_note=True),
            State("accepted", _("acceptée"), "closed", resolves=True, needs_public_note=True),
            State("refused", _("refusée"), "closed", needs_public_note=True),
            State("withdrawn", _("retirée"), "closed"),
        ),
        initial="new",
        transitions={
            "new": ("in_review", "awaiting_documents", "accepted", "refused", "withdrawn"),
            "in_review": ("awaiting_documents", "accepted", "refused", "withdrawn"),
            "awaiting_documents": ("in_review", "refused", "withdrawn"),
            "accepted": ("in_review",),
            "refused": ("in_review",),
        },
        on_reply={"awaiting_documents": "in_review"},
        is_voice=False,
    )
)

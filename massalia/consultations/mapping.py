"""The opinion map as people read it: the drawing (an SVG made here, on the server) and the
same things in words, from one stored computation (`OpinionGroups`).

Each group has a colour and a shape, so the map does not rely on colour alone; all the points
of a group are one SVG path, so a few hundred participants weigh a few kilobytes. Past
`MAX_POINTS`, an even sample of each group is drawn (the page says so); the sizes and the
words always count everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from massalia.consultations.models import OpinionGroups, Statement

WIDTH, HEIGHT, MARGIN = 600, 400, 24
MAX_POINTS = 400
# Okabe–Ito colours, told apart with the common colour-vision deficiencies.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00")
SHAPES = ("circle", "square", "triangle", "diamond", "cross")


@dataclass(frozen=True)
class Said:
    """A statement with the share of people (of a group, or of everyone) who said so."""

    text: str
    direction: str  # "agree" or "disagree"
    percent: int
    voters: int


@dataclass(frozen=True)
class Group:
    number: int
    letter: str
    colour: str
    shape: str
    size: int
    drawn: int
    path: str  # every drawn point of the group, one subpath each
    representative: tuple[Said, ...]
    centre: tuple[int, int]  # where the group's letter is written on the drawing

    @property
    def swatch(self) -> str:
        """The group's shape alone, for the legend (a 16 × 16 drawing)."""
        return marker(self.shape, 8, 8, 5)


@dataclass(frozen=True)
class OpinionMapView:
    groups: tuple[Group, ...]
    consensus: tuple[Said, ...]
    participants: int
    drawn: int
    you: tuple[int, int] | None  # where the signed-in participant is drawn
    your_group: Group | None
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def sampled(self) -> bool:
        return self.drawn < self.participants


def marker(shape: str, x: float, y: float, r: float = 4.0) -> str:
    """One point as an SVG subpath of `shape`, centred on (x, y)."""
    x, y = round(x, 1), round(y, 1)
    d = 2 * r
    if shape == "square":
        return f"M{x - r:g} {y - r:g}h{d:g}v{d:g}h-{d:g}z"
    if shape == "triangle":
        return f"M{x:g} {y - r - 1:g}l{r + 1:g} {d:g}h-{d + 2:g}z"
    if shape == "diamond":
        return f"M{x:g} {y - r - 1:g}l{r + 1:g} {r + 1:g}-{r + 1:g} {r + 1:g}-{r + 1:g}-{r + 1:g}z"
    if shape == "cross":
        a = r / 3
        return (
            f"M{x - a:g} {y - r:g}h{2 * a:g}v{r - a:g}h{r - a:g}v{2 * a:g}h-{r - a:g}"
            f"v{r - a:g}h-{2 * a:g}v-{r - a:g}h-{r - a:g}v-{2 * a:g}h{r - a:g}z"
        )
    return f"M{x - r:g} {y:g}a{r:g} {r:g} 0 1 0 {d:g} 0a{r:g} {r:g} 0 1 0-{d:g} 0"


def _scale(placements: dict[str, list[float]]) -> Any:
    """A function from component coordinates to the drawing's, keeping the aspect ratio."""
    xs = [p[1] for p in placements.values()] or [0.0]
    ys = [p[2] for p in placements.values()] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    unit = min(WIDTH, HEIGHT) - 2 * MARGIN
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def to_svg(x: float, y: float) -> tuple[float, float]:
        # y grows downwards in SVG: flipped, so "up" on the map is up in the components.
        return WIDTH / 2 + (x - cx) / span * unit, HEIGHT / 2 - (y - cy) / span * unit

    return to_svg


def _sample(members: list[str], keep: int) -> list[str]:
    """An even, repeatable sample of `keep` of a group's members (sorted by id)."""
    if len(members) <= keep:
        return members
    step = len(members) / keep
    return [members[int(i * step)] for i in range(keep)]


def _said(items: list[dict[str, Any]], texts: dict[int, str]) -> tuple[Said, ...]:
    return tuple(
        Said(texts[item["statement"]], item["direction"], round(item["share"] * 100),
             item["voters"])
        for item in items
        if item["statement"] in texts
    )  # fmt: skip


def opinion_map(computation: OpinionGroups, participant_id: int | None = None) -> OpinionMapView:
    """The drawing and its words for one computation, seen by `participant_id` (or nobody)."""
    placements: dict[str, list[float]] = computation.placements
    to_svg = _scale(placements)
    texts = dict(
        Statement.objects.filter(conversation_id=computation.conversation_id).values_list(
            "pk", "text"
        )
    )
    members: dict[int, list[str]] = {}
    for who in sorted(placements, key=lambda k: (len(k), k)):
        members.setdefault(int(placements[who][0]), []).append(who)
    ratio = min(1.0, MAX_POINTS / max(len(placements), 1))
    groups = []
    for number in sorted(members):
        shape = SHAPES[number % len(SHAPES)]
        drawn = _sample(members[number], max(1, round(len(members[number]) * ratio)))
        spots = [to_svg(*placements[who][1:3]) for who in drawn]
        path = "".join(marker(shape, x, y) for x, y in spots)
        centre = (round(sum(x for x, _ in spots) / len(spots)),
                  round(sum(y for _, y in spots) / len(spots)))  # fmt: skip
        groups.append(
            Group(
                number, chr(ord("A") + number), COLOURS[number % len(COLOURS)], shape,
                len(members[number]), len(drawn), path,
                _said(computation.representative.get(str(number), []), texts), centre,
            )
        )  # fmt: skip
    mine = placements.get(str(participant_id)) if participant_id is not None else None
    you = None
    your_group = None
    if mine is not None:
        x, y = to_svg(mine[1], mine[2])
        you = (round(x), round(y))
        your_group = next(g for g in groups if g.number == int(mine[0]))
    return OpinionMapView(
        groups=tuple(groups), consensus=_said(computation.consensus, texts),
        participants=len(placements), drawn=sum(g.drawn for g in groups),
        you=you, your_group=your_group,
    )  # fmt: skip

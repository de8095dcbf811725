"""Vote files: CSV with the columns `participant,statement,vote` (named in the header, in any
order, other columns ignored), so the opinion map can be checked on any export."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from massalia.consultations.opinions import VoteError

COLUMNS = ("participant", "statement", "vote")
VOTES = {"1": 1, "+1": 1, "0": 0, "-1": -1}


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str


def read_votes(lines: Iterable[str]) -> tuple[list[tuple[str, str, int]], list[BadRow]]:
    """The votes of a CSV text and the rows refused with their line numbers. Raises VoteError
    when the file has no header or the header lacks a column."""
    reader = csv.reader(lines)
    header = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise VoteError(
            f"colonne(s) manquante(s) : {', '.join(missing)} (attendu : {','.join(COLUMNS)})"
        )
    who, what, how = (header.index(name) for name in COLUMNS)
    width = max(who, what, how) + 1
    votes: list[tuple[str, str, int]] = []
    bad: list[BadRow] = []
    for row in reader:
        if len(row) >= width and row[how] in VOTES and row[who] and row[what]:
            votes.append((row[who], row[what], VOTES[row[how]]))  # the usual row, kept fast
        elif any(cell.strip() for cell in row):
            reason = _refusal(row, width, who, what, how)
            if reason:
                bad.append(BadRow(reader.line_num, reason))
            else:
                votes.append((row[who].strip(), row[what].strip(), VOTES[row[how].strip()]))
    return votes, bad


def _refusal(row: list[str], width: int, who: int, what: int, how: int) -> str | None:
    """Why a row is refused, or None when it only had spaces around its cells."""
    if len(row) < width:
        return f"{len(row)} colonne(s), il en faut au moins {width}"
    if not row[who].strip():
        return "participant manquant"
    if not row[what].strip():
        return "proposition manquante"
    vote = row[how].strip()
    if vote not in VOTES:
        return f"vote « {vote[:40]} » illisible (1 d'accord, -1 pas d'accord, 0 passe)"
    return None

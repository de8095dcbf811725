"""The opinion map: groups of participants who vote alike, computed from votes alone.

Pol.is' method, on a sparse matrix so that ten thousand participants and a thousand statements
fit in a few megabytes: each participant votes agree (1), disagree (-1) or pass (0) on the
statements shown to them; only participants with at least `MIN_VOTES` votes are placed on the
map. A statement's votes are centred by its mean over those who voted on it, and a statement
not voted counts as that mean (0 once centred), so the matrix stays sparse. A truncated SVD
gives the principal components: as many as separate the groups (those before the largest drop
in explained variance, at least two; the first two draw the map). A participant who voted on
few statements sits near the centre for lack of information, so each projection is scaled by
sqrt(statements / votes cast). k-means then forms the groups, with k chosen among 2 to 5 by
the silhouette (measured on a seeded sample when there are many participants), and the
groups keep their labels from one computation to the next: their centroids (the mean centred
vote on each statement) are matched to the previous ones by the Hungarian algorithm.

Each group's representative statements are those its members agree (or disagree) with more
than the others do, both differences significant at 90 %; consensus statements are those
every group agrees (or disagrees) with, significantly in each. No database here: the
consultation's task gives the votes and stores what comes back.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.utils.extmath import randomized_svd
from threadpoolctl import threadpool_limits

AGREE, PASS, DISAGREE = 1, 0, -1
MIN_VOTES = 7  # Pol.is' threshold: fewer votes say too little about a participant
GROUP_COUNTS = range(2, 6)
MAX_COMPONENTS = 5  # four components separate five groups; one more reads the noise's level
SILHOUETTE_SAMPLE = 2000  # beyond, the silhouette is measured on a sample (it is quadratic)
Z_90 = 1.2816  # one-sided 90 % for the proportion tests, as Pol.is
KMEANS_STARTS = 4  # k-means++ starts per k, the best kept
PICK = 5  # representative statements per group, consensus statements per direction

Key = Hashable
Direction = Literal["agree", "disagree"]
Profiles = Mapping[int, Mapping[Any, float]]  # group label → statement → mean centred vote


class VoteError(ValueError):
    """Votes the computation cannot take; the message is French, for people."""


@dataclass(frozen=True)
class StatementShare:
    """A statement singled out for a group (or for all): who agreed, how many voted."""

    statement: Key
    direction: Direction
    share: float  # (agreeing or disagreeing + 1) / (voters + 2), Pol.is' smoothed share
    voters: int


@dataclass(frozen=True)
class OpinionMap:
    """The groups of one computation: each placed participant's group and map position, the
    groups' centroids over the statements (for the next computation's labels), their
    representative statements, and the consensus across them."""

    participants: tuple[Key, ...]
    statements: tuple[Key, ...]
    labels: NDArray[np.int64]  # the group of each participant, in `participants` order
    coordinates: NDArray[np.float64]  # the two first scaled components: the map
    components: int
    explained_variance: tuple[float, ...]  # share of the total, of each component kept
    silhouette: float
    centroids: dict[int, NDArray[np.float64]]  # group → mean centred vote per statement
    representative: dict[int, tuple[StatementShare, ...]]
    consensus: tuple[StatementShare, ...]

    @property
    def groups(self) -> dict[Key, int]:
        return dict(zip(self.participants, self.labels.tolist(), strict=True))

    def profiles(self) -> dict[int, dict[Key, float]]:
        """The centroids by statement, to keep and give back as `previous` next time."""
        return {
            group: dict(zip(self.statements, centroid.tolist(), strict=True))
            for group, centroid in self.centroids.items()
        }


@dataclass(frozen=True)
class _Matrix:
    participants: tuple[Key, ...]
    statements: tuple[Key, ...]
    votes: sparse.csr_matrix  # vote + 2 (so a pass is stored: 1 disagree, 2 pass, 3 agree)

    def seen(self) -> sparse.csr_matrix:
        return _indicator(self.votes, self.votes.data > 0)

    def agreed(self) -> sparse.csr_matrix:
        return _indicator(self.votes, self.votes.data == AGREE + 2)

    def disagreed(self) -> sparse.csr_matrix:
        return _indicator(self.votes, self.votes.data == DISAGREE + 2)


def opinion_groups(
    votes: Iterable[tuple[Key, Key, int]], *, previous: Profiles | None = None, seed: int = 0
) -> OpinionMap:
    """The opinion map of these (participant, statement, vote) votes; a participant's last
    vote on a statement counts. `previous` (an earlier map's `profiles()`) keeps the labels
    of groups that are still there. Raises VoteError when fewer than three participants have
    enough votes to form two groups."""
    with threadpool_limits(1):  # small blocks: threads cost more than they bring, on a busy host
        return _opinion_groups(votes, previous, seed)


def _opinion_groups(
    votes: Iterable[tuple[Key, Key, int]], previous: Profiles | None, seed: int
) -> OpinionMap:
    matrix = _kept(_matrix(votes))
    if len(matrix.participants) < 3:
        raise VoteError(
            f"{len(matrix.participants)} participant(s) avec au moins {MIN_VOTES} votes : "
            "il en faut au moins 3 pour former des groupes"
        )
    centred = _centred(matrix)
    projections, variance = _projections(centred, matrix, seed)
    raw, silhouette = _clusters(projections, seed)
    raw_centroids = _centroids(centred, raw)
    labels, centroids = _stable_labels(raw, raw_centroids, matrix.statements, previous)
    stats = _group_counts(matrix, labels, sorted(centroids))
    return OpinionMap(
        participants=matrix.participants,
        statements=matrix.statements,
        labels=labels,
        coordinates=projections[:, :2],
        components=projections.shape[1],
        explained_variance=tuple(round(float(v), 6) for v in variance),
        silhouette=silhouette,
        centroids=centroids,
        representative=_representative(stats, matrix.statements),
        consensus=_consensus(stats, matrix.statements),
    )


def _matrix(votes: Iterable[tuple[Key, Key, int]]) -> _Matrix:
    """The sparse participant × statement matrix, the last vote of each pair kept."""
    triples = votes if isinstance(votes, list) else list(votes)
    who, what, how = (list(map(itemgetter(i), triples)) for i in range(3))
    if not set(how) <= {AGREE, PASS, DISAGREE}:
        wrong = next(v for v in how if v not in (AGREE, PASS, DISAGREE))
        raise VoteError(f"vote {wrong!r} : 1, 0 ou -1 attendu")
    people, rows = _indexed(who)
    statements, cols = _indexed(what)
    row, col = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    value = np.asarray(how, np.int8) + np.int8(2)
    # The last vote on a pair wins: unique on the reversed list keeps each pair's last one.
    _, last = np.unique((row * max(len(statements), 1) + col)[::-1], return_index=True)
    keep = len(row) - 1 - last
    shape = (len(people), len(statements))
    votes_matrix = sparse.csr_matrix((value[keep], (row[keep], col[keep])), shape=shape)
    return _Matrix(people, statements, votes_matrix)


def _indexed(keys: list[Key]) -> tuple[tuple[Key, ...], list[int]]:
    """The distinct keys in order of first appearance, and each key's position among them."""
    distinct = tuple(dict.fromkeys(keys))
    position = {key: i for i, key in enumerate(distinct)}
    return distinct, list(map(position.__getitem__, keys))


def _kept(matrix: _Matrix) -> _Matrix:
    """Only the participants with at least MIN_VOTES votes (a pass counts)."""
    counts = np.diff(matrix.votes.indptr)
    rows = np.flatnonzero(counts >= MIN_VOTES)
    kept = tuple(matrix.participants[i] for i in rows)
    return _Matrix(kept, matrix.statements, matrix.votes[rows])


def _indicator(votes: sparse.csr_matrix, where: NDArray[np.bool_]) -> sparse.csr_matrix:
    marks = sparse.csr_matrix((where.astype(np.float64), votes.indices, votes.indptr), votes.shape)
    marks.eliminate_zeros()
    return marks


def _centred(matrix: _Matrix) -> sparse.csr_matrix:
    """Votes minus their statement's mean over its voters; a missing vote stays 0."""
    votes = matrix.votes.astype(np.float64)
    votes.data -= 2.0
    voters = np.bincount(votes.indices, minlength=votes.shape[1])
    sums = np.bincount(votes.indices, weights=votes.data, minlength=votes.shape[1])
    means = sums / np.maximum(voters, 1)
    votes.data -= means[votes.indices]
    return votes


def _projections(
    centred: sparse.csr_matrix, matrix: _Matrix, seed: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Each participant's scaled coordinates on the components kept, and their shares of the
    total variance."""
    n, m = centred.shape
    wanted = min(MAX_COMPONENTS + 1, n - 1, m)
    if wanted < 2:
        raise VoteError("il faut au moins 2 propositions votées pour dessiner la carte")
    u, s, _ = randomized_svd(centred, wanted, n_iter=7, random_state=seed)
    total = float(centred.multiply(centred).sum()) or 1.0
    variance = s**2 / total
    kept = _components(variance)
    coordinates = u[:, :kept] * s[:kept]
    cast = np.diff(matrix.votes.indptr)
    coordinates *= np.sqrt(m / cast)[:, None]
    return coordinates, variance[:kept]


def _components(variance: NDArray[np.float64]) -> int:
    """How many components separate the groups: those before the largest relative drop in
    explained variance (past it, the components read noise), at least two."""
    if len(variance) <= 2:
        return len(variance)
    drops = variance[:-1] / np.maximum(variance[1:], 1e-12)
    return max(2, int(np.argmax(drops[:MAX_COMPONENTS])) + 1)


def _clusters(points: NDArray[np.float64], seed: int) -> tuple[NDArray[np.int64], float]:
    """k-means for each k of GROUP_COUNTS, the one with the best silhouette kept."""
    sample = min(len(points), SILHOUETTE_SAMPLE)
    best: tuple[float, NDArray[np.int64]] | None = None
    for k in GROUP_COUNTS:
        if k >= len(points):
            break
        found = KMeans(k, n_init=KMEANS_STARTS, random_state=seed).fit_predict(points)
        labels = np.unique(found, return_inverse=True)[1]  # 0…n-1, should a cluster be empty
        if labels.max() < 1:
            continue
        score = float(silhouette_score(points, labels, sample_size=sample, random_state=seed))
        if best is None or score > best[0] + 1e-9:
            best = (score, labels.astype(np.int64))
    if best is None:
        raise VoteError("les votes ne séparent aucun groupe (tous les participants votent pareil)")
    return best[1], best[0]


def _centroids(centred: sparse.csr_matrix, labels: NDArray[np.int64]) -> list[NDArray[np.float64]]:
    """Each group's mean centred vote on each statement (a missing vote counting 0)."""
    k = int(labels.max()) + 1
    members = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    sums = np.asarray((members @ centred).todense())
    sizes = np.bincount(labels, minlength=k)
    return [sums[g] / max(sizes[g], 1) for g in range(k)]


def _stable_labels(
    labels: NDArray[np.int64],
    centroids: list[NDArray[np.float64]],
    statements: tuple[Key, ...],
    previous: Profiles | None,
) -> tuple[NDArray[np.int64], dict[int, NDArray[np.float64]]]:
    """Labels matched to the previous groups' (the nearest centroids over the statements
    both know, by the Hungarian algorithm); groups new this time take the smallest free
    labels, the largest group first. Without previous groups, the largest is group 0."""
    order = np.argsort(-np.bincount(labels), kind="stable")
    names: dict[int, int] = {}
    if previous:
        old = sorted(previous)
        costs = np.array([[_distance(c, previous[o], statements) for o in old]
                          for c in centroids])  # fmt: skip
        for new, matched in zip(*linear_sum_assignment(costs), strict=True):
            names[int(new)] = old[int(matched)]
    free = (label for label in range(len(centroids) + len(names) + 1) if label not in
            names.values())  # fmt: skip
    for group in order.tolist():
        if group not in names:
            names[group] = next(free)
    mapping = np.array([names[g] for g in range(len(centroids))])
    return mapping[labels], {names[g]: centroids[g] for g in range(len(centroids))}


def _distance(centroid: NDArray[np.float64], old: Mapping[Key, float],
              statements: tuple[Key, ...]) -> float:  # fmt: skip
    known = [(i, old[s]) for i, s in enumerate(statements) if s in old]
    if not known:
        return 0.0
    index, values = zip(*known, strict=True)
    return float(np.linalg.norm(centroid[list(index)] - np.asarray(values)))


@dataclass(frozen=True)
class _Counts:
    """Per group (rows, in `groups` order) and statement: voters, agreeing, disagreeing."""

    groups: list[int]
    seen: NDArray[np.float64]
    agree: NDArray[np.float64]
    disagree: NDArray[np.float64]


def _group_counts(matrix: _Matrix, labels: NDArray[np.int64], groups: list[int]) -> _Counts:
    position = {g: i for i, g in enumerate(groups)}
    rows = np.array([position[int(g)] for g in labels])
    members = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, np.arange(len(rows)))), shape=(len(groups), len(rows))
    )

    def per_group(marks: sparse.csr_matrix) -> NDArray[np.float64]:
        return np.asarray((members @ marks).todense(), dtype=np.float64)

    return _Counts(
        groups, per_group(matrix.seen()), per_group(matrix.agreed()),
        per_group(matrix.disagreed()),
    )  # fmt: skip


def _directions(counts: _Counts) -> tuple[tuple[Direction, NDArray[np.float64]], ...]:
    return (("agree", counts.agree), ("disagree", counts.disagree))


def _share(hits: NDArray[np.float64], voters: NDArray[np.float64]) -> NDArray[np.float64]:
    return (hits + 1) / (voters + 2)


def _proportion_z(hits: NDArray[np.float64], voters: NDArray[np.float64]) -> NDArray[np.float64]:
    """Pol.is' test that a share is above one half (with one pseudo-count)."""
    return 2 * np.sqrt(voters + 1) * ((hits + 1) / (voters + 1) - 0.5)


def _two_proportion_z(
    hits: NDArray[np.float64], voters: NDArray[np.float64],
    hits_out: NDArray[np.float64], voters_out: NDArray[np.float64],
) -> NDArray[np.float64]:  # fmt: skip
    """z of the difference between a group's share and the others' (pooled, pseudo-counts)."""
    h1, n1, h2, n2 = hits + 1, voters + 2, hits_out + 1, voters_out + 2
    pooled = (h1 + h2) / (n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return np.where(spread > 0, (h1 / n1 - h2 / n2) / np.maximum(spread, 1e-12), 0.0)


def _representative(
    counts: _Counts, statements: tuple[Key, ...]
) -> dict[int, tuple[StatementShare, ...]]:
    """For each group, up to PICK statements on which its members agree (or disagree) more
    than the others, significantly: the share above one half and above the others' share,
    ranked by Pol.is' metric (ratio × its z × share × its z)."""
    found: dict[int, tuple[StatementShare, ...]] = {}
    seen_all = counts.seen.sum(axis=0)
    for i, group in enumerate(counts.groups):
        candidates: list[tuple[float, StatementShare]] = []
        for direction, hits in _directions(counts):
            n, h = counts.seen[i], hits[i]
            n_out, h_out = seen_all - n, hits.sum(axis=0) - h
            share, ratio = _share(h, n), _share(h, n) / _share(h_out, n_out)
            z, z_ratio = _proportion_z(h, n), _two_proportion_z(h, n, h_out, n_out)
            metric = ratio * z_ratio * share * z
            for j in np.flatnonzero((z > Z_90) & (z_ratio > Z_90)).tolist():
                item = StatementShare(
                    statements[j], direction, round(float(share[j]), 4), int(n[j])
                )
                candidates.append((float(metric[j]), item))
        candidates.sort(key=lambda pair: -pair[0])
        found[group] = tuple(item for _, item in candidates[:PICK])
    return found


def _consensus(counts: _Counts, statements: tuple[Key, ...]) -> tuple[StatementShare, ...]:
    """Up to PICK statements per direction that every group agrees (or disagrees) with,
    significantly in each group, ranked by the product of the groups' shares (Pol.is'
    group-aware consensus)."""
    chosen: list[StatementShare] = []
    voters = counts.seen.sum(axis=0)
    for direction, hits in _directions(counts):
        everywhere = (_proportion_z(hits, counts.seen) > Z_90).all(axis=0)
        product = np.prod(_share(hits, counts.seen), axis=0)
        overall = _share(hits.sum(axis=0), voters)
        ranked = sorted(np.flatnonzero(everywhere).tolist(), key=lambda j: -product[j])
        chosen += [
            StatementShare(statements[j], direction, round(float(overall[j]), 4), int(voters[j]))
            for j in ranked[:PICK]
        ]
    return tuple(chosen)

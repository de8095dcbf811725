"""Hand-built votes: three groups who each vote on twenty statements.

On s1–s16 the groups differ, two statements at a time: A agrees with s1–s8 and disagrees with
s9–s16, B the opposite, C agrees with s1–s4 and s9–s12 and disagrees with the others; everyone
agrees with s17–s20. Each member goes against their group on one statement of s1–s16 and
passes on another (which ones change from member to member), so that members vote alike
without voting the same."""

STANCES = {
    "A": [1, 1, 1, 1, -1, -1, -1, -1],
    "B": [-1, -1, -1, -1, 1, 1, 1, 1],
    "C": [1, 1, -1, -1, 1, 1, -1, -1],
}
# A fourth group, for the maps that need a third component: it splits each pair of blocks.
WITH_D = {**STANCES, "D": [1, -1, 1, -1, 1, -1, 1, -1]}
DIVIDING = [f"s{i}" for i in range(1, 17)]
SHARED = [f"s{i}" for i in range(17, 21)]


def stance(group: str, statement: str) -> int:
    """How a group votes on a dividing statement (1 agree, -1 disagree)."""
    return WITH_D[group][DIVIDING.index(statement) // 2]


def member(group: str, number: int) -> str:
    return f"{group}{number}"


def votes_of(group: str, number: int) -> list[tuple[str, str, int]]:
    who = member(group, number)
    votes = [stance(group, statement) for statement in DIVIDING]
    against, passed = (number * 5) % 16, (number * 7 + 3) % 16
    votes[against] = -votes[against]
    votes[passed] = 0
    own = [(who, statement, vote) for statement, vote in zip(DIVIDING, votes, strict=True)]
    return own + [(who, statement, 1) for statement in SHARED]


def three_groups(
    size: int = 10, sizes: dict[str, int] | None = None, groups: str = "ABC"
) -> list[tuple[str, str, int]]:
    sizes = sizes or {}
    return [
        vote
        for group in groups
        for number in range(sizes.get(group, size))
        for vote in votes_of(group, number)
    ]


def truth(votes: list[tuple[str, str, int]]) -> dict[str, str]:
    return {who: who[0] for who, _, _ in votes}

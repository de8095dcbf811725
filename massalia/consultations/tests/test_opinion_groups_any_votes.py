"""On any votes at all, the computation either places every participant with 7 votes in a
group, or says in words why it cannot."""

from hypothesis import given, settings
from hypothesis import strategies as st

from massalia.consultations.opinions import MIN_VOTES, VoteError, opinion_groups

VOTES = st.lists(
    st.tuples(st.integers(0, 12), st.integers(0, 15), st.sampled_from([1, 0, -1])), max_size=250
)


@settings(max_examples=60, deadline=None)
@given(VOTES)
def test_any_votes_are_grouped_or_refused_in_words(votes):
    last = {(who, what): vote for who, what, vote in votes}
    counts: dict[int, int] = {}
    for who, _ in last:
        counts[who] = counts.get(who, 0) + 1
    placed = {who for who, n in counts.items() if n >= MIN_VOTES}
    try:
        result = opinion_groups(votes)
    except VoteError as exc:
        assert str(exc)
        return
    assert set(result.participants) == placed
    assert set(result.labels.tolist()) == set(result.centroids) == set(result.representative)
    assert result.coordinates.shape == (len(placed), 2)

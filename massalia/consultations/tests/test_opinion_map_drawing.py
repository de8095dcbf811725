"""The drawing of the map: every group a shape of its own, an even sample past MAX_POINTS
(said on the page), while the sizes and words count everyone."""

from __future__ import annotations

import re

import pytest

from massalia.consultations import mapping
from massalia.consultations.models import OpinionGroups

pytestmark = pytest.mark.django_db


def computation(debate, per_group: int, groups: int = 3) -> OpinionGroups:
    placements = {
        str(1000 + g * per_group + i): [g, g * 2.0 + i / per_group, (-1.0) ** g * i / per_group]
        for g in range(groups)
        for i in range(per_group)
    }
    s17 = debate.statements["s17"].pk
    return OpinionGroups.objects.create(
        conversation=debate.conversation, participants=len(placements), statements=20,
        groups=groups, components=2, silhouette=0.5, placements=placements,
        representative={"0": [{"statement": s17, "direction": "agree", "share": 0.9,
                               "voters": per_group}]},
        consensus=[{"statement": s17, "direction": "agree", "share": 0.8, "voters": 30}],
    )  # fmt: skip


def points(path: str) -> int:
    return len(re.findall(r"M", path))


def test_each_group_has_its_own_shape_and_colour(debate):
    view = mapping.opinion_map(computation(debate, per_group=10))
    assert len({g.shape for g in view.groups}) == len({g.colour for g in view.groups}) == 3
    assert [points(g.path) for g in view.groups] == [10, 10, 10]
    assert not view.sampled and view.you is None


def test_past_the_limit_an_even_sample_is_drawn_and_everyone_counted(debate):
    view = mapping.opinion_map(computation(debate, per_group=500))
    assert view.participants == 1500 and view.sampled
    assert view.drawn <= mapping.MAX_POINTS + 3
    assert [g.size for g in view.groups] == [500, 500, 500]
    assert all(points(g.path) == g.drawn for g in view.groups)


def test_the_participant_is_placed_and_their_group_named(debate):
    view = mapping.opinion_map(computation(debate, per_group=10), participant_id=1012)
    assert view.your_group is not None and view.your_group.letter == "B"
    x, y = view.you
    assert 0 <= x <= mapping.WIDTH and 0 <= y <= mapping.HEIGHT


def test_the_words_name_the_statements_with_their_share(debate):
    view = mapping.opinion_map(computation(debate, per_group=10))
    [said] = view.groups[0].representative
    assert (said.text, said.direction, said.percent) == ("Proposition s17", "agree", 90)
    assert view.consensus[0].percent == 80


def test_every_point_lies_inside_the_drawing(debate):
    view = mapping.opinion_map(computation(debate, per_group=50))
    for group in view.groups:
        for x, y in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", group.path):
            assert -6 <= float(x) <= mapping.WIDTH + 6 and -6 <= float(y) <= mapping.HEIGHT + 6

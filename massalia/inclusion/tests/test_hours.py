from massalia.inclusion import hours
from massalia.inclusion.tests.conftest import MONDAY_MORNING, MONDAY_NIGHT

EXAMPLE = "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00"


def test_it_says_open_or_closed_at_a_given_time():
    assert hours.is_open(EXAMPLE, MONDAY_MORNING) is True
    assert hours.is_open(EXAMPLE, MONDAY_NIGHT) is False


def test_it_says_unknown_for_missing_or_unreadable_hours():
    assert hours.is_open("", MONDAY_MORNING) is None
    assert hours.is_open("quand on peut", MONDAY_MORNING) is None


def test_it_writes_the_week_in_french():
    week = hours.week(EXAMPLE, MONDAY_MORNING)
    assert [d.name for d in week][:2] == ["lundi", "mardi"]
    assert week[0].today and week[0].ranges == ["9 h 00 – 12 h 00", "14 h 00 – 18 h 30"]
    assert week[5].ranges == ["8 h 30 – 12 h 00"] and week[6].ranges == []

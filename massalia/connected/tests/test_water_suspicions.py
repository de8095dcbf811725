"""Each kind of suspicion on hand-made series, and what must not raise one."""

import random
from datetime import timedelta

from massalia.connected.water import Kind, Reading, Rules, detect

from .series import at, hourly, household_day


def kinds(readings, rules=None, **kwargs):
    return [(e.kind, e.start, e.end) for e in detect(readings, rules, **kwargs)]


def only(kind, episodes):
    return [e for e in episodes if e.kind is kind]


def abnormal(readings, rules=None, **kwargs):
    return only(Kind.ABNORMAL_CONSUMPTION, detect(readings, rules, **kwargs))


def test_a_household_without_a_leak_raises_nothing():
    assert detect(hourly("2025-03-03 00:00", household_day() * 14)) == []


def test_a_day_of_continuous_flow_is_a_leak():
    flows = household_day() + [6] * 30 + [0] * 18  # a toilet runs 30 hours from Tuesday 00:00
    episodes = detect(hourly("2025-03-03 00:00", flows))
    leaks = [e for e in episodes if e.kind is Kind.LEAK]
    assert [(e.start, e.end, e.litres) for e in leaks] == [
        (at("2025-03-04 00:00"), at("2025-03-05 06:00"), 180)
    ]
    assert not leaks[0].ongoing


def test_twenty_three_hours_of_flow_are_not_a_leak():
    flows = [0] + [6] * 23 + [0]
    assert [e for e in detect(hourly("2025-03-03 00:00", flows)) if e.kind is Kind.LEAK] == []


def test_one_quiet_hour_breaks_the_flow():
    flows = [6] * 20 + [0.5] + [6] * 20  # under a litre in one hour: the water stopped
    assert kinds(hourly("2025-03-03 06:00", flows)) == []


def test_a_leak_still_running_at_the_last_reading_is_ongoing():
    (leak,) = [e for e in detect(hourly("2025-03-03 12:00", [8] * 30)) if e.kind is Kind.LEAK]
    assert leak.ongoing
    assert leak.end == at("2025-03-04 18:00")


def test_a_leak_is_found_in_rows_given_in_any_order():
    readings = hourly("2025-03-03 00:00", household_day() + [6] * 30 + [0] * 18)
    shuffled = readings + readings[10:20]
    random.Random(7).shuffle(shuffled)
    assert kinds(shuffled) == kinds(readings)


def test_a_long_gap_is_no_evidence_of_a_leak():
    readings = hourly("2025-03-03 00:00", [6] * 30)
    holed = readings[:12] + readings[17:]  # five hours without readings in the middle
    assert only(Kind.LEAK, detect(holed)) == []


def test_a_leak_across_a_short_gap_is_still_a_leak():
    readings = hourly("2025-03-03 00:00", [6] * 30)
    holed = readings[:12] + readings[14:]  # one reading lost: three hours between two
    assert [e.kind for e in only(Kind.LEAK, detect(holed))] == [Kind.LEAK]


def test_a_reset_of_the_index_is_neither_a_backflow_nor_a_leak_of_its_own():
    before = hourly("2025-03-03 00:00", household_day(), index=480_000)
    after = hourly("2025-03-04 00:00", household_day(), index=0)  # meter replaced at midnight
    assert kinds(before + after) == []


def test_a_leak_goes_on_across_a_reset():
    before = hourly("2025-03-03 00:00", [6] * 15, index=480_000)
    after = hourly("2025-03-03 15:00", [6] * 15, index=0)[1:]  # reset at 15:00, 6 L since
    leaks = only(Kind.LEAK, detect(before + after))
    assert [(e.start, e.end) for e in leaks] == [(at("2025-03-03 00:00"), at("2025-03-04 06:00"))]


def test_every_hour_of_the_night_with_flow_is_a_night_flow():
    day = household_day()
    night = day[:]
    night[1:5] = [15, 15, 15, 15]  # 01:00 to 05:00 in Paris
    episodes = detect(hourly("2025-03-03 00:00", day + night + night + day))
    assert [(e.kind, e.start, e.end) for e in episodes] == [
        (Kind.NIGHT_FLOW, at("2025-03-04 01:00"), at("2025-03-05 05:00"))
    ]
    assert episodes[0].litres == 120


def test_one_machine_run_at_night_is_not_a_night_flow():
    night = household_day()
    night[2] = 60  # a dishwasher on the off-peak hours
    assert kinds(hourly("2025-03-03 00:00", night * 3)) == []


def test_the_night_is_the_local_night_in_summer_too():
    night = household_day()
    night[1:5] = [15, 15, 15, 15]
    (episode,) = detect(hourly("2025-07-07 00:00", night))
    assert (episode.kind, episode.start) == (Kind.NIGHT_FLOW, at("2025-07-07 01:00"))


def test_an_index_going_back_is_a_backflow():
    readings = hourly("2025-03-03 00:00", [5, -4, -3, 5, 5, -2, 5])
    episodes = detect(readings)
    assert [(e.kind, e.start, e.end, e.litres) for e in episodes] == [
        (Kind.BACKFLOW, at("2025-03-03 01:00"), at("2025-03-03 03:00"), 7),
        (Kind.BACKFLOW, at("2025-03-03 05:00"), at("2025-03-03 06:00"), 2),
    ]


def test_a_backflow_under_the_threshold_is_a_meter_jitter():
    readings = hourly("2025-03-03 00:00", [5, -0.5, 5])
    assert kinds(readings) == []


def test_a_rollover_is_no_backflow():
    rules = Rules(register_litres=1_000_000)
    readings = [
        Reading("M1", at("2025-03-03 00:00"), 999_990),
        Reading("M1", at("2025-03-03 01:00"), 3),
    ]
    assert kinds(readings, rules) == []


def years_of(litres_per_day, *, start="2022-01-01 00:00", days=3 * 365):
    return hourly(start, [litres_per_day / 24] * (24 * days))


def test_a_month_over_twice_the_usual_is_abnormal():
    past = years_of(300, start="2022-03-01 00:00", days=3 * 365 + 1)  # to 1 March 2025
    end = past[-1].index_litres
    march = hourly("2025-03-01 00:00", [700 / 24] * 24 * 31, index=end)  # a pool being filled
    (episode,) = abnormal(march, history=past)
    assert episode.kind is Kind.ABNORMAL_CONSUMPTION
    assert (episode.start, episode.end) == (at("2025-03-01 00:00"), at("2025-04-01 00:00"))
    assert round(episode.litres) == round(700 / 24 * (31 * 24 - 1))  # clocks forward on the 30th
    assert round(episode.reference_litres) == round(300 / 24 * (31 * 24 - 1))


def test_a_month_under_twice_the_usual_is_normal():
    past = years_of(300, start="2022-03-01 00:00", days=3 * 365 + 1)
    march = hourly("2025-03-01 00:00", [550 / 24] * 24 * 31, index=past[-1].index_litres)
    assert abnormal(march, history=past) == []


def test_the_same_period_of_past_years_is_the_reference():
    # The household waters its garden in July: July is compared with past Julys only.
    past = []
    index = 0.0
    for year in (2023, 2024):
        spring = hourly(f"{year}-06-01 00:00", [300 / 24] * 24 * 30, index=index)
        summer = hourly(f"{year}-07-01 00:00", [900 / 24] * 24 * 31, index=spring[-1].index_litres)
        past += spring + summer
        index = summer[-1].index_litres
    july = hourly("2025-07-01 00:00", [1000 / 24] * 24 * 31, index=index)
    assert abnormal(july, history=past) == []


def test_the_month_in_progress_is_judged_after_a_week():
    past = years_of(300, start="2022-03-01 00:00", days=3 * 365 + 1)
    start = past[-1].index_litres
    six_days = hourly("2025-03-01 00:00", [900 / 24] * 24 * 6, index=start)
    assert abnormal(six_days, history=past) == []
    eight_days = hourly("2025-03-01 00:00", [900 / 24] * 24 * 8, index=start)
    (episode,) = abnormal(eight_days, history=past)
    assert (episode.kind, episode.end, episode.ongoing) == (
        Kind.ABNORMAL_CONSUMPTION,
        at("2025-03-09 00:00"),
        True,
    )


def test_without_history_the_local_rule_applies():
    month = hourly("2025-03-01 00:00", [700 / 24] * 24 * 31)
    assert abnormal(month) == []  # no history, no local rule: nothing to compare with
    (episode,) = abnormal(month, Rules(local_litres_per_day=330))
    assert episode.kind is Kind.ABNORMAL_CONSUMPTION
    assert round(episode.reference_litres) == 330 * 31


def without(readings, lo, hi):
    return [r for r in readings if not (at(lo) <= r.time < at(hi))]


def test_a_past_period_whose_ends_are_not_read_is_no_reference():
    past = years_of(300, start="2024-02-01 00:00", days=70)
    month = hourly("2025-03-01 00:00", [700 / 24] * 24 * 31, index=past[-1].index_litres)
    across = without(past, "2024-02-25 00:00", "2024-03-10 00:00")  # the volume split by guess
    assert abnormal(month, history=across) == []
    inside = without(past, "2024-03-05 00:00", "2024-03-20 00:00")  # the volume still known
    assert [e.kind for e in abnormal(month, history=inside)] == [Kind.ABNORMAL_CONSUMPTION]


def test_each_meter_is_judged_on_its_own():
    leaking = hourly("2025-03-03 00:00", [6] * 30, meter="B")
    quiet = hourly("2025-03-03 00:00", household_day(), meter="A")
    assert [(e.meter, e.kind) for e in detect(quiet + leaking)] == [("B", Kind.LEAK)]


def test_the_nights_of_a_leak_are_no_night_flow_of_their_own():
    night = household_day()
    night[1:5] = [15, 15, 15, 15]
    flows = night + night + [6] * 30  # two nights of flow, then water running day and night
    kinds_found = [(e.kind, e.start) for e in detect(hourly("2025-03-03 00:00", flows))]
    assert kinds_found == [
        (Kind.NIGHT_FLOW, at("2025-03-03 01:00")),  # before the leak: a night flow
        (Kind.LEAK, at("2025-03-05 00:00")),
    ]


def test_episodes_end_when_the_evidence_ends():
    readings = hourly("2025-03-03 00:00", [6] * 26)
    (leak,) = only(Kind.LEAK, detect(readings))
    assert leak.end - leak.start == timedelta(hours=26)


def test_daily_aggregates_serve_as_history_once_readings_expired():
    from massalia.connected.water import consumption

    from .series import PARIS

    past = years_of(300, start="2022-03-01 00:00", days=3 * 365 + 1)
    kept = {"M1": consumption(past).days(PARIS)}
    march = hourly("2025-03-01 00:00", [700 / 24] * 24 * 31, index=past[-1].index_litres)
    (episode,) = abnormal(march, past_days=kept)
    assert (
        episode.reference_litres
        == only(Kind.ABNORMAL_CONSUMPTION, detect(march, history=past))[0].reference_litres
    )


def test_the_meters_own_alarm_is_an_episode_of_its_own():
    readings = hourly("2025-03-03 00:00", [1, 1, 1, 1, 1])
    flagged = [
        Reading(r.meter, r.time, r.index_litres, ("tamper",) if 1 <= i <= 2 else ())
        for i, r in enumerate(readings)
    ]
    flagged[-1] = Reading("M1", flagged[-1].time, flagged[-1].index_litres, ("leak",))
    found = [(e.kind, e.detail, e.start, e.end, e.ongoing) for e in detect(flagged)]
    assert found == [
        (Kind.ALARM, "tamper", at("2025-03-03 01:00"), at("2025-03-03 02:00"), False),
        (Kind.ALARM, "leak", at("2025-03-03 05:00"), at("2025-03-03 05:00"), True),
    ]

"""Today's unfinished count is drawn as such, and every figure says its period and count."""

from __future__ import annotations

from massalia.pulse import charts
from massalia.pulse.tests.test_charts import SVG, parse
from massalia.pulse.tests.test_dashboard import DASHBOARD, _as, days_ago, signal, topic

POINTS = [("01/11", 3), ("02/11", 5), ("03/11", 1)]


def _classes(root, tag):
    return [el.get("class") for el in root.iter(f"{SVG}{tag}")]


def test_it_draws_the_unfinished_last_day_dashed_and_hollow():
    root = parse(charts.line_chart(POINTS, title="T", desc="D", partial_from=2))
    lines = {el.get("class"): el.get("points").split() for el in root.iter(f"{SVG}polyline")}
    assert len(lines["line"]) == 2  # the finished days
    assert len(lines["line partial"]) == 2  # from the last finished day to today
    assert _classes(root, "circle") == ["dot", "dot", "dot partial"]


def test_it_draws_a_finished_series_as_one_line():
    root = parse(charts.line_chart(POINTS, title="T", desc="D"))
    assert _classes(root, "polyline") == ["line"]
    assert "dot partial" not in _classes(root, "circle")


def test_it_fades_the_unfinished_bar():
    bars = [("01/11", (1, 1, 1)), ("02/11", (2, 0, 1))]
    root = parse(charts.stacked_bars(bars, title="T", desc="D", partial_from=1))
    assert [g.get("class") for g in root.iter(f"{SVG}g")] == [None, "partial"]


def test_it_says_on_the_dashboard_that_today_is_not_over(client, city):
    noailles = city.quartiers["NOAILLES"]
    signal(days_ago(1), quartier=noailles, topic=topic("proprete", "Propreté"), neutral=9)
    signal(days_ago(0), quartier=noailles, topic=topic("proprete", "Propreté"), neutral=1)
    response = _as(client, city, "olga").get(DASHBOARD, {"periode": "7"})
    html = response.content.decode()
    assert 'class="line partial"' in html and 'class="dot partial"' in html
    assert "Aujourd&#x27;hui n&#x27;est pas fini" in html or "Aujourd'hui n'est pas fini" in html
    start = days_ago(6)
    assert f"Messages par jour, du {start:%d/%m/%Y} au {days_ago(0):%d/%m/%Y}" in html
    assert "doublons compris" in html


def test_it_draws_a_past_period_as_finished(client, city):
    noailles = city.quartiers["NOAILLES"]
    signal(days_ago(3), quartier=noailles, topic=topic("proprete", "Propreté"), neutral=4)
    query = {"periode": "dates", "du": days_ago(9).isoformat(), "au": days_ago(2).isoformat()}
    html = _as(client, city, "olga").get(DASHBOARD, query).content.decode()
    assert "partial" not in html.split('id="evolution"', 1)[1].split("</section>", 1)[0]

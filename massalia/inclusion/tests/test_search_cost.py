from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from massalia.inclusion.tests.conftest import make_place


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as seen:
        response = client.get(reverse("inclusion:search"), {"besoin": "internet"})
    assert response.status_code == 200
    return len(seen)


def test_it_lists_more_places_in_as_many_queries_and_reads_no_outline(client, city):
    """The results page reads what it shows with its first queries: no query per place for a
    field the search left out, and no quartier outline (a large polygon) at all."""
    make_place("a")
    make_place("b", where="BELSUNCE")
    few = _queries(client)
    for n in range(6):
        make_place(f"more-{n}", where="LA JOLIETTE")
    with CaptureQueriesContext(connection) as seen:
        response = client.get(reverse("inclusion:search"), {"besoin": "internet"})
    assert response.status_code == 200 and "Lieu more-5" in response.text
    assert len(seen) == few
    assert not any("geometry" in q["sql"] for q in seen.captured_queries)

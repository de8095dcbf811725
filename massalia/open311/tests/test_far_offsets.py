"""A date with an offset PostgreSQL cannot store (RFC 3339 allows up to ±23:59) still works."""

from massalia.open311.tests.helpers import as_json

LIST = "/open311/v2/requests.json"


def test_it_reads_a_date_with_a_far_offset(client, city):
    answer = client.get(LIST, {"start_date": "2026-11-20T06:00:49+16:05"})
    assert answer.status_code == 200
    assert as_json(answer) == []

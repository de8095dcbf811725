"""An id past the 64-bit range is a page that does not exist, not a crash."""

from __future__ import annotations


def test_it_answers_404_to_an_id_past_the_64_bit_range(client, city):
    assert client.get("/photos/9223372036854775808/").status_code == 404
    assert client.get("/demandes/9223372036854775808/").status_code == 404
    assert client.get("/photos/0/").status_code == 404

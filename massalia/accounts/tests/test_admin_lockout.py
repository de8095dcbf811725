"""The admin's sign-in form is under the same lockout as the site's."""

from __future__ import annotations

from django.urls import reverse

from massalia.testing import PASSWORD

SITE = "/compte/connexion/"
ADMIN = "/admin/login/"


def _wrong(client, url: str, username: str = "root") -> int:
    return client.post(url, {"username": username, "password": "mauvais"}).status_code


def test_it_locks_the_admin_sign_in_after_ten_failures(client, city, limits):
    assert [_wrong(client, ADMIN) for _ in range(10)] == [200] * 10
    locked = client.post(ADMIN, {"username": "root", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Connexion temporairement bloquée" in locked.content.decode()
    assert int(locked["Retry-After"]) <= 15 * 60


def test_it_shares_the_counters_between_the_site_and_the_admin(client, city, limits):
    for _ in range(5):
        _wrong(client, SITE)
        _wrong(client, ADMIN)
    assert client.post(SITE, {"username": "root", "password": PASSWORD}).status_code == 429
    assert client.post(ADMIN, {"username": "root", "password": PASSWORD}).status_code == 429


def test_it_still_lets_the_administrator_in(client, city, limits):
    _wrong(client, ADMIN)
    answer = client.post(ADMIN, {"username": "root", "password": PASSWORD, "next": "/admin/"})
    assert answer.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_caps_guesses_from_one_address_over_many_accounts(client, city, limits):
    limits.RATELIMIT_RATES = {"login": "3/10m"}
    codes = [_wrong(client, ADMIN, username=f"inconnu{i}") for i in range(4)]
    assert codes == [200, 200, 200, 429]

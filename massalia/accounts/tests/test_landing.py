"""After signing in without a `next`, each person lands where their work is."""

import pytest
from django.urls import reverse

from massalia.testing import PASSWORD


def _sign_in(client, who: str, **extra: str):
    data = {"username": f"{who}@example.org", "password": PASSWORD, **extra}
    return client.post(reverse("accounts:login"), data)


@pytest.mark.parametrize(
    ("who", "lands_on"),
    [
        ("alice", "servicerequests:my_requests"),  # a citizen: their requests
        ("bob", "backoffice:inbox"),  # an agent: the inbox
        ("carol", "backoffice:inbox"),  # a manager is an agent too
        ("olga", "pulse:dashboard"),  # an official: the barometer
    ],
)
def test_it_lands_each_role_on_its_page(client, city, who, lands_on):
    assert _sign_in(client, who)["Location"] == reverse(lands_on)
    assert client.get(reverse(lands_on)).status_code == 200


def test_an_official_who_is_an_agent_lands_on_the_inbox(client, city):
    from massalia.accounts.models import Membership

    Membership.objects.create(user=city.people["olga"], department=city.departments["voirie"])
    assert _sign_in(client, "olga")["Location"] == reverse("backoffice:inbox")


def test_next_still_wins(client, city):
    target = reverse("accounts:my_account")
    assert _sign_in(client, "bob", next=target)["Location"] == target


def test_a_signed_in_person_opening_the_login_page_lands_too(client, city):
    client.force_login(city.people["olga"])
    assert client.get(reverse("accounts:login"))["Location"] == reverse("pulse:dashboard")

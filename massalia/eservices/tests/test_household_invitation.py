"""A second adult joins the household from an emailed link, with an account of that address."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from massalia.accounts.models import User
from massalia.eservices.models import Household
from massalia.eservices.tests.conftest import family

pytestmark = pytest.mark.usefixtures("school_map")
INVITE = reverse("eservices:invite")


def invited_link(client, city, email: str) -> str:
    alice = city.people["alice"]
    family(alice)
    client.force_login(alice)
    mail.outbox.clear()
    with_commit = client.post(INVITE, {"email": email})
    assert with_commit.status_code == 302
    [message] = mail.outbox
    assert message.to == [email.lower()] and "rejoindre son foyer" in message.body
    found = re.search(r"https?://\S+/foyer/rejoindre/\S+/", str(message.body))
    assert found, message.body
    return found.group(0)


@pytest.mark.django_db(transaction=True)
def test_the_invited_parent_joins_and_shares_the_household(client, city):
    link = invited_link(client, city, "Sam@Example.org")
    sam = User.objects.create_user(username="sam", email="sam@example.org")
    client.force_login(sam)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert client.post("/" + path).status_code == 302
    household = Household.objects.of(sam).get()
    assert household == Household.objects.of(city.people["alice"]).get()
    assert "Lina" in client.get(reverse("eservices:household")).content.decode()
    response = client.post("/" + path)  # the link has served
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_someone_else_with_the_link_cannot_join(client, city):
    link = invited_link(client, city, "sam@example.org")
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.force_login(city.people["bob"])
    response = client.post(path)
    assert response.status_code == 400 and "autre adresse" in response.content.decode()
    assert not Household.objects.of(city.people["bob"]).exists()
    forged = path.rsplit("/", 2)[0] + "/abc/"
    assert client.get(forged).status_code == 404


@pytest.mark.parametrize(
    "email, why",
    [
        ("not-an-email", "adresse"),
        ("", "Indiquez son adresse"),
        ("alice@example.org", "déjà partie"),
    ],
)
def test_bad_invitations_are_refused(client, city, email, why):
    alice = city.people["alice"]
    family(alice)
    client.force_login(alice)
    response = client.post(INVITE, {"email": email})
    assert response.status_code == 400 and why in response.content.decode()
    assert Household.objects.of(alice).get().adults.count() == 1


def test_invitations_pending_are_capped(client, city):
    alice = city.people["alice"]
    family(alice)
    client.force_login(alice)
    for i in range(3):
        assert client.post(INVITE, {"email": f"p{i}@example.org"}).status_code == 302
    response = client.post(INVITE, {"email": "p9@example.org"})
    assert response.status_code == 400 and "Trop d" in response.content.decode()
    assert client.post(INVITE, {"email": "p0@example.org"}).status_code == 400  # already invited

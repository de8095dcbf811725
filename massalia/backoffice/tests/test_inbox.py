"""The agents' inbox page composes the sections the domains register, for the agents'
space only: it knows no domain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.core.extensions import Counter, InboxSection, inbox_sections
from massalia.testing import PASSWORD


@pytest.fixture
def parcels():
    """A domain's section: one urgent counter with its page and one link, for agents only."""

    def counters(user):
        return [Counter("colis à remettre", 3, "/colis/", urgent=True)] if user.is_agent else []

    inbox_sections.register(
        InboxSection(
            key="test.parcels",
            title="Colis",
            counters=counters,
            links=lambda user: [("Tous les colis", "/colis/tous/")],
        )
    )
    yield
    inbox_sections.unregister("test.parcels")


def test_it_shows_each_section_with_its_counters_and_links(client, city, parcels):
    client.force_login(city.people["bob"])
    body = client.get(reverse("backoffice:inbox")).content.decode()
    assert '<h2 id="section-testparcels">Colis</h2>' in body
    assert (
        '<li class="overdue"><a href="/colis/"><strong>3</strong> colis à remettre</a></li>' in body
    )
    assert '<a href="/colis/tous/">Tous les colis</a>' in body


def test_it_hides_a_section_without_counters(client, city, parcels):
    client.force_login(city.people["olga"])  # an official, in no department
    page = client.get(reverse("backoffice:inbox"))
    assert page.status_code == 200
    assert "Colis" not in page.content.decode()


def test_it_says_so_when_nothing_waits(client, db):
    User.objects.create_user(username="elu", password=PASSWORD, is_official=True)
    client.login(username="elu", password=PASSWORD)  # no department exists: nothing to show
    assert (
        "Vous n'êtes membre d'aucun service."
        in client.get(reverse("backoffice:inbox")).content.decode()
    )


@pytest.mark.parametrize(("name", "status"), [("alice", 403), ("bob", 200), ("olga", 200)])
def test_it_opens_to_agents_and_officials_only(client, city, name, status):
    client.force_login(city.people[name])
    assert client.get(reverse("backoffice:inbox")).status_code == status


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("backoffice:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "shown"), [("olga", True), ("bob", True), ("alice", False)])
def test_the_menu_leads_staff_and_officials_to_the_agents_space(client, city, name, shown):
    client.force_login(city.people[name])
    page = client.get("/").content.decode()
    assert ('href="/agents/"' in page) is shown

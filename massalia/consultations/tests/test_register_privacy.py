"""A register's observations in a person's data: exported with the person's other data;
erasing the account keeps the observation in the register without its author."""

from __future__ import annotations

import pytest

from massalia.consultations import privacy, register
from massalia.consultations.tests.conftest import observe

pytestmark = pytest.mark.django_db


def test_it_exports_and_erases_a_persons_observations(plu, client, city):
    alice, carol = city.people["alice"], city.people["carol"]
    item = observe(plu, alice, text="Sur les hauteurs.", display_name="Alice de la rue Caisserie")
    register.moderate(observation=item, moderator=carol, publish_it=True)
    exported = privacy.export(alice)["register_observations"]
    assert [(o["number"], o["text"], o["email"]) for o in exported] == [
        (1, "Sur les hauteurs.", "alice@example.org")
    ]
    assert privacy.erase(alice)["anonymised_register_observations"] == 1
    item.refresh_from_db()
    assert (item.author, item.author_email, item.display_name) == (None, "", "")
    page = client.get("/participer/debats/enquetes/plu-centre/registre/").content.decode()
    assert "Sur les hauteurs." in page and "Alice de la rue Caisserie" not in page
    assert "Anonyme" in page
    assert "register_observations" not in privacy.export(alice)

"""The public list: published questions only, filtered by recipient and by answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.questions import services
from massalia.questions.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_it_filters_by_recipient_and_answer(client, city, recipients):
    alice = city.people["alice"]
    answered = ask(recipients.olga, alice, subject="Répondue à Olga")
    services.answer_question(question=answered, by=city.people["olga"], text="Oui.")
    ask(recipients.olga, alice, subject="En attente chez Olga")
    ask(recipients.town_hall, alice, subject="À la mairie de secteur")
    ask(recipients.olga, alice, subject="Pas encore relue", publish=False)
    url = reverse("questions:questions")

    def subjects(query: str) -> set[str]:
        page = client.get(f"{url}?{query}").content.decode()
        return {s for s in ("Répondue à Olga", "En attente chez Olga", "À la mairie de secteur",
                            "Pas encore relue") if s in page}  # fmt: skip

    assert subjects("") == {"Répondue à Olga", "En attente chez Olga", "À la mairie de secteur"}
    assert subjects("destinataire=olga") == {"Répondue à Olga", "En attente chez Olga"}
    assert subjects("destinataire=olga&etat=repondues") == {"Répondue à Olga"}
    assert subjects("etat=attente") == {"En attente chez Olga", "À la mairie de secteur"}

"""An issue goes to each confirmed subscriber it concerns, with only the items of their themes
and quartiers, once: sending it again sends nothing twice, and a failed address is tried
again by the next run."""

from unittest import mock

import pytest

from massalia.news import services
from massalia.news.models import Delivery, Issue

pytestmark = pytest.mark.django_db


def test_it_sends_each_subscriber_their_items_once(write, subscribe, issue_of, outbox):
    subscribe("tous@example.org")
    subscribe("mer@example.org", themes_=("mer",))
    subscribe("noailles@example.org", quartiers=("NOAILLES",))
    subscribe("ecoles@example.org", themes_=("ecoles",), quartiers=("NOAILLES",))
    beach = write("Plage nettoyée", quartiers=("LA JOLIETTE",))
    city_wide = write("Nouveau site de la Ville", theme="voirie")
    issue = issue_of("La lettre de mars", beach, city_wide)

    assert services.send_issue(issue=issue) == (3, 0)
    got = {m.to[0]: m.body for m in outbox}
    assert set(got) == {"tous@example.org", "mer@example.org", "noailles@example.org"}
    assert "Plage nettoyée" in got["mer@example.org"]
    assert "Nouveau site" not in got["mer@example.org"]
    assert "Plage nettoyée" not in got["noailles@example.org"]
    assert "Nouveau site de la Ville" in got["noailles@example.org"]
    assert Issue.objects.get().sent_at is not None

    outbox.clear()
    assert services.send_issue(issue=issue) == (0, 0)
    assert outbox == []
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 3


def test_it_tries_a_failed_address_again_next_time(write, subscribe, issue_of, outbox):
    subscribe("voisine@example.org")
    issue = issue_of("La lettre de mars", write("Plage nettoyée"))
    with mock.patch("massalia.news.services.transmit", side_effect=OSError("serveur absent")):
        assert services.send_issue(issue=issue) == (0, 1)
    assert Delivery.objects.get().state == Delivery.State.FAILED
    assert services.send_issue(issue=issue) == (1, 0)
    assert services.send_issue(issue=issue) == (0, 0)
    assert len(outbox) == 1
    assert outbox[0].alternatives[0][1] == "text/html"

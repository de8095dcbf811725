"""Each newsletter carries RFC 8058's headers and a visible link to the notification module's
unsubscribe page: a GET shows a button and changes nothing; a POST without session or CSRF
token (a mail client's one click) switches the address off, and the next issue skips it."""

import html

import pytest
from django.test import Client

from massalia.news import selectors, services
from massalia.news.tests.conftest import link_in

pytestmark = pytest.mark.django_db


def test_it_unsubscribes_in_one_click(write, subscribe, issue_of, outbox):
    subscribe("voisine@example.org")
    issue = issue_of("La lettre de mars", write("Le port en fête"))
    assert services.send_issue(issue=issue) == (1, 0)
    (message,) = outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link_in(message, "/notifications/desabonnement/")
    assert link.endswith(path)
    html_part, kind = message.alternatives[0]
    assert kind == "text/html" and path in html.unescape(html_part)

    browser = Client(enforce_csrf_checks=True)
    page = browser.get(path)
    assert page.status_code == 200
    assert "La lettre d'information de la Ville" in html.unescape(page.content.decode())
    assert selectors.receives("voisine@example.org")

    one_click = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert not selectors.receives("voisine@example.org")

    outbox.clear()
    later = issue_of("La lettre d'avril", write("Rentrée des écoles", theme="ecoles"))
    assert services.send_issue(issue=later) == (0, 0)
    assert outbox == []

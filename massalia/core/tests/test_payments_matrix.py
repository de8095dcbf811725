"""The payment pages × every kind of person, in the shape of the project's permission matrix
(massalia/portal/tests/test_permission_matrix_all.py), whose rows for "payments:*" these are."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.core.payments import services, testing
from massalia.core.payments.providers import TestProvider
from massalia.portal.tests import test_permission_matrix_all as matrix
from massalia.portal.tests.test_permission_matrix_all import (  # the matrix's own pieces
    ALL_200,
    ALL_400,
    ALL_404,
    ALL_405,
    MAY_SEE_PRIVATE,
    PEOPLE,
    Case,
    World,
    _check_status,
    _user,
    fixed,
    get,
    post,
)

world = matrix.world  # the matrix's fixture: its city, people and alice's requests


def _alice_payment(w: World):
    """Alice's pending payment (the same one at each call: a pending payment is reused)."""
    with testing.fees():
        return services.start(
            purpose=testing.FEE,
            object_id="cantine",
            user=w.city.people["alice"],
            provider=TestProvider(),
        )


def _receipt(w: World) -> str:
    return reverse("payments:receipt", args=[_alice_payment(w).reference])


def _bank(w: World) -> str:
    payment = _alice_payment(w)
    return services.send(
        payment=payment,
        provider=TestProvider(),
        notify_url="http://testserver/paiement/notification/test/",
        return_url=f"http://testserver{reverse('payments:receipt', args=[payment.reference])}",
    )


#                     anon  alice mallory dave bob carol olga root
ROWS: dict[str, list[Case]] = {
    # Online payment (core.payments) ------------------------------------------------------------
    # No purpose is registered in this world: every signed-in person gets the 400 with its
    # message; the amount is never taken from the form.
    "payments:start": [
        post(fixed("payments:start"), "login 400 400 400 400 400 400 400"),
        get(fixed("payments:start"), "login 405 405 405 405 405 405 405"),
    ],
    # Server to server: a session grants nothing; an empty notification is refused.
    "payments:notify": [
        post(fixed("payments:notify", "test"), ALL_400),
        post(fixed("payments:notify", "inconnu"), ALL_404),
        get(fixed("payments:notify", "test"), ALL_405),
    ],
    # Only the payer and the treasury (administrators, staff with "view payment").
    "payments:receipt": [
        get(_receipt, "login 200 404 404 404 404 404 200"),
        get(fixed("payments:receipt", "INCONNUE"), "login 404 404 404 404 404 404 404"),
    ],
    # The test bank needs no session (a bank does not know the site's): its signed order is
    # the proof; an order missing or altered is a 400.
    "payments:test_bank": [
        get(_bank, ALL_200),
        get(fixed("payments:test_bank", "INCONNUE"), ALL_400),
        post(fixed("payments:test_bank", "INCONNUE"), ALL_400),
    ],
    "payments:export": [get(fixed("payments:export"), "login 403 403 403 403 403 403 200")],
}
CASES = [
    pytest.param(name, case, id=f"{name}-{case.method}-{i}")
    for name, cases in ROWS.items()
    for i, case in enumerate(cases)
]


def test_it_has_a_row_for_every_payment_url():
    assert {n for n in matrix.named_urls() if n.startswith("payments:")} == set(ROWS)


@pytest.mark.parametrize(("name", "case"), CASES)
def test_the_payment_pages_follow_the_permission_matrix(client, world, name, case):
    for person, outcome in zip(PEOPLE, case.expected.split(), strict=True):
        client.logout()
        if person != "anonymous":
            client.force_login(_user(world, person))
        url = case.url(world)
        send = client.get if case.method == "GET" else client.post
        response = send(url, case.data, headers=case.headers)
        _check_status(response, outcome, (name, case.method, url, person, response.status_code))
        if person not in MAY_SEE_PRIVATE and response.status_code == 200:
            body = b"".join(response) if response.streaming else response.content
            assert b"alice@example.org" not in body, (name, person)

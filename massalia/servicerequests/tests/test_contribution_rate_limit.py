"""Past ten updates in an hour, a person gets a 429 and nothing more is stored."""

from __future__ import annotations

from massalia.servicerequests.models import Contribution
from massalia.servicerequests.tests.contribution_helpers import post_update, public_case, signed_in


def test_it_refuses_the_eleventh_update_of_the_hour(city, limits):
    case = public_case(city)
    bob = signed_in("bob")
    for n in range(10):
        assert post_update(bob, case, text=f"Complément {n}").status_code == 302
    refused = post_update(bob, case, text="Encore un")
    assert refused.status_code == 429
    assert Contribution.objects.count() == 10
    # Counted per person: another one still writes.
    assert post_update(signed_in("erin"), case, text="Le mien").status_code == 302

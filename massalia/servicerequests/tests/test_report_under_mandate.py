"""A mediator files a report for a person under her recorded consent: the case is hers, its
trail names the mediator and the mandate, the page is her receipt; a lapsed mandate files
nothing."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.servicerequests.models import ServiceRequest
from massalia.testing import INSIDE

URL = reverse("servicerequests:report_form", args=["nid-de-poule"])


@pytest.fixture
def mediator(db):
    return User.objects.create_user(username="mona", email="mona@example.org", is_mediator=True)


@pytest.fixture
def person(db):
    found = User(username="personne-zed", email="zed@example.org", display_name="Zed Amrani")
    found.set_unusable_password()
    found.save()
    return found


@pytest.fixture
def acting(client, city, mediator, person):
    """The mediator signed in, acting for the person under a mandate in force."""
    mandate = mandates.record(mediator=mediator, person=person, method=Mandate.Method.values[0])
    client.force_login(mediator)
    assert client.post(reverse("accounts:mediation_act", args=[mandate.pk])).status_code == 302
    return mandate


def _pothole(**extra: Any) -> dict[str, Any]:
    lat, lon = INSIDE["NOAILLES"]
    return {"description": "Trou profond", "latitude": lat, "longitude": lon} | {
        "attr_taille": "grand",
        **extra,
    }


def test_the_request_is_the_persons_and_its_trail_names_mediator_and_mandate(
    client, acting, mediator, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _pothole())
    assert response.status_code == 200
    filed = ServiceRequest.objects.get()
    assert filed.requester == person and filed.requester_email == "zed@example.org"
    assert filed.confirmed_at is not None  # no email link to wait for: the mediator vouches
    note = filed.history.get(actor=mediator).internal_note
    assert "mona" in note and "Zed Amrani" in note and f"mandat n° {acting.pk}" in note
    assert not filed.history.filter(actor=mediator, is_public=True).exists()
    page = response.content.decode()
    assert f"Reçu de la demande n° {filed.pk}" in page and "Nid-de-poule" in page
    assert "Noailles" in page and "Zed Amrani" in page
    to_person = [m for m in mail.outbox if m.to == ["zed@example.org"]]
    assert len(to_person) == 2  # the acknowledgement and the link to choose a password
    assert sum("/mot-de-passe/" in m.body for m in to_person) == 1
    assert not any(m.to == ["mona@example.org"] for m in mail.outbox)


def test_the_report_form_says_whom_the_mediator_acts_for(client, acting):
    page = client.get(URL).content.decode()
    assert "Vous agissez pour" in page and "Zed Amrani" in page


def test_without_a_mandate_nothing_changes(client, city, mediator):
    client.force_login(mediator)
    response = client.post(URL, _pothole())
    filed = ServiceRequest.objects.get()
    assert filed.requester == mediator
    assert response.status_code == 302  # the usual path, not a receipt
    assert not filed.history.exclude(internal_note="").exists()


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_lapsed_mandate_files_nothing_and_says_so(client, acting, how):
    if how == "revoked":
        mandates.revoke(mandate=acting)
    else:
        past = timezone.now() - datetime.timedelta(days=1)
        Mandate.objects.filter(pk=acting.pk).update(expires_at=past)
    response = client.post(URL, _pothole())
    assert response.status_code == 409
    assert "plus en vigueur" in response.content.decode()
    assert not ServiceRequest.objects.exists()
    follow = client.get(URL, follow=True).content.decode()
    assert "Vous agissez pour" not in follow  # acting stopped: the mediator is herself again


def test_a_lapsed_mandate_seen_on_the_form_is_explained(client, acting):
    mandates.revoke(mandate=acting)
    response = client.get(URL, follow=True)
    assert "plus en vigueur" in response.content.decode()
    assert mandates.SESSION_KEY not in client.session

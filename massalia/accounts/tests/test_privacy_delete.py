import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from massalia.accounts import privacy
from massalia.accounts.models import Membership, User
from massalia.core.models import OutboxEvent
from massalia.servicerequests import services
from massalia.servicerequests.models import Follow, HistoryEntry, ServiceRequest, Status
from massalia.testing import INSIDE, PASSWORD


def report(city, who="alice"):
    lat, lon = INSIDE["BELSUNCE"]
    return services.submit_request(
        request_type=city.types["tags"],
        description="Tag sur la façade",
        latitude=lat,
        longitude=lon,
        requester=city.people[who],
        name="Alice Martin",
    )


def test_it_keeps_the_public_request_anonymised_and_removes_personal_data(city):
    alice = city.people["alice"]
    case = report(city)
    services.change_status(
        case=case, actor=city.people["dave"], status=Status.RESOLVED, public_note="Nettoyé"
    )
    other = report(city, "carol")
    services.follow(case=other, user=alice)

    done = privacy.delete_account(user=alice)

    assert not User.objects.filter(username="alice").exists()
    kept = ServiceRequest.objects.get(pk=case.pk)
    assert kept.description == "Tag sur la façade" and kept.status == Status.RESOLVED
    assert kept.quartier == city.quartiers["BELSUNCE"] and kept.is_public
    assert kept.requester is None and kept.requester_email == "" and kept.requester_name == ""
    assert not Follow.objects.filter(email="alice@example.org").exists()
    assert Follow.objects.filter(request=other).count() == 1  # carol's own follow
    created = HistoryEntry.objects.get(request=case, kind=HistoryEntry.Kind.CREATED)
    assert created.actor is None
    resolved = HistoryEntry.objects.get(request=case, kind=HistoryEntry.Kind.STATUS)
    assert resolved.actor == city.people["dave"] and resolved.public_note == "Nettoyé"
    assert done["anonymised_requests"] == 1 and done["removed_follows"] == 2


def test_it_removes_an_agents_memberships_and_keeps_the_trail(city):
    bob = city.people["bob"]
    case = report(city, "carol")
    services.change_status(case=case, actor=bob, status=Status.IN_PROGRESS)

    privacy.delete_account(user=bob)

    assert not Membership.objects.filter(user_id=bob.pk).exists()
    row = HistoryEntry.objects.get(request=case, kind=HistoryEntry.Kind.STATUS)
    assert row.actor is None and row.data["actor"] == "agent (compte supprimé)"
    assert ServiceRequest.objects.get(pk=case.pk).requester == city.people["carol"]


def test_it_announces_the_deletion_without_personal_data(city):
    alice_id = city.people["alice"].pk
    privacy.delete_account(user=city.people["alice"])
    row = OutboxEvent.objects.get(name="accounts.deleted")
    assert row.payload == {"user_id": alice_id, "was_agent": False}


def test_it_deletes_from_the_page_signs_out_and_confirms(client, city):
    case = report(city)
    client.force_login(city.people["alice"])
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:account_deleted")
    page = client.get(response["Location"]).content.decode()
    assert "Votre compte a été supprimé" in page
    assert "_auth_user_id" not in client.session
    assert ServiceRequest.objects.get(pk=case.pk).requester_id is None
    assert not User.objects.filter(username="alice").exists()


def test_it_refuses_a_wrong_password_and_deletes_nothing(client, city):
    case = report(city)
    client.force_login(city.people["alice"])
    response = client.post(reverse("accounts:delete_account"), {"password": "pas-le-bon"})
    assert response.status_code == 400
    assert "Mot de passe incorrect" in response.content.decode()
    assert User.objects.filter(username="alice").exists()
    kept = ServiceRequest.objects.get(pk=case.pk)
    assert kept.requester == city.people["alice"] and kept.requester_name == "Alice Martin"
    assert Follow.objects.filter(user=city.people["alice"]).exists()
    assert not OutboxEvent.objects.filter(name="accounts.deleted").exists()


def test_it_refuses_an_empty_password(client, city):
    client.force_login(city.people["alice"])
    response = client.post(reverse("accounts:delete_account"), {})
    assert response.status_code == 400
    assert User.objects.filter(username="alice").exists()


def test_it_refuses_to_delete_an_administrator_here(city):
    with pytest.raises(ValidationError):
        privacy.check_deletion(user=city.people["root"], password=PASSWORD)


def test_it_needs_the_csrf_token(city):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(city.people["alice"])
    response = client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    assert response.status_code == 403
    assert User.objects.filter(username="alice").exists()

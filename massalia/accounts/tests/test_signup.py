from django.urls import reverse

from massalia.accounts.models import User
from massalia.testing import PASSWORD


def test_it_signs_up_with_an_email_and_signs_in(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": "Zoe@Example.org",
            "display_name": "Zoé",
            "password1": "un-long-mot-de-passe-7",
            "password2": "un-long-mot-de-passe-7",
        },
    )
    assert response["Location"] == reverse("servicerequests:my_requests")
    user = User.objects.get()
    assert user.username == user.email == "zoe@example.org" and user.display_name == "Zoé"
    assert client.get(reverse("servicerequests:my_requests")).status_code == 200


def test_it_refuses_a_taken_email_and_mismatched_passwords(client, city):
    data = {"email": "alice@example.org", "display_name": "A", "password1": "x1", "password2": "x2"}
    page = client.post(reverse("accounts:signup"), data).content.decode()
    assert "existe déjà" in page and "ne correspondent pas" in page


def test_it_signs_in_by_email_and_out_by_post(client, city):
    response = client.post(
        reverse("accounts:login"), {"username": "alice@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("servicerequests:my_requests")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("servicerequests:my_requests")).status_code == 302


def test_it_says_when_credentials_are_wrong(client, city):
    page = client.post(
        reverse("accounts:login"), {"username": "alice@example.org", "password": "non"}
    ).content.decode()
    assert "Identifiant ou mot de passe incorrect." in page


def test_it_signs_in_staff_by_identifier(client, city):
    response = client.post(
        "/compte/connexion/", {"username": "bob", "password": PASSWORD}, follow=False
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(city.people["bob"].pk)

"""The sign-up page promises only what exists."""

from django.urls import reverse


def test_it_says_what_an_account_gives_and_nothing_more(client, db):
    html = client.get(reverse("accounts:signup")).content.decode()
    page = html[html.index("<main") : html.index("</main>")]
    assert "quartier" not in page.lower()
    assert "retrouver toutes vos demandes" in page and "suivre" in page
    assert "lien pour confirmer votre adresse" in page


def test_the_login_page_offers_the_forgotten_password(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in page


def test_it_refuses_bad_sign_up_input_with_a_message(client, db):
    bad = {"email": "pas-une-adresse", "display_name": "", "password1": "1", "password2": "1"}
    response = client.post(reverse("accounts:signup"), bad)
    assert response.status_code == 400
    assert "adresse email valide" in response.content.decode()

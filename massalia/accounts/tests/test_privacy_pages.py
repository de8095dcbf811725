from django.urls import reverse


def test_it_shows_my_profile_and_the_links(client, city):
    client.force_login(city.people["alice"])
    page = client.get(reverse("accounts:my_account")).content.decode()
    assert "<h1>Mon compte</h1>" in page
    assert "Alice" in page and "alice@example.org" in page
    assert reverse("accounts:download_my_data") in page
    assert reverse("accounts:delete_account") in page
    assert "7 jours" in page


def test_it_links_my_account_from_the_menu(client, city):
    client.force_login(city.people["alice"])
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("accounts:my_account")}"' in page


def test_it_asks_to_sign_in_first(client, city):
    response = client.get(reverse("accounts:my_account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_a_labelled_password_field_before_deleting(client, city):
    client.force_login(city.people["alice"])
    page = client.get(reverse("accounts:delete_account")).content.decode()
    assert '<label for="id_password">' in page and 'type="password"' in page
    assert "csrfmiddlewaretoken" in page

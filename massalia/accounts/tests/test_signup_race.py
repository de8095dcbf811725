"""Two sign-ups with the same email at once: one account, and the other person is told why.

The race is real: the competing account is written to the database after this sign-up's email
was checked and before its own row is inserted, as a parallel request would.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from massalia.accounts.forms import SignupForm
from massalia.accounts.models import User

PASSWORD = "un-long-mot-de-passe-7"
TAKEN = "Un compte existe déjà avec cette adresse email."


def _signup_data(email: str) -> dict[str, str]:
    return {"email": email, "display_name": "Zoé", "password1": PASSWORD, "password2": PASSWORD}


def _sign_up(email: str) -> User | None:
    form = SignupForm(_signup_data(email))
    assert form.is_valid(), form.errors
    return form.save()


class ParallelSignup:
    """A password validator that lets a parallel sign-up win the race, once.

    Passwords are validated after the email was found free and before the account is saved:
    the window a parallel request falls into.
    """

    done = False

    def validate(self, password: str, user: Any = None) -> None:
        if not ParallelSignup.done:
            ParallelSignup.done = True
            _sign_up("ZOE@example.org")


def test_it_answers_the_loser_of_a_signup_race_with_the_form(client, db, settings):
    ParallelSignup.done = False
    settings.AUTH_PASSWORD_VALIDATORS = [{"NAME": f"{__name__}.ParallelSignup"}]
    response = client.post(reverse("accounts:signup"), _signup_data("zoe@example.org"))
    assert ParallelSignup.done
    assert response.status_code == 400
    assert TAKEN in response.content.decode()
    assert User.objects.filter(email="zoe@example.org").count() == 1
    assert "_auth_user_id" not in client.session


def test_it_does_not_save_a_validated_form_whose_email_was_taken_meanwhile(db):
    form = SignupForm(_signup_data("zoe@example.org"))
    assert form.is_valid()
    winner = _sign_up("Zoe@Example.org")
    assert form.save() is None
    assert form.errors["email"] == [TAKEN]
    assert list(User.objects.all()) == [winner]


def test_it_compares_emails_without_case_in_the_database(db):
    form = SignupForm(_signup_data("zoe@example.org"))
    assert form.is_valid()
    # Meanwhile, an administrator creates a staff account with this address, spelt with capitals.
    User.objects.create_user(username="zoe", email="Zoe@Example.org", password=PASSWORD)
    assert form.save() is None
    assert form.errors["email"] == [TAKEN]
    assert list(User.objects.values_list("username", flat=True)) == ["zoe"]

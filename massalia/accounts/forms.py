"""Sign-up (an email is the username; the name is shown nowhere public), sign-in (by password
or by an emailed code), and the forgotten password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massalia.accounts import codes
from massalia.accounts.models import EMAIL_TAKEN, User

PASSWORD_HELP = _("Au moins 8 caractères, pas trop courant.")
BAD_EMAIL = _("Saisissez une adresse email valide, par exemple nom@exemple.fr.")


class LoginForm(AuthenticationForm):
    # Citizens sign up with their email; staff accounts made by an administrator may have an
    # identifier such as "agent.voirie": both are accepted.
    username = forms.CharField(
        label=_("Adresse email ou identifiant"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("Identifiant ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean(self) -> dict[str, Any]:
        email = (self.cleaned_data.get("username") or "").strip().lower()
        if email:
            self.cleaned_data["username"] = _username_for(email)
        return super().clean() or {}


def _username_for(email: str) -> str:
    """The username of the account known by this identifier or email (unique match)."""
    if User.objects.filter(username=email).exists():
        return email
    matches = list(User.objects.filter(email__iexact=email).values_list("username", flat=True)[:2])
    return matches[0] if len(matches) == 1 else email


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": BAD_EMAIL},
    )
    display_name = forms.CharField(
        label=_("Votre nom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if _taken(email):
            raise forms.ValidationError(EMAIL_TAKEN)
        return email

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("Les deux mots de passe ne correspondent pas."))
        elif p1:
            candidate = User(username=data.get("email", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def save(self) -> User | None:
        """Create the account; None, with the form's error, if the email was taken meanwhile.

        A parallel sign-up with the same email can pass validation too: the database's unique
        constraints decide, and the loser gets the same message as if it had come second.
        """
        data = self.cleaned_data
        try:
            with transaction.atomic():
                return User.objects.create_user(
                    username=data["email"],
                    email=data["email"],
                    password=data["password1"],
                    display_name=data["display_name"].strip(),
                    email_verified_at=None,  # until the emailed link is opened
                )
        except IntegrityError:
            if not _taken(data["email"]):
                raise
            self.add_error("email", EMAIL_TAKEN)
            return None


def _taken(email: str) -> bool:
    return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse email de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez l'adresse email de votre compte."),
            "invalid": BAD_EMAIL,
        },
    )


class NewPasswordForm(SetPasswordForm):  # type: ignore[type-arg]  # django-stubs: generic user
    """Django's form (its validators and French messages), with the house's labels."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = gettext("Nouveau mot de passe")
        self.fields["new_password1"].help_text = PASSWORD_HELP
        self.fields["new_password2"].label = gettext("Nouveau mot de passe (confirmation)")
        self.fields["new_password2"].help_text = ""


class CodeRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse email de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez l'adresse email de votre compte."),
            "invalid": BAD_EMAIL,
        },
    )


class CodeForm(forms.Form):
    """The address and the code emailed to it (the address is filled in when known)."""

    email = forms.EmailField(
        label=_("Adresse email de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez l'adresse email de votre compte."),
            "invalid": BAD_EMAIL,
        },
    )
    code = forms.CharField(
        label=_("Code reçu par courriel"),
        max_length=20,
        help_text=_("6 chiffres, par exemple 123456."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": "8"}
        ),
        error_messages={
            "required": _("Saisissez le code reçu par courriel."),
            "max_length": _("Le code se compose de 6 chiffres, par exemple 123456."),
        },
    )

    def clean_code(self) -> str:
        value = codes.read(self.cleaned_data["code"])
        if value is None:
            raise forms.ValidationError(
                gettext("Le code se compose de 6 chiffres, par exemple 123456.")
            )
        return value

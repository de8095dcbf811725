"""The news' forms: filtering the list, subscribing, a signed-in person's choices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from massalia.core.text import clean_text
from massalia.news.models import Theme
from massalia.territory.models import Quartier

UNKNOWN = _("Ce choix n'existe pas.")


class QuartierChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def _themes() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label=_("Thèmes"),
        help_text=_("Aucun coché : tous les thèmes."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN, "invalid_pk_value": UNKNOWN},
    )


def _quartiers() -> QuartierChoice:
    return QuartierChoice(
        queryset=Quartier.objects.order_by("name"),
        required=False,
        label=_("Quartiers"),
        help_text=_("Aucun choisi : toute la ville. Les actualités de toute la ville vous "
                    "parviennent toujours. Sur un ordinateur, maintenez Ctrl (ou Cmd) pour en "
                    "choisir plusieurs."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": UNKNOWN, "invalid_pk_value": UNKNOWN},
    )  # fmt: skip


class QuartierPick(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs: generic model
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class FilterForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Thème"),
        empty_label=_("Tous les thèmes"),
        error_messages={"invalid_choice": UNKNOWN},
    )
    quartier = QuartierPick(
        queryset=Quartier.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        label=_("Quartier"),
        empty_label=_("Toute la ville"),
        error_messages={"invalid_choice": UNKNOWN},
    )


class ChoicesForm(forms.Form):
    themes = _themes()
    quartiers = _quartiers()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"] = _themes()
        self.fields["quartiers"] = _quartiers()


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Cette adresse électronique n'est pas valide."),
        },
    )

    field_order = ["email", "themes", "quartiers"]

    def clean_email(self) -> str:
        return clean_text(self.cleaned_data["email"]).strip().lower()

"""The city card's forms: a card's number to link, a top-up's amount, an agent's note."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from massalia.citycard import numbers

AMOUNTS = [(1000, "10 €"), (2000, "20 €"), (3000, "30 €"), (5000, "50 €")]


class LinkForm(forms.Form):
    number = forms.CharField(
        label=_("Numéro de la carte"),
        help_text=_("Les 16 chiffres imprimés au dos de la carte."),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_number(self) -> str:
        try:
            return numbers.clean(self.cleaned_data["number"])
        except ValidationError as refused:
            raise forms.ValidationError(refused.messages) from None


class TopUpForm(forms.Form):
    amount = forms.TypedChoiceField(
        label=_("Montant du rechargement"), choices=AMOUNTS, coerce=int, widget=forms.RadioSelect
    )


class StatusForm(forms.Form):
    action = forms.ChoiceField(choices=[("block", "Bloquer"), ("unblock", "Débloquer")])
    note = forms.CharField(label="Motif", max_length=200, required=False)


class SearchForm(forms.Form):
    number = forms.CharField(label="Numéro de la carte", max_length=30)

    def clean_number(self) -> str:
        try:
            return numbers.clean(self.cleaned_data["number"])
        except ValidationError as refused:
            raise forms.ValidationError(refused.messages) from None

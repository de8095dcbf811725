"""The public search of contracts (GET): every filter checked, a bad value named to the person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from massalia.transparency import cpv
from massalia.transparency.models import Buyer, Contract

ALL = ("", _("Tous"))
MAX_AMOUNT = 10**12  # above what the import accepts (100 billion euros), so never a real bound


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Objet ou identifiant"), required=False, max_length=200)
    acheteur = forms.TypedChoiceField(
        label=_("Acheteur"), required=False, coerce=int, empty_value=None
    )
    titulaire = forms.CharField(label=_("Titulaire (nom ou SIRET)"), required=False, max_length=200)
    cpv = forms.ChoiceField(label=_("Domaine (division CPV)"), required=False)
    procedure = forms.ChoiceField(label=_("Procédure"), required=False)
    nature = forms.ChoiceField(label=_("Nature"), required=False)
    montant_min = forms.DecimalField(
        label=_("Montant HT minimum (€)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    montant_max = forms.DecimalField(
        label=_("Montant HT maximum (€)"),
        required=False,
        min_value=0,
        max_value=MAX_AMOUNT,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    du = forms.DateField(label=_("Notifié à partir du"), required=False, widget=DateInput())
    au = forms.DateField(label=_("Notifié jusqu'au"), required=False, widget=DateInput())
    lieu = forms.CharField(
        label=_("Lieu d'exécution (code ou nom)"), required=False, max_length=100
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        buyers = Buyer.objects.filter(contracts__isnull=False).distinct().order_by("name")
        self._choices("acheteur", [(b.pk, b.name or b.siret) for b in buyers])
        self._choices("cpv", [(code, f"{code} — {name}") for code, name in cpv.DIVISIONS.items()])
        self._choices("procedure", _distinct("procedure"))
        self._choices("nature", _distinct("nature"))

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [ALL, *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("montant_min"), data.get("montant_max")
        if low is not None and high is not None and low > high:
            self.add_error("montant_max", gettext("Le maximum doit être au moins égal au minimum."))
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            self.add_error("au", gettext("La date de fin doit suivre la date de début."))
        return data

    def filters(self) -> dict[str, Any]:
        """The filters given (call after is_valid())."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _distinct(field: str) -> list[tuple[str, str]]:
    # order_by(): the model's ordering would make DISTINCT apply to its columns too
    found = Contract.objects.exclude(**{field: ""}).order_by().values_list(field, flat=True)
    values = found.distinct()
    return [(v, v) for v in sorted(values)]

"""Forms of crèche billing for agents (French pages): shapes only; the rules live in
`contracts.py`, `billing.py` and `invoices.py`."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from massalia.eservices.creche_forms import DateInput
from massalia.eservices.models import Creche, CrecheAbsence, Invoice

WEEKDAY_CHOICES = [(0, "lundi"), (1, "mardi"), (2, "mercredi"), (3, "jeudi"), (4, "vendredi")]


def parse_month(text: str) -> datetime.date | None:
    """ "2027-03" as the first of March 2027; None when it is not a month."""
    try:
        return datetime.datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        return None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "AAAA-MM"})

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise forms.ValidationError("Mois illisible : écrivez AAAA-MM, par exemple 2027-03.")
        return month


class BillingFilterForm(forms.Form):
    month = MonthField(label="Mois", required=False)
    status = forms.ChoiceField(
        label="État", required=False, choices=[("", "tous"), *Invoice.Status.choices]
    )
    creche = forms.ChoiceField(label="Crèche", required=False)

    def __init__(self, *args: Any, creches: list[Creche], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["creche"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "toutes"), *((c.code, c.name) for c in creches)]


class IssueMonthForm(forms.Form):
    month = MonthField(label="Mois à facturer", error_messages={"required": "Indiquez le mois."})


class CreditForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'avoir",
        max_length=300,
        error_messages={"required": "Le motif de l'avoir est obligatoire."},
    )


class ContractForm(forms.Form):
    starts_on = forms.DateField(label="Début du contrat", widget=DateInput())
    ends_on = forms.DateField(label="Fin du contrat", widget=DateInput())
    hours_per_week = forms.DecimalField(
        label="Heures par semaine", min_value=1, max_value=60, decimal_places=2
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="Jours d'accueil",
        choices=WEEKDAY_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un jour d'accueil."},
    )
    weeks = forms.DecimalField(
        label="Semaines du contrat", min_value=1, max_value=53, decimal_places=2
    )
    closure_weeks = forms.DecimalField(
        label="Semaines de fermeture de la crèche", min_value=0, max_value=53, decimal_places=2
    )
    holiday_weeks = forms.DecimalField(
        label="Semaines de congés de la famille", min_value=0, max_value=53, decimal_places=2
    )


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label="Motif", choices=CrecheAbsence.KINDS)
    first_day = forms.DateField(label="Du", widget=DateInput())
    last_day = forms.DateField(label="Au", widget=DateInput())
    proof = forms.BooleanField(
        label="Justificatif fourni (bulletin d'hospitalisation, certificat médical)",
        required=False,
        initial=True,
    )


class ExtraHoursForm(forms.Form):
    day = forms.DateField(label="Jour", widget=DateInput())
    hours = forms.DecimalField(
        label="Heures au-delà du contrat", min_value=Decimal("0.25"), max_value=12, decimal_places=2
    )

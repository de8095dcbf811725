"""Forms of the crèche applications and the commission: shapes only; the rules live in
`creches.py`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from massalia.eservices.models import AllocationRound, Creche, Criterion
from massalia.territory.models import Department

CHOICES = 5

# The crèche sections a family reads (its application's page, the form's errors): French in
# the database and on the agents' pages, written out here for translation.
AGE_GROUP_LABELS = (
    gettext_noop("bébés (de 10 semaines à 11 mois)"),
    gettext_noop("moyens (de 12 à 23 mois)"),
    gettext_noop("grands (de 24 mois à l'école)"),
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ApplyForm(forms.Form):
    """The child, up to five crèches in order, the start date and hours, and one box (with a
    document field when it asks for one) per criterion the family declares."""

    child = forms.TypedChoiceField(
        label=_("Enfant"), coerce=int, error_messages={"required": _("Choisissez l'enfant.")}
    )
    start_on = forms.DateField(
        label=_("Date d'accueil souhaitée"),
        widget=DateInput(),
        error_messages={
            "required": _("Indiquez la date d'accueil souhaitée."),
            "invalid": _("Date illisible (JJ/MM/AAAA)."),
        },
    )
    hours_per_week = forms.IntegerField(
        label=_("Heures d'accueil par semaine"),
        min_value=1,
        max_value=55,
        error_messages={
            "required": _("Indiquez les heures par semaine."),
            "invalid": _("Un nombre d'heures entier."),
            "min_value": _("Au moins 1 heure."),
            "max_value": _("55 heures au plus."),
        },
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        children: list[tuple[int, str]],
        creches: list[Creche],
        criteria: list[Criterion],
    ) -> None:
        super().__init__(data, files)
        self.fields["child"].choices = children  # type: ignore[attr-defined]
        options = [("", _("— aucune —"))] + [(c.code, c.name) for c in creches]
        self.creches = {c.code: c for c in creches}
        self.criteria = criteria
        for rank in range(1, CHOICES + 1):
            self.fields[f"choice_{rank}"] = forms.ChoiceField(
                label=_("Choix n° %(rank)s") % {"rank": rank},
                choices=options,
                required=False,
                error_messages={"invalid_choice": _("Crèche inconnue.")},
            )
        for criterion in criteria:
            self.fields[f"crit_{criterion.code}"] = forms.BooleanField(
                label=criterion.label, required=False
            )
            if criterion.needs_document:
                self.fields[f"doc_{criterion.code}"] = forms.FileField(
                    label=_("Justificatif : %(label)s") % {"label": criterion.label},
                    required=False,
                )

    def choice_fields(self) -> list[forms.BoundField]:
        return [self[f"choice_{rank}"] for rank in range(1, CHOICES + 1)]

    def criterion_fields(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        return [
            (self[f"crit_{c.code}"], self[f"doc_{c.code}"] if c.needs_document else None)
            for c in self.criteria
        ]

    def chosen(self) -> list[Creche]:
        """The crèches in the order given, blanks skipped (a repeat is the service's error)."""
        codes = [self.cleaned_data.get(f"choice_{rank}") for rank in range(1, CHOICES + 1)]
        return [self.creches[code] for code in codes if code]

    def declared(self) -> dict[str, Any]:
        return {
            c.code: self.cleaned_data.get(f"doc_{c.code}")
            for c in self.criteria
            if self.cleaned_data.get(f"crit_{c.code}")
        }


class RenewForm(forms.Form):
    start_on = forms.DateField(
        label=_("Nouvelle date d'accueil souhaitée"),
        widget=DateInput(),
        error_messages={
            "required": _("Indiquez la date d'accueil souhaitée."),
            "invalid": _("Date illisible (JJ/MM/AAAA)."),
        },
    )


class RoundForm(forms.Form):
    department = forms.TypedChoiceField(label="Commission (service)", coerce=int)
    name = forms.CharField(label="Nom", max_length=120)
    held_on = forms.DateField(
        label="Date de la commission",
        widget=DateInput(),
        error_messages={"invalid": "Date illisible (JJ/MM/AAAA)."},
    )
    rule = forms.ChoiceField(label="Règle", choices=AllocationRound.Rule.choices)
    response_days = forms.IntegerField(
        label="Délai de réponse des familles (jours)", min_value=1, max_value=60, initial=15
    )

    def __init__(self, data: Any = None, *, departments: list[Department]) -> None:
        super().__init__(data)
        self.departments = {d.pk: d for d in departments}
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            (d.pk, d.name) for d in departments
        ]

    def chosen_department(self) -> Department:
        return self.departments[self.cleaned_data["department"]]


class OverrideForm(forms.Form):
    creche = forms.ChoiceField(label="Crèche attribuée", required=False)
    reason = forms.CharField(
        label="Motif (dit à la famille)",
        max_length=500,
        error_messages={"required": "Donnez le motif de la modification."},
    )

    def __init__(self, data: Any = None, *, creches: list[Creche]) -> None:
        super().__init__(data)
        self.creches = {c.code: c for c in creches}
        self.fields["creche"].choices = [("", "pas de place")] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in creches
        ]

    def chosen(self) -> Creche | None:
        code = self.cleaned_data.get("creche")
        return self.creches[code] if code else None


class AppealForm(forms.Form):
    """The family's appeal: its reasons, in its own words (the service cleans and bounds them)."""

    reasons = forms.CharField(
        label=_("Les motifs de votre recours"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Expliquez les motifs de votre recours.")},
    )


class AppealAnswerForm(OverrideForm):
    """The commission's answer to an appeal: upheld (with the crèche offered) or rejected."""

    decision = forms.ChoiceField(
        label="Réponse",
        choices=[("rejected", "Rejeter le recours"), ("upheld", "Accepter le recours")],
        error_messages={"required": "Choisissez la réponse."},
    )
    reason = forms.CharField(
        label="Motif (dit à la famille)",
        max_length=2000,
        error_messages={"required": "Donnez le motif de la réponse."},
    )

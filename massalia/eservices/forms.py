"""Forms of the family account: validation of shapes only; the rules live in services."""

from __future__ import annotations

from django import forms

from massalia.eservices.levels import Level
from massalia.eservices.models import Derogation, FamilyDocument, School


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class AddressForm(forms.Form):
    house_number = forms.IntegerField(
        label="Numéro",
        min_value=1,
        max_value=99_999,
        error_messages={"required": "Indiquez le numéro."},
    )
    number_suffix = forms.ChoiceField(
        label="Complément (facultatif)",
        required=False,
        choices=[("", "—"), ("bis", "bis"), ("ter", "ter"), ("quater", "quater")],
    )
    street = forms.CharField(
        label="Voie",
        max_length=200,
        help_text="Le nom de la rue, de l'avenue ou du boulevard, par exemple : rue Paradis.",
        error_messages={"required": "Indiquez la voie."},
    )
    caf_number = forms.CharField(
        label="Numéro d'allocataire CAF (facultatif)",
        max_length=20,
        required=False,
        help_text="7 chiffres, sur vos courriers de la CAF.",
    )


class ChildForm(forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=80)
    last_name = forms.CharField(label="Nom", max_length=80)
    birth_date = forms.DateField(
        label="Date de naissance",
        widget=DateInput(),
        help_text="Au format jj/mm/aaaa.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Date invalide : écrivez-la au format jj/mm/aaaa."},
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="Type de document", choices=FamilyDocument.Kind.choices)
    file = forms.FileField(
        label="Fichier (PDF ou photo, 10 Mo au plus)",
        error_messages={"required": "Choisissez le fichier à envoyer."},
    )
    valid_until = forms.DateField(
        label="Valable jusqu'au (facultatif)",
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Date invalide : écrivez-la au format jj/mm/aaaa."},
    )


class EnrolForm(forms.Form):
    child = forms.TypedChoiceField(label="Enfant", coerce=int)
    level = forms.ChoiceField(label="Niveau à la rentrée", choices=Level.choices)
    other_school = forms.ModelChoiceField(
        label="Demander une autre école (dérogation, facultatif)",
        queryset=School.objects.all(),
        required=False,
        empty_label="Non : l'école de secteur",
    )
    derogation_reasons = forms.MultipleChoiceField(
        label="Raisons de la dérogation",
        choices=Derogation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    derogation_details = forms.CharField(
        label="Précisions (facultatif, obligatoire pour « autre raison »)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, children: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["child"].choices = children  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    public_note = forms.CharField(
        label="Message à la famille",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez le message à la famille."},
    )


class CheckForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Vérification",
        choices=[("valid", "Document conforme"), ("refused", "Document refusé")],
    )
    note = forms.CharField(
        label="Motif (obligatoire en cas de refus)", max_length=300, required=False
    )

"""Forms of the family account: validation of shapes only; the rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext, pgettext_lazy

from massalia.eservices.levels import Level
from massalia.eservices.models import Appointment, Derogation, FamilyDocument, School


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


# The labels of the models' choices a family reads (appointments, documents, derogations):
# French in the database, the letter and the agents' pages, written out for translation.
CHOICE_LABELS = (
    gettext_noop("Carte nationale d'identité"),
    gettext_noop("Passeport"),
    gettext_noop("Carte d'identité et passeport"),
    gettext_noop("Réservé"),
    gettext_noop("Annulé"),
    gettext_noop("Venu"),
    gettext_noop("Absent"),
    gettext_noop("justificatif de domicile"),
    gettext_noop("livret de famille"),
    gettext_noop("attestation CAF"),
    gettext_noop("un frère ou une sœur est déjà scolarisé dans l'école demandée"),
    gettext_noop("proximité du lieu de travail d'un parent"),
    gettext_noop("mode de garde près de l'école demandée"),
    gettext_noop("raison médicale"),
    gettext_noop("déménagement prévu dans le secteur de l'école demandée"),
    gettext_noop("autre raison (précisée)"),
    gettext_noop("à vérifier"),
    gettext_noop("vérifié"),
    gettext_noop("refusé"),
)


def shown(choices: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """`choices` with their labels in the page's language (the values unchanged)."""
    return [(value, _(label)) for value, label in choices]


class AddressForm(forms.Form):
    house_number = forms.IntegerField(
        label=_("Numéro"),
        min_value=1,
        max_value=99_999,
        error_messages={"required": _("Indiquez le numéro.")},
    )
    number_suffix = forms.ChoiceField(
        label=_("Complément (facultatif)"),
        required=False,
        choices=[("", "—"), ("bis", "bis"), ("ter", "ter"), ("quater", "quater")],
    )
    street = forms.CharField(
        label=_("Voie"),
        max_length=200,
        help_text=_("Le nom de la rue, de l'avenue ou du boulevard, par exemple : rue Paradis."),
        error_messages={"required": _("Indiquez la voie.")},
    )
    caf_number = forms.CharField(
        label=_("Numéro d'allocataire CAF (facultatif)"),
        max_length=20,
        required=False,
        help_text=_("7 chiffres, sur vos courriers de la CAF."),
    )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse email de l'autre adulte"),
        max_length=254,
        error_messages={"required": _("Indiquez son adresse email.")},
    )


class EurosField(forms.DecimalField):
    """An amount as people write it: "2 345,50", "2345.50", "2 345 €"."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            for mark in (" ", "\u00a0", "\u202f", "€"):
                value = value.replace(mark, "")
            value = value.replace(",", ".")
        return super().to_python(value)


class ResourcesForm(forms.Form):
    monthly_resources = EurosField(
        label=_("Ressources mensuelles du foyer, en euros"),
        min_value=0,
        max_value=1_000_000,
        max_digits=9,
        decimal_places=2,
        help_text=_("Le revenu fiscal de référence de l'avis d'imposition, divisé par 12."),
        error_messages={"required": _("Indiquez les ressources mensuelles du foyer.")},
    )
    resources_year = forms.IntegerField(
        label=_("Année des revenus (sur l'avis d'imposition)"),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("Indiquez l'année des revenus.")},
    )


class ChildForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=80)
    last_name = forms.CharField(label=pgettext_lazy("family name", "Nom"), max_length=80)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        widget=DateInput(),
        help_text=_("Au format jj/mm/aaaa."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Date invalide : écrivez-la au format jj/mm/aaaa.")},
    )
    aeeh = forms.BooleanField(
        label=_("Cet enfant bénéficie de l'AEEH (allocation d'éducation de l'enfant handicapé)"),
        required=False,
        help_text=_(
            "Le tarif horaire de la crèche est alors celui d'une famille d'un enfant de plus."
        ),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de document"), choices=shown(FamilyDocument.Kind.choices)
    )
    file = forms.FileField(
        label=_("Fichier (PDF ou photo, 10 Mo au plus)"),
        error_messages={"required": _("Choisissez le fichier à envoyer.")},
    )
    valid_until = forms.DateField(
        label=_("Valable jusqu'au (facultatif)"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Date invalide : écrivez-la au format jj/mm/aaaa.")},
    )


# The levels' labels (French on the letter and agents' pages), written out for the families' form.
LEVEL_LABELS = (
    gettext_noop("petite section"),
    gettext_noop("moyenne section"),
    gettext_noop("grande section"),
    gettext_noop("CP"),
    gettext_noop("CE1"),
    gettext_noop("CE2"),
    gettext_noop("CM1"),
    gettext_noop("CM2"),
)


class EnrolForm(forms.Form):
    child = forms.TypedChoiceField(label=_("Enfant"), coerce=int)
    level = forms.ChoiceField(
        label=_("Niveau à la rentrée"),
        choices=[(value, _(label)) for value, label in Level.choices],
    )
    other_school = forms.ModelChoiceField(
        label=_("Demander une autre école (dérogation, facultatif)"),
        queryset=School.objects.all(),
        required=False,
        empty_label=_("Non : l'école de secteur"),
    )
    derogation_reasons = forms.MultipleChoiceField(
        label=_("Raisons de la dérogation"),
        choices=shown(Derogation.choices),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    derogation_details = forms.CharField(
        label=_("Précisions (facultatif, obligatoire pour « autre raison »)"),
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


STAGES = [
    ("", "Toutes"),
    ("to_decide", "À décider"),
    ("waiting", "Sur liste d'attente"),
    ("awaiting_documents", "Pièces demandées"),
    ("accepted", "Acceptées"),
    ("closed", "Closes sans inscription"),
]


class EnrolmentFilterForm(forms.Form):
    """The agents' list of enrolments: what to show (a GET form; a bad value is ignored)."""

    stage = forms.ChoiceField(label="Où en est la demande", choices=STAGES, required=False)
    school = forms.ModelChoiceField(
        label="École demandée",
        queryset=School.objects.order_by("name"),
        required=False,
        empty_label="Toutes",
    )
    level = forms.ChoiceField(
        label="Niveau", choices=[("", "Tous"), *Level.choices], required=False
    )
    derogation = forms.ChoiceField(
        label="Dérogation",
        choices=[
            ("", "Avec ou sans"),
            ("oui", "Demandes de dérogation"),
            ("non", "École de secteur"),
        ],
        required=False,
    )


class BulkDecisionForm(DecisionForm):
    """Decide the ticked enrolments at once, in filing order, within each school's seats."""

    enrolments = forms.TypedMultipleChoiceField(
        label="Demandes",
        coerce=int,
        error_messages={
            "required": "Cochez au moins une demande.",
            "invalid_choice": "Une demande cochée n'est plus dans la liste : rechargez la page.",
        },
    )

    def __init__(self, *args: Any, choices: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedMultipleChoiceField, self.fields["enrolments"])
        field.choices = [(pk, pk) for pk in choices]


# Appointments --------------------------------------------------------------------------------


class SlotChoiceField(forms.ModelChoiceField):
    """A slot among those the page offers, shown by its hour."""

    widget = forms.RadioSelect

    def label_from_instance(self, obj: Any) -> str:
        local = timezone.localtime(obj.starts_at)
        left = obj.capacity - obj.booked
        places = ngettext("%(count)d place", "%(count)d places", left) % {"count": left}
        return f"{local:%H:%M} ({places})"


def slot_field(slots: Any) -> SlotChoiceField:
    return SlotChoiceField(
        queryset=slots,
        label=_("Créneau"),
        empty_label=None,
        error_messages={
            "required": _("Choisissez un créneau."),
            "invalid_choice": _("Ce créneau n'est plus proposé : choisissez-en un autre."),
        },
    )


class BookingForm(forms.Form):
    motive = forms.ChoiceField(
        label=_("Pour"),
        choices=shown(Appointment.Motive.choices),
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites pour quel titre est le rendez-vous.")},
    )
    ants_number = forms.CharField(
        label=_("Numéro de pré-demande ANTS"),
        max_length=14,
        help_text=_(
            "10 caractères, lettres et chiffres, sur le récapitulatif de votre"
            " pré-demande faite sur ants.gouv.fr."
        ),
        error_messages={"required": _("Indiquez le numéro de votre pré-demande.")},
    )
    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=120,
        error_messages={"required": _("Indiquez votre nom.")},
    )
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_(
            "La confirmation, le rappel et le lien pour déplacer ou annuler y sont envoyés."
        ),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Adresse électronique invalide."),
        },
    )
    phone = forms.RegexField(
        label=_("Téléphone (facultatif)"),
        regex=r"^\+?[0-9 .\-]{6,20}$",
        max_length=20,
        required=False,
        error_messages={"invalid": _("Numéro de téléphone invalide.")},
    )

    def __init__(self, *args: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"slot": slot_field(slots), **self.fields}

    def clean_ants_number(self) -> str:
        from massalia.eservices.appointments import check_ants

        try:
            return check_ants(self.cleaned_data["ants_number"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["ants_number"]) from None


class RescheduleForm(forms.Form):
    def __init__(self, *args: Any, slots: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"] = slot_field(slots)


class MarkForm(forms.Form):
    came = forms.ChoiceField(
        label="Pointage",
        choices=[("oui", "Venu"), ("non", "Absent")],
        error_messages={"required": "Dites si la personne est venue."},
    )


class ClosureForm(forms.Form):
    first_day = forms.DateField(
        label="Du", widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    last_day = forms.DateField(
        label="Au", widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    reason = forms.CharField(label="Motif", max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            raise ValidationError("Le dernier jour précède le premier.")
        if first and last and (last - first).days > 366:
            raise ValidationError("Une fermeture dure un an au plus.")
        return data

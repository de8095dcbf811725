"""The forms of the consultation pages: a proposal (its text and optional place) and the
city's answer. Limits are checked here for the page's messages, and again by the services."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from massalia.participation import services
from massalia.participation.comments import COMMENT_MAX, DETAILS_MAX, REASON_MAX
from massalia.participation.models import ModerationAction, Process, ReportReason, Verdict


def _quartier_choices(process: Process) -> list[tuple[Any, Any]]:
    rows = process.quartiers().order_by("arrondissement__number", "name")
    choices: list[tuple[Any, Any]] = [("", _("— Aucun quartier en particulier —"))]
    for arrondissement, items in groupby(rows, key=lambda q: q.arrondissement):
        choices.append((str(arrondissement), [(q.pk, q.display_name) for q in items]))
    return choices


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Titre de la proposition"),
        max_length=services.TITLE_MAX,
        error_messages={"required": _("Donnez un titre à la proposition.")},
    )
    text = forms.CharField(
        label=_("Votre proposition"),
        max_length=services.TEXT_MAX,
        help_text=_("Ce que vous proposez, et pourquoi. Elle sera publique, avec votre nom."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Décrivez votre proposition.")},
    )
    address = forms.CharField(
        label=_("Adresse ou rue (facultatif)"),
        required=False,
        max_length=250,
        help_text=_("Si votre proposition concerne un lieu précis : par exemple, 12 rue Paradis."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    quartier = forms.TypedChoiceField(
        label=_("Quartier (facultatif)"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choisissez un quartier de la liste.")},
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["quartier"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = _quartier_choices(process)

    def place(self) -> services.Place:
        return services.Place(
            address=self.cleaned_data.get("address") or "",
            quartier_id=self.cleaned_data.get("quartier"),
        )


class AnswerForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Réponse de la Ville",
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une réponse.",
            "invalid_choice": "Choisissez une réponse de la liste.",
        },
    )
    text = forms.CharField(
        label="Texte de la réponse",
        max_length=services.ANSWER_MAX,
        help_text="Il sera publié sous la proposition, avec votre nom et celui du service.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Rédigez la réponse."},
    )


HONEYPOT = "site_web"


class CommentForm(forms.Form):
    """A comment or a reply. `site_web` is the honeypot: hidden from people (and from screen
    readers), filled by bots; a post that fills it is refused and nothing is stored."""

    text = forms.CharField(
        label=_("Votre commentaire"),
        max_length=COMMENT_MAX,
        help_text=_("Il sera public, avec votre nom."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez votre commentaire.")},
    )
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        error_messages={"invalid": _("Le commentaire auquel vous répondez est introuvable.")},
    )
    site_web = forms.CharField(label=_("Laissez ce champ vide"), required=False)


def filled_honeypot(data: Any) -> bool:
    return bool(data is not None and str(data.get(HONEYPOT, "")).strip())


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce commentaire ?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un motif."),
            "invalid_choice": _("Choisissez un motif de la liste."),
        },
    )
    details = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        label="Décision",
        choices=ModerationAction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une décision.",
            "invalid_choice": "Choisissez une décision de la liste.",
        },
    )
    reason = forms.CharField(
        label="Motif",
        max_length=REASON_MAX,
        help_text="Il reste dans l'historique de modération, avec votre nom.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Donnez le motif de la décision."},
    )


# Participatory budget ------------------------------------------------------------------------

NAME_MAX = 100


class IdentityForm(forms.Form):
    """The answers a resident's identity is matched by (census file or identity document)."""

    last_name = forms.CharField(
        label=_("Nom de famille"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": _("Indiquez votre nom de famille.")},
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Indiquez votre prénom.")},
    )
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Par exemple : 17/05/1980."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"autocomplete": "bday"}),
        error_messages={
            "required": _("Indiquez votre date de naissance."),
            "invalid": _("Une date au format JJ/MM/AAAA, s'il vous plaît."),
        },
    )
    postcode = forms.RegexField(
        label=_("Code postal de votre domicile"),
        regex=r"^[0-9]{5}\Z",
        max_length=5,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        error_messages={
            "required": _("Indiquez votre code postal."),
            "invalid": _("Un code postal de cinq chiffres, s'il vous plaît."),
        },
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ces informations servent à vérifier que j'habite la commune, pour ce "
            "vote seulement (elles ne sont pas conservées en clair)."
        ),
        error_messages={"required": _("Votre accord est nécessaire pour vérifier.")},
    )


class AgentVerificationForm(forms.Form):
    """An agent or mediator checks a resident's identity document (agents' page: French)."""

    email = forms.EmailField(
        label="Adresse e-mail du compte de la personne",
        max_length=254,
        error_messages={
            "required": "Indiquez l'adresse du compte.",
            "invalid": "Une adresse e-mail valide, s'il vous plaît.",
        },
    )
    last_name = forms.CharField(label="Nom de famille (pièce d'identité)", max_length=NAME_MAX)
    first_name = forms.CharField(label="Prénom (pièce d'identité)", max_length=NAME_MAX)
    birth_date = forms.DateField(
        label="Date de naissance",
        help_text="JJ/MM/AAAA",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": "Une date au format JJ/MM/AAAA, s'il vous plaît."},
    )
    postcode = forms.RegexField(
        label="Code postal du domicile (justificatif)",
        regex=r"^[0-9]{5}\Z",
        max_length=5,
        error_messages={"invalid": "Un code postal de cinq chiffres, s'il vous plaît."},
    )
    consent = forms.BooleanField(
        label="La personne a vu sa pièce d'identité vérifiée et donne son accord",
        error_messages={"required": "L'accord de la personne est nécessaire."},
    )


CENSUS_MAX_BYTES = 20 * 1024 * 1024


class CensusForm(forms.Form):
    file = forms.FileField(
        label="Fichier des habitants (CSV)",
        help_text="Colonnes nom, prenom, date_naissance, code_postal ; séparateur « ; » ou « , ».",
        error_messages={"required": "Choisissez le fichier.", "empty": "Ce fichier est vide."},
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        if uploaded.size > CENSUS_MAX_BYTES:
            raise forms.ValidationError(
                "Ce fichier dépasse 20 Mo : importez-le en ligne de commande."
            )
        return uploaded

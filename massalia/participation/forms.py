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

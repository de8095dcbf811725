"""The forms of the questions' pages. Limits are checked here for the page's messages and
again by the services; a recipient is chosen among the active ones (a forged id is a field
error, never a lookup elsewhere)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from massalia.questions.models import (
    ANSWER_MAX,
    PSEUDONYM_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    Recipient,
)

LENGTH = _("%(limit_value)d caractères au plus, s'il vous plaît.")
UNKNOWN = _("Choisissez un destinataire dans la liste.")


class RecipientField(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs: generic form field
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _recipients() -> Any:
    return Recipient.objects.filter(is_active=True).order_by("kind", "name")


class AskForm(forms.Form):
    recipient = RecipientField(
        label=_("À qui posez-vous votre question ?"),
        queryset=Recipient.objects.none(),
        to_field_name="slug",
        empty_label=_("Choisissez un destinataire"),
        error_messages={"required": UNKNOWN, "invalid_choice": UNKNOWN},
    )
    subject = forms.CharField(
        label=_("Objet de la question"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Donnez un objet à votre question."), "max_length": LENGTH},
    )
    text = forms.CharField(
        label=_("Votre question"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Elle est relue par la Ville avant d'être publiée, puis l'élu ou la mairie y répond "
            "en public. 3 000 caractères au plus."
        ),
        error_messages={"required": _("Écrivez votre question."), "max_length": LENGTH},
    )
    pseudonym = forms.CharField(
        label=_("Pseudonyme (facultatif)"),
        required=False,
        max_length=PSEUDONYM_MAX,
        help_text=_("Affiché à la place de votre nom."),
        error_messages={"max_length": LENGTH},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = _recipients()  # type: ignore[attr-defined]  # a ModelChoiceField


class FilterForm(forms.Form):
    """The list's filters (GET): an unknown value is a 400 with its message."""

    STATES = [
        ("", _("Toutes les questions")),
        ("repondues", _("Répondues")),
        ("attente", _("Sans réponse")),
    ]

    destinataire = RecipientField(
        label=_("Destinataire"),
        queryset=Recipient.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tous"),
        error_messages={"invalid_choice": UNKNOWN},
    )
    etat = forms.ChoiceField(
        label=_("Réponse"),
        choices=STATES,
        required=False,
        error_messages={"invalid_choice": _("Choisissez un état dans la liste.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destinataire"].queryset = Recipient.objects.order_by("kind", "name")  # type: ignore[attr-defined]  # a ModelChoiceField

    def answered(self) -> bool | None:
        return {"repondues": True, "attente": False}.get(self.cleaned_data.get("etat") or "")


class ModerationForm(forms.Form):
    """Agents' pages are in French only: no translation here."""

    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publish", "Publier"), ("refuse", "Refuser")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de publier ou de refuser."},
    )
    reason = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=300,
        help_text="Obligatoire pour un refus : la personne qui a posé la question le lit.",
        error_messages={"max_length": "300 caractères au plus."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Dites pourquoi la question est refusée.")
        return data


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Réponse",
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Publiée sous la question, et envoyée par courriel à la personne qui l'a posée.",
        error_messages={
            "required": "Écrivez la réponse.",
            "max_length": "6 000 caractères au plus.",
        },
    )

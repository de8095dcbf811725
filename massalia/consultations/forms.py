"""The opinion map's forms: a resident's statement, and a moderator's decision. Limits are
checked here for the page's messages, and again by the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from massalia.consultations.models import STATEMENT_MAX_LENGTH


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Votre phrase"),
        max_length=STATEMENT_MAX_LENGTH,
        help_text=_(
            "Une phrase courte, que d'autres pourront approuver ou non (280 caractères au "
            "plus). Elle est relue par un modérateur avant d'être proposée au vote."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Écrivez votre proposition."),
            "max_length": _("%(limit_value)d caractères au plus."),
        },
    )


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
        help_text="Obligatoire pour un refus : l'auteur le lit.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Dites pourquoi la proposition est refusée.")
        return data

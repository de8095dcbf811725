"""The document consultation's forms: an observation in the register (what it is about, the
text, the theme, who writes), and the agents' moderation and answer (French only)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from massalia.consultations.models import TargetKind, Theme
from massalia.consultations.register import MAX_FILES, TEXT_MAX_LENGTH
from massalia.core.forms import FilesField


class ObservationForm(forms.Form):
    target = forms.ChoiceField(choices=TargetKind.choices, widget=forms.HiddenInput)
    article = forms.CharField(required=False, widget=forms.HiddenInput)
    zone = forms.CharField(required=False, widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("Le passage commenté"),
        required=False,
        max_length=2000,
        help_text=_(
            "Copiez ici les mots de l'article que vous commentez, tels qu'ils sont écrits."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = forms.CharField(
        label=_("Adresse ou lieu"),
        required=False,
        max_length=200,
        help_text=_(
            "Par exemple : 12 rue Caisserie. Ou bien indiquez la latitude et la longitude."
        ),
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, localize=False)
    longitude = forms.FloatField(label=_("Longitude"), required=False, localize=False)
    text = forms.CharField(
        label=_("Votre observation"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Écrivez votre observation."),
            "max_length": _("%(limit_value)d caractères au plus."),
        },
    )
    theme = forms.ChoiceField(
        label=_("Thème"),
        choices=[("", _("Choisissez un thème")), *Theme.choices],
        error_messages={"required": _("Choisissez un thème.")},
    )
    display_name = forms.CharField(
        label=_("Nom affiché dans le registre public"),
        required=False,
        max_length=80,
        help_text=_("Laissez vide pour paraître sous « Anonyme »."),
    )
    author_name = forms.CharField(
        label=_("Votre nom"),
        required=False,
        max_length=120,
        help_text=_("Connu du commissaire enquêteur seulement."),
    )
    author_email = forms.EmailField(
        label=_("Votre adresse électronique"),
        required=False,
        error_messages={"invalid": _("Cette adresse électronique n'est pas valable.")},
    )
    attachments = FilesField(
        label=_("Pièces jointes (PDF ou images)"),
        required=False,
        max_files=MAX_FILES,
        accept="application/pdf,image/jpeg,image/png,image/gif,image/webp",
        too_many=cast(str, _("3 pièces jointes au plus.")),
    )

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["author_name"], self.fields["author_email"]


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("publish", "Publier au registre"), ("refuse", "Refuser")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de publier ou de refuser."},
    )
    reason = forms.CharField(
        label="Motif du refus",
        required=False,
        max_length=300,
        help_text="Obligatoire pour un refus (injures, hors sujet, données personnelles…).",
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Réponse",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez la réponse."},
    )

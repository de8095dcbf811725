"""The forms of contributions: a public update of a case, and a moderator's decision."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from massalia.core.forms import FilesField
from massalia.core.moderation import REASON_MAX, Action
from massalia.servicerequests.contributions import MAX_PHOTOS
from massalia.servicerequests.contributions import TEXT_MAX as CONTRIBUTION_TEXT_MAX
from massalia.servicerequests.forms import _photo_limits

HONEYPOT = "site_web"


class ContributionForm(forms.Form):
    """A public update of a case: a text, photos or both (checked again by `contributions`).
    `site_web` is the honeypot: hidden from people and screen readers, filled by bots."""

    text = forms.CharField(
        label=_("Votre complément (facultatif si vous joignez une photo)"),
        required=False,
        max_length=CONTRIBUTION_TEXT_MAX,
        help_text=_(
            "Il sera public : les adresses email, numéros de téléphone et plaques "
            "d'immatriculation y sont masqués."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = FilesField(
        max_files=MAX_PHOTOS,
        accept="image/*",
        too_many="",
        label=_("Photos (facultatif)"),
        required=False,
    )
    site_web = forms.CharField(label=_("Laissez ce champ vide"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "contribution_%s")
        super().__init__(*args, **kwargs)
        _photo_limits(cast(FilesField, self.fields["photos"]))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if str(data.get(HONEYPOT) or "").strip():
            raise ValidationError(
                _(
                    "Votre complément n'a pas été envoyé : un champ qui doit rester vide a été "
                    "rempli. Si vous n'êtes pas un robot, videz-le et envoyez à nouveau."
                )
            )
        if not (data.get("text") or "").strip() and not data.get("photos"):
            raise ValidationError(_("Écrivez un complément ou joignez une photo."))
        return data


class DecisionForm(forms.Form):
    """A moderator's decision on an update or a photo (agents' page, in French)."""

    action = forms.ChoiceField(
        label="Décision",
        choices=Action.choices,
        error_messages={
            "required": "Choisissez une décision.",
            "invalid_choice": "Choisissez une décision de la liste.",
        },
    )
    reason = forms.CharField(
        label="Motif",
        required=False,
        max_length=REASON_MAX,
        help_text="Obligatoire pour masquer ; il reste dans l'historique de modération.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

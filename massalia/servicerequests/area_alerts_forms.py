"""The form of "Recevoir les alertes de mon quartier": an area, themes, a frequency, an address.

The address around which to alert is understood by the territory's one location mechanism
(`territory.locations`, as the report form's), and must lie in the city.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from massalia.core.notifications import Frequency
from massalia.servicerequests.area_alerts import RADII
from massalia.servicerequests.forms import quartier_choices
from massalia.servicerequests.models import RequestType
from massalia.territory import geo, locations
from massalia.territory.locations import LocationNotFound

QUARTIER, AROUND = "quartier", "adresse"


def _radius_label(metres: int) -> str:
    return f"{metres // 1000} km" if metres >= 1000 else f"{metres} m"


class AreaAlertForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Où ?"),
        choices=[(QUARTIER, _("Dans un quartier")), (AROUND, _("Autour d'une adresse"))],
        initial=QUARTIER,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un quartier ou une adresse."),
            "invalid_choice": _("Choisissez un quartier ou une adresse."),
        },
    )
    quartier = forms.TypedChoiceField(
        label=_("Quartier"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Ce quartier n'existe pas.")},
    )
    address = forms.CharField(
        label=_("Adresse"),
        required=False,
        max_length=250,
        help_text=_("Par exemple : 12 rue de la République"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        error_messages={"max_length": _("Cette adresse est trop longue (250 caractères au plus).")},
    )
    radius = forms.TypedChoiceField(
        label=_("Dans un rayon de"),
        choices=[(r, _radius_label(r)) for r in RADII],
        coerce=int,
        empty_value=None,
        required=False,
        initial=500,
        error_messages={"invalid_choice": _("Choisissez un des rayons proposés.")},
    )
    groups = forms.MultipleChoiceField(
        label=_("Thèmes (aucun coché : tous)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Ce thème n'existe pas.")},
    )
    frequency = forms.ChoiceField(
        label=_("Quand recevoir les alertes ?"),
        choices=[
            (Frequency.IMMEDIATELY.value, _("Dès qu'une demande est publiée")),
            (Frequency.DAILY.value, _("Une fois par jour, en un résumé")),
            (Frequency.WEEKLY.value, _("Une fois par semaine, en un résumé")),
        ],
        initial=Frequency.IMMEDIATELY,
        widget=forms.RadioSelect,
        help_text=_("Ce choix vaut pour toutes vos alertes de quartier."),
        error_messages={
            "required": _("Choisissez quand recevoir les alertes."),
            "invalid_choice": _("Choisissez quand recevoir les alertes."),
        },
    )
    email = forms.EmailField(
        label=_("Votre adresse email"),
        required=False,
        max_length=254,
        help_text=_("Nous vous enverrons un lien pour confirmer votre alerte."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Saisissez une adresse email valide.")},
    )

    def __init__(self, *args: Any, anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        quartier = self.fields["quartier"]
        assert isinstance(quartier, forms.ChoiceField)
        quartier.choices = quartier_choices()
        groups = self.fields["groups"]
        assert isinstance(groups, forms.ChoiceField)
        groups.choices = [(g, g) for g in public_groups()]
        if anonymous:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = gettext(
                "Indiquez votre adresse email : les alertes y seront envoyées."
            )
        else:
            del self.fields["email"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("area") == QUARTIER:
            if not data.get("quartier"):
                self.add_error("quartier", gettext("Choisissez un quartier."))
        elif data.get("area") == AROUND:
            data["place"] = self._place(str(data.get("address") or ""))
            if not data.get("radius") and "radius" not in self.errors:
                self.add_error("radius", gettext("Choisissez un des rayons proposés."))
        return data

    def _place(self, address: str) -> locations.Location | None:
        if not address.strip():
            self.add_error("address", gettext("Indiquez une adresse."))
            return None
        try:
            place = locations.locate(address=address)
        except LocationNotFound as exc:
            self.add_error("address", str(exc))
            return None
        lat, lon = place.latitude, place.longitude
        if lat is None or lon is None or geo.locate(lat, lon) is None:
            self.add_error("address", gettext("Cette adresse est en dehors de la ville."))
            return None
        return place


def public_groups() -> list[str]:
    """The themes of the public types people can report, in order."""
    rows = RequestType.objects.filter(is_public=True, is_active=True)
    return sorted(set(rows.values_list("group", flat=True)), key=lambda g: unidecode(g).lower())

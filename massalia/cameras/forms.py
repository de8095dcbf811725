"""The register's filters: arrondissement, purpose, operator and state, all optional."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from massalia.cameras.models import Camera, CameraQuerySet, Purpose, Status
from massalia.territory.models import Arrondissement

ALL = "toutes"


class Filters(forms.Form):
    arrondissement = forms.TypedChoiceField(
        label=_("Arrondissement"), required=False, coerce=int, empty_value=None
    )
    finalite = forms.ChoiceField(label=_("Finalité"), required=False)
    exploitant = forms.ChoiceField(label=_("Exploitant"), required=False)
    etat = forms.ChoiceField(label=_("État"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everywhere = [("", _("Tous"))]
        self._choice("arrondissement").choices = everywhere + [
            (a.number, a.name) for a in Arrondissement.objects.order_by("number")
        ]
        self._choice("finalite").choices = [
            ("", pgettext_lazy("a filter left open", "Toutes")),
            *Purpose.choices,
        ]
        operators = Camera.objects.order_by("operator").values_list("operator", flat=True)
        self._choice("exploitant").choices = everywhere + [(o, o) for o in operators.distinct()]
        self._choice("etat").choices = [
            ("", _("En service")),
            (Status.REMOVED, _("Retirées")),
            (ALL, pgettext_lazy("a filter left open", "Toutes")),
        ]

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def apply(self, cameras: CameraQuerySet) -> CameraQuerySet:
        """`cameras` narrowed by the valid filters (call after is_valid())."""
        data = self.cleaned_data
        if data.get("arrondissement"):
            cameras = cameras.filter(quartier__arrondissement__number=data["arrondissement"])
        if data.get("finalite"):
            cameras = cameras.filter(purposes__purpose=data["finalite"])
        if data.get("exploitant"):
            cameras = cameras.filter(operator=data["exploitant"])
        state = data.get("etat") or Status.IN_SERVICE
        if state != ALL:
            cameras = cameras.filter(status=state)
        return cameras

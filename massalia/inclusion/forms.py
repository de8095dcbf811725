from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy

from massalia.core.text import clean_text
from massalia.inclusion import services, vocabulary
from massalia.inclusion.selectors import Criteria
from massalia.territory import locations
from massalia.territory.models import Quartier

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

RADII = [(500, "500 m"), (1000, "1 km"), (2000, "2 km"), (5000, "5 km"), (10000, "10 km")]

# The labels of services.WHAT (in French there, for the editors' case), listed for translation.
WHAT_LABELS = (
    gettext_noop("L'adresse ou le plan"),
    gettext_noop("Les horaires"),
    gettext_noop("Le téléphone, le courriel ou le site"),
    gettext_noop("Les services proposés"),
    gettext_noop("Le lieu a fermé ou déménagé"),
    gettext_noop("Autre chose"),
)


def _choices(
    values: Mapping[str, StrOrPromise], blank: StrOrPromise
) -> list[tuple[str, StrOrPromise]]:
    return [("", blank), *values.items()]


class SearchForm(forms.Form):
    besoin = forms.ChoiceField(
        label=_("Besoin"),
        required=False,
        choices=[("", _("Tous les besoins")), *vocabulary.need_labels()],
    )
    adresse = forms.CharField(
        label=_("Près de l'adresse"),
        required=False,
        max_length=200,
        help_text=_("Par exemple : 12 rue d'Aubagne"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    rayon = forms.TypedChoiceField(
        label=_("Distance"), required=False, choices=RADII, coerce=int, empty_value=None
    )
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        required=False,
        queryset=Quartier.objects.order_by("name").only("pk", "name"),  # not their outlines
        empty_label=_("Tous les quartiers"),
    )
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    public = forms.ChoiceField(
        label=_("Public"),
        required=False,
        choices=_choices(vocabulary.PUBLICS, _("Tous les publics")),
    )
    frais = forms.ChoiceField(
        label=_("Gratuit ou payant"),
        required=False,
        choices=_choices(vocabulary.FRAIS, _("Gratuit ou payant")),
    )
    accueil = forms.ChoiceField(
        label=pgettext_lazy("how a service receives people", "Accueil"),
        required=False,
        choices=_choices(vocabulary.MODES_ACCUEIL, _("Sur place ou à distance")),
    )
    langue = forms.ChoiceField(
        label=_("Langue parlée"),
        required=False,
        choices=_choices(vocabulary.LANGUAGES, _("Toutes les langues")),
    )
    mots = forms.CharField(label=_("Nom du lieu"), required=False, max_length=100)

    def clean_adresse(self) -> str:
        return clean_text(self.cleaned_data.get("adresse") or "").strip()

    def clean_mots(self) -> str:
        return clean_text(self.cleaned_data.get("mots") or "").strip()

    def criteria(self) -> Criteria:
        """The search asked for; raises LocationNotFound for an address the city does not know."""
        data = self.cleaned_data
        point = None
        if data["adresse"]:
            where = locations.locate(address=data["adresse"])
            if where.latitude is not None and where.longitude is not None:
                point = (where.latitude, where.longitude)
        quartier = data.get("quartier")
        return Criteria(
            need=data["besoin"],
            public=data["public"],
            frais=data["frais"],
            accueil=data["accueil"],
            language=data["langue"],
            quartier_id=quartier.pk if quartier else None,
            point=point,
            radius_m=data["rayon"] or 1000,
            open_now=data["ouvert"],
            words=data["mots"],
        )


class ReportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("Qu'est-ce qui est inexact ?"),
        choices=[(code, _(label)) for code, label in services.WHAT.items()],
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Précisez"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Par exemple : les nouveaux horaires, le bon numéro de téléphone."),
    )
    email = forms.EmailField(
        label=_("Votre adresse email"),
        required=False,
        help_text=_("Pour confirmer votre signalement et vous tenir au courant."),
    )

    def __init__(self, *args: object, anonymous: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if anonymous:
            self.fields["email"].required = True
        else:
            del self.fields["email"]

    def clean_details(self) -> str:
        return clean_text(self.cleaned_data["details"]).strip()

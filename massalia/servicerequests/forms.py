"""The forms of the case engine's pages: the report form (with the type's typed attributes),
the public filters, and a message of a case's correspondence (the requester's or the
department's). The agents' other forms are in `agents_forms`."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from unidecode import unidecode

from massalia.core.forms import FilesField
from massalia.servicerequests.attributes import clean_attributes
from massalia.servicerequests.correspondence import MAX_DOCUMENTS, MAX_LENGTH
from massalia.servicerequests.models import Attribute, RequestType
from massalia.servicerequests.services import MAX_PHOTOS
from massalia.territory.models import Arrondissement, Quartier

ATTR_PREFIX = "attr_"


def quartier_choices() -> list[tuple[Any, Any]]:
    """Quartiers grouped by arrondissement, for a <select> with <optgroup>s."""
    rows = Quartier.objects.select_related("arrondissement").order_by(
        "arrondissement__number", "name"
    )
    choices: list[tuple[Any, Any]] = [("", "— Choisir un quartier —")]
    for arrondissement, items in groupby(rows, key=lambda q: q.arrondissement):
        choices.append((str(arrondissement), [(q.pk, q.display_name) for q in items]))
    return choices


def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _attribute_field(attribute: Attribute) -> forms.Field:
    label = attribute.description
    common: dict[str, Any] = {
        "label": label,
        "required": False,  # clean_attributes says what is missing, in the same words as Open311
        "help_text": attribute.datatype_description,
    }
    kind = attribute.datatype
    choices = [(str(v["key"]), str(v["name"])) for v in attribute.values]
    if kind == Attribute.Datatype.SINGLEVALUELIST:
        return forms.ChoiceField(choices=[("", "— Choisir —"), *choices], **common)
    if kind == Attribute.Datatype.MULTIVALUELIST:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Attribute.Datatype.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if kind == Attribute.Datatype.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == Attribute.Datatype.DATETIME:
        return forms.CharField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), **common
        )
    return forms.CharField(max_length=2000, **common)


def _with_required_mark(field: forms.Field, attribute: Attribute) -> forms.Field:
    # The Django field stays optional (clean_attributes checks), but the page says it is not.
    field.show_required = attribute.required  # type: ignore[attr-defined]  # read by _field.html
    if attribute.required:
        field.widget.attrs["aria-required"] = "true"
    return field


class ReportForm(forms.Form):
    description = forms.CharField(
        label="Description du problème",
        max_length=5000,
        help_text=(
            "Elle sera publique. Les numéros de téléphone, adresses électroniques et noms "
            "y sont masqués ; seuls les agents de la Ville voient votre texte complet."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Décrivez le problème en quelques mots."},
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label="Adresse ou rue",
        required=False,
        max_length=250,
        help_text="Par exemple : 12 rue de la République. Facultatif si vous choisissez un "
        "point sur la carte ou un quartier.",
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    quartier = forms.TypedChoiceField(label="Quartier", required=False, coerce=int)
    photos = FilesField(
        max_files=MAX_PHOTOS,
        accept="image/*",
        too_many=f"Vous pouvez joindre {MAX_PHOTOS} photos au plus.",
        label="Photos (facultatif)",
        required=False,
        help_text=f"{MAX_PHOTOS} photos au plus (JPEG, PNG, GIF ou WebP). "
        "Les données de localisation des photos sont effacées.",
    )
    email = forms.EmailField(
        label="Votre adresse email",
        required=False,
        help_text="Pour confirmer la demande et recevoir les réponses. Elle n'est jamais publiée.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label="Votre nom (facultatif)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    seen_duplicates = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, request_type: RequestType, anonymous: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.request_type = request_type
        self.anonymous = anonymous
        self.attribute_list = list(request_type.attributes.filter(variable=True))
        _choices(self.fields["quartier"], quartier_choices())
        for attribute in self.attribute_list:
            self.fields[ATTR_PREFIX + attribute.code] = _with_required_mark(
                _attribute_field(attribute), attribute
            )
        if anonymous:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = (
                "Indiquez votre adresse email pour confirmer la demande."
            )
        else:
            del self.fields["email"]
            del self.fields["name"]

    def attribute_fields(self) -> list[forms.BoundField]:
        return [self[ATTR_PREFIX + a.code] for a in self.attribute_list]

    def required_codes(self) -> set[str]:
        return {ATTR_PREFIX + a.code for a in self.attribute_list if a.required}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        raw: dict[str, str | list[str]] = {}
        for attribute in self.attribute_list:
            key = ATTR_PREFIX + attribute.code
            if attribute.datatype == Attribute.Datatype.MULTIVALUELIST:
                raw[attribute.code] = cast(QueryDict, self.data).getlist(key) if self.data else []
            else:
                raw[attribute.code] = str(self.data.get(key, "")) if self.data else ""
        try:
            data["attributes"] = clean_attributes(self.request_type, raw)
        except ValidationError as exc:
            for code, messages in exc.message_dict.items():
                self.add_error(ATTR_PREFIX + code, messages)
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            data["latitude"] = data["longitude"] = None
        return data

    def seen_ids(self) -> set[int]:
        raw = self.cleaned_data.get("seen_duplicates") or ""
        return {int(x) for x in raw.split(",") if x.strip().isdigit()}


STATUS_CHOICES = [("", "Tous"), ("open", "En cours"), ("closed", "Terminées")]
PERIOD_CHOICES = [
    ("", "Toutes"),
    ("7", "7 derniers jours"),
    ("30", "30 derniers jours"),
    ("90", "3 derniers mois"),
    ("365", "12 derniers mois"),
]


class FilterForm(forms.Form):
    """The public list and map filters (GET). Invalid values are simply dropped."""

    type = forms.ChoiceField(label="Type", required=False)
    group = forms.ChoiceField(label="Thème", required=False)
    status = forms.ChoiceField(label="État", required=False, choices=STATUS_CHOICES)
    arrondissement = forms.TypedChoiceField(
        label="Arrondissement", required=False, coerce=int, empty_value=None
    )
    quartier = forms.TypedChoiceField(
        label="Quartier", required=False, coerce=int, empty_value=None
    )
    period = forms.ChoiceField(label="Période", required=False, choices=PERIOD_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = list(RequestType.objects.filter(is_public=True).order_by("group", "name"))
        _choices(self.fields["type"], [("", "Tous"), *[(t.code, t.name) for t in types]])
        groups = sorted({t.group for t in types}, key=lambda g: unidecode(g).lower())
        _choices(self.fields["group"], [("", "Tous"), *[(g, g) for g in groups]])
        arrondissements = [
            ("", "Tous"),
            *[(a.pk, a.name) for a in Arrondissement.objects.order_by("number")],
        ]
        _choices(self.fields["arrondissement"], arrondissements)
        _choices(self.fields["quartier"], [("", "Tous"), *quartier_choices()[1:]])

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a bad value in the URL is ignored rather than an error."""
        self.is_valid()
        clean = getattr(self, "cleaned_data", {})
        return {k: v for k, v in clean.items() if v not in (None, "")}


def grouped_types(types: Iterable[RequestType]) -> list[tuple[str, list[RequestType]]]:
    return [(group, list(items)) for group, items in groupby(types, key=lambda t: t.group)]


class MessageForm(forms.Form):
    """A message with its documents, for the requester or the department (checked again by
    `correspondence`, which stores the documents through the upload pipeline)."""

    body = forms.CharField(
        label="Votre message",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    documents = FilesField(
        max_files=MAX_DOCUMENTS,
        accept="application/pdf,image/*",
        too_many=f"Joignez au plus {MAX_DOCUMENTS} documents.",
        label="Documents (facultatif)",
        required=False,
    )

    def __init__(self, *args: object, prefix_ids: str = "message", **kwargs: object) -> None:
        kwargs["auto_id"] = f"{prefix_ids}_%s"  # unique ids on a page with other forms
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        pdf, image = (settings.UPLOAD_MAX_PDF_BYTES, settings.UPLOAD_MAX_BYTES)
        self.fields["documents"].help_text = (
            f"{MAX_DOCUMENTS} fichiers au plus : PDF ({_megabytes(pdf)} au plus) ou images "
            f"JPEG, PNG, GIF, WebP ({_megabytes(image)} au plus)."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"

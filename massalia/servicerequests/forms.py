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
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
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
    choices: list[tuple[Any, Any]] = [("", _("— Choisir un quartier —"))]
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
        return forms.ChoiceField(choices=[("", _("— Choisir —")), *choices], **common)
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
        label=_("Description du problème"),
        max_length=5000,
        help_text=_(
            "Elle sera publique. Les numéros de téléphone, adresses électroniques et noms "
            "y sont masqués ; seuls les agents de la Ville voient votre texte complet."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Décrivez le problème en quelques mots.")},
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    address = forms.CharField(
        label=_("Adresse ou rue"),
        required=False,
        max_length=250,
        help_text=_(
            "Par exemple : 12 rue de la République. Facultatif si vous choisissez un "
            "point sur la carte ou un quartier."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    quartier = forms.TypedChoiceField(label=_("Quartier"), required=False, coerce=int)
    # Its limit's texts are written in __init__, in the reader's language (a number inside).
    photos = FilesField(
        max_files=MAX_PHOTOS,
        accept="image/*",
        too_many="",
        label=_("Photos (facultatif)"),
        required=False,
    )
    email = forms.EmailField(
        label=_("Votre adresse email"),
        required=False,
        help_text=_(
            "Pour confirmer la demande et recevoir les réponses. Elle n'est jamais publiée."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=_("Votre nom (facultatif)"),
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
        _photo_limits(cast(FilesField, self.fields["photos"]))
        for attribute in self.attribute_list:
            self.fields[ATTR_PREFIX + attribute.code] = _with_required_mark(
                _attribute_field(attribute), attribute
            )
        if anonymous:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
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


def _photo_limits(field: FilesField) -> None:
    field.too_many = ngettext(
        "Vous pouvez joindre %(count)d photo au plus.",
        "Vous pouvez joindre %(count)d photos au plus.",
        MAX_PHOTOS,
    ) % {"count": MAX_PHOTOS}
    field.help_text = ngettext(
        "%(count)d photo au plus (JPEG, PNG, GIF ou WebP). "
        "Les données de localisation des photos sont effacées.",
        "%(count)d photos au plus (JPEG, PNG, GIF ou WebP). "
        "Les données de localisation des photos sont effacées.",
        MAX_PHOTOS,
    ) % {"count": MAX_PHOTOS}


ALL = _("Tous")
STATUS_CHOICES = [("", ALL), ("open", _("En cours")), ("closed", _("Terminées"))]
PERIOD_CHOICES = [
    ("", _("Toutes")),
    ("7", _("7 derniers jours")),
    ("30", _("30 derniers jours")),
    ("90", _("3 derniers mois")),
    ("365", _("12 derniers mois")),
]


class FilterForm(forms.Form):
    """The public list and map filters (GET). Invalid values are simply dropped."""

    type = forms.ChoiceField(label=_("Type"), required=False)
    group = forms.ChoiceField(label=_("Thème"), required=False)
    status = forms.ChoiceField(label=_("État"), required=False, choices=STATUS_CHOICES)
    arrondissement = forms.TypedChoiceField(
        label=_("Arrondissement"), required=False, coerce=int, empty_value=None
    )
    quartier = forms.TypedChoiceField(
        label=_("Quartier"), required=False, coerce=int, empty_value=None
    )
    period = forms.ChoiceField(label=_("Période"), required=False, choices=PERIOD_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = list(RequestType.objects.filter(is_public=True).order_by("group", "name"))
        _choices(self.fields["type"], [("", ALL), *[(t.code, t.name) for t in types]])
        groups = sorted({t.group for t in types}, key=lambda g: unidecode(g).lower())
        _choices(self.fields["group"], [("", ALL), *[(g, g) for g in groups]])
        arrondissements = [
            ("", ALL),
            *[(a.pk, a.name) for a in Arrondissement.objects.order_by("number")],
        ]
        _choices(self.fields["arrondissement"], arrondissements)
        _choices(self.fields["quartier"], [("", ALL), *quartier_choices()[1:]])

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
        label=_("Votre message"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    documents = FilesField(
        max_files=MAX_DOCUMENTS,
        accept="application/pdf,image/*",
        too_many="",  # written in __init__, in the reader's language
        label=_("Documents (facultatif)"),
        required=False,
    )

    def __init__(self, *args: object, prefix_ids: str = "message", **kwargs: object) -> None:
        kwargs["auto_id"] = f"{prefix_ids}_%s"  # unique ids on a page with other forms
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        pdf, image = (settings.UPLOAD_MAX_PDF_BYTES, settings.UPLOAD_MAX_BYTES)
        documents = cast(FilesField, self.fields["documents"])
        documents.too_many = ngettext(
            "Joignez au plus %(count)d document.",
            "Joignez au plus %(count)d documents.",
            MAX_DOCUMENTS,
        ) % {"count": MAX_DOCUMENTS}
        documents.help_text = ngettext(
            "%(count)d fichier au plus : PDF (%(pdf)s au plus) ou images "
            "JPEG, PNG, GIF, WebP (%(image)s au plus).",
            "%(count)d fichiers au plus : PDF (%(pdf)s au plus) ou images "
            "JPEG, PNG, GIF, WebP (%(image)s au plus).",
            MAX_DOCUMENTS,
        ) % {"count": MAX_DOCUMENTS, "pdf": _megabytes(pdf), "image": _megabytes(image)}


def _megabytes(size: int) -> str:
    # Translators: "Mo" is the French abbreviation of megabytes.
    return gettext("%(size).0f Mo") % {"size": size / (1024 * 1024)}

"""The dashboard's filters (a GET form), the weekly report's week and the small action forms."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django import forms

from massalia.pulse.models import Channel, Topic
from massalia.pulse.selectors import Filters
from massalia.territory.models import Arrondissement, Quartier

PERIODS = [
    ("7", "7 derniers jours"),
    ("30", "30 derniers jours"),
    ("90", "90 derniers jours"),
    ("365", "12 derniers mois"),
    ("dates", "Dates choisies"),
]
DEFAULT_PERIOD = "30"
LONGEST = 3 * 366  # days: a wider span is refused


def place_choices() -> list[tuple[str, Any]]:
    """Arrondissements ("a-<id>") then, grouped by arrondissement, quartiers ("q-<id>")."""
    arrondissements = list(Arrondissement.objects.order_by("number"))
    quartiers: dict[int, list[tuple[str, str]]] = {}
    for q in Quartier.objects.order_by("name"):
        quartiers.setdefault(q.arrondissement_id, []).append((f"q-{q.pk}", q.display_name))
    choices: list[tuple[str, Any]] = [("", "Toute la ville")]
    choices.append(("Arrondissements", [(f"a-{a.pk}", a.name) for a in arrondissements]))
    for a in arrondissements:
        if quartiers.get(a.pk):
            choices.append((f"Quartiers du {a.name}", quartiers[a.pk]))
    return choices


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardForm(forms.Form):
    periode = forms.ChoiceField(
        label="Période", choices=PERIODS, required=False, initial=DEFAULT_PERIOD
    )
    du = forms.DateField(label="Du", required=False, widget=DateInput)
    au = forms.DateField(label="Au", required=False, widget=DateInput)
    lieu = forms.ChoiceField(label="Lieu", required=False)
    canal = forms.ChoiceField(
        label="Canal", required=False, choices=[("", "Tous les canaux"), *Channel.choices]
    )
    theme = forms.ModelChoiceField(
        label="Thème",
        required=False,
        queryset=Topic.objects.order_by("name"),
        empty_label="Tous les thèmes",
        to_field_name="slug",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        place = self.fields["lieu"]
        assert isinstance(place, forms.ChoiceField)
        place.choices = place_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period = data.get("periode") or DEFAULT_PERIOD
        if period == "dates" or (data.get("du") or data.get("au")):
            start, end = data.get("du"), data.get("au") or self.today
            if start is None:
                self.add_error("du", "Indiquez la date de début.")
            elif start > end:
                self.add_error("au", "La date de fin doit suivre la date de début.")
            elif (end - start).days >= LONGEST:
                self.add_error("du", "Choisissez une période de trois ans au plus.")
            data["periode"] = "dates"
        return data

    def filters(self) -> Filters:
        """The chosen filters; the defaults (last 30 days, whole city) when the form is invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        period = data.get("periode") or DEFAULT_PERIOD
        if period == "dates":
            start, end = data["du"], data.get("au") or self.today
        else:
            end = self.today
            start = end - timedelta(days=int(period) - 1)
        place = data.get("lieu") or ""
        topic = data.get("theme")
        return Filters(
            start=start,
            end=end,
            arrondissement_id=_id(place, "a-"),
            quartier_id=_id(place, "q-"),
            channel=data.get("canal") or "",
            topic_id=topic.pk if topic else None,
        )


def _id(value: str, prefix: str) -> int | None:
    if value.startswith(prefix) and value[len(prefix) :].isdigit():
        return int(value[len(prefix) :])
    return None


_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def parse_week(value: str | None, *, today: date) -> date | None:
    """The Monday of an ISO week written "2026-W47"; the last full week when empty; None
    when the text is not a week."""
    if not value:
        return today - timedelta(days=today.weekday() + 7)
    match = _WEEK.match(value)
    if not match:
        return None
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


def week_label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


class CorrectTopicForm(forms.Form):
    theme = forms.ModelChoiceField(
        label="Le bon thème",
        queryset=Topic.objects.filter(is_active=True).order_by("name"),
        to_field_name="slug",
        empty_label="Choisir…",
    )


class DigestForm(forms.Form):
    abonner = forms.TypedChoiceField(
        choices=[("1", "s'abonner"), ("0", "se désabonner")], coerce=lambda v: v == "1"
    )

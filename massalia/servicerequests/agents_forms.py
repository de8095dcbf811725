"""The agents' forms: the inbox filters, the bulk action and one form per action on a case."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from massalia.accounts.models import User
from massalia.core.permissions import can
from massalia.servicerequests import agents_selectors as selectors
from massalia.servicerequests.models import AnswerTemplate, RequestType, ServiceRequest
from massalia.servicerequests.workflows import State
from massalia.territory.models import Arrondissement, Department, Quartier


def _choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    # `form.fields` is typed as plain Fields; these names are declared as choice fields.
    return cast(forms.ChoiceField, form.fields[name])


class InboxFilterForm(forms.Form):
    """GET filters of a department's inbox; an invalid value is ignored, never an error page."""

    q = forms.CharField(label="Recherche (texte ou n°)", required=False, max_length=200)
    status = forms.ChoiceField(label="Statut", required=False)
    type = forms.ChoiceField(label="Type", required=False)
    arrondissement = forms.TypedChoiceField(
        label="Arrondissement", required=False, coerce=int, empty_value=None
    )
    quartier = forms.TypedChoiceField(
        label="Quartier", required=False, coerce=int, empty_value=None
    )
    assignee = forms.ChoiceField(label="Attribuée à", required=False)
    overdue = forms.BooleanField(label="En retard seulement", required=False)
    unread = forms.BooleanField(label="Avec une réponse du demandeur non lue", required=False)
    sort = forms.ChoiceField(
        label="Tri",
        required=False,
        choices=[
            ("oldest", "Plus anciennes d'abord"),
            ("newest", "Plus récentes d'abord"),
            ("expected", "Échéance la plus proche"),
        ],
    )

    def __init__(
        self,
        *args: Any,
        department: Department,
        states: list[State],
        people: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "status").choices = [
            ("open", "Ouvertes"),
            ("closed", "Fermées"),
            ("all", "Toutes"),
            *[(s.code, s.label) for s in states],
        ]
        _choice_field(self, "type").choices = [("", "Tous les types")] + [
            (t.code, t.name) for t in RequestType.objects.only("code", "name")
        ]
        _choice_field(self, "arrondissement").choices = [("", "Tous")] + [
            (a.pk, a.name) for a in Arrondissement.objects.only("name")
        ]
        _choice_field(self, "quartier").choices = [("", "Tous")] + [
            (q.pk, q.display_name) for q in Quartier.objects.only("name")
        ]
        _choice_field(self, "assignee").choices = [
            ("", "Tout le monde"),
            ("me", "Moi"),
            ("unassigned", "Personne"),
        ] + [(str(u.pk), str(u)) for u in (members(department) if people is None else people)]

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid field is dropped rather than failing the page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


def members(department: Department) -> list[User]:
    return list(
        User.objects.filter(memberships__department=department, is_active=True)
        .distinct()
        .order_by("display_name", "username")
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nouveau statut")
    public_note = forms.CharField(
        label="Message au demandeur (public)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour une décision (résolue, rejetée, acceptée, refusée…) ou une "
        "demande de pièces. Envoyé par email.",
    )
    internal_note = forms.CharField(
        label="Note interne (facultative)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Visible seulement par les agents.",
    )

    def __init__(self, *args: Any, case: ServiceRequest, **kwargs: Any) -> None:
        kwargs["auto_id"] = "statut_%s"  # a page-wide unique prefix, as in MergeForm
        super().__init__(*args, **kwargs)
        self.case = case
        _choice_field(self, "status").choices = case.allowed_statuses()
        self.fields["status"].error_messages["invalid_choice"] = (
            f"Passage de « {case.get_status_display()} » à ce statut impossible."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = self.case.flow.state(data["status"]) if data.get("status") else None
        if target and target.needs_public_note and not data.get("public_note", "").strip():
            self.add_error(
                "public_note", f"Expliquez au demandeur pourquoi la demande est « {target.label} »."
            )
        return data


class NoteForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["auto_id"] = "note_%s"  # a page-wide unique prefix, as in MergeForm
        super().__init__(*args, **kwargs)

    internal_note = forms.CharField(
        label="Note interne", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Attribuer à", required=False)

    def __init__(self, *args: Any, case: ServiceRequest, **kwargs: Any) -> None:
        kwargs["auto_id"] = "attribution_%s"  # a page-wide unique prefix, as in MergeForm
        super().__init__(*args, **kwargs)
        self.people = {str(u.pk): u for u in members(case.department)}
        _choice_field(self, "assignee").choices = [("", "Personne"), ("me", "Moi")] + [
            (pk, str(u)) for pk, u in self.people.items()
        ]
        self.fields["assignee"].initial = str(case.assignee_id or "")

    def chosen(self, user: User) -> User | None:
        value = self.cleaned_data["assignee"]
        if value == "me":
            return user
        return self.people.get(value)


class ReassignForm(forms.Form):
    department = forms.ModelChoiceField(
        label="Transmettre au service", queryset=Department.objects.none(), empty_label=None
    )
    internal_note = forms.CharField(
        label="Raison (note interne)", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args: Any, case: ServiceRequest, **kwargs: Any) -> None:
        kwargs["auto_id"] = "transfert_%s"  # a page-wide unique prefix, as in MergeForm
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["department"])
        field.queryset = Department.objects.exclude(pk=case.department_id)


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label="Numéro de la demande à conserver",
        min_value=1,
        help_text="Cette demande sera fermée comme doublon ; ses abonnés suivront l'autre.",
    )
    public_note = forms.CharField(
        label="Message au demandeur (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: ServiceRequest, user: Any, **kwargs: Any) -> None:
        # Several forms share a page: distinct ids keep each label tied to its own field.
        kwargs["auto_id"] = "fusion_%s"
        super().__init__(*args, **kwargs)
        self.case = case
        self.user = user
        self.target: ServiceRequest | None = None

    def clean_into(self) -> int:
        number = self.cleaned_data["into"]
        target = ServiceRequest.objects.select_related("request_type").filter(pk=number).first()
        if target is None or not can(self.user, "servicerequests.view", target):
            raise forms.ValidationError(f"Aucune demande n° {number} accessible.")
        if target.confirmed_at is None:
            raise forms.ValidationError("La demande cible n'est pas encore confirmée.")
        self.target = target
        return number


class BulkForm(forms.Form):
    """One action on the cases ticked in a department's inbox."""

    action = forms.ChoiceField(label="Action")
    template = forms.ModelChoiceField(
        label="Réponse type (remplie pour chaque demande)",
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label="— aucune —",
    )
    public_note = forms.CharField(
        label="Message au demandeur (public)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Le même pour chaque demande ; sinon la réponse type, remplie pour chacune.",
    )

    def __init__(
        self,
        *args: Any,
        department: Department,
        states: list[State],
        people: list[User] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["auto_id"] = "lot_%s"
        super().__init__(*args, **kwargs)
        self.department = department
        _choice_field(self, "action").choices = [
            ("", "— choisir —"),
            ("Statut", [(f"status:{s.code}", f"Passer à « {s.label} »") for s in states]),
            (
                "Attribution",
                [("assign:me", "Me les attribuer"), ("assign:none", "Ne les attribuer à personne")]
                + [
                    (f"assign:{u.pk}", f"Attribuer à {u}")
                    for u in (members(department) if people is None else people)
                ],
            ),
        ]
        template = cast(forms.ModelChoiceField, self.fields["template"])
        template.queryset = selectors.answer_templates(department)

    def cases(self, data: Any) -> list[int]:
        """The ticked case numbers (the checkboxes sit in the list, outside the form's fields)."""
        return [int(v) for v in data.getlist("cases") if str(v).isdigit() and len(str(v)) < 12]

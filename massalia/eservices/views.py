"""Pages of the family account and school enrolment: get the row, check, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from massalia.accounts import mandates
from massalia.core.extensions import url_for
from massalia.core.forms import GET_POST, add_service_errors, posted
from massalia.core.permissions import can, require
from massalia.core.views import upload_response
from massalia.eservices import appointments, pdf, sector, selectors, services
from massalia.eservices.forms import (
    AddressForm,
    CheckForm,
    ChildForm,
    DecisionForm,
    DocumentForm,
    EnrolForm,
    InviteForm,
    ResourcesForm,
)
from massalia.eservices.levels import Level
from massalia.eservices.models import Child, Enrolment, FamilyDocument, Household


def acting_person(request: HttpRequest) -> Any:
    """Whose family account the pages work on: oneself, or the person a mediator acts for."""
    return mandates.person_for(request)


def may_act(request: HttpRequest, action: str, obj: Any) -> bool:
    """As oneself (an agent's right), or as the person a mediator acts for (the family's)."""
    return can(request.user, action, obj) or can(acting_person(request), action, obj)


def acting_household(request: HttpRequest) -> Household | None:
    return Household.objects.of(acting_person(request)).select_related("quartier").first()


def _status(form: Any) -> int:
    return 400 if form.is_bound else 200


@require_GET
@login_required
def my_procedures(request: HttpRequest) -> HttpResponse:
    household = acting_household(request)
    rows = selectors.procedures(household) if household else []
    context = {
        "household": household,
        "rows": rows,
        "appointments": [
            (a, appointments.manage_token(a))
            for a in appointments.upcoming_of(acting_person(request))
        ],
    }
    return render(request, "eservices/my_procedures.html", context)


@GET_POST
@login_required
def household(request: HttpRequest) -> HttpResponse:
    found = acting_household(request)
    require(acting_person(request), "eservices.open_household")
    initial = {}
    if found:
        require(acting_person(request), "eservices.household", found)
        initial = {
            "house_number": found.house_number,
            "number_suffix": found.number_suffix,
            "street": found.street_name,
            "caf_number": found.caf_number,
        }
    form = AddressForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save_address(request, found, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("L'adresse du foyer est enregistrée."))
            return redirect("eservices:household")
    context = {
        "household": found,
        "form": form,
        "children": found.children.all() if found else [],
        "documents": found.documents.all() if found else [],
        "adults": found.adults.select_related("user") if found else [],
        "invite_form": InviteForm(),
        "resources_form": ResourcesForm(
            initial={
                "monthly_resources": found.monthly_resources if found else None,
                "resources_year": (found and found.resources_year) or timezone.localdate().year - 2,
            }
        ),
        "today": timezone.localdate(),
    }
    return render(request, "eservices/household.html", context, status=_status(form))


def _save_address(request: HttpRequest, found: Household | None, data: dict[str, Any]) -> None:
    from django.db import transaction

    with transaction.atomic():  # a refused street leaves no empty household behind
        household = found or services.open_household(user=acting_person(request))  # type: ignore[arg-type]
        services.set_address(
            household=household,
            house_number=data["house_number"],
            number_suffix=data["number_suffix"],
            street=data["street"],
        )
        services.set_caf_number(household=household, caf_number=data["caf_number"])


@require_POST
@login_required
def resources(request: HttpRequest) -> HttpResponse:
    found = _own_household(request)
    form = ResourcesForm(request.POST)
    if form.is_valid():
        try:
            services.set_resources(
                household=found,
                monthly_resources=form.cleaned_data["monthly_resources"],
                year=form.cleaned_data["resources_year"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Les ressources du foyer sont enregistrées."))
            return redirect("eservices:household")
    errors = [e for texts in form.errors.values() for e in texts]
    return render(request, "eservices/refused.html", {"errors": errors}, status=400)


@require_POST
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    found = _own_household(request)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_adult(
                household=found, by=acting_person(request), email=form.cleaned_data["email"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("L'invitation est envoyée par email."))
            return redirect("eservices:household")
    errors = [e for texts in form.errors.values() for e in texts]
    return render(request, "eservices/refused.html", {"errors": errors}, status=400)


@GET_POST
@login_required
def join(request: HttpRequest, token: str) -> HttpResponse:
    adult = services.invitation(token)
    if adult is None:
        raise Http404("Cette invitation n'est plus valable : demandez-en une nouvelle.")
    error = ""
    if request.method == "POST":
        try:
            services.join(adult=adult, user=request.user)  # type: ignore[arg-type]
        except ValidationError as refused_join:
            error = " ".join(refused_join.messages)
        else:
            messages.success(request, gettext("Vous avez rejoint le foyer."))
            return redirect("eservices:household")
    owner = adult.household.adults.filter(is_owner=True).select_related("user").first()
    context = {"owner": owner.user if owner else None, "error": error}
    return render(request, "eservices/join.html", context, status=400 if error else 200)


def _own_household(request: HttpRequest) -> Household:
    found = acting_household(request)
    if found is None:
        raise Http404("Créez d'abord votre foyer.")
    require(acting_person(request), "eservices.household", found)
    return found


@GET_POST
@login_required
def add_child(request: HttpRequest) -> HttpResponse:
    found = acting_household(request)
    if found is None:
        messages.info(request, gettext("Indiquez d'abord l'adresse de votre foyer."))
        return redirect("eservices:household")
    require(acting_person(request), "eservices.household", found)
    form = ChildForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_child(household=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("%(name)s fait partie du foyer.")
                % {"name": form.cleaned_data["first_name"]},
            )
            return redirect("eservices:household")
    return render(request, "eservices/child.html", {"form": form}, status=_status(form))


@GET_POST
@login_required
def edit_child(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own_household(request)
    child = found.children.filter(pk=pk).first()
    if child is None:
        raise Http404("Enfant introuvable.")
    initial = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "birth_date": child.birth_date,
        "aeeh": child.aeeh,
    }
    form = ChildForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_child(child=child, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Les informations de l'enfant sont enregistrées."))
            return redirect("eservices:household")
    context = {"form": form, "child": child}
    return render(request, "eservices/child.html", context, status=_status(form))


@GET_POST
@login_required
def add_document(request: HttpRequest) -> HttpResponse:
    found = _own_household(request)
    form = DocumentForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                household=found,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                valid_until=form.cleaned_data["valid_until"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Le document est enregistré : un agent le vérifiera.")
            )
            return redirect("eservices:household")
    return render(request, "eservices/document.html", {"form": form}, status=_status(form))


def _document(request: HttpRequest, pk: int, action: str) -> FamilyDocument:
    document = FamilyDocument.objects.select_related("upload", "household").filter(pk=pk).first()
    # Another family's document, or one no case of the agent's department needs: not found.
    if document is None or not may_act(request, action, document):
        raise Http404("Document introuvable.")
    return document


@require_GET
@login_required
def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    return upload_response(_document(request, pk, "eservices.view_document").upload)


@require_POST
@login_required
def check_document(request: HttpRequest, pk: int) -> HttpResponse:
    found = _document(request, pk, "eservices.check_document")
    form = CheckForm(request.POST)
    back = request.POST.get("case", "")
    if form.is_valid():
        try:
            services.check_document(
                document=found,
                actor=request.user,  # type: ignore[arg-type]
                valid=form.cleaned_data["verdict"] == "valid",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "La vérification du document est enregistrée.")
            target = url_for("servicerequests.case", int(back)) if back.isdigit() else None
            return redirect(target or "eservices:my_procedures")
    errors = [e for texts in form.errors.values() for e in texts]
    return render(request, "eservices/refused.html", {"errors": errors}, status=400)


@GET_POST
@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    found = acting_household(request)
    if found is None or not found.has_address:
        messages.info(request, gettext("Indiquez d'abord l'adresse de votre foyer."))
        return redirect("eservices:household")
    require(acting_person(request), "eservices.household", found)
    children = [(c.pk, f"{c.first_name} {c.last_name}") for c in found.children.all()]
    form = EnrolForm(posted(request), children=children)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrol(
                child=Child.objects.get(pk=form.cleaned_data["child"], household=found),
                by=acting_person(request),
                mandate=mandates.current(request),
                level=form.cleaned_data["level"],
                school_year=services.current_school_year(),
                requested_school=form.cleaned_data["other_school"],
                derogation_reasons=form.cleaned_data["derogation_reasons"],
                derogation_details=form.cleaned_data["derogation_details"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                gettext("La demande n° %(number)s est déposée : vous serez informé par email.")
                % {"number": enrolment.case_id},
            )
            return redirect("eservices:my_procedures")
    context = {
        "form": form,
        "household": found,
        "open": services.enrolment_type() is not None,
        "school_year": services.current_school_year(),
        "sectors": [
            (gettext("En maternelle"), sector.for_household(found, Level.PS)),
            (gettext("En élémentaire"), sector.for_household(found, Level.CP)),
        ],
    }
    return render(request, "eservices/enrol.html", context, status=_status(form))


def _enrolment(pk: int) -> Enrolment:
    found = (
        Enrolment.objects.select_related("case__request_type", "requested_school", "child")
        .filter(case_id=pk)
        .first()
    )
    if found is None:
        raise Http404("Inscription introuvable.")
    return found


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = _enrolment(pk)
    require(request.user, "eservices.decide", enrolment)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            outcome = services.decide(
                enrolment=enrolment,
                actor=request.user,  # type: ignore[arg-type]
                public_note=form.cleaned_data["public_note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Inscription acceptée : la famille est prévenue."
                if outcome == "accepted"
                else "École complète : la demande est sur liste d'attente.",
            )
            return redirect(url_for("servicerequests.case", pk) or "eservices:my_procedures")
    errors = [e for texts in form.errors.values() for e in texts]
    return render(request, "eservices/refused.html", {"errors": errors}, status=400)


@require_GET
@login_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, decided = _accepted(request, pk)
    context = {"enrolment": enrolment, "decided": decided, "school": enrolment.requested_school}
    return render(request, "eservices/letter.html", context)


def _accepted(request: HttpRequest, pk: int) -> tuple[Enrolment, Any]:
    """The enrolment of a letter, and the history entry of its acceptance: a 404 for anyone
    but the family and the department that decided, and before the acceptance."""
    enrolment = _enrolment(pk)
    if not may_act(request, "eservices.letter", enrolment):
        raise Http404("Inscription introuvable.")
    if enrolment.case.status != "accepted":
        raise Http404("La lettre de confirmation suit l'acceptation de l'inscription.")
    return enrolment, enrolment.case.history.filter(to_status="accepted").last()


@require_GET
@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, decided = _accepted(request, pk)
    response = HttpResponse(pdf.letter_pdf(enrolment, decided), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.filename(enrolment)}"'
    response["Cache-Control"] = "private, no-store"
    return response

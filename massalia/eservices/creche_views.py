"""Pages of the crèche applications: the public criteria, the family's application and its
decision with the reasons, and the commission's screens. Get the row, check, call a service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from massalia.accounts import mandates
from massalia.core.forms import GET_POST, add_service_errors
from massalia.core.permissions import require
from massalia.core.views import upload_response
from massalia.eservices import appeals, creches, selectors
from massalia.eservices.creche_forms import (
    AppealAnswerForm,
    AppealForm,
    ApplyForm,
    OverrideForm,
    RenewForm,
    RoundForm,
)
from massalia.eservices.models import (
    AllocationRound,
    Appeal,
    Child,
    Creche,
    CrecheApplication,
    Criterion,
    CriterionAnswer,
    Offer,
)
from massalia.eservices.views import acting_household, acting_person, may_act
from massalia.territory.models import Department

PAGE = 100  # decisions per page of the commission's screen: within the page budget


def _refused(request: HttpRequest, error: ValidationError | list[str]) -> HttpResponse:
    texts = error if isinstance(error, list) else error.messages
    return render(request, "eservices/refused.html", {"errors": texts}, status=400)


def _form_errors(form: Any) -> list[str]:
    return [e for texts in form.errors.values() for e in texts]


# Public -----------------------------------------------------------------------------------


@require_GET
def criteria(request: HttpRequest) -> HttpResponse:
    """The rules, the criteria and their points (CRPA L311-3-1): for everyone, signed in or not."""
    context = {
        "criteria": Criterion.objects.filter(is_published=True),
        "creches": Creche.objects.filter(is_active=True).prefetch_related("groups"),
    }
    return render(request, "eservices/creche_criteria.html", context)


# The family -------------------------------------------------------------------------------


@GET_POST
@login_required
def apply(request: HttpRequest) -> HttpResponse:
    found = acting_household(request)
    if found is None or not found.has_address:
        messages.info(request, _("Indiquez d'abord l'adresse de votre foyer."))
        return redirect("eservices:household")
    require(acting_person(request), "eservices.household", found)
    form = ApplyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        children=[(c.pk, f"{c.first_name} {c.last_name}") for c in found.children.all()],
        creches=list(Creche.objects.filter(is_active=True)),
        criteria=list(
            Criterion.objects.filter(is_published=True, answer=Criterion.Answer.DECLARED)
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = creches.apply(
                child=Child.objects.get(pk=form.cleaned_data["child"], household=found),
                by=acting_person(request),
                creches=form.chosen(),
                start_on=form.cleaned_data["start_on"],
                hours_per_week=form.cleaned_data["hours_per_week"],
                declared=form.declared(),
                mandate=mandates.current(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("La demande n° %(number)s est déposée : vous serez informé par email.")
                % {"number": application.case_id},
            )
            return redirect("eservices:creche_application", application.pk)
    context = {"form": form, "open": creches.application_type() is not None}
    return render(
        request, "eservices/creche_apply.html", context, status=400 if form.is_bound else 200
    )


def _application(request: HttpRequest, pk: int) -> CrecheApplication:
    found = (
        CrecheApplication.objects.select_related("case", "child", "household").filter(pk=pk).first()
    )
    # Another family's application: not found, so its existence is not told.
    if found is None or not may_act(request, "eservices.creche_application", found):
        raise Http404(_("Demande introuvable."))
    return found


def decision_lists(offer: Offer) -> list[dict[str, Any]]:
    """The family's place on each crèche's list, with the crèches' names, for its page."""
    names = dict(Creche.objects.values_list("code", "name"))
    above = set(offer.reasons.get("above", []))
    return [
        {
            **item,
            "name": names.get(item["creche"], item["creche"]),
            "above": item["creche"] in above,
        }
        for item in offer.reasons.get("lists", [])
    ]


@require_GET
@login_required
def application(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    offer = selectors.published_offer(found)
    context = {
        "application": found,
        "choices": found.choices.select_related("creche"),
        "offer": offer,
        "lists": decision_lists(offer) if offer else [],
        "renew_form": RenewForm(),
        "appeals": found.appeals.all(),
        "appeal_until": appeals.deadline(offer.round) if offer else None,
        "may_appeal": offer is not None and appeals.may_appeal(offer),
        "appeal_form": AppealForm(),
    }
    return render(request, "eservices/creche_application.html", context)


@require_POST
@login_required
def appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The family appeals against its latest published decision, with its reasons."""
    found = _application(request, pk)
    offer = selectors.published_offer(found)
    form = AppealForm(request.POST)
    if offer is None:
        return _refused(request, [_("Cette décision n'est pas encore publiée.")])
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    try:
        appeals.file_appeal(
            offer=offer, by=acting_person(request), reasons=form.cleaned_data["reasons"]
        )
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request, _("Votre recours est enregistré : la commission vous répondra par email.")
    )
    return redirect("eservices:creche_application", found.pk)


@require_POST
@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    offer = found.offers.filter(status=Offer.Status.OFFERED).first()
    choice = request.POST.get("answer", "")
    if offer is None or choice not in ("accept", "decline"):
        return _refused(request, [_("Aucune place n'est proposée en attente de réponse.")])
    service = creches.accept if choice == "accept" else creches.decline
    try:
        service(offer=offer, by=acting_person(request))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(
        request,
        _("Vous avez accepté la place.") if choice == "accept" else _("Vous avez refusé la place."),
    )
    return redirect("eservices:creche_application", found.pk)


@require_POST
@login_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    try:
        creches.withdraw(application=found, by=acting_person(request))
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("La demande est retirée."))
    return redirect("eservices:creche_application", found.pk)


@require_POST
@login_required
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    found = _application(request, pk)
    form = RenewForm(request.POST)
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    try:
        renewed = creches.renew(
            application=found, by=acting_person(request), start_on=form.cleaned_data["start_on"]
        )
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, _("La demande est renouvelée."))
    return redirect("eservices:creche_application", renewed.pk)


@require_GET
@login_required
def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A document given for a criterion: the family's, read by the commission."""
    answer = (
        CriterionAnswer.objects.select_related(
            "upload", "application__household", "application__case"
        )
        .filter(pk=pk, upload__isnull=False)
        .first()
    )
    if answer is None or not may_act(request, "eservices.creche_document", answer):
        raise Http404(_("Document introuvable."))
    assert answer.upload is not None
    return upload_response(answer.upload)


def case_panel(case: Any, user: Any) -> dict[str, Any]:
    """What the case page shows agents about a crèche application (`core.extensions`
    case panel): the child, choices, declared criteria and their documents, score, offers."""
    found = CrecheApplication.objects.select_related("child", "household").filter(case=case).first()
    if found is None:
        return {"application": None}
    return {
        "application": found,
        "choices": found.choices.select_related("creche"),
        "answers": found.answers.select_related("criterion", "upload"),
        "offers": found.offers.select_related("round", "creche").order_by("-round__held_on"),
    }


# The commission ---------------------------------------------------------------------------


def _departments(user: Any) -> list[Department]:
    with_creches = Department.objects.filter(creche__isnull=False).distinct().order_by("name")
    if user.is_superuser:
        return list(with_creches)
    return list(with_creches.filter(pk__in=user.department_ids()))


@GET_POST
@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    require(request.user, "eservices.creche_commission", None)
    departments = _departments(request.user)
    form = RoundForm(request.POST if request.method == "POST" else None, departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            created = creches.create_round(
                department=form.chosen_department(),
                name=form.cleaned_data["name"],
                held_on=form.cleaned_data["held_on"],
                rule=form.cleaned_data["rule"],
                response_days=form.cleaned_data["response_days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("eservices:creche_round", created.pk)
    context = {
        "form": form,
        "rounds": AllocationRound.objects.filter(department__in=departments),
    }
    status = 400 if form.is_bound else 200
    return render(request, "eservices/agents/creche_rounds.html", context, status=status)


def _round(request: HttpRequest, pk: int) -> AllocationRound:
    found = AllocationRound.objects.select_related("department").filter(pk=pk).first()
    if found is None:
        raise Http404("Commission introuvable.")
    require(request.user, "eservices.creche_commission", found)
    return found


@require_GET
@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    offers = found.offers.select_related(
        "application__child", "application__case", "creche", "contract"
    ).prefetch_related("application__choices__creche")
    page = Paginator(offers, PAGE).get_page(request.GET.get("page"))
    context = {
        "round": found,
        "page": page,
        "offers": page.object_list,
        "candidates": len(creches.candidates(found)) if found.status == "draft" else None,
        "groups": _places(found),
        "appeals": Appeal.objects.filter(offer__round=found)
        .select_related("application__child", "application__case", "offer__creche")
        .prefetch_related("application__choices__creche")
        .order_by(F("answered_at").asc(nulls_first=True), "filed_at"),
    }
    return render(request, "eservices/agents/creche_round.html", context)


def _places(found: AllocationRound) -> list[tuple[Any, int]]:
    from massalia.eservices.models import CrecheGroup

    groups = CrecheGroup.objects.filter(creche__department=found.department).select_related(
        "creche"
    )
    counts: dict[tuple[int, str], int] = {}
    for o in found.offers.filter(status__in=creches.HOLDING).select_related("application"):
        key = (o.creche_id or 0, o.application.age_group)
        counts[key] = counts.get(key, 0) + 1
    return [(g, counts.get((g.creche_id, g.age_group), 0)) for g in groups]


def _commission_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _round(request, pk)
    actor = request.user
    try:
        if action == "run":
            totals = creches.run_round(round=found, actor=actor)  # type: ignore[arg-type]
            text = (
                f"Commission calculée : {totals.placed} enfant(s) placé(s) "
                f"sur {totals.applications}."
            )
        elif action == "publish":
            told = creches.publish_round(round=found, actor=actor)  # type: ignore[arg-type]
            text = f"Décisions publiées : {told} famille(s) prévenue(s)."
        else:
            late = creches.expire(round=found, actor=actor)  # type: ignore[arg-type]
            text = f"{late} place(s) sans réponse passée(s) à la liste d'attente."
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, text)
    return redirect("eservices:creche_round", found.pk)


@require_POST
@login_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    return _commission_action(request, pk, "run")


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _commission_action(request, pk, "publish")


@require_POST
@login_required
def expire(request: HttpRequest, pk: int) -> HttpResponse:
    return _commission_action(request, pk, "expire")


@require_POST
@login_required
def override(request: HttpRequest, pk: int) -> HttpResponse:
    offer = Offer.objects.select_related("round").filter(pk=pk).first()
    if offer is None:
        raise Http404("Décision introuvable.")
    require(request.user, "eservices.creche_commission", offer.round)
    form = OverrideForm(
        request.POST, creches=list(Creche.objects.filter(department=offer.round.department_id))
    )
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    try:
        creches.override(
            offer=offer,
            actor=request.user,  # type: ignore[arg-type]
            creche=form.chosen(),
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, "Décision modifiée ; le motif est enregistré.")
    return redirect("eservices:creche_round", offer.round_id)


@require_POST
@login_required
def answer_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    """The commission answers an appeal from the round's screen."""
    found = Appeal.objects.select_related("offer__round").filter(pk=pk).first()
    if found is None:
        raise Http404("Recours introuvable.")
    require(request.user, "eservices.creche_commission", found.offer.round)
    form = AppealAnswerForm(
        request.POST,
        creches=list(Creche.objects.filter(department=found.offer.round.department_id)),
    )
    if not form.is_valid():
        return _refused(request, _form_errors(form))
    try:
        appeals.answer_appeal(
            appeal=found,
            actor=request.user,  # type: ignore[arg-type]
            upheld=form.cleaned_data["decision"] == "upheld",
            reason=form.cleaned_data["reason"],
            creche=form.chosen(),
        )
    except ValidationError as error:
        return _refused(request, error)
    messages.success(request, "Réponse au recours enregistrée ; la famille est prévenue.")
    return redirect("eservices:creche_round", found.offer.round_id)

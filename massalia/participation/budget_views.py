"""The participatory budget's public pages: the projects and the ballot, the resident's own
verification by the census file, the results once the vote is closed (and their CSV).

A ballot is a plain form of checkboxes: it works without JavaScript, and the total against
the envelope is computed here on every submit (a broken rule re-shows the page with the
choices kept)."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from massalia.core import exports
from massalia.core.forms import GET_POST, add_service_errors, posted
from massalia.core.permissions import can
from massalia.core.security.ratelimit import ratelimit
from massalia.core.views import upload_response
from massalia.participation import ballots, budget, selectors
from massalia.participation.forms import IdentityForm
from massalia.participation.models import BallotRuleKind, Budget, Process

MOST_CHOICES = 200  # more checkboxes than any ballot has: a forged post
_ID = re.compile(r"[0-9]{1,9}")  # ASCII digits: int() would also read "٣"

STATUS_LABELS = {
    budget.Status.SELECTED: gettext_lazy("Retenu"),
    budget.Status.COMPLETED: gettext_lazy("Retenu en complément"),
    budget.Status.DOES_NOT_FIT: gettext_lazy("Non retenu : ne tient plus dans l'enveloppe"),
    budget.Status.NO_VOTES: gettext_lazy("Non retenu : aucune voix"),
}
# The published rule, as budget.METHOD_DESCRIPTIONS_FR states it (French is the message id).
METHOD_TEXTS = {
    budget.Method.GREEDY: gettext_lazy(
        "Les projets sont classés par nombre de voix décroissant ; à égalité de voix, le moins "
        "coûteux passe d'abord, puis le premier déposé, puis celui dont le numéro est le plus "
        "petit. Dans cet ordre, un projet est retenu si son coût tient dans ce qui reste de "
        "l'enveloppe ; sinon il est écarté et les projets suivants sont encore examinés. Un "
        "projet qui n'a reçu aucune voix n'est pas retenu."
    ),
    budget.Method.EQUAL_SHARES: gettext_lazy(
        "L'enveloppe est partagée à parts égales entre les votants (bulletins blancs exceptés). "
        "À chaque tour, le projet retenu est celui que ses électeurs peuvent financer ensemble "
        "avec ce qui leur reste de leur part en y consacrant chacun le moins possible ; à "
        "égalité, l'ordre des voix décide. Quand plus aucun projet ne peut être financé ainsi, "
        "ce qui reste de l'enveloppe est attribué dans l'ordre des voix, comme par la règle "
        "publiée. Ce résultat est donné pour information : seul compte celui de la règle "
        "publiée."
    ),
}


def rule_text(found: Budget) -> str:
    envelope = budget.euros(found.envelope)
    if found.ballot_rule == BallotRuleKind.APPROVAL:
        return _(
            "Vous choisissez au plus %(count)d projets, quel que soit leur coût ; l'enveloppe "
            "est de %(envelope)s."
        ) % {"count": found.max_projects or 0, "envelope": envelope}
    return _(
        "Vous choisissez autant de projets que vous le souhaitez, à condition que leur coût "
        "total ne dépasse pas l'enveloppe de %(envelope)s."
    ) % {"envelope": envelope}


def verification_text(found: Budget) -> str:
    if found.by_census and found.by_agent:
        return _(
            "Une personne, un vote : pour voter, votre compte est vérifié comme celui d'un "
            "habitant, en ligne avec le fichier des habitants (nom, prénom, date de naissance, "
            "code postal), ou auprès d'un agent ou d'un médiateur de la Ville, sur présentation "
            "d'une pièce d'identité."
        )
    if found.by_census:
        return _(
            "Une personne, un vote : pour voter, votre compte est vérifié en ligne avec le "
            "fichier des habitants (nom, prénom, date de naissance, code postal)."
        )
    return _(
        "Une personne, un vote : pour voter, votre compte est vérifié par un agent ou un "
        "médiateur de la Ville, sur présentation d'une pièce d'identité."
    )


def _budget_process(slug: str) -> tuple[Process, Budget]:
    found = selectors.process(slug)
    held = Budget.objects.filter(process=found).first()
    if held is None:
        raise Http404("Cette consultation n'a pas de budget participatif")
    held.process = found  # its phases are prefetched already
    return found, held


def _page(
    request: HttpRequest,
    process: Process,
    held: Budget,
    *,
    chosen: list[int] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    ballot = ballots.ballot_of(process, user)
    picked = set(ballots.chosen(ballot) if chosen is None else chosen)
    projects = list(process.budget_projects.select_related("quartier", "image"))
    for project in projects:
        project.cost_text = budget.euros(project.cost)  # type: ignore[attr-defined]  # shown
    total = sum(p.cost for p in projects if p.pk in picked)
    context = {
        "process": process,
        "budget": held,
        "projects": projects,
        "picked": picked,
        "total": budget.euros(total),
        "over": held.ballot_rule == BallotRuleKind.KNAPSACK and total > held.envelope,
        "envelope": budget.euros(held.envelope),
        "rule_text": rule_text(held),
        "verification_text": verification_text(held),
        "ballot": ballot,
        "verification": ballots.verification_of(process, user),
        "can_vote": can(user, "participation.vote", process),
        "problems": problems or [],
    }
    return render(request, "participation/budget.html", context, status=status)


@require_GET
def projects(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    return _page(request, process, held)


def _choices(values: list[str]) -> list[int] | None:
    if len(values) > MOST_CHOICES or not all(_ID.fullmatch(v) for v in values):
        return None
    return [int(v) for v in values]


@require_POST
@login_required
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    choices = _choices(request.POST.getlist("projets"))
    if choices is None:
        problem = _("Un des projets choisis n'existe pas dans ce vote.")
        return _page(request, process, held, chosen=[], problems=[problem], status=400)
    had = ballots.ballot_of(process, request.user) is not None
    try:
        ballots.cast(process=process, voter=request.user, choices=choices)
    except ValidationError as refused:
        return _page(request, process, held, chosen=choices, problems=refused.messages, status=400)
    except PermissionDenied as refused:
        return _page(request, process, held, chosen=choices, problems=[str(refused)], status=403)
    if had:
        messages.success(request, _("Votre bulletin est modifié."))
    else:
        messages.success(request, _("Votre bulletin est enregistré. Merci !"))
    return redirect("participation:budget", slug=process.slug)


@GET_POST
@login_required
@ratelimit("budget-verify", rate="20/h")
def verify(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    if not held.by_census:
        raise PermissionDenied(_("Ce vote ne se vérifie pas par le fichier des habitants."))
    done = ballots.verification_of(process, request.user)
    form = IdentityForm(posted(request))
    if request.method == "POST" and done is None and form.is_valid():
        try:
            ballots.verify_with_census(process=process, person=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre compte est vérifié : vous pouvez voter."))
            return redirect("participation:budget", slug=process.slug)
    status = 400 if form.is_bound and done is None else 200
    context = {"process": process, "budget": held, "form": form, "done": done}
    context["verification_text"] = verification_text(held)
    return render(request, "participation/budget_verify.html", context, status=status)


def _lines(result: budget.Result) -> list[dict[str, Any]]:
    return [
        {
            "rank": line.rank,
            "title": line.project.title,
            "cost": budget.euros(line.project.cost),
            "votes": line.votes,
            "selected": line.selected,
            "decision": STATUS_LABELS[line.status],
            "remaining": budget.euros(line.remaining),
        }
        for line in result.lines
    ]


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    process, held = _budget_process(slug)
    context: dict[str, Any] = {"process": process, "budget": held, "closed": held.is_closed()}
    if context["closed"]:
        found = ballots.results(process)
        context |= {
            "published": found.published,
            "lines": _lines(found.published),
            "shares": _lines(found.equal_shares),
            "shares_selected": len(found.equal_shares.selected),
            "used": budget.euros(found.published.used),
            "remaining": budget.euros(found.published.remaining),
            "envelope": budget.euros(held.envelope),
            "method_text": METHOD_TEXTS[budget.Method.GREEDY],
            "shares_text": METHOD_TEXTS[budget.Method.EQUAL_SHARES],
            "rule_text": rule_text(held),
        }
    return render(request, "participation/budget_results.html", context)


RESULTS = exports.Dataset(
    name="resultats-budget-participatif",
    columns=[exports.Column(key, header) for key, header in budget.RESULT_COLUMNS],
)


@require_GET
def results_csv(request: HttpRequest, slug: str) -> HttpResponseBase:
    process, held = _budget_process(slug)
    if not held.is_closed():
        raise Http404("Les résultats seront publiés à la clôture du vote")
    found = ballots.results(process)
    name = f"resultats-{process.slug}.csv"
    return exports.response(
        RESULTS, budget.result_records(found.published), fmt="csv", filename=name
    )


@require_GET
def image(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    process, _held = _budget_process(slug)
    project = process.budget_projects.select_related("image").filter(pk=pk).first()
    if project is None or project.image is None:
        raise Http404("Image introuvable")
    return upload_response(project.image)

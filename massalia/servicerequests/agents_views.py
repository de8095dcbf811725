"""The agents' pages of the case engine: a department's inbox (filters, bulk actions, CSV
export), the case page and one thin view per action. The agents' space itself (the one inbox
page, its layout) is the shell's, in `backoffice`.

Each action view checks the permission, validates one form, calls one service and redirects
(POST/redirect/GET). An invalid form or a service's ValidationError re-renders the request
page with the errors and status 400; nothing is saved then (services are transactional).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from massalia.accounts.models import User
from massalia.core import exports
from massalia.core.extensions import panels_for, url_for
from massalia.core.permissions import can, require
from massalia.servicerequests import agents_forms as forms
from massalia.servicerequests import agents_selectors as selectors
from massalia.servicerequests import bulk as bulk_actions
from massalia.servicerequests import correspondence, services
from massalia.servicerequests import exports as case_exports
from massalia.servicerequests.forms import MessageForm
from massalia.servicerequests.models import AnswerTemplate, ServiceRequest
from massalia.territory.models import Department


@require_POST
@login_required
def bulk(request: HttpRequest, code: str) -> HttpResponse:
    """One action on the ticked cases of a department's inbox, then back to the same list."""
    department = get_object_or_404(Department, code=code)
    require(request.user, "servicerequests.inbox", department)
    form = forms.BulkForm(
        request.POST, department=department, states=selectors.department_states(department)
    )
    ticked = form.cases(request.POST)
    back = redirect_to_inbox(department, request.POST.get("query", ""))
    if not ticked:
        messages.error(request, "Cochez au moins une demande.")
        return back
    if not form.is_valid():
        messages.error(request, "Choisissez une action : rien n'a été modifié.")
        return back
    cases = selectors.work().filter(department=department, pk__in=ticked)
    outcome = _apply(form, cases, request.user)
    (messages.success if outcome.done else messages.error)(request, outcome.summary())
    return back


def _apply(form: forms.BulkForm, cases: Any, user: Any) -> bulk_actions.Outcome:
    data = form.cleaned_data
    verb, _, value = data["action"].partition(":")
    if verb == "status":
        return bulk_actions.change_status(
            cases,
            actor=user,
            status=value,
            public_note=data["public_note"],
            template=data["template"],
        )
    # The choice field allowed only "me", "none" or a member of the department.
    assignee = {"me": user, "none": None}.get(value) or User.objects.filter(pk=value).first()
    return bulk_actions.assign(cases, actor=user, assignee=assignee)


def redirect_to_inbox(department: Department, query: str) -> HttpResponse:
    path = reverse("cases:department_inbox", args=[department.code])
    safe = QueryDict(query[:2000]).urlencode()  # only the list's own filters come back
    return redirect(f"{path}?{safe}" if safe else path)


@login_required
def department_export(request: HttpRequest, code: str) -> StreamingHttpResponse:
    """The inbox as filtered, as a CSV for a spreadsheet (every page, not only this one)."""
    department = get_object_or_404(Department, code=code)
    require(request.user, "servicerequests.inbox", department)
    states = selectors.department_states(department)
    form = forms.InboxFilterForm(request.GET or None, department=department, states=states)
    filters = form.filters() if request.GET else {}
    rows = selectors.inbox(department=department, user=request.user, filters=filters)
    return exports.response(
        case_exports.inbox_table(), rows, fmt="csv", filename=f"demandes-{department.code}.csv"
    )


@login_required
def department_inbox(request: HttpRequest, code: str) -> HttpResponse:
    """One department's requests, filtered, sorted and paginated."""
    department = get_object_or_404(Department, code=code)
    require(request.user, "servicerequests.inbox", department)
    states = selectors.department_states(department)
    people = forms.members(department)
    form = forms.InboxFilterForm(
        request.GET or None, department=department, states=states, people=people
    )
    filters = form.filters() if request.GET else {}
    rows = selectors.inbox(department=department, user=request.user, filters=filters)
    page = Paginator(rows, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "department": department,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "counts": [(s.code, s.label, n) for s, n in selectors.status_counts(department, states)],
        "current_status": filters.get("status", "open"),
        "bulk_form": forms.BulkForm(department=department, states=states, people=people),
        "filtered": any(key not in ("status", "sort") for key in filters),
    }
    return render(request, "servicerequests/agents/department_inbox.html", context)


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one request for the agents who handle it."""
    return _render_detail(request, _get(request, pk), {})


def _get(http_request: HttpRequest, pk: int) -> ServiceRequest:
    found = selectors.detail(pk)
    if found is None:
        raise Http404("Demande introuvable.")
    require(http_request.user, "servicerequests.view_internal", found)
    return found


def _render_detail(
    http_request: HttpRequest,
    sr: ServiceRequest,
    bound: dict[str, django_forms.Form],
    status: int = 200,
) -> HttpResponse:
    user = http_request.user
    can_manage = can(user, "servicerequests.manage", sr)
    offered = selectors.answer_templates(sr.department)
    chosen = _chosen_template(http_request, offered)
    answer = chosen.fill(sr) if chosen else ""
    action_forms = {
        "status_form": forms.StatusForm(case=sr, initial={"public_note": answer}),
        "note_form": forms.NoteForm(),
        "assign_form": forms.AssignForm(case=sr),
        "reassign_form": forms.ReassignForm(case=sr),
        "merge_form": forms.MergeForm(case=sr, user=user),
        "message_form": MessageForm(initial={"body": answer}),
        **bound,
    }
    if can_manage:
        correspondence.mark_read(case=sr, by=correspondence.Sender.DEPARTMENT)
    context = {
        "sr": sr,
        "trail": selectors.trail(sr),
        "photos": [
            (p, url_for("servicerequests.attachment", p.upload_id)) for p in sr.attachments.photos()
        ],
        "thread": correspondence.thread(sr),
        "attributes": _attributes(sr),
        "nearby": selectors.nearby_open(sr),
        "merged": sr.merged.all(),
        "followers": sr.follows.count(),
        "public_url": _public_url(sr),
        "panels": panels_for(sr, user),  # what the case's domain adds (core.extensions)
        "can_manage": can_manage,
        "has_errors": bool(bound),
        "answer_templates": offered,
        "chosen_template": chosen,
        "map": {"tiles": settings.MAP_TILES_URL, "attribution": settings.MAP_ATTRIBUTION},
        **(action_forms if can_manage else {}),
    }
    template = "servicerequests/agents/request_detail.html"
    return render(http_request, template, context, status=status)


def _chosen_template(
    http_request: HttpRequest, offered: QuerySet[AnswerTemplate]
) -> AnswerTemplate | None:
    """The answer template picked with `?modele=` (a GET form: it works without JavaScript)."""
    picked = http_request.GET.get("modele", "")
    return offered.filter(pk=int(picked)).first() if picked.isdigit() and len(picked) < 12 else None


def _public_url(sr: ServiceRequest) -> str | None:
    return reverse("servicerequests:request_detail", args=[sr.pk]) if sr.is_public else None


def _attributes(sr: ServiceRequest) -> list[tuple[str, str]]:
    """The type's extra answers as (question, readable value)."""
    shown = []
    for attribute in sr.request_type.attributes.all():
        value = sr.attributes.get(attribute.code)
        if value in (None, "", []):
            continue
        names = {str(v["key"]): v.get("name", v["key"]) for v in attribute.values}
        values = value if isinstance(value, list) else [value]
        shown.append((attribute.description, ", ".join(names.get(str(v), str(v)) for v in values)))
    return shown


Perform = Callable[[Any, ServiceRequest, Any], str]


def _act(
    http_request: HttpRequest,
    pk: int,
    name: str,
    make_form: Callable[[ServiceRequest], django_forms.Form],
    perform: Perform,
) -> HttpResponse:
    """The shared shape of every action: check, validate, call one service, redirect."""
    sr = _get(http_request, pk)
    require(http_request.user, "servicerequests.manage", sr)
    form = make_form(sr)
    if form.is_valid():
        try:
            done = perform(form, sr, http_request.user)
        except ValidationError as exc:
            form.add_error(None, list(exc.messages))
        else:
            messages.success(http_request, done)
            return _after(http_request, sr.pk)
    messages.error(http_request, "La demande n'a pas été modifiée : corrigez le formulaire.")
    return _render_detail(http_request, _get(http_request, pk), {name: form}, status=400)


def _after(http_request: HttpRequest, pk: int) -> HttpResponse:
    # A request sent to another department may leave the agent's reach: back to the inbox then.
    moved = selectors.detail(pk)
    if moved is not None and can(http_request.user, "servicerequests.view_internal", moved):
        return redirect("cases:request", pk=pk)
    return redirect(url_for("backoffice.inbox") or "/")


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        data = form.cleaned_data
        services.change_status(
            case=sr,
            actor=user,
            status=data["status"],
            public_note=data["public_note"].strip(),
            internal_note=data["internal_note"].strip(),
        )
        return f"Statut changé : {sr.flow.label_of(data['status'])}."

    return _act(
        request,
        pk,
        "status_form",
        lambda sr: forms.StatusForm(request.POST, case=sr),
        perform,
    )


@require_POST
@login_required
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        note = form.cleaned_data["internal_note"].strip()
        services.add_note(case=sr, actor=user, internal_note=note)
        return "Note interne ajoutée."

    return _act(request, pk, "note_form", lambda sr: forms.NoteForm(request.POST), perform)


@require_POST
@login_required
def write(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        data = form.cleaned_data
        correspondence.write_to_requester(
            case=sr, actor=user, body=data["body"], documents=data["documents"]
        )
        return "Message envoyé au demandeur."

    return _act(
        request, pk, "message_form", lambda sr: MessageForm(request.POST, request.FILES), perform
    )


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        assignee = form.chosen(user)
        services.assign(case=sr, actor=user, assignee=assignee)
        return f"Demande attribuée à {assignee}." if assignee else "Demande désattribuée."

    return _act(
        request, pk, "assign_form", lambda sr: forms.AssignForm(request.POST, case=sr), perform
    )


@require_POST
@login_required
def reassign(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        department = form.cleaned_data["department"]
        services.reassign(
            case=sr,
            actor=user,
            department=department,
            internal_note=form.cleaned_data["internal_note"].strip(),
        )
        return f"Demande transmise au service {department}."

    return _act(
        request,
        pk,
        "reassign_form",
        lambda sr: forms.ReassignForm(request.POST, case=sr),
        perform,
    )


@require_POST
@login_required
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def perform(form: Any, sr: ServiceRequest, user: Any) -> str:
        services.merge(
            duplicate=sr,
            into=form.target,
            actor=user,
            public_note=form.cleaned_data["public_note"].strip(),
        )
        return f"Demande fermée comme doublon de la n° {form.target.pk}."

    return _act(
        request,
        pk,
        "merge_form",
        lambda sr: forms.MergeForm(request.POST, case=sr, user=request.user),
        perform,
    )

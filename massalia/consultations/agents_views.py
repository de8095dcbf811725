"""The moderators' pages: the statements waiting for a decision, and deciding one (publish
it, or refuse it with a reason its author reads). In French only, as every agents' page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from massalia.consultations import selectors, services
from massalia.consultations.forms import ModerationForm
from massalia.core.forms import add_service_errors
from massalia.core.permissions import require

PER_PAGE = 30


def _queue_page(
    request: HttpRequest, forms: dict[int, ModerationForm] | None = None, status: int = 200
) -> HttpResponse:
    page = Paginator(selectors.to_moderate(), PER_PAGE).get_page(request.GET.get("page"))
    forms = forms or {}
    rows = [(item, forms.get(item.pk) or ModerationForm(prefix=f"s{item.pk}")) for item in page]
    context = {"page": page, "rows": rows}
    return render(request, "consultations/agents/queue.html", context, status=status)


@require_GET
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "consultations.moderate")
    return _queue_page(request)


@require_POST
@login_required
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "consultations.moderate")
    item = get_object_or_404(selectors.to_moderate(), pk=pk)
    form = ModerationForm(request.POST, prefix=f"s{pk}")
    if form.is_valid():
        publish_it = form.cleaned_data["decision"] == "publish"
        try:
            services.moderate_statement(
                statement=item, moderator=request.user, publish_it=publish_it,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = "publiée" if publish_it else "refusée"
            messages.success(request, f"La proposition « {item.text[:60]} » est {done}.")
            return redirect("consultations_agents:queue")
    return _queue_page(request, {pk: form}, status=400)

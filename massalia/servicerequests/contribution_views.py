"""The public side of contributions: anyone signed in with a confirmed address adds an update
or photos on a public case's page (a plain POST form, usable without JavaScript).

The answer is a redirect to the case's updates, or the page again with its message and a 4xx
(400 bad input or a filled honeypot, 403 not allowed, 429 too many updates): then nothing is
stored."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from massalia.core.forms import add_service_errors
from massalia.core.moderation import State
from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.servicerequests import contributions
from massalia.servicerequests.contribution_forms import ContributionForm
from massalia.servicerequests.forms import MessageForm
from massalia.servicerequests.views import _render_detail, _viewable


def by_person(request: HttpRequest) -> str:
    """Count per signed-in person (several people may share one address), else per IP."""
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else by_ip(request)


@require_POST
@login_required
@ratelimit("contribute", rate="10/h", key=by_person)
def contribute(request: HttpRequest, pk: int) -> HttpResponse:
    found = _viewable(request, pk)
    form = ContributionForm(request.POST, request.FILES)

    def again(status: int) -> HttpResponse:
        return _render_detail(request, found, MessageForm(), status, contribution_form=form)

    if not form.is_valid():
        return again(400)
    try:
        made = contributions.contribute(
            case=found,
            author=request.user,
            text=form.cleaned_data["text"],
            photos=form.cleaned_data["photos"],
        )
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return again(403)
    except ValidationError as error:
        add_service_errors(form, error)
        return again(400)
    held = made.moderation == State.PENDING or made.photos.filter(moderation=State.PENDING)
    if held:
        messages.success(
            request,
            _(
                "Merci : votre complément est en attente de modération. Vous seul le voyez "
                "jusqu'à sa publication."
            ),
        )
    else:
        messages.success(request, _("Merci : votre complément est publié."))
    return redirect(reverse("servicerequests:request_detail", args=[found.pk]) + "#complements")

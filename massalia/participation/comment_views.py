"""The comment forms of the consultation pages: comment or reply, agree or disagree.

Plain POST forms that work without JavaScript: each answers with a redirect to the comment
on its page, or with the page again and its message (400 bad text or a filled honeypot,
403 closed, 429 too many comments)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from massalia.core.forms import GET_POST, add_service_errors
from massalia.core.permissions import can
from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.participation import comments, selectors
from massalia.participation.forms import CommentForm, ReportForm, filled_honeypot
from massalia.participation.models import Comment
from massalia.participation.views import _proposal_page, process_page

HONEYPOT_REFUSED = _(
    "Votre commentaire n'a pas été publié : un champ qui doit rester vide a été rempli. "
    "Si vous n'êtes pas un robot, videz-le et envoyez à nouveau."
)


def by_person(request: HttpRequest) -> str:
    """Count per signed-in person (several people may share one address), else per IP."""
    user = request.user
    return f"user:{user.pk}" if user.is_authenticated else by_ip(request)


def page_of(comment: Comment) -> str:
    """The address of the comment on its page."""
    if comment.proposal is not None:
        proposal = comment.proposal
        url = reverse("participation:proposal", args=[proposal.process.slug, proposal.pk])
    else:
        url = reverse("participation:process", args=[comment.target_process.slug])
    return f"{url}#commentaire-{comment.pk}"


@require_POST
@login_required
@ratelimit("comment", rate="10/10m", key=by_person)
def comment_proposal(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    process = selectors.process(slug)
    proposal = selectors.proposal(process, pk)
    form = CommentForm(request.POST)

    def again(status: int, problem: str = "") -> HttpResponse:
        return _proposal_page(
            request, process, proposal, problem=problem, status=status, comment_form=form
        )

    return _publish(request, form, proposal, again)


def _publish(
    request: HttpRequest,
    form: CommentForm,
    target: comments.Target,
    again: Callable[..., HttpResponse],
) -> HttpResponse:
    """Publish the posted comment on `target`, or draw its page again with the reason."""
    if filled_honeypot(request.POST):
        return again(400, str(HONEYPOT_REFUSED))
    if not form.is_valid():
        return again(400)
    try:
        made = comments.comment(
            target=target,
            author=request.user,
            text=form.cleaned_data["text"],
            parent_id=form.cleaned_data["parent"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return again(400)
    except PermissionDenied as error:
        return again(403, str(error))
    messages.success(request, _("Votre commentaire est publié."))
    return redirect(page_of(made))


@require_POST
@login_required
@ratelimit("comment", rate="10/10m", key=by_person)
def comment_process(request: HttpRequest, slug: str) -> HttpResponse:
    """A comment on the consultation itself (not on one of its proposals)."""
    process = selectors.process(slug)
    form = CommentForm(request.POST)

    def again(status: int, problem: str = "") -> HttpResponse:
        return process_page(request, process, problem=problem, status=status, comment_form=form)

    return _publish(request, form, process, again)


def _comment(pk: int) -> Comment:
    """A comment of a published consultation, else the same 404 as an unknown id."""
    found = (
        selectors.comments().select_related("proposal__process", "process").filter(pk=pk).first()
    )
    if found is None or not found.target_process.is_published:
        raise Http404("Commentaire introuvable")
    return found


@require_POST
@login_required
@ratelimit("comment-vote", rate="60/10m", key=by_person)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    found = _comment(pk)
    value = comments.VOTES.get(str(request.POST.get("avis", "")))
    try:
        if value is None:
            raise ValidationError(_("Choisissez « d'accord » ou « pas d'accord »."))
        comments.vote(comment=found, user=request.user, value=value)
    except ValidationError as error:
        return _refused(request, found, " ".join(error.messages), 400)
    except PermissionDenied as error:
        return _refused(request, found, str(error), 403)
    messages.success(request, _("Votre avis est enregistré."))
    return redirect(page_of(found))


def _refused(request: HttpRequest, found: Comment, problem: str, status: int) -> HttpResponse:
    if found.proposal is None:
        return process_page(request, found.target_process, problem=problem, status=status)
    proposal = found.proposal
    return _proposal_page(request, proposal.process, proposal, problem=problem, status=status)


@GET_POST
@login_required
@ratelimit("comment-report", rate="20/h", key=by_person)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report page of a comment: a reason, optional details, then back to the page."""
    found = _comment(pk)
    posted = request.POST if request.method == "POST" else None
    form = ReportForm(posted)
    problem = ""
    status = 200
    if not can(request.user, "participation.report", found):
        problem, status = _("Ce commentaire ne peut pas être signalé."), 403
    elif posted is not None and form.is_valid():
        try:
            comments.report(
                comment=found,
                user=request.user,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Merci : votre signalement est transmis à la modération."))
            return redirect(page_of(found))
    if posted is not None and status == 200:
        status = 400
    context = {"comment": found, "form": form, "problem": problem, "back": page_of(found)}
    context["reports_to_hide"] = comments.reports_to_hide()
    return render(request, "participation/report.html", context, status=status)

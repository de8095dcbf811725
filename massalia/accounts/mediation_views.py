"""The mediator's page: record a person's consent, act for them, stop, withdraw the mandate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import get_random_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from massalia.accounts import mandates
from massalia.accounts.models import Mandate, User
from massalia.core.extensions import url_for
from massalia.core.forms import add_service_errors


class MandateForm(forms.Form):
    name = forms.CharField(label=_("Nom et prénom de la personne"), max_length=120)
    email = forms.EmailField(
        label=_("Adresse email de la personne (si elle en a une)"),
        required=False,
        max_length=254,
    )
    method = forms.ChoiceField(
        label=_("Comment le consentement a été recueilli"),
        choices=Mandate.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites comment le consentement a été recueilli.")},
    )
    note = forms.CharField(label=_("Précisions (facultatif)"), max_length=300, required=False)
    days = forms.IntegerField(
        label=_("Durée du mandat, en jours"),
        min_value=1,
        max_value=mandates.LONGEST_DAYS,
        initial=90,
    )


def _mediator(request: HttpRequest) -> User:
    if not mandates.may_mediate(request.user):
        raise PermissionDenied(gettext("Réservé aux médiateurs et aux agents."))
    return request.user  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
@login_required
def mediation(request: HttpRequest) -> HttpResponse:
    mediator = _mediator(request)
    form = MandateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            mandate = _record(mediator, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            recorded = gettext("Mandat enregistré pour %(person)s.")
            messages.success(request, recorded % {"person": mandate.person})
            return redirect("accounts:mediation")
    context = {"form": form, "mandates": mandates.in_force(mediator)}
    return render(request, "accounts/mediation.html", context, status=400 if form.errors else 200)


@transaction.atomic
def _record(mediator: User, data: dict[str, Any]) -> Mandate:
    """An account made for someone who is not online (no password: they may set one later
    through a password reset if they have an address). A person who already has an account
    is not taken over by typing their address: only a mandate this mediator already held for
    them is renewed."""
    email = data["email"].strip()
    person = User.objects.filter(email__iexact=email).first() if email else None
    if person is not None and not Mandate.objects.filter(mediator=mediator, person=person).exists():
        raise ValidationError(
            {
                "email": gettext(
                    "Un compte existe déjà avec cette adresse : la personne fait ses "
                    "démarches depuis son compte, ou vient avec ses identifiants."
                )
            }
        )
    if person is None:
        person = User(
            username=f"personne-{get_random_string(10).lower()}",
            email=email,
            display_name=data["name"].strip(),
        )
        person.set_unusable_password()
        person.save()
    return mandates.record(
        mediator=mediator,
        person=person,
        method=data["method"],
        note=data["note"],
        days=data["days"],
    )


def _mandate(request: HttpRequest, pk: int) -> Mandate:
    found = Mandate.objects.select_related("person").filter(pk=pk, mediator=_mediator(request))
    if not found.exists():
        raise Http404(gettext("Mandat introuvable."))
    return found.get()


@require_POST
@login_required
def act(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    try:
        mandates.start(request, mandate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:mediation")
    messages.info(request, gettext("Vous agissez pour %(person)s.") % {"person": mandate.person})
    return redirect(url_for("eservices.my_procedures") or "accounts:mediation")


@require_POST
@login_required
def stop(request: HttpRequest) -> HttpResponse:
    mandates.stop(request)
    messages.info(request, gettext("Vous agissez de nouveau pour vous-même."))
    return redirect("accounts:mediation")


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    mandates.revoke(mandate=mandate)
    if request.session.get(mandates.SESSION_KEY) == mandate.pk:
        mandates.stop(request)
    messages.success(
        request, gettext("Mandat pour %(person)s retiré.") % {"person": mandate.person}
    )
    return redirect("accounts:mediation")

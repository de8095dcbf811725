"""The person's pages: their choices per kind of notification, and the one-click unsubscribe.

The unsubscribe page needs no session: the signed token in its address is the proof. A GET
only shows a button (mail scanners follow links; they must not unsubscribe anyone); the POST,
from that button or from a mail client's one-click action (RFC 8058), turns the kinds off.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from massalia.core.notifications import services
from massalia.core.notifications.registry import Frequency, Topic

INVALID_LINK = (
    "Ce lien de désabonnement n'est pas valide : il a peut-être été coupé ou modifié. "
    "Copiez l'adresse complète depuis le courriel, ou choisissez vos notifications depuis "
    "votre compte."
)


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, choices: list[tuple[Topic, Frequency]], **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind, frequency in choices:
            self.fields[kind.name] = forms.ChoiceField(
                label=kind.label,
                choices=kind.choices(),
                initial=frequency.value,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Choisissez une fréquence.",
                    "invalid_choice": "Choix inconnu.",
                },
            )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """How often the person wants each kind of notification they may receive."""
    choices = services.preferences(user=request.user)
    form = PreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "notifications/preferences.html", {"form": form}, status=400)
        for kind, _ in choices:
            services.set_preference(
                kind=kind.name, to=request.user, frequency=form.cleaned_data[kind.name]
            )
        messages.success(request, "Vos choix de notifications sont enregistrés.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # authenticated by the signature; a mail client's one-click POST has no token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Show (GET) or do (POST) what a signed unsubscribe link says."""
    try:
        if request.method == "POST":
            kinds = services.unsubscribe(token=token)
        else:
            kinds = services.describe(token=token)
    except (signing.BadSignature, LookupError):
        context = {"title": "Lien non valide", "message": INVALID_LINK}
        return render(request, "notifications/unsubscribe_invalid.html", context, status=400)
    page = "unsubscribed" if request.method == "POST" else "unsubscribe"
    return render(request, f"notifications/{page}.html", {"kinds": kinds, "token": token})

"""Sign in, sign out, sign up, and my account (see, download and delete my data)."""

from __future__ import annotations

import json
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from massalia.accounts import privacy
from massalia.accounts.forms import LoginForm, SignupForm
from massalia.accounts.models import User
from massalia.accounts.signin import sign_in_policy
from massalia.core.security.ratelimit import by_ip, ratelimit


@method_decorator(sign_in_policy, name="dispatch")
class Login(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class Logout(LogoutView):
    pass


@ratelimit("signup", rate="10/h", key=by_ip)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (user := form.save()) is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Bienvenue ! Votre compte est créé.")
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


# My account (RGPD): see, download, delete -------------------------------------------------


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Pour confirmer qu'il s'agit bien de vous.",
    )


@login_required
@require_GET
def my_account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/my_account.html", {"days": privacy.retention_days()})


@login_required
@require_GET
def download_my_data(request: HttpRequest) -> HttpResponse:
    data = privacy.export_user_data(user=cast(User, request.user))
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_my_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = cast(User, request.user)
        try:
            privacy.check_deletion(user=user, password=form.cleaned_data["password"])
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            privacy.delete_account(user=user)
            logout(request)
            return redirect("accounts:account_deleted")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account_deleted.html")

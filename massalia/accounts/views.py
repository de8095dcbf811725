"""Sign in (by password or by an emailed code), sign out, sign up, confirm one's address,
reset a forgotten password, and my account (see, download and delete my data)."""

from __future__ import annotations

import json
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from massalia.accounts import codes, privacy, services, tokens
from massalia.accounts.forms import (
    CodeForm,
    CodeRequestForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignupForm,
)
from massalia.accounts.models import User
from massalia.accounts.signin import sign_in_policy
from massalia.core.extensions import url_for
from massalia.core.security.clients import fingerprint
from massalia.core.security.ratelimit import by_ip, login_locked, ratelimit, throttle_failures


def landing(user: User) -> str:
    """Where a person arrives after signing in: an agent at the inbox, an official at the
    barometer, everyone else at their requests (each page as the app owning it provides)."""
    if user.is_agent:
        key = "backoffice.inbox"
    elif user.is_official:
        key = "pulse.dashboard"
    else:
        key = "servicerequests.mine"
    return url_for(key) or url_for("servicerequests.mine") or str(settings.LOGIN_REDIRECT_URL)


@method_decorator(sign_in_policy, name="dispatch")
class Login(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return landing(cast(User, self.request.user))


class Logout(LogoutView):
    pass


@ratelimit("signup", rate="10/h", key=by_ip)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (user := form.save()) is not None:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.request_verification(user=user)
        messages.success(
            request,
            gettext(
                "Bienvenue ! Votre compte est créé. Pour confirmer votre adresse, ouvrez le lien "
                "que nous venons d'envoyer à %(email)s."
            )
            % {"email": user.email},
        )
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect(settings.LOGIN_REDIRECT_URL)
    context = {"form": form, "next": request.GET.get("next", "")}
    status = 400 if form.errors else 200
    return render(request, "accounts/signup.html", context, status=status)


# Signing in by an emailed code -------------------------------------------------------------

_CODE_EMAIL = "accounts_code_email"
CODE_REFUSALS = {
    services.CodeCheck.WRONG: _(
        "Ce code n'est pas le bon pour cette adresse. Vérifiez le dernier message reçu : "
        "après 5 essais erronés, un code n'est plus valable."
    ),
    services.CodeCheck.EXPIRED: _(
        "Ce code a expiré : il n'est valable que 10 minutes. Demandez-en un nouveau."
    ),
    services.CodeCheck.USED: _(
        "Ce code a déjà servi : un code ne sert qu'une fois. Demandez-en un nouveau."
    ),
    services.CodeCheck.VOID: _(
        "Ce code n'est plus valable après 5 essais erronés. Demandez-en un nouveau."
    ),
}


def _by_address(request: HttpRequest) -> str:
    """Count per address asked for, so no one floods a person's mailbox from many places."""
    return "email:" + fingerprint(str(request.POST.get("email", "")).strip().lower()[:254])


def _next(request: HttpRequest) -> str:
    """The page asked for before signing in, if it is one of ours."""
    target = str(request.POST.get("next") or request.GET.get("next") or "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
@ratelimit("sign-in-code", rate="10/h", key=by_ip)
@ratelimit("sign-in-code-address", rate="3/h", key=_by_address)
def code_request(request: HttpRequest) -> HttpResponse:
    form = CodeRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether an account has this address: it says nothing about who
        # has an account, or whose address is verified.
        services.request_sign_in_code(email=form.cleaned_data["email"])
        request.session[_CODE_EMAIL] = form.cleaned_data["email"]
        target = reverse("accounts:code_enter")
        if next_url := _next(request):
            target += "?" + urlencode({"next": next_url})
        return redirect(target)
    context = {"form": form, "next": _next(request)}
    status = 400 if form.errors else 200
    return render(request, "accounts/code_request.html", context, status=status)


def _code_refused(request: HttpRequest, response: HttpResponse) -> bool:
    return response.status_code == 400


@require_http_methods(["GET", "POST"])
@ratelimit("sign-in-code-check", rate="60/10m", key=by_ip)
@throttle_failures(
    "sign-in-code-failures",
    rate="10/15m",
    key=by_ip,
    failed=_code_refused,
    refusal=login_locked,
)
def code_enter(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = CodeForm(request.POST)
    else:
        form = CodeForm(initial={"email": request.session.get(_CODE_EMAIL, "")})
    if request.method == "POST" and form.is_valid():
        outcome = services.use_sign_in_code(
            email=form.cleaned_data["email"], code=form.cleaned_data["code"]
        )
        if outcome.user is not None:
            request.session.pop(_CODE_EMAIL, None)
            login(request, outcome.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_next(request) or landing(outcome.user))
        form.add_error("code", CODE_REFUSALS[outcome.result])
    context = {
        "form": form,
        "next": _next(request),
        "email": request.session.get(_CODE_EMAIL, ""),
        "minutes": codes.VALID_MINUTES,
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/code_enter.html", context, status=status)


# Confirming one's address -------------------------------------------------------------------


@require_GET
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    user = services.verify_email(token=token)
    if user is None:
        context = {
            "title": gettext("Lien de confirmation non valable"),
            "message": gettext(
                "Ce lien de confirmation est incomplet, a expiré ou ne correspond plus à "
                "l'adresse de votre compte. Demandez-en un nouveau depuis « Mon compte »."
            ),
        }
        return render(request, "404.html", context, status=404)
    return render(request, "accounts/email_verified.html", {"verified": user})


@login_required
@require_http_methods(["POST"])
@ratelimit("email-verification", rate="5/h", key=by_ip)
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if user.email_verified:
        messages.info(request, gettext("Votre adresse email est déjà confirmée."))
    elif not user.email:
        messages.error(request, gettext("Votre compte n'a pas d'adresse email à confirmer."))
    else:
        services.request_verification(user=user)
        sent = gettext("Un nouveau lien de confirmation a été envoyé à %(email)s.")
        messages.success(request, sent % {"email": user.email})
    return redirect("accounts:my_account")


# Forgotten password -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@ratelimit("password-reset", rate="10/h", key=by_ip)
@ratelimit("password-reset-address", rate="3/h", key=_by_address)
def password_reset(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether an account has this address: it says nothing about who
        # has an account.
        services.request_password_reset(email=form.cleaned_data["email"])
        request.session["accounts_reset_email"] = form.cleaned_data["email"]
        return redirect("accounts:password_reset_done")
    status = 400 if form.errors else 200
    return render(request, "accounts/password_reset.html", {"form": form}, status=status)


@require_GET
def password_reset_done(request: HttpRequest) -> HttpResponse:
    context = {
        "email": request.session.get("accounts_reset_email", ""),
        "hours": tokens.RESET_LINK_HOURS,
    }
    return render(request, "accounts/password_reset_done.html", context)


class PasswordResetConfirm(PasswordResetConfirmView):
    """Django's view: the link's token moves to the session before the form is shown, so it
    never leaks through a Referer; it serves once, since it changes with the password."""

    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    token_generator = tokens.reset_tokens
    reset_url_token = "nouveau"
    success_url = reverse_lazy("accounts:password_reset_complete")
    http_method_names = ["get", "post"]

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # The link reached them: that proves the address as a confirmation link does.
        services.mark_email_verified(user=cast(User, form.user))
        return response

    def render_to_response(self, context: dict[str, object], **kwargs: object) -> HttpResponse:
        form = context.get("form")
        if not context.get("validlink"):
            kwargs["status"] = 404
        elif isinstance(form, forms.Form) and form.errors:
            kwargs["status"] = 400
        return cast(HttpResponse, super().render_to_response(context, **kwargs))


@require_GET
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html")


# My account (RGPD): see, download, delete -------------------------------------------------


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour confirmer qu'il s'agit bien de vous."),
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

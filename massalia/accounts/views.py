"""Sign in, sign out, sign up: Django's auth with French pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme

from massalia.accounts.forms import LoginForm, SignupForm
from massalia.core.security.ratelimit import (
    by_ip,
    by_ip_and_field,
    form_redisplayed,
    login_locked,
    ratelimit,
    throttle_failures,
)


# Per address, whatever the account: generous, as a town hall signs in from behind one address.
@method_decorator(ratelimit("login", rate="100/10m", key=by_ip), name="dispatch")
@method_decorator(
    throttle_failures(
        "login-failures",
        rate="10/15m",
        key=by_ip_and_field("username"),
        failed=form_redisplayed,
        refusal=login_locked,
    ),
    name="dispatch",
)
class Login(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class Logout(LogoutView):
    pass


@ratelimit("signup", rate="10/h", key=by_ip)
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Bienvenue ! Votre compte est créé.")
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return redirect(target)
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(
        request, "accounts/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )

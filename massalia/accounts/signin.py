"""One lockout policy for every way of signing in: the site's form and the admin's.

Per address, whatever the account, a generous ceiling (a town hall signs in from behind one
address); per address and identifier, a lock after 10 wrong passwords in 15 minutes, during
which even the right password is refused. Both forms share the counters: failures on one lock
the other.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator

from massalia.core.security.ratelimit import (
    View,
    by_ip,
    by_ip_and_field,
    form_redisplayed,
    login_locked,
    ratelimit,
    throttle_failures,
)

_per_address = ratelimit("login", rate="100/10m", key=by_ip)
_per_identifier = throttle_failures(
    "login-failures",
    rate="10/15m",
    key=by_ip_and_field("username"),
    failed=form_redisplayed,
    refusal=login_locked,
)


def sign_in_policy(view: View) -> View:
    """The view of a sign-in form, guarded by the one lockout policy."""
    return _per_address(_per_identifier(view))


class AdminSite(admin.AdminSite):
    site_header = "Massalia — configuration"
    site_title = "Massalia"

    @method_decorator(sign_in_policy)
    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response: HttpResponse = super().login(request, extra_context)
        return response


class AdminConfig(DjangoAdminConfig):
    default_site = "massalia.accounts.signin.AdminSite"

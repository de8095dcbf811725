from typing import Any

from django.conf import settings
from django.http import HttpRequest

from massalia.core import languages
from massalia.core.extensions import menu_for, url_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "CITY_NAME": settings.CITY_NAME,
        "SITE_URL": settings.SITE_URL,
        "LANGUAGE_LINKS": languages.switcher(request),
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation the apps registered (`core.extensions.menu`), for this person."""
    user = getattr(request, "user", None)
    return {
        "HOME_URL": url_for("portal.home") or "/",
        "MENU": menu_for(user),
        "FOOTER": menu_for(user, "footer"),
    }

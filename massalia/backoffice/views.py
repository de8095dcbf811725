"""The agents' space: the one inbox page, where each domain shows what waits for this person.

The domains' own pages (a department's inbox, a case, a school's list…) are theirs; this page
only composes the sections they register in `core.extensions.inbox_sections`.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from massalia.backoffice.extensions import staff
from massalia.core.extensions import sections_for


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The sections of every domain this person has something in."""
    if not staff(request.user):
        raise PermissionDenied("backoffice.inbox")
    return render(request, "backoffice/inbox.html", {"sections": sections_for(request.user)})

"""Who may do what in the family account and enrolments (the one permission policy)."""

from __future__ import annotations

from typing import Any

from massalia.core.permissions import can, rule
from massalia.eservices.models import Enrolment
from massalia.eservices.services import enrolment_type


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def _member(user: Any, household: Any) -> bool:
    return _signed_in(user) and household.adults.filter(user=user).exists()


def _handles(user: Any, household: Any) -> bool:
    """An agent of a department one of the household's enrolments was routed to."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    departments = user.department_ids()
    return household.enrolments.filter(case__department_id__in=departments).exists()


@rule("eservices.open_household")
def open_household(user: Any, obj: Any) -> bool:
    return _signed_in(user)


@rule("eservices.household")
def household(user: Any, household: Any) -> bool:
    """Read and change the household, its children and its documents: its adults only."""
    return _member(user, household)


@rule("eservices.view_document")
def view_document(user: Any, document: Any) -> bool:
    return _member(user, document.household) or _handles(user, document.household)


@rule("eservices.check_document")
def check_document(user: Any, document: Any) -> bool:
    return _handles(user, document.household)


@rule("eservices.decide")
def decide(user: Any, enrolment: Any) -> bool:
    return can(user, "servicerequests.manage", enrolment.case)


@rule("eservices.enrolments")
def enrolments(user: Any, obj: Any) -> bool:
    """The agents' list of enrolments: the department the procedure is routed to, and any
    other an enrolment was sent to."""
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    departments = user.department_ids()
    request_type = enrolment_type()
    if request_type is not None and request_type.department_id in departments:
        return True
    return Enrolment.objects.filter(case__department_id__in=departments).exists()


@rule("eservices.letter")
def letter(user: Any, enrolment: Any) -> bool:
    """The confirmation letter: the family, and the department that decided."""
    return _member(user, enrolment.household) or decide(user, enrolment)


@rule("eservices.receive_appointments")
def receive_appointments(user: Any, site: Any) -> bool:
    """The day list of a site, pointing and closures: the agents of the site's department."""
    if not _signed_in(user):
        return False
    return bool(user.is_superuser or site.department_id in user.department_ids())


@rule("eservices.creche_application")
def creche_application(user: Any, application: Any) -> bool:
    """A crèche application, its decision and its answers: the household's adults only."""
    return _member(user, application.household)


@rule("eservices.creche_commission")
def creche_commission(user: Any, round: Any) -> bool:
    """The commission's screens: the agents of the round's department (with no round, of a
    department some crèche's places are allocated by), and administrators."""
    from massalia.eservices.models import Creche

    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    departments = user.department_ids()
    if round is not None:
        return bool(round.department_id in departments)
    return Creche.objects.filter(department_id__in=departments).exists()


@rule("eservices.creche_document")
def creche_document(user: Any, answer: Any) -> bool:
    """A criterion's document: the family, and the agents of the department its case was
    routed to or of a crèche it asked for (the commission checks the proof)."""
    application = answer.application
    if _member(user, application.household):
        return True
    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    departments = user.department_ids()
    if application.case.department_id in departments:
        return True
    return bool(application.choices.filter(creche__department_id__in=departments).exists())


@rule("eservices.invoice")
def invoice(user: Any, invoice: Any) -> bool:
    """A crèche invoice, with the resources it was computed from (sensitive): the household's
    adults only (a mediator reads it as the person acted for)."""
    return invoice.household is not None and _member(user, invoice.household)


@rule("eservices.creche_billing")
def creche_billing(user: Any, creche: Any) -> bool:
    """The billing screens, contracts and absences: the agents of the department a crèche's
    places depend on (with no crèche, of any such department), and administrators."""
    from massalia.eservices.models import Creche

    if not _signed_in(user):
        return False
    if user.is_superuser:
        return True
    departments = user.department_ids()
    if creche is not None:
        return bool(creche.department_id in departments)
    return Creche.objects.filter(department_id__in=departments).exists()

"""The agents' list of enrolments: who sees it, its filters, and decisions in bulk."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from massalia.accounts.models import User
from massalia.eservices import services
from massalia.eservices.levels import Level
from massalia.eservices.models import Enrolment, School
from massalia.eservices.tests.conftest import YEAR, family, seats
from massalia.servicerequests import services as cases

pytestmark = pytest.mark.usefixtures("school_map", "education")
LIST = reverse("eservices:enrolments")
DECIDE = reverse("eservices:decide_many")


def filed(n: int, *, first: int = 0, number: int = 2) -> list[Enrolment]:
    out = []
    for i in range(first, first + n):
        parent = User.objects.create_user(username=f"parent{i}", email=f"p{i}@example.org")
        child = family(parent, number + 2 * i, child=f"Enfant{i}")
        out.append(services.enrol(child=child, by=parent, level=Level.CP, school_year=YEAR))
    return out


def test_only_the_departments_agents_see_the_list(client, city, edith):
    filed(1)
    client.force_login(city.people["alice"])  # a resident
    assert client.get(LIST).status_code == 403
    assert client.post(DECIDE, {"enrolments": [1], "public_note": "x"}).status_code == 403
    client.force_login(edith)
    page = client.get(LIST)
    assert page.status_code == 200 and "Enfant0" in page.content.decode()


def test_it_filters_by_stage_school_and_derogation(client, edith):
    sector, elsewhere = filed(2)
    parent = elsewhere.household.adults.get().user
    cases.change_status(case=elsewhere.case, actor=edith, status="withdrawn")
    lodi = School.objects.get(code="lodi-e")
    derogation = services.enrol(
        child=elsewhere.child,
        by=parent,
        level=Level.CP,
        school_year=YEAR,
        requested_school=lodi,
        derogation_reasons=["fratrie"],
    )
    client.force_login(edith)

    def shown(**query: str) -> set[int]:
        page = client.get(LIST, query)
        return {e.case_id for e, _, _ in page.context["rows"]}

    assert shown(derogation="oui") == {derogation.case_id}
    assert shown(derogation="non") == {sector.case_id, elsewhere.case_id}
    assert shown(school=str(lodi.pk)) == {derogation.case_id}
    assert shown(stage="closed") == {elsewhere.case_id}
    assert shown(stage="to_decide") == {sector.case_id, derogation.case_id}
    assert shown(stage="nonsense") == {sector.case_id, elsewhere.case_id, derogation.case_id}


def test_bulk_decisions_fill_the_seats_in_filing_order_then_the_waiting_list(client, edith):
    seats("paradis-e", Level.CP, 2)
    rows = filed(3)  # even numbers 2, 4, 6: all at École élémentaire Paradis
    waiting_one = filed(1, first=3, number=1)[0]  # odd number: Breteuil, no capacity opened
    cases.change_status(case=rows[0].case, actor=edith, status="in_review")
    client.force_login(edith)
    ticked = [e.case_id for e in reversed(rows)] + [waiting_one.case_id]
    response = client.post(
        DECIDE, {"enrolments": ticked, "public_note": "Inscription acceptée."}, follow=True
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "2 inscription(s) acceptée(s)" in text and "1 demande(s) sur liste d'attente" in text
    assert "Enfant3 Martin" in text and "Aucune capacité" in text
    statuses = [Enrolment.objects.get(pk=e.pk).case.status for e in rows]
    assert statuses == ["accepted", "accepted", "in_review"]
    assert services.waiting_position(Enrolment.objects.get(pk=rows[2].pk)) == 1
    assert Enrolment.objects.get(pk=waiting_one.pk).case.status == "new"


def test_a_bad_bulk_post_decides_nothing(client, edith):
    seats("paradis-e", Level.CP, 5)
    [only] = filed(1)
    client.force_login(edith)
    for data in (
        {"public_note": "Oui."},  # nothing ticked
        {"enrolments": [only.case_id], "public_note": ""},
        {"enrolments": ["abc"], "public_note": "Oui."},
        {"enrolments": [only.case_id + 999], "public_note": "Oui."},  # not in the list
    ):
        response = client.post(DECIDE, data)
        assert response.status_code == 400, data
        assert "Aucune décision prise" in response.content.decode()
    assert Enrolment.objects.get(pk=only.pk).case.status == "new"


def test_an_agent_of_another_department_cannot_decide_by_id(client, city, edith):
    seats("paradis-e", Level.CP, 5)
    [only] = filed(1)
    other = city.people["bob"]  # an agent of the roads department
    client.force_login(other)
    response = client.post(DECIDE, {"enrolments": [only.case_id], "public_note": "Oui."})
    assert response.status_code == 403
    assert Enrolment.objects.get(pk=only.pk).case.status == "new"


def test_the_inbox_counts_what_is_to_decide_and_links_the_list(client, edith):
    filed(2)
    client.force_login(edith)
    page = client.get(reverse("backoffice:inbox")).content.decode()
    assert "Inscriptions à décider" in page and f'href="{LIST}?stage=to_decide"' in page

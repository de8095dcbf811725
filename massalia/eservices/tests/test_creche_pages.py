"""The crèche pages without JavaScript: the public criteria, the family's form and decision
with its reasons, the commission's screens; who sees what; hostile input refused with a
message and nothing kept."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse

from massalia.accounts.models import Membership
from massalia.eservices import creches
from massalia.eservices.models import AllocationRound, Creche, CrecheApplication, Offer
from massalia.eservices.tests import test_creche_flow as flow
from massalia.territory.models import Department
from massalia.testing import pdf_file

pytestmark = pytest.mark.usefixtures("streets")
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three
TODAY = flow.TODAY
BUDGET = 150 * 1024


def published(department, rule: str = "priority") -> AllocationRound:
    round = flow.a_round(department, rule=rule)
    actor = flow.User.objects.get(username="paula")
    creches.run_round(round=round, actor=actor)
    creches.publish_round(round=round, actor=actor)
    return round


def page(client, user, name: str, *args):
    client.force_login(user)
    return client.get(reverse(f"eservices:{name}", args=args))


# The public page ----------------------------------------------------------------------------


def test_anyone_reads_the_criteria_their_points_and_both_rules(client, petite_enfance):
    response = client.get(reverse("eservices:creche_criteria"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Parent isolé" in text and "<td>15</td>" in text
    assert "1 point par mois d'attente" in text
    assert "Priorité au score" in text and "Le plus d'enfants accueillis" in text
    assert "L311-3-1" in text and len(response.content) < BUDGET


def test_the_criteria_page_reads_in_arabic_too(client, petite_enfance):
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("eservices:creche_criteria"))
    assert response.status_code == 200 and 'dir="rtl"' in response.content.decode()


# The family's form ------------------------------------------------------------------------


@pytest.fixture
def nadia(petite_enfance):
    user = flow.person("nadia")
    flow.baby_of(user, "Nour")
    return user


def form_data(nadia, **changes):
    data = {
        "child": str(nadia.household_memberships.get().household.children.get().pk),
        "start_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "hours_per_week": "40",
        "choice_1": "b",
        "choice_2": "a",
        "crit_parent-isole": "on",
        "doc_parent-isole": pdf_file(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_a_family_applies_with_the_plain_form(client, nadia):
    response = page(client, nadia, "creche_apply")
    assert response.status_code == 200 and "<script" not in response.content.decode()
    response = client.post(reverse("eservices:creche_apply"), form_data(nadia))
    application = CrecheApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("eservices:creche_application", args=[application.pk])
    assert [c.creche.code for c in application.choices.all()] == ["b", "a"]
    assert application.score == 15


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"choice_1": "pas-une-creche"}, "Crèche inconnue"),
        ({"choice_2": "b"}, "qu&#x27;une fois"),
        ({"choice_1": "", "choice_2": ""}, "au moins une crèche"),
        ({"choice_1": "c", "choice_2": ""}, "accueille pas les bébés"),
        ({"start_on": "2027-02-31"}, "Date illisible"),
        ({"start_on": "9999-12-31"}, "dans les deux ans"),
        ({"hours_per_week": "-3"}, "Au moins 1 heure"),
        ({"hours_per_week": "x" * 5000}, "nombre d&#x27;heures entier"),
        ({"child": "999999"}, "Sélectionnez un choix valide"),
        ({"doc_parent-isole": None}, "Joignez le justificatif"),
    ],
)
def test_hostile_or_wrong_input_is_refused_with_a_message(client, nadia, changes, message):
    client.force_login(nadia)
    response = client.post(reverse("eservices:creche_apply"), form_data(nadia, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CrecheApplication.objects.exists()


def test_another_familys_child_cannot_be_applied_for(client, nadia, three):
    client.force_login(nadia)
    other = three["fanny"].child.pk
    response = client.post(reverse("eservices:creche_apply"), form_data(nadia, child=str(other)))
    assert response.status_code == 400
    assert CrecheApplication.objects.filter(child_id=other).count() == 1


# The decision page ------------------------------------------------------------------------


def test_the_family_reads_its_decision_with_its_reasons(client, three, petite_enfance):
    published(petite_enfance, rule="max-placed")
    fanny = three["fanny"]
    response = page(client, fanny.case.requester, "creche_application", fanny.pk)
    text = response.content.decode()
    assert response.status_code == 200 and len(response.content) < BUDGET
    assert "Une place vous est proposée à la crèche Crèche du Panier (votre choix n° 2)" in text
    assert "Votre score : 15 points" in text and "Parent isolé" in text
    # First of three on A's list, and A's last admitted family had 10 points (Gaël).
    assert "<td>1 sur 3</td>" in text and "10 points" in text
    assert 'name="answer" value="accept"' in text and "le plus grand nombre d'enfants" in text


def test_declining_from_the_page_offers_the_place_to_the_next(client, three, petite_enfance):
    published(petite_enfance)
    fanny, gael = three["fanny"], three["gael"]
    client.force_login(fanny.case.requester)
    url = reverse("eservices:creche_answer", args=[fanny.pk])
    assert client.post(url, {"answer": "supprimer-tout"}).status_code == 400
    assert client.post(url, {"answer": "decline"}).status_code == 302
    assert Offer.objects.get(application=gael).creche.code == "a"
    response = page(client, gael.case.requester, "creche_application", gael.pk)
    assert "vous étiez le premier de la liste d'attente" in response.content.decode()
    # Answered already: a second answer is refused with a message.
    client.force_login(fanny.case.requester)
    assert client.post(url, {"answer": "accept"}).status_code == 400


def procedures_of(client, application) -> str:
    response = page(client, application.case.requester, "my_procedures")
    return html.unescape(response.content.decode())


def test_my_procedures_lists_the_application_and_what_is_expected(client, three, petite_enfance):
    fanny, gael = three["fanny"], three["gael"]
    link = reverse("eservices:creche_application", args=[fanny.pk])
    before = procedures_of(client, fanny)
    assert link in before and "Place en crèche pour" in before
    assert "la demande est en cours d'examen" in before or "attend d'être instruite" in before
    published(petite_enfance)
    offer = Offer.objects.get(application=fanny)
    text = procedures_of(client, fanny)
    assert f"Une place vous est proposée à {offer.creche}" in text
    assert f"{offer.respond_by:%Y}" in text and "À faire" in text
    waiting = procedures_of(client, gael)
    assert "attend une place sur la liste d'attente" in waiting and link not in waiting
    creches.accept(offer=offer, by=fanny.case.requester)
    text = procedures_of(client, fanny)
    assert "la place est acceptée" in text


def test_a_family_sees_only_its_own_application(client, three, petite_enfance):
    published(petite_enfance)
    fanny, gael = three["fanny"], three["gael"]
    assert page(client, gael.case.requester, "creche_application", fanny.pk).status_code == 404
    answer = reverse("eservices:creche_answer", args=[fanny.pk])
    assert client.post(answer, {"answer": "decline"}).status_code == 404
    assert Offer.objects.get(application=fanny).status == "offered"
    client.logout()
    assert client.get(reverse("eservices:creche_application", args=[fanny.pk])).status_code == 302


# The commission ---------------------------------------------------------------------------


@pytest.fixture
def other_commission(city):
    """An agent of another department with its own crèche: not petite enfance's commission."""
    department = Department.objects.create(code="creches-nord", name="Crèches du nord")
    Creche.objects.create(code="nord", name="Crèche du Nord", department=department)
    agent = flow.person("octave")
    Membership.objects.create(user=agent, department=department)
    return agent


def test_only_the_commissions_department_runs_its_round(
    client, three, petite_enfance, paula, other_commission, city
):
    round = flow.a_round(petite_enfance)
    run = reverse("eservices:creche_run", args=[round.pk])
    for outsider in (other_commission, city.people["bob"], three["fanny"].case.requester):
        client.force_login(outsider)
        assert client.get(reverse("eservices:creche_round", args=[round.pk])).status_code == 403
        assert client.post(run).status_code == 403
    assert not Offer.objects.exists()
    client.force_login(city.people["alice"])
    assert client.get(reverse("eservices:creche_rounds")).status_code == 403
    client.force_login(paula)
    assert client.post(run).status_code == 302
    response = client.get(reverse("eservices:creche_round", args=[round.pk]))
    assert response.status_code == 200 and Offer.objects.count() == 3
    assert "Crèche des Lucioles (choix n° 1)" in response.content.decode()


def test_the_commission_prepares_publishes_and_overrides(client, three, petite_enfance, paula):
    client.force_login(paula)
    data = {
        "department": str(petite_enfance.pk),
        "name": "Commission de mars",
        "held_on": TODAY.isoformat(),
        "rule": "max-placed",
        "response_days": "10",
    }
    assert (
        client.post(reverse("eservices:creche_rounds"), {**data, "rule": "hasard"}).status_code
        == 400
    )
    response = client.post(reverse("eservices:creche_rounds"), data)
    round = AllocationRound.objects.get()
    assert response.status_code == 302 and round.rule == "max-placed"
    client.post(reverse("eservices:creche_run", args=[round.pk]))
    helene = Offer.objects.get(application=three["helene"])
    override = reverse("eservices:creche_override", args=[helene.pk])
    assert client.post(override, {"creche": "b", "reason": ""}).status_code == 400
    assert client.post(override, {"creche": "zzz", "reason": "x"}).status_code == 400
    assert client.post(override, {"creche": "", "reason": "Sans effet"}).status_code == 302
    assert client.post(reverse("eservices:creche_publish", args=[round.pk])).status_code == 302
    round.refresh_from_db()
    assert round.status == "published"
    assert client.post(reverse("eservices:creche_publish", args=[round.pk])).status_code == 400


def test_a_criterions_document_for_the_family_and_the_commission_only(
    client, three, paula, other_commission
):
    fanny, gael = three["fanny"], three["gael"]
    url = reverse("eservices:creche_document", args=[fanny.answers.get().pk])
    for reader, status in [
        (fanny.case.requester, 200),
        (paula, 200),
        (gael.case.requester, 404),
        (other_commission, 404),
    ]:
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == status, reader
        if status == 200:
            assert response["Content-Disposition"].startswith("attachment")
    helene_answer = three["helene"].answers.get()  # declared without a document
    client.force_login(three["helene"].case.requester)
    assert (
        client.get(reverse("eservices:creche_document", args=[helene_answer.pk])).status_code == 404
    )


def test_the_case_panel_shows_agents_the_application(three, paula):
    from massalia.eservices.creche_views import case_panel

    fanny = three["fanny"]
    context = case_panel(fanny.case, paula)
    assert context["application"] == fanny
    assert [c.creche.code for c in context["choices"]] == ["a", "b"]
    assert [a.criterion.code for a in context["answers"]] == ["parent-isole"]
    assert case_panel(three["gael"].case, paula)["application"] == three["gael"]

"""In a browser without JavaScript, on a phone: a parent applies for a crèche place from her
family account (two crèches ranked, a start date, hours, her situation), the commission runs
and publishes its round (through the services), and she reads her decision with its reasons —
her score and its detail, her rank on each crèche's list, the score of the last family
admitted at the crèche she ranked first — and accepts the place. Axe-clean and under 150 KB,
each page.

The round is the flow tests' (`test_creche_flow`): Fanny (15 points) and Gaël (10) ask for
crèche A, one baby place; Hélène, the parent here, declares that both parents work (5 points)
and asks A then B: priority gives A to Fanny and B, her second choice, to Hélène."""

from __future__ import annotations

import datetime

import pytest

from massalia.eservices import creches
from massalia.eservices.models import CrecheApplication, Offer
from massalia.eservices.tests import test_creche_flow as flow
from massalia.eservices.tests.test_browser_creche_payment import BUDGET, weighed
from massalia.eservices.tests.test_creche_pages import published
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD, pdf_file

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("streets"),
]
petite_enfance = flow.petite_enfance
paula = flow.paula
three = flow.three


@pytest.fixture
def helene(petite_enfance):
    """Hélène, her household at 12 rue Paradis and her baby Lina; and the two other families."""
    flow.file_application("fanny", ["a", "b"], {"parent-isole": pdf_file()})
    flow.file_application("gael", ["a"], {"fratrie": pdf_file()})
    user = flow.person("helene")
    flow.baby_of(user, "Lina")
    return user


def test_a_parent_applies_reads_her_reasons_and_accepts(
    live_server, nojs_page, helene, petite_enfance, paula
):
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="helene@example.org", password=PASSWORD)

    url = f"{live_server.url}/demarches/creche/demande/"
    assert weighed(page, lambda: page.goto(url)) < BUDGET
    assert_accessible(page)
    start = flow.TODAY + datetime.timedelta(days=30)
    page.get_by_label("Date d'accueil souhaitée").fill(f"{start:%Y-%m-%d}")
    page.get_by_label("Heures d'accueil par semaine").fill("40")
    page.get_by_label("Choix n° 1").select_option(label="Crèche des Lucioles")
    page.get_by_label("Choix n° 2").select_option(label="Crèche du Panier")
    page.get_by_label("Les deux parents travaillent ou se forment").check()
    page.get_by_role("button", name="Déposer la demande").click()

    application = CrecheApplication.objects.get(child__first_name="Lina")
    assert page.url.endswith(f"/demarches/creche/demande/{application.pk}/")
    main = page.inner_text("main")
    assert f"La demande n° {application.case_id} est déposée" in main
    assert "La commission n'a pas encore examiné votre demande" in main
    assert_accessible(page)

    round = flow.a_round(petite_enfance)
    creches.run_round(round=round, actor=paula)
    creches.publish_round(round=round, actor=paula)

    size = weighed(page, lambda: page.goto(page.url))
    assert size < BUDGET
    decision = page.get_by_role("region", name="Décision de la commission")
    text = decision.inner_text()
    assert "Une place vous est proposée à la crèche Crèche du Panier (votre choix n° 2)" in text
    score = page.get_by_role("table", name="Votre score : 5 points")
    assert "Les deux parents travaillent ou se forment" in score.inner_text()
    lists = page.get_by_role("table", name="Votre place sur la liste")
    first = lists.get_by_role("row", name="Crèche des Lucioles (votre choix n° 1)")
    assert first.get_by_role("cell").all_inner_texts() == ["3 sur 3", "1", "15 points"]
    second = lists.get_by_role("row", name="Crèche du Panier (votre choix n° 2)")
    assert second.get_by_role("cell").all_inner_texts() == ["2 sur 2", "1", "—"]
    assert_accessible(page)

    page.get_by_role("button", name="J'accepte la place").click()
    assert "Vous avez accepté la place à la crèche Crèche du Panier." in page.inner_text("main")
    assert_accessible(page)
    offer = Offer.objects.get(application=application)
    assert offer.status == Offer.Status.ACCEPTED
    application.case.refresh_from_db()
    assert application.case.status == "accepted"


def test_a_family_appeals_and_the_commission_answers(live_server, pages, three, petite_enfance):
    """Gaël, left without a place, appeals from his page without JavaScript; Paula answers on
    the round's screen; Gaël reads the answer. Each page axe-clean and under budget."""
    round = published(petite_enfance)
    family = pages(java_script_enabled=False, viewport=PHONE)
    sign_in(family, live_server.url, login="gael@example.org", password=PASSWORD)
    mine = f"{live_server.url}/demarches/creche/demande/{three['gael'].pk}/"
    assert weighed(family, lambda: family.goto(mine)) < BUDGET
    family.get_by_label("Les motifs de votre recours").fill("Mon aîné est déjà aux Lucioles.")
    family.get_by_role("button", name="Former un recours").click()
    appeal = family.get_by_role("region", name="Contester la décision").inner_text()
    assert "en attente de la réponse de la commission" in appeal
    assert_accessible(family)

    agent = pages(viewport=PHONE)
    sign_in(agent, live_server.url, login="paula@example.org", password=PASSWORD)
    screen = f"{live_server.url}/demarches/creche/commission/{round.pk}/"
    assert weighed(agent, lambda: agent.goto(screen)) < BUDGET
    appeals = agent.get_by_role("table").filter(has_text="Motifs de la famille")
    row = appeals.get_by_role("row", name="Gael")
    assert "Mon aîné est déjà aux Lucioles." in row.inner_text()
    assert_accessible(agent)
    row.get_by_label("Motif (dit à la famille)").fill("La fratrie est déjà comptée.")
    row.get_by_role("button", name="Répondre").click()
    assert "Réponse au recours enregistrée" in agent.inner_text("main")

    family.goto(mine)
    appeal = family.get_by_role("region", name="Contester la décision").inner_text()
    assert "rejeté par la commission" in appeal and "La fratrie est déjà comptée." in appeal
    assert_accessible(family)

"""In a browser without JavaScript, on a phone: Erin comments on Alice's proposal, replies to
Alice's comment, agrees with it and reports it; at the (lowered) threshold it is hidden
pending moderation. Bob, of the department in charge, restores a reported comment from the
moderation queue and reads his decision in its history. Each page axe-clean and under
150 KB."""

from __future__ import annotations

import pytest
from django.urls import reverse

from massalia.eservices.tests.test_browser_creche_payment import BUDGET, weighed
from massalia.participation import comments
from massalia.participation.models import Comment, CommentReport, CommentStatus
from massalia.participation.tests.conftest import propose
from massalia.portal.tests.browser import PHONE, assert_accessible, sign_in
from massalia.testing import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_comments_replies_and_reports(live_server, nojs_page, city, processes, settings):
    settings.PARTICIPATION_REPORTS_TO_HIDE = 1
    proposal = propose(processes.open, city.people["alice"])
    alices = comments.comment(target=proposal, author=city.people["alice"], text="Venez voir")
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="erin", password=PASSWORD)

    path = reverse("participation:proposal", args=[processes.open.slug, proposal.pk])
    url = f"{live_server.url}{path}"
    assert weighed(page, lambda: page.goto(url)) < BUDGET
    assert_accessible(page)
    page.get_by_label("Votre commentaire").fill("Une place plus calme, bonne idée.")
    page.get_by_role("button", name="Publier mon commentaire").click()
    assert page.get_by_text("Votre commentaire est publié.").is_visible()
    assert page.get_by_text("Une place plus calme, bonne idée.").is_visible()
    assert_accessible(page)

    thread = page.locator(f"#commentaire-{alices.pk}").locator("xpath=..")
    thread.locator("summary", has_text="Répondre").click()
    thread.get_by_label("Votre réponse").fill("J'y passerai.")
    thread.get_by_role("button", name="Publier ma réponse").click()
    assert page.locator(".replies").get_by_text("J'y passerai.").is_visible()
    reply = Comment.objects.get(text="J'y passerai.")
    assert reply.parent_id == alices.pk and reply.author == city.people["erin"]

    page.locator(f"#commentaire-{alices.pk}").get_by_role(
        "button", name="D'accord (0)", exact=True
    ).click()
    assert (
        page.locator(f"#commentaire-{alices.pk}")
        .get_by_role("button", name="D'accord (1)", exact=True)
        .is_visible()
    )

    page.locator(f"#commentaire-{alices.pk}").get_by_role("link", name="Signaler").click()
    assert_accessible(page)
    page.get_by_label("Publicité ou spam").check()
    page.get_by_label("Précisions (facultatif)").fill("Lien vers un site commercial")
    assert (
        weighed(page, lambda: page.get_by_role("button", name="Envoyer le signalement").click())
        < BUDGET
    )
    assert page.get_by_text("votre signalement est transmis à la modération").is_visible()
    assert page.get_by_text("Ce commentaire est en attente de modération.").is_visible()
    assert not page.get_by_text("Venez voir").count()
    assert_accessible(page)
    assert CommentReport.objects.get().user == city.people["erin"]
    alices.refresh_from_db()
    assert alices.status == CommentStatus.PENDING


def test_a_moderator_restores_a_reported_comment(live_server, nojs_page, city, processes, settings):
    settings.PARTICIPATION_REPORTS_TO_HIDE = 1
    proposal = propose(processes.open, city.people["alice"])
    said = comments.comment(target=proposal, author=city.people["alice"], text="Venez voir")
    comments.report(comment=said, user=city.people["erin"], reason="spam")
    page = nojs_page
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, login="bob", password=PASSWORD)

    queue = f"{live_server.url}{reverse('participation:moderation')}"
    assert weighed(page, lambda: page.goto(queue)) < BUDGET
    assert_accessible(page)
    page.get_by_role("link", name=f"Décider pour le commentaire n° {said.pk}").click()
    assert_accessible(page)
    page.get_by_label("Rétablir").check()
    page.get_by_label("Motif").fill("Une invitation, pas une publicité.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_text("La décision est enregistrée dans l'historique.").is_visible()
    trail = page.get_by_role("table", name="Historique de modération")
    assert trail.get_by_text("Une invitation, pas une publicité.").is_visible()
    assert trail.get_by_text("Rétablir").is_visible()
    assert_accessible(page)
    said.refresh_from_db()
    assert (
        said.status == CommentStatus.VISIBLE
        and said.decisions.get().moderator == city.people["bob"]
    )

    page.goto(f"{live_server.url}{reverse('participation:process', args=[processes.open.slug])}")
    assert_accessible(page)

"""Who opens which department's inbox, and what the agents' inbox page shows of them: the
person's inboxes and, for those who may read them, the city-wide figures (the case engine's
sections of the page, `servicerequests.extensions`)."""

from django.urls import reverse

from massalia.servicerequests import agents_selectors as selectors


def inbox_url(code: str) -> str:
    return reverse("cases:department_inbox", args=[code])


def section(response, key: str):
    """The section `key` of the inbox page, or None if it is not shown."""
    return next((s for s in response.context["sections"] if s.section.key == key), None)


def test_it_shows_bob_his_departments_requests_only(login, reports):
    response = login("bob").get(inbox_url("voirie"))
    assert response.status_code == 200
    shown = {sr.pk for sr in response.context["page"].object_list}
    assert shown == {reports.pothole.pk, reports.leak.pk}  # the private type included
    assert reports.tags.pk not in shown
    assert reports.unconfirmed.pk not in shown  # waits for its email confirmation


def test_it_lists_only_bobs_inboxes(login, reports):
    response = login("bob").get(reverse("backoffice:inbox"))
    assert response.status_code == 200
    inboxes = section(response, "servicerequests.inboxes")
    assert inboxes.links == [("Boîte de réception : Voirie", inbox_url("voirie"))]
    body = response.content.decode()
    assert (
        f'<a href="{inbox_url("voirie")}?status=open"><strong>2</strong> ouvertes · Voirie' in body
    )
    assert "<strong>0</strong> en retard · Voirie" in body
    assert "<strong>0</strong> attribuées à moi · Voirie" in body
    assert "Propreté" not in body
    assert section(response, "servicerequests.overview") is None
    assert 'id="section-servicerequestsoverview"' not in body


def test_it_refuses_the_voirie_inbox_to_dave(login, reports):
    assert login("dave").get(inbox_url("voirie")).status_code == 403


def test_it_refuses_a_citizen(login, reports):
    assert login("alice").get(reverse("backoffice:inbox")).status_code == 403
    assert login("alice").get(inbox_url("voirie")).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, reports):
    response = client.get(inbox_url("voirie"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_gives_root_every_inbox(login, reports):
    response = login("root").get(reverse("backoffice:inbox"))
    links = section(response, "servicerequests.inboxes").links
    assert {url for _, url in links} == {inbox_url(c) for c in ("voirie", "proprete", "eclairage")}
    assert login("root").get(inbox_url("proprete")).status_code == 200


def test_it_shows_olga_the_overview_but_no_inbox(login, reports):
    response = login("olga").get(reverse("backoffice:inbox"))
    assert response.status_code == 200
    figures = {c.label: c for c in section(response, "servicerequests.overview").counters}
    assert figures["ouvertes · Voirie"].value == 2
    assert figures["ouverte · Propreté"].value == 1
    assert figures["ouverte · Propreté"].url is None  # not her inbox: a figure, not a link
    assert section(response, "servicerequests.inboxes") is None
    assert inbox_url("voirie") not in response.content.decode()
    assert login("olga").get(inbox_url("voirie")).status_code == 403


def test_it_computes_resolution_figures(city, login, reports):
    from massalia.servicerequests import services

    services.change_status(
        case=reports.pothole, actor=city.people["bob"], status="resolved", public_note="Fait."
    )
    voirie = {f.department.code: f for f in selectors.overview()}["voirie"]
    assert (voirie.open, voirie.resolved_30d) == (1, 1)
    assert voirie.median_days is not None and voirie.median_days >= 0
    body = login("carol").get(reverse("backoffice:inbox")).content.decode()
    assert "<strong>1</strong> résolue en 30 jours · Voirie, en 0,0 j (médiane" in body


def test_it_hides_unknown_departments(login, reports):
    assert login("root").get(inbox_url("nexiste-pas")).status_code == 404

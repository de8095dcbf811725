import pytest
from django.urls import reverse

from massalia.backoffice import selectors


def inbox_url(code: str) -> str:
    return reverse("backoffice:department_inbox", args=[code])


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
    summaries = response.context["summaries"]
    assert [s.department.code for s in summaries] == ["voirie"]
    assert summaries[0].open == 2
    assert response.context["overview"] is None
    assert "Vue d'ensemble" not in response.content.decode()


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
    assert {s.department.code for s in response.context["summaries"]} == {
        "voirie",
        "proprete",
        "eclairage",
    }
    assert login("root").get(inbox_url("proprete")).status_code == 200


def test_it_shows_olga_the_overview_but_no_inbox(login, reports):
    response = login("olga").get(reverse("backoffice:inbox"))
    assert response.status_code == 200
    figures = {f.department.code: f for f in response.context["overview"]}
    assert figures["voirie"].open == 2
    assert figures["proprete"].open == 1
    assert response.context["summaries"] == []
    assert login("olga").get(inbox_url("voirie")).status_code == 403


def test_it_computes_resolution_figures(city, reports):
    from massalia.servicerequests import services

    services.change_status(
        case=reports.pothole, actor=city.people["bob"], status="resolved", public_note="Fait."
    )
    voirie = {f.department.code: f for f in selectors.overview()}["voirie"]
    assert (voirie.open, voirie.resolved_30d) == (1, 1)
    assert voirie.median_days is not None and voirie.median_days >= 0


def test_it_hides_unknown_departments(login, reports):
    assert login("root").get(inbox_url("nexiste-pas")).status_code == 404


@pytest.mark.parametrize(("name", "shown"), [("olga", True), ("bob", True), ("alice", False)])
def test_the_menu_leads_staff_and_officials_to_the_agents_space(login, name, shown):
    page = login(name).get("/").content.decode()
    assert ('href="/agents/"' in page) is shown

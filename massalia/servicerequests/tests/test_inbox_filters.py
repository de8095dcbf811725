from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from massalia.servicerequests import services
from massalia.testing import file_request as file


def shown(client, **params) -> list[int]:
    response = client.get(reverse("cases:department_inbox", args=["voirie"]), params)
    assert response.status_code == 200
    return [sr.pk for sr in response.context["page"].object_list]


def test_it_shows_open_requests_oldest_first_by_default(login, city, reports):
    services.change_status(
        case=reports.leak, actor=city.people["bob"], status="resolved", public_note="Réparé."
    )
    assert shown(login("bob")) == [reports.pothole.pk]
    assert shown(login("bob"), status="closed") == [reports.leak.pk]
    assert shown(login("bob"), status="resolved") == [reports.leak.pk]
    assert set(shown(login("bob"), status="all")) == {reports.pothole.pk, reports.leak.pk}


def test_it_sorts_by_age_and_by_expected_date(login, city, reports):
    old = file(city, "nid-de-poule", created_at=timezone.now() - timedelta(days=40))
    client = login("bob")
    assert shown(client, sort="oldest")[0] == old.pk
    assert shown(client, sort="newest")[-1] == old.pk
    # The private leak type has a longer delay (14 days) than potholes (10 days).
    assert shown(client, sort="expected") == [old.pk, reports.pothole.pk, reports.leak.pk]


def test_it_filters_by_type_place_and_text(login, city, reports):
    client = login("bob")
    assert shown(client, type="fuite-compteur") == [reports.leak.pk]
    assert set(shown(client, quartier=city.quartiers["NOAILLES"].pk)) == {
        reports.pothole.pk,
        reports.leak.pk,
    }
    assert shown(client, quartier=city.quartiers["BELSUNCE"].pk) == []
    assert len(shown(client, arrondissement=city.arrondissements["13201"].pk)) == 2
    assert shown(client, q="cave") == [reports.leak.pk]
    assert shown(client, q=f"n° {reports.pothole.pk}") == [reports.pothole.pk]


def test_it_filters_by_assignee(login, city, reports):
    services.assign(case=reports.leak, actor=city.people["bob"], assignee=city.people["bob"])
    client = login("bob")
    assert shown(client, assignee="me") == [reports.leak.pk]
    assert shown(client, assignee="unassigned") == [reports.pothole.pk]
    assert shown(client, assignee=str(city.people["bob"].pk)) == [reports.leak.pk]


def test_it_filters_and_highlights_overdue_requests(login, city, reports):
    late = file(city, "nid-de-poule", created_at=timezone.now() - timedelta(days=30))
    client = login("bob")
    assert shown(client, overdue="on") == [late.pk]
    html = client.get(reverse("cases:department_inbox", args=["voirie"])).content.decode()
    assert 'class="is-overdue"' in html and "En retard" in html


def test_it_ignores_invalid_filter_values(login, reports):
    assert len(shown(login("bob"), status="bogus", quartier="abc", sort="x")) == 2


def test_it_paginates_by_fifty(login, city, reports):
    for i in range(60):
        file(city, "nid-de-poule", description=f"Trou {i}")
    client = login("bob")
    assert len(shown(client)) == 50
    assert len(shown(client, page=2)) == 12
    response = client.get(reverse("cases:department_inbox", args=["voirie"]), {"page": 2})
    assert "Page 2 sur 2" in response.content.decode()


def test_it_counts_requests_per_status(login, city, reports):
    services.change_status(case=reports.leak, actor=city.people["bob"], status="in_progress")
    response = login("bob").get(reverse("cases:department_inbox", args=["voirie"]))
    counts = {value: n for value, _, n in response.context["counts"]}
    assert counts["new"] == 1 and counts["in_progress"] == 1 and counts["resolved"] == 0


def test_it_reads_a_page_in_a_fixed_number_of_queries(
    login, city, reports, django_assert_max_num_queries
):
    for _ in range(20):
        file(city, "nid-de-poule")
    client = login("bob")
    # No query per row: relations are joined (one query reads the workflows of the inbox).
    with django_assert_max_num_queries(13):
        assert len(shown(client)) == 22

"""'Mes demandes' shows each list twenty at a time, newest first, each paged on its own."""

from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.tests.helpers import file_report


def test_it_pages_filed_and_followed_requests_apart(client, city):
    filed = [file_report(city) for _ in range(23)]
    followed = [file_report(city, who="olga") for _ in range(21)]
    for case in followed:
        services.follow(case=case, user=city.people["alice"])
    client.force_login(city.people["alice"])

    first = client.get(reverse("servicerequests:my_requests"))
    assert [r.pk for r in first.context["filed"]] == [r.pk for r in filed[::-1][:20]]
    assert len(first.context["followed"]) == 20
    html = first.content.decode()
    assert (
        "Page 1 sur 2" in html and "?deposees=2#deposees" in html and "?suivies=2#suivies" in html
    )

    # The second page of one list keeps the other list where it was.
    both = client.get(reverse("servicerequests:my_requests"), {"deposees": "2", "suivies": "2"})
    assert [r.pk for r in both.context["filed"]] == [r.pk for r in filed[::-1][20:]]
    assert [r.pk for r in both.context["followed"]] == [followed[0].pk]
    assert "?suivies=2&amp;deposees=1#deposees" in both.content.decode()


def test_a_page_out_of_range_or_not_a_number_shows_a_real_page(client, city):
    file_report(city)
    client.force_login(city.people["alice"])
    for bad in ("999", "abc", "-1"):
        response = client.get(reverse("servicerequests:my_requests"), {"deposees": bad})
        assert response.status_code == 200
        assert len(response.context["filed"]) == 1

import re
from collections import Counter

from django.urls import reverse

from massalia.servicerequests import services


def test_it_gives_every_field_of_the_page_its_own_id(login, reports):
    html = login("bob").get(reverse("cases:request", args=[reports.pothole.pk])).content
    ids = Counter(re.findall(r'\sid="([^"]+)"', html.decode()))
    assert [name for name, n in ids.items() if n > 1] == []
    for match in re.findall(r'<label for="([^"]+)"', html.decode()):
        assert match in ids, match


def test_it_shows_the_trail_in_french(login, city, reports):
    services.reassign(
        case=reports.pothole,
        actor=city.people["root"],
        department=city.departments["proprete"],
        internal_note="Mauvais service.",
    )
    page = login("dave").get(reverse("cases:request", args=[reports.pothole.pk]))
    html = page.content.decode()
    assert "Service d&#x27;origine : Voirie" in html and "Nouveau service : Propreté" in html
    assert "Mauvais service." in html

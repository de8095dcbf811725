from django.urls import reverse

from massalia.territory import approximate
from massalia.territory.models import Quartier


def test_it_shows_the_territory_in_the_admin_without_geometry_widgets(city, client):
    approximate.build()
    client.force_login(city.people["root"])
    for model in [
        "arrondissement",
        "quartier",
        "sectortownhall",
        "street",
        "department",
        "coverage",
    ]:
        response = client.get(reverse(f"admin:territory_{model}_changelist"))
        assert response.status_code == 200, model
    quartier = Quartier.objects.get(name="NOAILLES")
    page = client.get(reverse("admin:territory_quartier_change", args=[quartier.pk]))
    assert page.status_code == 200
    assert 'name="geometry"' not in page.content.decode()
    assert "modifiable uniquement par import" in page.content.decode()

"""The demo's PLU consultation: the text of the modification (five chapters, fifteen
articles), its zoning map over the centre of Marseille, a register open with observations,
answers and two waiting for moderation, and nothing made twice."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from massalia.consultations.models import Observation, Part, Zone
from massalia.consultations.zoning import zone_at
from massalia.demo import plu

pytestmark = pytest.mark.django_db


def test_it_loads_a_running_consultation_with_its_register_once(client):
    regulation = plu.load()
    assert regulation.is_open()
    kinds = list(regulation.parts.values_list("kind", flat=True))
    assert (kinds.count("chapter"), kinds.count("article")) == (5, 15)
    assert sorted(regulation.zones.values_list("code", flat=True)) == ["N", "UA", "UB", "UEt"]
    # Le Panier (rue Caisserie) is UA; Noailles is UB; the fort Saint-Jean is N.
    assert zone_at(regulation, 43.2978, 5.3675).code == "UA"
    assert zone_at(regulation, 43.2962, 5.3800).code == "UB"
    assert zone_at(regulation, 43.2957, 5.3610).code == "N"
    assert list(regulation.observations.values_list("number", flat=True)) == list(range(1, 9))
    assert regulation.observations.filter(status="pending").count() == 2
    assert regulation.observations.exclude(answer="").count() == 4
    passage = regulation.observations.get(target="passage")
    assert passage.part.body[passage.start : passage.end] == passage.quote
    counts = (Part.objects.count(), Zone.objects.count(), Observation.objects.count())
    plu.load()
    assert (Part.objects.count(), Zone.objects.count(), Observation.objects.count()) == counts
    page = client.get(reverse("consultations:register", args=[plu.SLUG]))
    html = unescape(page.content.decode())
    assert page.status_code == 200 and "6 observations trouvées sur 6 publiées." in html
    assert "Réponse — Le commissaire enquêteur" in html and "Réponse — La Ville" in html
    document = client.get(reverse("consultations:document", args=[plu.SLUG]))
    assert document.status_code == 200
    print(f"demo PLU document page: {len(document.content)} bytes of HTML")


def test_a_demo_loaded_again_after_its_close_is_running_again():
    from datetime import timedelta

    from django.utils import timezone

    regulation = plu.load()
    regulation.closes_at = timezone.now() - timedelta(days=1)
    regulation.save()
    assert not regulation.is_open()
    assert plu.load().is_open()

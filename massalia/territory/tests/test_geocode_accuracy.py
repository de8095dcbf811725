import random

from massalia.territory import gazetteer
from massalia.territory.importers import import_streets
from massalia.territory.models import Street
from massalia.territory.tests.mangle import mangle

SAMPLE = 300


def test_it_finds_mangled_real_streets(real_territory, streets_file):
    """300 real streets typed badly (no accents, abbreviated, a typo, city/postcode) → ≥ 90 %."""
    run = import_streets(streets_file)
    assert run.created > 5000
    rng = random.Random(20251125)
    streets = list(
        Street.objects.order_by("id").values_list(
            "name", "normalized", "quartier__arrondissement__postcode"
        )
    )
    found = 0
    for name, normalized, postcode in rng.sample(streets, SAMPLE):
        match = gazetteer.geocode(mangle(name, postcode, rng))
        found += bool(match and gazetteer.normalize(match.name) == normalized)
    print(f"geocoding of mangled streets: {found}/{SAMPLE}")
    assert found / SAMPLE >= 0.9
    # Landmarks and quartier names of the real city, in the same (costly) setting.
    assert gazetteer.geocode("Notre Dame de la Garde").quartier_name == "VAUBAN"
    assert gazetteer.geocode("stade velodrome, marseille").quartier_name == "SAINT-GINIEZ"
    assert gazetteer.geocode("gare st charles").quartier_name == "SAINT-CHARLES"
    assert gazetteer.geocode("la canebiere").name == "La Canebière"
    assert gazetteer.geocode("Bd de la Blancarde, Marseille").quartier_name == "CINQ-AVENUES"
    assert gazetteer.geocode("st barnabe").quartier_name == "SAINT-BARNABE"
    assert gazetteer.geocode("cours julien 13006").quartier_name == "NOTRE-DAME-DU-MONT"

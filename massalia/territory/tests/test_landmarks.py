import json

import pytest

from massalia.territory import geo

EXPECTED = {
    "Hôtel de Ville": ("HOTEL DE VILLE", "13202"),
    "Notre-Dame de la Garde": ("VAUBAN", "13206"),
    "Gare Saint-Charles": ("SAINT-CHARLES", "13201"),
    "Stade Vélodrome": ("SAINT-GINIEZ", "13208"),
    "Mucem": ("LA JOLIETTE", "13202"),
    "Palais du Pharo": ("LE PHARO", "13207"),
    "Abbaye Saint-Victor": ("SAINT-VICTOR", "13207"),
    "Château d’If": ("LES ILES", "13207"),
    "Préfecture des Bouches-du-Rhône": ("PREFECTURE", "13206"),
    "Palais Longchamp": ("CINQ-AVENUES", "13204"),
    "Gare de la Blancarde": ("LA BLANCARDE", "13204"),
    "Château de Château-Gombert": ("CHATEAU-GOMBERT", "13213"),
}


@pytest.fixture
def landmarks(shared_data):
    path = shared_data / "territory" / "marseille_landmarks.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: f["geometry"]["coordinates"] for f in features}


def test_it_puts_well_known_places_in_their_quartier(real_territory, landmarks):
    for name, expected in EXPECTED.items():
        lon, lat = landmarks[name]
        place = geo.locate(lat, lon)
        assert (place.quartier_name, place.insee_code) == expected, name


def test_it_puts_la_canebiere_and_cours_julien_in_their_quartier(real_territory):
    assert geo.locate(43.29714, 5.37948).quartier_name == "BELSUNCE"  # La Canebière
    assert geo.locate(43.29352, 5.38337).quartier_name == "NOTRE-DAME-DU-MONT"  # Cours Julien


def test_it_locates_every_landmark_somewhere_and_the_sea_nowhere(real_territory, landmarks):
    points = [(lat, lon) for lon, lat in landmarks.values()]
    assert all(geo.locate_many(points))
    assert geo.locate(43.10, 5.10) is None  # open sea south-west of the islands
    assert geo.locate(43.5297, 5.4474) is None  # Aix-en-Provence

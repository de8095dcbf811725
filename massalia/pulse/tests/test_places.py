import pytest

from massalia.pulse.enrich import places
from massalia.territory import gazetteer, geo
from massalia.territory.models import Quartier, Street
from massalia.testing import INSIDE, OUTSIDE, square


@pytest.fixture(autouse=True)
def _every_test_starts_with_fresh_indexes(fresh_indexes):
    return


def add_street(name: str, quartier: Quartier) -> Street:
    street = Street.objects.create(
        name=name,
        normalized=gazetteer.normalize(name),
        quartier=quartier,
        latitude=quartier.centroid_latitude,
        longitude=quartier.centroid_longitude,
    )
    gazetteer.invalidate()
    return street


@pytest.fixture
def streets(city):
    q = city.quartiers
    add_street("Rue d'Aubagne", q["NOAILLES"])
    add_street("La Canebière", q["NOAILLES"])
    add_street("Boulevard de la Blancarde", q["LA JOLIETTE"])
    add_street("Cours Belsunce", q["NOAILLES"])  # named after a quartier it is not in
    add_street("Avenue du Prado", q["BELSUNCE"])  # two quartiers of the 1st arrondissement
    add_street("Avenue du Prado", q["NOAILLES"])
    add_street("Boulevard National", q["NOAILLES"])  # two arrondissements
    add_street("Boulevard National", q["LA JOLIETTE"])
    add_street("Rue Jean", q["BELSUNCE"])
    return city


@pytest.fixture
def crottes(city):
    """A quartier whose name is an everyday word."""
    quartier = Quartier.objects.create(
        name="LES CROTTES",
        slug="les-crottes",
        arrondissement=city.arrondissements["13202"],
        geometry=square(43.31, 5.36),
        centroid_latitude=43.315,
        centroid_longitude=5.365,
    )
    geo.invalidate()
    gazetteer.invalidate()
    return quartier


def where(text, lat=None, lon=None):
    hit = places.find(text, lat, lon)
    if hit is None:
        return None
    name = Quartier.objects.get(pk=hit.quartier_id).name if hit.quartier_id else None
    return name, hit.arrondissement_id, hit.found_by


def test_it_trusts_coordinates_before_the_text(city):
    hit = places.find("Rien ne va à Belsunce", *INSIDE["NOAILLES"])
    assert hit == places.PlaceHit(
        city.quartiers["NOAILLES"].pk, city.arrondissements["13201"].pk, "coordonnées"
    )


def test_it_reads_the_text_when_the_point_is_outside_the_city(city):
    hit = places.find("Rien ne va à Belsunce", *OUTSIDE)
    assert hit is not None
    assert hit.quartier_id == city.quartiers["BELSUNCE"].pk
    assert hit.found_by == "Belsunce"


@pytest.mark.parametrize(
    ("text", "quartier", "found_by"),
    [
        ("ça craint à noailles le soir", "NOAILLES", "noailles"),
        ("Encore un trou énorme rue d'Aubagne !", "NOAILLES", "rue d'Aubagne"),
        ("Sur la Canebière, les poubelles débordent", "NOAILLES", "Canebière"),
        ("12 bd de la blancarde, lampadaire éteint", "LA JOLIETTE", "bd de la blancarde"),
        ("BOULEVARD DE LA BLANCARDE : nid de poule", "LA JOLIETTE", "BOULEVARD DE LA BLANCARDE"),
        ("Les jeunes de la Joliette réclament un terrain", "LA JOLIETTE", "Joliette"),
        # The longest name wins: the street, not the quartier it is named after.
        ("Des tags partout sur le cours Belsunce", "NOAILLES", "cours Belsunce"),
    ],
)
def test_it_finds_streets_landmarks_and_quartiers_named_in_the_text(
    streets, text, quartier, found_by
):
    hit = places.find(text, None, None)
    assert hit is not None
    assert hit.quartier_id == streets.quartiers[quartier].pk
    assert hit.arrondissement_id == streets.quartiers[quartier].arrondissement_id
    assert hit.found_by == found_by


def test_it_does_not_take_the_start_of_a_longer_name_for_a_street(streets):
    assert places.find("Trottoir défoncé rue Jean Jaurès", None, None) is None
    hit = places.find("Trottoir défoncé rue Jean, près du marché", None, None)
    assert hit is not None
    assert hit.quartier_id == streets.quartiers["BELSUNCE"].pk


def test_it_names_only_the_arrondissement_of_a_street_crossing_several_quartiers(streets):
    hit = places.find("Circulation infernale avenue du Prado", None, None)
    assert hit == places.PlaceHit(None, streets.arrondissements["13201"].pk, "avenue du Prado")


def test_it_names_nothing_for_a_street_across_arrondissements_unless_told_which(streets):
    assert places.find("Bouchons sur le boulevard National", None, None) is None
    hit = places.find("Bouchons sur le boulevard National dans le 2e.", None, None)
    assert hit is not None
    assert hit.quartier_id == streets.quartiers["LA JOLIETTE"].pk


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Plus de bus le soir à 13002, c'est honteux", 2),
        ("Les écoles du 1er arrondissement manquent de moyens", 1),
        ("On habite dans le 2e.", 2),
        ("Marseille 2ème : des rats partout", 2),
        ("Toujours rien au 1er !", 1),
    ],
)
def test_it_finds_arrondissement_mentions(city, text, number):
    arrondissement = next(a for a in city.arrondissements.values() if a.number == number)
    hit = places.find(text, None, None)
    assert hit is not None
    assert (hit.quartier_id, hit.arrondissement_id) == (None, arrondissement.pk)


@pytest.mark.parametrize(
    "text",
    [
        "La fuite est au 2e étage depuis le 1er janvier",
        "Trois fois en 2024 que je signale ce problème",
        "Le bus 21 ne passe plus, 13 minutes d'attente",
        "Rien à signaler dans la rue",
    ],
)
def test_it_does_not_take_numbers_and_common_words_for_places(streets, text):
    assert places.find(text, None, None) is None


def test_it_takes_an_everyday_word_for_a_quartier_only_when_written_as_a_name(crottes):
    assert places.find("Des crottes de chien partout sur le trottoir", None, None) is None
    assert places.find("Les crottes de chien, ras-le-bol", None, None) is None
    assert places.find("ON EN A MARRE DES CROTTES DE CHIEN", None, None) is None
    hit = places.find("J'habite aux Crottes depuis dix ans, le bus ne passe plus", None, None)
    assert hit is not None
    assert hit.quartier_id == crottes.pk
    assert hit.found_by == "Crottes"


def test_it_sees_a_new_street_once_the_gazetteer_is_rebuilt(city):
    assert places.find("Éclairage en panne rue Sainte", None, None) is None
    add_street("Rue Sainte", city.quartiers["BELSUNCE"])  # invalidates the gazetteer
    hit = places.find("Éclairage en panne rue Sainte", None, None)
    assert hit is not None
    assert hit.quartier_id == city.quartiers["BELSUNCE"].pk


def test_it_finds_many_at_once_like_one_by_one(streets):
    items = [
        ("rue d'Aubagne", None, None),
        ("Belsunce", *INSIDE["LA JOLIETTE"]),
        ("rien", *OUTSIDE),
        ("13001", None, None),
    ]
    assert places.find_many(items) == [places.find(*item) for item in items]


# The real city: 111 quartiers and the street index.


@pytest.fixture
def marseille(db, shared_data):
    from massalia.territory.importers import import_quartiers, import_streets

    import_quartiers(shared_data / "territory" / "marseille_quartiers_111.geojson")
    import_streets(shared_data / "territory" / "marseille_streets_index.json")
    geo.invalidate()
    gazetteer.invalidate()


REAL_SENTENCES = [
    ("Encore des travaux rue de Rome, impossible de circuler", "rome"),
    ("Les poubelles du Cours Julien n'ont pas été ramassées", "NOTRE-DAME-DU-MONT"),
    ("Soirée bruyante à la Plaine encore une fois", None),
    ("Nid de poule énorme boulevard de la Blancarde", "blancarde"),
    ("Le Vieux-Port est magnifique ce matin", "vieux-port"),
    ("On attend toujours le bus à Saint-Barnabé", "SAINT-BARNABE"),
    ("J'ai emmené les enfants à la plage, elle était sale", None),
    ("Des crottes de chien partout devant l'école", None),
    ("Belle journée à L'Estaque, les calanques sont superbes", "L'ESTAQUE"),
    ("Les habitants de la Belle de Mai demandent un parc", "BELLE-DE-MAI"),
    ("Le 3e arrondissement est oublié par la mairie", "arrondissement 3"),
    ("Fuite d'eau au 13005, personne ne vient", "arrondissement 5"),
    ("Trois fois que je signale ce problème, le 2e étage est inondé", None),
    ("Rien ne bouge, c'est la même chose partout", None),
]


def describe(hit):
    if hit is None:
        return None
    if hit.quartier_id:
        return Quartier.objects.get(pk=hit.quartier_id).name
    from massalia.territory.models import Arrondissement

    return f"arrondissement {Arrondissement.objects.get(pk=hit.arrondissement_id).number}"


def test_it_finds_places_in_sentences_about_marseille(marseille):
    wrong = []
    for text, expected in REAL_SENTENCES:
        hit = places.find(text, None, None)
        if not _agrees(hit, expected):
            wrong.append((text, expected, describe(hit), hit and hit.found_by))
    assert wrong == []


def _agrees(hit, expected):
    found = describe(hit)
    if expected is None or expected.isupper() or expected.startswith("arrondissement"):
        return found == expected
    # A street or landmark: its quartier comes from the gazetteer.
    return hit is not None and expected in gazetteer.normalize(hit.found_by).replace(" ", "-")

import pytest

from massalia.core.text import EMAIL, HANDLE, NAME, PHONE, PLATE, clean_text, scrub


@pytest.mark.parametrize(
    ("raw", "gone", "placeholder"),
    [
        ("Écrivez-moi à jean.martin+cv@exemple.fr svp", "jean.martin", EMAIL),
        ("Mon numéro : 06 12 34 56 78.", "06 12", PHONE),
        ("Appelez le +33 6 12 34 56 78 ou 04.91.55.11.22", "91.55", PHONE),
        ("Rappel au 0612345678", "0612345678", PHONE),
        ("Merci @julie_13 pour l'info", "julie_13", HANDLE),
        ("Vu par @marius@mastodon.example aujourd'hui", "marius", HANDLE),
        ("La voiture AB-123-CD est garée là depuis un mois", "AB-123-CD", PLATE),
        ("M. Dupont du 3e étage a appelé", "Dupont", NAME),
        ("Madame Fatima Benali a signalé le trou", "Benali", NAME),
        ("Je m'appelle Karim, j'habite rue de Rome", "Karim", NAME),
        ("Merci d'avance.\nCordialement, Sophie Martin", "Sophie", NAME),
    ],
)
def test_it_removes_personal_data(raw, gone, placeholder):
    cleaned = scrub(raw)
    assert gone not in cleaned
    assert placeholder in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Le lampadaire du boulevard National est éteint depuis le 12/03.",
        "Rendez-vous à 18 h 30 au 12 rue de la République, 13002.",
        "Je suis très content du nouveau jardin.",
        "Cordialement, les habitants du quartier.",
        "Budget de 1 250 000 euros pour 2026",
    ],
)
def test_it_leaves_ordinary_text_alone(text):
    assert scrub(text) == text


def test_it_hides_research_placeholders_as_accounts():
    assert scrub("@user merci pour le lien http") == f"{HANDLE} merci pour le lien http"


def test_it_drops_nul_bytes():
    assert scrub("a\x00b") == "ab"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("facture \u202egnp.exe", "facture gnp.exe"),  # right-to-left override
        ("\u2066isolé\u2069 et \u202aembarqué\u202c", "isolé et embarqué"),
        ("ad\u200bmin\u2060istration\ufeff", "administration"),
        ("bip\x07 et \x1b[31mrouge", "bip et [31mrouge"),
    ],
)
def test_it_removes_invisible_controls_from_citizen_text(raw, clean):
    assert clean_text(raw) == clean
    assert scrub(raw) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Ligne une\nligne deux\tet une tabulation",
        "👩\u200d👩\u200d👧 famille",  # zero-width joiners of an emoji sequence
        "Rue \u200fشارع\u200f de la République",  # right-to-left marks in mixed text
    ],
)
def test_it_keeps_what_reads_the_same(text):
    assert clean_text(text) == text


def test_it_composes_accents():
    assert clean_text("e\u0301te\u0301") == "été"

import pytest

from massalia.transparency.identifiers import cpv_check_digit, siret_problem, split_cpv


@pytest.mark.parametrize("siret", ["21130055300016", "81223113200026", "35600000000001"])
def test_it_accepts_a_siret_with_its_key(siret):
    assert siret_problem(siret) is None


@pytest.mark.parametrize(
    ("siret", "reason"),
    [
        (
            "21130055300017",
            "« 21130055300017 » n'est pas un SIRET valide (clé de contrôle incorrecte)",
        ),
        ("2113005530001", "« 2113005530001 » n'est pas un SIRET (14 chiffres attendus)"),
        ("2113005530001A", "« 2113005530001A » n'est pas un SIRET (14 chiffres attendus)"),
        (
            "35600000000002",
            "« 35600000000002 » n'est pas un SIRET valide (clé de contrôle incorrecte)",
        ),
    ],
)
def test_it_refuses_a_siret_without_its_key(siret, reason):
    assert siret_problem(siret) == reason


@pytest.mark.parametrize(
    ("code", "digit"), [("45000000", 7), ("71000000", 8), ("45316110", 9), ("45214200", 2)]
)
def test_it_computes_the_cpv_check_digit(code, digit):
    assert cpv_check_digit(code) == digit


def test_it_splits_a_cpv_code():
    assert split_cpv("45214200-2") == ("45214200", 2)
    assert split_cpv("45214200") == ("45214200", None)
    with pytest.raises(ValueError, match="n'est pas un code CPV"):
        split_cpv("4521420")

import json
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _every_test_starts_with_fresh_indexes(fresh_indexes):
    return


@pytest.fixture
def quartiers_file(shared_data: Path) -> Path:
    return shared_data / "territory" / "marseille_quartiers_111.geojson"


@pytest.fixture
def streets_file(shared_data: Path) -> Path:
    return shared_data / "territory" / "marseille_streets_index.json"


@pytest.fixture
def real_territory(db, quartiers_file):
    from massalia.territory.importers import import_quartiers

    return import_quartiers(quartiers_file)


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def small_territory(db):
    """The three square quartiers of `massalia.testing`, without its people (faster)."""
    from massalia.territory.services import ensure_arrondissements
    from massalia.testing import build_quartiers

    return build_quartiers(ensure_arrondissements())

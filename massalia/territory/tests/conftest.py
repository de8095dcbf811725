import json
from pathlib import Path

import pytest

from massalia.territory import gazetteer, geo


@pytest.fixture(autouse=True)
def fresh_indexes():
    """The in-memory indexes outlive a test's rolled-back transaction: start each test clean."""
    geo.invalidate()
    gazetteer.invalidate()
    yield
    geo.invalidate()
    gazetteer.invalidate()


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

"""The demo register: real Marseille places, every line accepted, loaded twice the same."""

import pytest

from massalia.cameras.models import Camera
from massalia.demo import cameras
from massalia.territory import commune, geo, shipped
from massalia.territory.importers import import_quartiers

pytestmark = pytest.mark.django_db


@pytest.fixture
def marseille(db, fresh_indexes):
    territory = shipped.for_commune(commune.current().insee_code)
    assert territory is not None
    import_quartiers(territory.quartiers)
    geo.invalidate()


def test_it_loads_real_places_once_marked_as_demonstration_data(marseille):
    run = cameras.load()
    assert run.rejected == 0
    assert run.created == len(cameras.rows()) >= 30
    assert not Camera.objects.filter(quartier__isnull=True).exists()
    assert Camera.objects.values("quartier__arrondissement").distinct().count() >= 5
    for camera in Camera.objects.all():
        assert camera.identifier.startswith("demo-")
        assert camera.order_reference.startswith("DEMO-")
        assert camera.operator.endswith(cameras.MARK)
    assert Camera.objects.expired().exists()
    assert Camera.objects.filter(status="retiree").exists()
    assert Camera.objects.in_service().count() > Camera.objects.expired().count()
    again = cameras.load()
    assert (again.created, again.updated, again.rejected) == (0, 0, 0)

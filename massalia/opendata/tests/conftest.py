import datetime
from decimal import Decimal

import pytest

from massalia.cameras import importer
from massalia.cameras.tests.conftest import csv_text, line
from massalia.servicerequests import services
from massalia.territory import geo
from massalia.testing import INSIDE
from massalia.transparency.models import Buyer, Contract, ContractSupplier, Supplier

SECRET = "Fuite secrete dans la cave du 7"
PUBLIC = "Trou profond devant le 12"


@pytest.fixture
def world(city):
    """Alice's public pothole, her private meter leak, one awarded contract and one
    video-protection camera."""
    lat, lon = INSIDE["NOAILLES"]
    for code, text in (("nid-de-poule", PUBLIC), ("fuite-compteur", SECRET)):
        services.submit_request(
            request_type=city.types[code],
            latitude=lat,
            longitude=lon,
            requester=city.people["alice"],
            attributes={"taille": "petit"},
            description=text,
        )
    buyer = Buyer.objects.create(siret="21130055300016", name="Ville de Marseille")
    contract = Contract.objects.create(
        key="21130055300016-2024MRS001-2024",
        kind="marche",
        buyer=buyer,
        decp_id="2024MRS001",
        year=2024,
        schema_version="2.0",
        subject="Entretien des espaces verts du 7e arrondissement",
        cpv="77313000",
        procedure="Procédure adaptée",
        notified_on=datetime.date(2024, 3, 1),
        amount=Decimal("48000.50"),
        current_amount=Decimal("52000.00"),
        fingerprint="x",
    )
    supplier = Supplier.objects.create(
        id_type="SIRET", identifier="81223113200026", name="Jardins du Sud"
    )
    ContractSupplier.objects.create(contract=contract, supplier=supplier, position=1)
    geo.invalidate()  # the camera is located in this test's quartiers
    importer.import_text(csv_text(line("vp-001", "NOAILLES")), source="test")
    return city

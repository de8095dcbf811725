"""What cannot be repaired is quarantined: kept as read, one reason per field, re-importable."""

import pytest

from massalia.core.models import RejectedRecord
from massalia.transparency import services
from massalia.transparency.importer import import_file
from massalia.transparency.models import Contract, QuarantinedRecord, QuarantineStatus

from .conftest import marche_v2, v2

pytestmark = pytest.mark.django_db


def test_it_quarantines_a_buyer_siret_with_a_wrong_key(write):
    counts = import_file(write(v2(marche_v2(acheteur={"id": "21130055300017"}))))
    assert (counts.read, counts.imported, counts.quarantined) == (1, 0, 1)
    record = QuarantinedRecord.objects.get()
    assert record.reasons == {
        "acheteur.id": "« 21130055300017 » n'est pas un SIRET valide (clé de contrôle incorrecte)"
    }
    assert record.raw["acheteur"] == {"id": "21130055300017"}
    assert record.status == QuarantineStatus.PENDING
    assert RejectedRecord.objects.count() == 1
    assert not Contract.objects.exists()


def test_it_gives_one_reason_per_field(write):
    record = marche_v2(montant=1e17, offresRecues=0, codeCPV="7731")
    import_file(write(v2(record)))
    reasons = QuarantinedRecord.objects.get().reasons
    assert set(reasons) == {"montant", "offresRecues", "codeCPV"}
    assert reasons["montant"] == "montant de 1e+17 € invraisemblable (valeur de remplissage)"
    assert reasons["offresRecues"] == "« 0 » est inférieur au minimum 1"


def test_it_quarantines_a_required_field_missing(write):
    record = marche_v2()
    del record["procedure"]
    import_file(write(v2(record)))
    assert QuarantinedRecord.objects.get().reasons == {"procedure": "champ obligatoire absent"}


def test_it_keeps_a_record_once_however_often_its_file_is_read(write):
    path = write(v2(marche_v2(acheteur={"id": "21130055300017"})))
    import_file(path)
    counts = import_file(path)
    assert counts.quarantined == 1
    assert QuarantinedRecord.objects.count() == 1


def test_it_reimports_a_corrected_record(write):
    import_file(write(v2(marche_v2(acheteur={"id": "21130055300017"}))))
    record = QuarantinedRecord.objects.get()
    record.raw["acheteur"]["id"] = "21130055300016"
    record.save()
    contract = services.reimport(record)
    assert contract is not None
    assert contract.buyer.siret == "21130055300016"
    record.refresh_from_db()
    assert record.status == QuarantineStatus.REIMPORTED
    assert record.contract == contract


def test_it_updates_the_reasons_when_a_correction_still_fails(write):
    import_file(write(v2(marche_v2(acheteur={"id": "21130055300017"}))))
    record = QuarantinedRecord.objects.get()
    record.raw["acheteur"]["id"] = "2113"
    record.save()
    assert services.reimport(record) is None
    record.refresh_from_db()
    assert record.status == QuarantineStatus.PENDING
    assert record.reasons == {"acheteur.id": "« 2113 » n'est pas un SIRET (14 chiffres attendus)"}


def test_it_reimports_from_the_admin(write, admin_client):
    import_file(write(v2(marche_v2(acheteur={"id": "21130055300017"}))))
    record = QuarantinedRecord.objects.get()
    record.raw["acheteur"]["id"] = "21130055300016"
    record.save()
    response = admin_client.post(
        "/admin/transparency/quarantinedrecord/",
        {"action": "reimport", "_selected_action": [record.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 réimporté(s), 0 encore refusé(s)." in response.content.decode()
    assert Contract.objects.count() == 1

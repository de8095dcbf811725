"""The open data pages in Arabic and English; the machine answers stay as they are."""

import pytest
from django.urls import reverse

from massalia.core import datasets
from massalia.opendata import views

pytestmark = pytest.mark.django_db


def test_every_update_frequency_is_written_out_for_translation():
    found = {v.label for v in vars(datasets).values() if isinstance(v, datasets.Frequency)}
    assert found == set(views.FREQUENCY_LABELS)


def test_the_catalog_reads_in_arabic(client, world):
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("opendata:catalog")).content.decode()
    assert "<h1>البيانات المفتوحة</h1>" in body and "مدينة Marseille" in body
    assert "Données ouvertes" not in body and "Télécharger" not in body


def test_a_dataset_page_reads_in_english(client, world):
    body = client.get(
        reverse("opendata:dataset", args=["demandes"]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "About this data" in body and "1 row today" in body
    assert "Fréquence" not in body


def test_an_unknown_dataset_is_refused_in_the_page_language_and_in_french_to_machines(client):
    page = client.get(reverse("opendata:dataset", args=["rien"]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404 and "This dataset does not exist" in page.content.decode()
    machine = client.get(
        reverse("opendata:dataset_jsonld", args=["rien"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert machine.status_code == 404
    assert machine.json()["error"]["message"].startswith("Ce jeu de données n'existe pas")

"""The catalog page lists every registered dataset; each has a page saying what it holds."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from massalia.core.datasets import datasets

pytestmark = pytest.mark.django_db


def test_it_lists_every_registered_dataset(client, world):
    page = client.get(reverse("opendata:catalog")).content.decode()
    assert len(list(datasets)) >= 2
    for dataset in datasets:
        assert dataset.title in page
        assert reverse("opendata:dataset", args=[dataset.slug]) in page
        for fmt in dataset.formats():
            assert reverse("opendata:download", args=[dataset.slug, fmt]) in page
    assert reverse("opendata:catalog_jsonld") in page


def test_it_registers_the_requests_and_the_contracts():
    assert {"demandes", "marches-publics"} <= {d.slug for d in datasets}


@pytest.mark.parametrize("slug", [d.slug for d in datasets])
def test_it_describes_a_dataset_on_its_page(client, world, slug):
    dataset = datasets.get(slug)
    page = client.get(reverse("opendata:dataset", args=[slug])).content.decode()
    assert dataset.title in page
    assert "Licence Ouverte 2.0" in page
    assert dataset.frequency.label.capitalize() in page
    for column in dataset.table().columns:
        assert f"<code>{column.key}</code>" in page
        assert escape(dataset.meanings[column.key]) in page, column.key
    assert reverse("opendata:dataset_jsonld", args=[slug]) in page
    assert "1 ligne " in page  # one public request, one contract


def test_it_answers_an_unknown_dataset_with_a_french_404(client, db):
    response = client.get(reverse("opendata:dataset", args=["inconnu"]))
    assert response.status_code == 404
    assert escape("Ce jeu de données n'existe pas") in response.content.decode()


def test_it_refuses_a_slug_that_would_hide_the_catalog_files():
    from massalia.core import datasets as registry

    with pytest.raises(ValueError):
        registry.Dataset(
            key="catalogue",
            title="t",
            description="d",
            table=lambda: None,  # type: ignore[arg-type,return-value]
            rows=list,
            frequency=registry.DAILY,
        )

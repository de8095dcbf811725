"""The catalog in DCAT-AP: JSON-LD and RDF/XML that parse, carry the mandatory properties and
page the way data.gouv.fr's harvester follows."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from massalia.core.datasets import ETALAB_2, datasets
from massalia.opendata.rdf import NAMESPACES
from massalia.opendata.tests.conftest import SECRET

pytestmark = pytest.mark.django_db
RDF = "{" + NAMESPACES["rdf"] + "}"


def ns(name: str) -> str:
    prefix, local = name.split(":")
    return "{" + NAMESPACES[prefix] + "}" + local


def _graph(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ld+json"
    document = json.loads(response.content)
    for prefix in ("dcat", "dct", "hydra"):
        assert document["@context"][prefix] == NAMESPACES[prefix]
    return document["@graph"]


def _typed(graph: list[dict], kind: str) -> list[dict]:
    return [
        n for n in graph if kind in ([n["@type"]] if isinstance(n["@type"], str) else n["@type"])
    ]


def _many(value):
    return value if isinstance(value, list) else [value]


def test_it_describes_the_catalog_with_the_mandatory_properties(client, world):
    graph = _graph(client, reverse("opendata:catalog_jsonld"))
    (catalog,) = _typed(graph, "dcat:Catalog")
    assert catalog["dct:title"]["@value"].startswith("Données ouvertes")
    assert catalog["dct:description"]["@language"] == "fr"
    assert catalog["dct:publisher"]["foaf:name"] == "Ville de Marseille"
    described = _typed(graph, "dcat:Dataset")
    assert {d["@id"] for d in described} == {x["@id"] for x in _many(catalog["dcat:dataset"])}
    assert {d["dct:identifier"] for d in described} == {d.slug for d in datasets}
    for dataset in described:
        assert dataset["dct:title"]["@value"]
        assert dataset["dct:description"]["@value"]
        assert dataset["dct:license"]["@id"] == ETALAB_2.uri
        assert dataset["dct:accrualPeriodicity"]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/frequency/"
        )
        assert dataset["dct:spatial"]["dct:identifier"] == "13055"
        distributions = _many(dataset["dcat:distribution"])
        assert len(distributions) >= 2
        for distribution in distributions:
            assert distribution["@type"] == "dcat:Distribution"
            url = distribution["dcat:downloadURL"]["@id"]
            assert distribution["dcat:accessURL"]["@id"] == url
            path = url.split("://", 1)[1].split("/", 1)[1]
            assert client.get("/" + path).status_code == 200, url


def test_it_gives_the_period_and_the_last_change_of_the_contracts(client, world):
    (dataset,) = _graph(client, reverse("opendata:dataset_jsonld", args=["marches-publics"]))
    assert dataset["dct:temporal"]["dcat:startDate"] == {
        "@value": "2024-03-01",
        "@type": "xsd:date",
    }
    assert dataset["dct:modified"]["@type"] == "xsd:dateTime"


def test_it_pages_the_catalog_with_a_hydra_view(client, world, settings):
    settings.OPENDATA_PAGE_SIZE = 1
    total = len(list(datasets))
    seen, path, pages = [], reverse("opendata:catalog_jsonld"), 0
    while path:
        graph = _graph(client, path)
        (view,) = _typed(graph, "hydra:PartialCollectionView")
        assert view["hydra:totalItems"]["@value"] == str(total)
        seen += [d["dct:identifier"] for d in _typed(graph, "dcat:Dataset")]
        pages += 1
        following = view.get("hydra:next", {}).get("@id")
        path = following and following.removeprefix(settings.SITE_URL)
    assert pages == total
    assert seen == [d.slug for d in datasets]


@pytest.mark.parametrize(
    ("page", "status"),
    [("abc", 400), ("-1", 400), ("0", 400), ("1.5", 400), ("9" * 5000, 400), ("99", 404)],
)
@pytest.mark.parametrize("name", ["opendata:catalog_jsonld", "opendata:catalog_rdf"])
def test_it_refuses_a_bad_page_in_french(client, db, name, page, status):
    response = client.get(reverse(name), {"page": page})
    assert response.status_code == status
    assert "page" in response.json()["error"]["message"]


def test_it_answers_an_unknown_dataset_metadata_with_404(client, db):
    for name in ("opendata:dataset_jsonld", "opendata:dataset_rdf"):
        response = client.get(reverse(name, args=["inconnu"]))
        assert response.status_code == 404
        assert "Ce jeu de données n'existe pas" in response.json()["error"]["message"]


def test_it_writes_the_catalog_in_rdf_xml_that_parses(client, world):
    response = client.get(reverse("opendata:catalog_rdf"))
    assert response["Content-Type"].startswith("application/rdf+xml")
    root = ET.fromstring(response.content)
    assert root.tag == RDF + "RDF"
    (catalog,) = root.findall(ns("dcat:Catalog"))
    assert catalog.find(ns("dct:title")).text.startswith("Données ouvertes")
    assert len(root.findall(ns("hydra:PartialCollectionView"))) == 1
    described = root.findall(ns("dcat:Dataset"))
    assert {d.find(ns("dct:identifier")).text for d in described} == {d.slug for d in datasets}
    for dataset in described:
        assert (
            dataset.find(ns("dct:title")).attrib["{http://www.w3.org/XML/1998/namespace}lang"]
            == "fr"
        )
        assert dataset.find(ns("dct:description")).text
        licence = dataset.find(ns("dct:license")).find(ns("dct:LicenseDocument"))
        assert licence.attrib[RDF + "about"] == ETALAB_2.uri
        assert dataset.find(ns("dct:accrualPeriodicity")).attrib[RDF + "resource"]
        for distribution in dataset.iter(ns("dcat:Distribution")):
            assert distribution.find(ns("dcat:downloadURL")).attrib[RDF + "resource"]
            assert distribution.find(ns("dcat:accessURL")).attrib[RDF + "resource"]


@pytest.mark.parametrize(
    "path",
    [
        "/donnees/catalogue.jsonld",
        "/donnees/catalogue.rdf",
        "/donnees/demandes.jsonld",
        "/donnees/demandes.rdf",
        "/donnees/",
        "/donnees/demandes/",
    ],
)
def test_it_never_names_a_private_request_in_metadata(client, world, path):
    body = client.get(path).content.decode()
    assert SECRET not in body
    assert "alice@example.org" not in body

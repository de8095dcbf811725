"""A small RDF description and its two writings: JSON-LD and RDF/XML.

The catalog's metadata is a few nodes per dataset, so it is built as a plain tree (`Node`s whose
values are IRIs, literals or nested nodes) and written by hand in both syntaxes: one source,
so the JSON-LD and the RDF/XML always say the same. Nested nodes without an id are blank nodes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "locn": "http://www.w3.org/ns/locn#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class IRI:
    value: str


@dataclass(frozen=True)
class Literal:
    value: str
    lang: str | None = None
    datatype: str | None = None  # a prefixed name ("xsd:dateTime") or a full IRI


@dataclass
class Node:
    id: str | None = None  # None: a blank node
    types: tuple[str, ...] = ()  # prefixed names: "dcat:Dataset"
    properties: list[tuple[str, IRI | Literal | Node]] = field(default_factory=list)

    def add(self, predicate: str, *values: IRI | Literal | Node | None) -> Node:
        """Add each value that is not None under `predicate` (a prefixed name)."""
        self.properties.extend((predicate, v) for v in values if v is not None)
        return self

    def describe(self, *pairs: tuple[str, IRI | Literal | Node | None]) -> Node:
        """Add (predicate, value) pairs; None values are left out."""
        self.properties.extend((p, v) for p, v in pairs if v is not None)
        return self


def expand(name: str) -> str:
    """The full IRI of a prefixed name ("dct:title" → "http://purl.org/dc/terms/title"); a full
    IRI is returned as it is."""
    if "://" in name:
        return name
    prefix, local = name.split(":", 1)
    return NAMESPACES[prefix] + local


# JSON-LD ----------------------------------------------------------------------------------------


def jsonld(nodes: list[Node]) -> dict[str, Any]:
    """The nodes as a compacted JSON-LD document (prefixes in the context, one @graph)."""
    return {"@context": dict(NAMESPACES), "@graph": [_json_node(n) for n in nodes]}


def jsonld_text(nodes: list[Node]) -> str:
    return json.dumps(jsonld(nodes), ensure_ascii=False, indent=1)


def _json_node(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if node.id is not None:
        out["@id"] = node.id
    if node.types:
        out["@type"] = node.types[0] if len(node.types) == 1 else list(node.types)
    grouped: dict[str, list[Any]] = {}
    for predicate, value in node.properties:
        grouped.setdefault(predicate, []).append(_json_value(value))
    for predicate, values in grouped.items():
        out[predicate] = values[0] if len(values) == 1 else values
    return out


def _json_value(value: IRI | Literal | Node) -> Any:
    if isinstance(value, IRI):
        return {"@id": value.value}
    if isinstance(value, Node):
        return _json_node(value)
    if value.lang:
        return {"@value": value.value, "@language": value.lang}
    if value.datatype:
        return {"@value": value.value, "@type": value.datatype}
    return value.value


# RDF/XML ----------------------------------------------------------------------------------------


def rdfxml(nodes: list[Node]) -> str:
    """The nodes as an RDF/XML document (typed node elements, nested nodes inline)."""
    declared = "".join(f"\n    xmlns:{p}={quoteattr(ns)}" for p, ns in NAMESPACES.items())
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f"<rdf:RDF{declared}>"]
    for node in nodes:
        lines.extend(_xml_node(node, "  "))
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    return escape(_NOT_XML.sub("", value))


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


def _xml_node(node: Node, indent: str) -> list[str]:
    tag = node.types[0] if node.types else "rdf:Description"
    about = f" rdf:about={_attr(node.id)}" if node.id is not None else ""
    lines = [f"{indent}<{tag}{about}>"]
    inner = indent + "  "
    for extra in node.types[1:]:
        lines.append(f"{inner}<rdf:type rdf:resource={_attr(expand(extra))}/>")
    for predicate, value in node.properties:
        if isinstance(value, IRI):
            lines.append(f"{inner}<{predicate} rdf:resource={_attr(value.value)}/>")
        elif isinstance(value, Node):
            lines.append(f"{inner}<{predicate}>")
            lines.extend(_xml_node(value, inner + "  "))
            lines.append(f"{inner}</{predicate}>")
        else:
            qualifier = ""
            if value.lang:
                qualifier = f" xml:lang={_attr(value.lang)}"
            elif value.datatype:
                qualifier = f" rdf:datatype={_attr(expand(value.datatype))}"
            lines.append(f"{inner}<{predicate}{qualifier}>{_text(value.value)}</{predicate}>")
    lines.append(f"{indent}</{tag}>")
    return lines

"""Exports of the directory: the lieux de médiation numérique CSV and data·inclusion JSON.

A lieu comes back out field by field as it was imported; data·inclusion rows are checked by
the official package's models before they are written (a row they refuse is counted, not
written).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pydantic
from data_inclusion.schema import v1

from massalia.inclusion import tableschema
from massalia.inclusion.models import Service, Structure

PIPED = {
    "typologie": "typologie",
    "courriels": "courriels",
    "site_web": "sites_web",
    "itinerance": "itinerance",
    "services": "mediation_services",
    "publics_specifiquement_adresses": "publics_adresses",
    "prise_en_charge_specifique": "prise_en_charge",
    "frais_a_charge": "frais_a_charge",
    "dispositif_programmes_nationaux": "dispositifs",
    "formations_labels": "formations_labels",
    "modalites_acces": "modalites_acces",
    "modalites_accompagnement": "modalites_accompagnement",
}
PLAIN = {
    "id": "ident",
    "pivot": "siret",
    "nom": "nom",
    "commune": "commune",
    "code_postal": "code_postal",
    "code_insee": "code_insee",
    "adresse": "adresse",
    "complement_adresse": "complement_adresse",
    "telephone": "telephone",
    "horaires": "horaires",
    "presentation_resume": "resume",
    "presentation_detail": "description",
    "source": "collecte_par",
    "structure_parente": "structure_parente",
    "autres_formations_labels": "autres_formations_labels",
    "fiche_acces_libre": "accessibilite",
    "prise_rdv": "prise_rdv",
}


def lieu_row(s: Structure) -> dict[str, str]:
    """One structure as a row of the lieux de médiation numérique standard."""
    row: dict[str, str] = {}
    for name in tableschema.names():
        if name in PLAIN:
            row[name] = str(getattr(s, PLAIN[name]) or "")
        elif name in PIPED:
            row[name] = "|".join(s.tags(PIPED[name]))
        elif name in ("latitude", "longitude"):
            value = getattr(s, name)
            row[name] = "" if value is None else repr(value)
        elif name == "date_maj":
            row[name] = s.date_maj.isoformat()
        else:
            row[name] = ""
    return row


def write_lieux(rows: Iterable[Structure], out: io.TextIOBase | Any) -> int:
    """Write the CSV (UTF-8, comma, every field quoted, the standard's column order)."""
    writer = csv.DictWriter(out, fieldnames=tableschema.names(), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    count = 0
    for structure in rows:
        writer.writerow(lieu_row(structure))
        count += 1
    return count


def lieux_lines(rows: Iterable[Structure]) -> Iterator[str]:
    """The same CSV, line by line, for a streamed download."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=tableschema.names(), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    for structure in rows:
        writer.writerow(lieu_row(structure))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def di_structure(s: Structure) -> dict[str, Any]:
    """One structure in data·inclusion's words (before validation)."""
    return {
        "source": s.source,
        "id": s.ident,
        "nom": s.nom,
        "date_maj": s.date_maj.isoformat(),
        "description": s.description or s.resume or None,
        "lien_source": s.lien_source or None,
        "siret": s.siret if len(s.siret) == 14 and s.siret.isdigit() else None,
        "commune": s.commune or None,
        "code_postal": s.code_postal or None,
        "code_insee": s.code_insee or None,
        "adresse": s.adresse or None,
        "complement_adresse": s.complement_adresse or None,
        "longitude": s.longitude,
        "latitude": s.latitude,
        "telephone": s.telephone or None,
        "courriel": _first(s.tags("courriels")),
        "site_web": _first(s.tags("sites_web")),
        "horaires_accueil": s.horaires or None,
        "accessibilite_lieu": s.accessibilite or None,
        "reseaux_porteurs": s.tags("reseaux_porteurs") or None,
    }


def di_service(s: Service) -> dict[str, Any]:
    """One service in data·inclusion's words, placed at its structure."""
    place = s.structure
    return {
        "source": s.source,
        "structure_id": place.ident,
        "id": s.ident,
        "nom": s.nom,
        "description": s.description,
        "date_maj": s.date_maj.isoformat(),
        "type": s.type or None,
        "thematiques": s.tags("thematiques") or None,
        "frais": s.frais or None,
        "frais_precisions": s.frais_precisions or None,
        "publics": s.tags("publics") or None,
        "publics_precisions": s.publics_precisions or None,
        "conditions_acces": s.conditions_acces or None,
        "commune": place.commune or None,
        "code_postal": place.code_postal or None,
        "code_insee": place.code_insee or None,
        "adresse": place.adresse or None,
        "complement_adresse": place.complement_adresse or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": s.telephone or place.telephone or None,
        "courriel": s.courriel or _first(place.tags("courriels")),
        "modes_accueil": s.tags("modes_accueil") or None,
        "zone_eligibilite": s.tags("zone_eligibilite") or None,
        "lien_mobilisation": s.lien_mobilisation or None,
        "modes_mobilisation": s.tags("modes_mobilisation") or None,
        "mobilisable_par": s.tags("mobilisable_par") or None,
        "horaires_accueil": s.horaires or None,
    }


@dataclass
class Checked:
    rows: list[dict[str, Any]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (id, reasons)


def checked(items: Iterable[Structure] | Iterable[Service], *, kind: str) -> Checked:
    """data·inclusion rows the official models accept, in their JSON form; the others refused."""
    model: type[pydantic.BaseModel] = v1.Structure if kind == "structure" else v1.Service
    build = di_structure if kind == "structure" else di_service
    out = Checked()
    for item in items:
        raw = build(item)  # type: ignore[arg-type]
        try:
            model.model_validate(raw)
        except pydantic.ValidationError as exc:
            out.refused.append((raw["id"], str(exc.errors()[0]["msg"])))
            continue
        out.rows.append({k: v for k, v in raw.items() if v is not None})
    return out

"""Imports of the directory, through the one import framework (`core.imports`).

`LieuxImporter` reads a CSV of the national "lieux de médiation numérique" standard, checked
against its fields as `tableschema.py` declares them; each lieu becomes a structure and one
searchable service. `DataInclusionImporter` reads data·inclusion structures and services (JSON
arrays), checked by the official `data-inclusion-schema` models.
Rejected rows are kept with reasons.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson
import pydantic
from data_inclusion.schema import v1
from django.db import models

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.text import clean_text
from massalia.inclusion import hours, tableschema, vocabulary
from massalia.inclusion.models import Service, Structure
from massalia.inclusion.tags import join_tags, piped
from massalia.territory import geo

LIEUX_SOURCE = "mediation-numerique"


def upsert(model: type[models.Model], key: dict[str, Any], values: dict[str, Any]) -> Outcome:
    """Create or update one row by its natural key; "unchanged" when nothing differs."""
    row = model._default_manager.filter(**key).first()
    if row is None:
        model._default_manager.create(**key, **values)
        return "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if not changed:
        return "unchanged"
    for name in changed:
        setattr(row, name, values[name])
    row.save(update_fields=changed)
    return "updated"


def quartier_of(latitude: float | None, longitude: float | None) -> int | None:
    if latitude is None or longitude is None:
        return None
    place = geo.locate(latitude, longitude)
    return place.quartier_id if place else None


def _text(value: Any, limit: int | None = None) -> str:
    cleaned = clean_text(str(value or "")).strip()
    return cleaned[:limit] if limit else cleaned


class LieuxImporter(Importer):
    kind = "lieux de médiation numérique"

    def __init__(self, path: Path | str, *, source: str = LIEUX_SOURCE) -> None:
        self.path = Path(path)
        self.source = source
        self.seen: set[str] = set()

    def records(self) -> Iterator[dict[str, str]]:
        try:
            handle = self.path.open(encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise ImportFileError(f"Fichier illisible : {exc}") from exc
        with handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [f.name for f in tableschema.fields() if f.required and f.name not in header]
            if missing:
                raise ImportFileError(
                    "Ce n'est pas un fichier de lieux de médiation numérique : colonnes "
                    f"obligatoires absentes ({', '.join(missing)})."
                )
            for row in reader:
                yield {k: (v or "") for k, v in row.items() if k is not None}

    def clean(self, record: dict[str, str]) -> dict[str, Any]:
        reasons = tableschema.problems(record)
        horaires = record.get("horaires", "").strip()
        if horaires and not hours.valid(horaires):
            reasons.append("horaires : illisibles au format OpenStreetMap opening_hours")
        ident = record.get("id", "").strip()
        if ident and ident in self.seen:
            reasons.append(f"id : « {ident[:60]} » apparaît deux fois dans le fichier")
        if reasons:
            raise RecordRejected(*reasons)
        self.seen.add(ident)
        return record

    def save(self, clean: dict[str, str]) -> Outcome:
        get = lambda name: clean.get(name, "").strip()  # noqa: E731
        lat = float(get("latitude")) if get("latitude") else None
        lon = float(get("longitude")) if get("longitude") else None
        values = {
            "nom": _text(get("nom"), 200),
            "siret": get("pivot")[:20],
            "commune": _text(get("commune"), 120),
            "code_postal": get("code_postal"),
            "code_insee": get("code_insee"),
            "adresse": _text(get("adresse"), 250),
            "complement_adresse": _text(get("complement_adresse"), 250),
            "latitude": lat,
            "longitude": lon,
            "quartier_id": quartier_of(lat, lon),
            "typologie": join_tags(piped(get("typologie"))),
            "telephone": get("telephone"),
            "courriels": join_tags(piped(get("courriels"))),
            "sites_web": join_tags(piped(get("site_web"))),
            "horaires": get("horaires"),
            "resume": _text(get("presentation_resume"), 280),
            "description": _text(get("presentation_detail")),
            "date_maj": datetime.date.fromisoformat(get("date_maj")),
            "collecte_par": _text(get("source"), 200),
            "itinerance": join_tags(piped(get("itinerance"))),
            "structure_parente": _text(get("structure_parente"), 200),
            "mediation_services": join_tags(piped(get("services"))),
            "publics_adresses": join_tags(piped(get("publics_specifiquement_adresses"))),
            "prise_en_charge": join_tags(piped(get("prise_en_charge_specifique"))),
            "frais_a_charge": join_tags(piped(get("frais_a_charge"))),
            "dispositifs": join_tags(piped(get("dispositif_programmes_nationaux"))),
            "formations_labels": join_tags(piped(get("formations_labels"))),
            "autres_formations_labels": _text(get("autres_formations_labels")),
            "modalites_acces": join_tags(piped(get("modalites_acces"))),
            "modalites_accompagnement": join_tags(piped(get("modalites_accompagnement"))),
            "accessibilite": get("fiche_acces_libre"),
            "prise_rdv": get("prise_rdv"),
            "langues": join_tags(_languages(piped(get("prise_en_charge_specifique")))),
            "is_mediation": True,
        }
        outcome = upsert(Structure, {"source": self.source, "ident": get("id")}, values)
        structure = Structure.objects.get(source=self.source, ident=get("id"))
        service_outcome = upsert(
            Service,
            {"source": self.source, "ident": f"{get('id')}--mediation"},
            _mediation_service(structure, clean),
        )
        if outcome == "unchanged" and service_outcome != "unchanged":
            return "updated"
        return outcome


def _languages(support: list[str]) -> list[str]:
    found = ["fr"]
    found += [vocabulary.LIEUX_LANGUES[s] for s in support if s in vocabulary.LIEUX_LANGUES]
    return found


def _mediation_service(structure: Structure, row: dict[str, str]) -> dict[str, Any]:
    """The searchable offer of a lieu, in data·inclusion's words."""
    labels = piped(row.get("services", ""))
    thematiques: list[str] = []
    for label in labels:
        for t in vocabulary.LIEUX_THEMATIQUES.get(label, ()):
            if t not in thematiques:
                thematiques.append(t)
    if not thematiques:
        thematiques = ["numerique--maitriser-les-fondamentaux-du-numerique"]
    fees = piped(row.get("frais_a_charge", ""))
    frais = "payant" if fees == ["Payant"] else ("gratuit" if fees else "")
    publics = [
        vocabulary.LIEUX_PUBLICS[p]
        for p in piped(row.get("publics_specifiquement_adresses", ""))
        if p in vocabulary.LIEUX_PUBLICS
    ] or ["tous-publics"]
    accompagnement = piped(row.get("modalites_accompagnement", ""))
    modes = (
        ["en-presentiel"]
        if any(m != vocabulary.LIEUX_DISTANCE for m in accompagnement) or not accompagnement
        else []
    )
    if vocabulary.LIEUX_DISTANCE in accompagnement:
        modes.append("a-distance")
    description = structure.resume or structure.description or "Accompagnement au numérique"
    return {
        "structure": structure,
        "nom": "Médiation numérique",
        "description": description[:10000],
        "type": "accompagnement",
        "thematiques": join_tags(thematiques),
        "frais": frais,
        "frais_precisions": ", ".join(fees) if "Gratuit sous condition" in fees else "",
        "publics": join_tags(publics),
        "modes_accueil": join_tags(modes),
        "horaires": "",
        "date_maj": structure.date_maj,
    }


def _reasons(error: pydantic.ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(p) for p in e['loc']) or 'enregistrement'} : {e['msg']}"
        for e in error.errors()
    ]


class DataInclusionImporter(Importer):
    """data·inclusion structures then services: JSON arrays, as the national API gives them."""

    kind = "data·inclusion"

    def __init__(
        self, *, structures: Path | str | None = None, services: Path | str | None = None
    ) -> None:
        self.files = [("structure", structures), ("service", services)]

    def records(self) -> Iterator[dict[str, Any]]:
        for kind, path in self.files:
            if path is None:
                continue
            try:
                with Path(path).open("rb") as handle:
                    for item in ijson.items(handle, "item", use_float=True):
                        yield {"kind": kind, "data": item}
            except ijson.JSONError as exc:
                raise ImportFileError(f"{path} n'est pas un tableau JSON lisible : {exc}") from exc

    def clean(self, record: dict[str, Any]) -> Any:
        data = record["data"]
        if not isinstance(data, dict):
            raise RecordRejected("enregistrement : un objet JSON est attendu")
        model = v1.Structure if record["kind"] == "structure" else v1.Service
        try:
            parsed = model.model_validate(data)
        except pydantic.ValidationError as exc:
            raise RecordRejected(*_reasons(exc)) from exc
        if parsed.horaires_accueil and not hours.valid(parsed.horaires_accueil):
            raise RecordRejected("horaires_accueil : illisibles au format OpenStreetMap")
        return parsed

    def save(self, clean: Any) -> Outcome:
        if isinstance(clean, v1.Structure):
            return self._structure(clean)
        return self._service(clean)

    def _structure(self, s: v1.Structure) -> Outcome:
        values = {
            "nom": _text(s.nom, 200),
            "siret": s.siret or "",
            "commune": _text(s.commune, 120),
            "code_postal": s.code_postal or "",
            "code_insee": s.code_insee or "",
            "adresse": _text(s.adresse, 250),
            "complement_adresse": _text(s.complement_adresse, 250),
            "latitude": s.latitude,
            "longitude": s.longitude,
            "quartier_id": quartier_of(s.latitude, s.longitude),
            "telephone": s.telephone or "",
            "courriels": join_tags([s.courriel or ""]),
            "sites_web": join_tags([str(s.site_web or "")]),
            "horaires": s.horaires_accueil or "",
            "description": _text(s.description),
            "date_maj": s.date_maj,
            "reseaux_porteurs": join_tags(sorted(r.value for r in s.reseaux_porteurs or ())),
            "accessibilite": str(s.accessibilite_lieu or ""),
            "lien_source": str(s.lien_source or ""),
        }
        return upsert(Structure, {"source": s.source, "ident": s.id}, values)

    def _service(self, s: v1.Service) -> Outcome:
        structure = Structure.objects.filter(source=s.source, ident=s.structure_id).first()
        if structure is None:
            raise RecordRejected(
                f"structure_id : structure « {s.structure_id[:80]} » inconnue pour la source "
                f"« {s.source[:40]} »"
            )
        values = {
            "structure": structure,
            "nom": _text(s.nom, 150),
            "description": _text(s.description),
            "type": s.type.value if s.type else "",
            "thematiques": join_tags(sorted(t.value for t in s.thematiques or ())),
            "frais": s.frais.value if s.frais else "",
            "frais_precisions": _text(s.frais_precisions, 300),
            "publics": join_tags(sorted(p.value for p in s.publics or ())),
            "publics_precisions": _text(s.publics_precisions, 500),
            "conditions_acces": _text(s.conditions_acces),
            "modes_accueil": join_tags(sorted(m.value for m in s.modes_accueil or ())),
            "modes_mobilisation": join_tags(sorted(m.value for m in s.modes_mobilisation or ())),
            "mobilisable_par": join_tags(sorted(m.value for m in s.mobilisable_par or ())),
            "lien_mobilisation": str(s.lien_mobilisation or ""),
            "telephone": s.telephone or "",
            "courriel": s.courriel or "",
            "horaires": s.horaires_accueil or "",
            "zone_eligibilite": join_tags(s.zone_eligibilite or []),
            "date_maj": s.date_maj,
        }
        return upsert(Service, {"source": s.source, "ident": s.id}, values)

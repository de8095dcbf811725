"""Importers of the territory, on the one import framework (`massalia.core.imports`).

* `QuartierImporter`: the official quartiers GeoJSON (`nom_qua`, `depco`), which replaces the
  approximate territory;
* `StreetImporter`: the street gazetteer (a JSON list of {name, quartier, centroid}).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from massalia.core.imports import Importer, ImportFileError, Outcome, RecordRejected
from massalia.core.models import ImportRun
from massalia.territory import commune, gazetteer, geo
from massalia.territory.models import Arrondissement, Quartier, Street
from massalia.territory.services import ensure_arrondissements


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise ImportFileError(
            f"Impossible de lire le fichier {path.name} : {exc.strerror}"
        ) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"Le fichier {path.name} n'est pas un JSON valide : {exc}") from exc


def _in_commune_box(bounds: tuple[float, float, float, float]) -> bool:
    # Outside the commune's box (MASSALIA_CITY_BOUNDS) is often coordinates not in WGS84,
    # e.g. Lambert-93.
    return commune.current().contains(bounds)


def _geojson(geometry: BaseGeometry) -> dict[str, Any]:
    return json.loads(shapely.to_geojson(geometry))


@dataclass(frozen=True)
class CleanQuartier:
    name: str
    insee_code: str
    slug: str
    geometry: dict[str, Any]
    latitude: float
    longitude: float


class QuartierImporter(Importer):
    """The official quartiers file; natural key: slug of the name + INSEE code.

    Each arrondissement's geometry becomes the union of its quartiers. Importing real
    quartiers replaces the approximate territory (see `_retire_approximate`).
    """

    kind = "territoire : quartiers"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.arrondissements: dict[str, Arrondissement] = {}
        self.seen_codes: set[str] = set()

    def records(self) -> Iterator[Any]:
        data = _read_json(self.path)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise ImportFileError(f"{self.path.name} n'est pas une FeatureCollection GeoJSON.")
        self.arrondissements = ensure_arrondissements()
        yield from data["features"]

    def clean(self, record: Any) -> CleanQuartier:
        if not isinstance(record, dict):
            raise RecordRejected("l'entité n'est pas un objet GeoJSON")
        props = record.get("properties") or {}
        name = str(props.get("nom_qua") or "").strip()
        code = str(props.get("depco") or "").strip()
        reasons = []
        if not name:
            reasons.append("nom du quartier (nom_qua) manquant")
        if not code:
            reasons.append("code INSEE de l'arrondissement (depco) manquant")
        elif code not in self.arrondissements:
            reasons.append(f"code INSEE d'arrondissement inconnu : {code}")
        geometry, problem = _polygonal(record.get("geometry"))
        if problem:
            reasons.append(problem)
        if reasons or geometry is None:
            raise RecordRejected(*reasons)
        point = geometry.centroid
        if not geometry.contains(point):
            point = geometry.representative_point()
        return CleanQuartier(
            name=name[:120],
            insee_code=code,
            slug=slugify(f"{name} {code}")[:120],
            geometry=_geojson(geometry),
            latitude=round(point.y, 6),
            longitude=round(point.x, 6),
        )

    def save(self, clean: CleanQuartier) -> Outcome:
        values = {
            "name": clean.name,
            "arrondissement": self.arrondissements[clean.insee_code],
            "geometry": clean.geometry,
            "centroid_latitude": clean.latitude,
            "centroid_longitude": clean.longitude,
            "is_approximate": False,
        }
        self.seen_codes.add(clean.insee_code)
        return _upsert(Quartier, {"slug": clean.slug}, values)

    def finish(self, run: ImportRun) -> None:
        if not self.seen_codes:
            return  # nothing usable came in: keep whatever territory there was
        _union_arrondissements(self.seen_codes)
        _retire_approximate(self.seen_codes)
        geo.invalidate()
        gazetteer.invalidate()


def _polygonal(raw: Any) -> tuple[BaseGeometry | None, str]:
    """The (repaired) polygonal geometry of a feature, or a reason to reject it."""
    if not isinstance(raw, dict) or raw.get("type") not in ("Polygon", "MultiPolygon"):
        kind = raw.get("type") if isinstance(raw, dict) else None
        return None, f"géométrie absente ou non surfacique ({kind or 'aucune'})"
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, IndexError, AttributeError, shapely.errors.GEOSException):
        return None, "géométrie illisible (coordonnées mal formées)"
    if geometry.is_empty:
        return None, "géométrie vide"
    if not geometry.is_valid:
        # Self-intersections are common in published files and harmless once repaired.
        geometry = shapely.make_valid(geometry)
        parts = [g for g in getattr(geometry, "geoms", [geometry]) if g.area > 0]
        geometry = shapely.unary_union(parts) if parts else shapely.Polygon()
    if geometry.is_empty or geometry.area == 0:
        return None, "géométrie invalide (surface nulle)"
    if not _in_commune_box(geometry.bounds):
        name = commune.current().name
        return None, f"géométrie hors de {name} (coordonnées attendues en WGS84 lon/lat)"
    return geometry, ""


def _upsert(model: Any, key: dict[str, Any], values: dict[str, Any]) -> Outcome:
    row = model.objects.filter(**key).first()
    if row is None:
        model.objects.create(**key, **values)
        return "created"
    changed = [field for field, value in values.items() if getattr(row, field) != value]
    if not changed:
        return "unchanged"
    for field in changed:
        setattr(row, field, values[field])
    row.save(update_fields=changed)
    return "updated"


def _union_arrondissements(codes: set[str]) -> None:
    """Each arrondissement's geometry = union of its (real) quartiers."""
    for arrondissement in Arrondissement.objects.filter(insee_code__in=codes):
        shapes = [
            shape(g)
            for g in arrondissement.quartiers.filter(is_approximate=False).values_list(
                "geometry", flat=True
            )
        ]
        union = shapely.unary_union(shapes)
        arrondissement.geometry = _geojson(union)
        arrondissement.is_approximate = False
        arrondissement.save(update_fields=["geometry", "is_approximate"])


class _RealIndex:
    """Point → real (non-approximate) quartier, while approximate ones still exist."""

    def __init__(self) -> None:
        rows = list(
            Quartier.objects.filter(is_approximate=False).values_list(
                "id", "arrondissement_id", "geometry"
            )
        )
        self.ids = [(r[0], r[1]) for r in rows]
        self.tree = shapely.STRtree([shape(r[2]) for r in rows])

    def nearest(self, lat: float, lon: float) -> tuple[int, int] | None:
        if not self.ids:
            return None
        point = shapely.Point(lon, lat)
        hits = self.tree.query(point, predicate="intersects")
        position = int(min(hits)) if len(hits) else int(self.tree.nearest(point))
        return self.ids[position]


def _retire_approximate(codes: set[str]) -> None:
    """Delete approximate quartiers superseded by real ones, re-linking what pointed at them.

    When the file covers every arrondissement of the city, all approximate quartiers go;
    otherwise only those of the arrondissements the file covers. Rows of any model that
    point at a retired quartier (service requests, streets…) are re-linked to the real
    quartier containing their own point (fields `latitude`/`longitude`) or, without a point,
    to the real quartier containing (or nearest to) the retired quartier's centroid; a
    sibling `arrondissement` foreign key is updated along. Nothing is deleted with them.
    """
    retiring = Quartier.objects.filter(is_approximate=True)
    if Arrondissement.objects.exclude(insee_code__in=codes).exists():
        retiring = retiring.filter(arrondissement__insee_code__in=codes)
    old = {
        qid: (lat, lon)
        for qid, lat, lon in retiring.values_list("id", "centroid_latitude", "centroid_longitude")
    }
    if not old:
        return
    real = _RealIndex()
    fallback = {qid: real.nearest(lat, lon) for qid, (lat, lon) in old.items()}
    for relation in Quartier._meta.related_objects:
        if relation.many_to_many or not relation.field.concrete:
            continue
        _relink(relation.related_model, relation.field.name, old, fallback, real)
    Quartier.objects.filter(id__in=old).delete()


def _relink(
    model: Any,
    field: str,
    old: dict[int, tuple[float, float]],
    fallback: dict[int, tuple[int, int] | None],
    real: _RealIndex,
) -> None:
    names = {f.name for f in model._meta.concrete_fields}
    has_point = {"latitude", "longitude"} <= names
    has_arrondissement = "arrondissement" in names
    columns = ["pk", f"{field}_id"] + (["latitude", "longitude"] if has_point else [])
    for row in model._base_manager.filter(**{f"{field}__in": list(old)}).values_list(*columns):
        target = None
        if has_point and row[2] is not None and row[3] is not None:
            target = real.nearest(row[2], row[3])
        target = target or fallback[row[1]]
        changes: dict[str, Any] = {f"{field}_id": target[0] if target else None}
        if has_arrondissement and target:
            changes["arrondissement_id"] = target[1]
        try:
            with transaction.atomic():
                model._base_manager.filter(pk=row[0]).update(**changes)
        except IntegrityError:
            # e.g. the same street already recorded in the target quartier: drop the link.
            model._base_manager.filter(pk=row[0]).update(**{f"{field}_id": None})


@dataclass(frozen=True)
class CleanStreet:
    name: str
    normalized: str
    quartier_id: int | None  # None only for a stored street whose quartier was deleted
    latitude: float
    longitude: float


class StreetImporter(Importer):
    """The street gazetteer; natural key: normalised name + quartier.

    The quartier is matched by its official name; when the name is unknown (or the
    territory is still approximate) the street's centroid is located instead.
    """

    kind = "territoire : rues"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.quartiers: dict[str, int] = {}
        self.seen: dict[tuple[str, int], str] = {}
        # The table as it is, so that an import costs no lookup query per street:
        # pk → row, (normalized, quartier_id) → pk, (normalized, lat, lon) → {pk}.
        self.rows: dict[int, CleanStreet] = {}
        self.existing: dict[tuple[str, int | None], int] = {}
        self.by_point: dict[tuple[str, float, float], set[int]] = defaultdict(set)

    def records(self) -> Iterator[Any]:
        data = _read_json(self.path)
        if not isinstance(data, list):
            raise ImportFileError(f"{self.path.name} doit contenir une liste de rues.")
        self.quartiers = {
            gazetteer.normalize(name): qid
            for qid, name in Quartier.objects.filter(is_approximate=False).values_list("id", "name")
        }
        for pk, name, normalized, quartier_id, lat, lon in Street.objects.values_list(
            "pk", "name", "normalized", "quartier_id", "latitude", "longitude"
        ):
            self._remember(pk, CleanStreet(name, normalized, quartier_id, lat, lon))
        yield from data

    def clean(self, record: Any) -> CleanStreet:
        if not isinstance(record, dict):
            raise RecordRejected("l'enregistrement n'est pas un objet")
        name = " ".join(str(record.get("name") or "").split())[:200]
        normalized = gazetteer.normalize(name)[:200]
        lon, lat = _point(record.get("centroid"))
        reasons = []
        if not normalized:
            reasons.append("nom de la voie manquant")
        if lat is None or lon is None:
            reasons.append("centroïde manquant ou invalide (attendu : [lon, lat] en WGS84)")
        if reasons:
            raise RecordRejected(*reasons)
        assert lat is not None and lon is not None
        quartier_id = self.quartiers.get(gazetteer.normalize(str(record.get("quartier") or "")))
        if quartier_id is None:
            place = geo.locate(lat, lon)
            if place is None:
                raise RecordRejected("la voie est hors du territoire de la ville")
            quartier_id = place.quartier_id
        first = self.seen.setdefault((normalized, quartier_id), name)
        if first != name:
            # Spelling variants of one street ("Rue Decazes" / "Rue de Decazes"): keep the first.
            raise RecordRejected(f"doublon de « {first} » dans le même quartier")
        return CleanStreet(name, normalized, quartier_id, round(lat, 6), round(lon, 6))

    def save(self, clean: CleanStreet) -> Outcome:
        key = (clean.normalized, clean.quartier_id)
        known = self.existing.get(key)
        if known is not None:
            if self.rows[known] == clean:
                return "unchanged"
            Street.objects.filter(pk=known).update(
                name=clean.name, latitude=clean.latitude, longitude=clean.longitude
            )
            self._remember(known, clean)
            return "updated"
        point = (clean.normalized, clean.latitude, clean.longitude)
        elsewhere = sorted(
            (self.rows[pk].name, pk)
            for pk in self.by_point.get(point, ())
            if self.rows[pk].quartier_id != clean.quartier_id
        )
        if elsewhere:
            # The same street, linked to another quartier when the territory changed; the
            # first by name, as the model's ordering gives.
            pk = elsewhere[0][1]
            Street.objects.filter(pk=pk).update(quartier_id=clean.quartier_id, name=clean.name)
            self._remember(pk, clean)
            return "updated"
        street = Street.objects.create(
            name=clean.name,
            normalized=clean.normalized,
            quartier_id=clean.quartier_id,
            latitude=clean.latitude,
            longitude=clean.longitude,
        )
        self._remember(street.pk, clean)
        return "created"

    def _remember(self, pk: int, clean: CleanStreet) -> None:
        """Keep the in-memory copy of the table in step after street `pk` was saved."""
        former = self.rows.get(pk)
        if former is not None:
            if self.existing.get((former.normalized, former.quartier_id)) == pk:
                del self.existing[(former.normalized, former.quartier_id)]
            self.by_point[(former.normalized, former.latitude, former.longitude)].discard(pk)
        self.rows[pk] = clean
        self.existing[(clean.normalized, clean.quartier_id)] = pk
        self.by_point[(clean.normalized, clean.latitude, clean.longitude)].add(pk)

    def finish(self, run: ImportRun) -> None:
        gazetteer.invalidate()


def _point(raw: Any) -> tuple[float | None, float | None]:
    if not isinstance(raw, list | tuple) or len(raw) != 2:
        return None, None
    try:
        lon, lat = float(raw[0]), float(raw[1])
    except (TypeError, ValueError):
        return None, None
    if not _in_commune_box((lon, lat, lon, lat)):
        return None, None
    return lon, lat


def import_quartiers(path: Path, *, progress: Any = None) -> ImportRun:
    """Import the official quartiers GeoJSON (replacing the approximate territory)."""
    return QuartierImporter(path).run(source=str(Path(path).name), progress=progress)


def import_streets(path: Path, *, progress: Any = None) -> ImportRun:
    """Import the street gazetteer JSON into `Street`."""
    return StreetImporter(path).run(source=str(Path(path).name), progress=progress)

"""Reading what Open311 clients send: query strings and POST bodies (form-encoded or JSON).

Everything here is hostile until proven otherwise: sizes are capped, text is stripped of
characters that cannot be stored or written to XML, and every failure is an ApiError. The
query-string parameters are declared here once (`core.api.params.Param`): the OpenAPI document
shows those declarations and this module reads through them.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from massalia.core.api.errors import bad_request
from massalia.core.api.params import Param, Schema
from massalia.core.text import clean_text

MAX_RESULTS = 1000
DEFAULT_WINDOW = timedelta(days=90)
MAX_IDS = 1000
MAX_DESCRIPTION = 4000  # the spec's limit for description
MAX_ADDRESS = 250
MAX_NAME = 60
MAX_PARAM = 10_000
STATUSES = ("open", "closed")
IDS_PATTERN = rf"^[1-9][0-9]{{0,17}}(,[1-9][0-9]{{0,17}}){{0,{MAX_IDS - 1}}}$"
STATUS_PATTERN = "^(open|closed)(,(open|closed))*$"
# RFC 3339 date-times (`format: date-time`), the year within reach of the 90-day window in
# any time zone.
DATE_PATTERN = "^(19|2[0-9])[0-9]{2}-"

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]{1,60})\](\[\])?$")


def jurisdiction() -> str:
    """The one jurisdiction_id served here: OPEN311_JURISDICTION, else the host of SITE_URL."""
    configured = str(getattr(settings, "OPEN311_JURISDICTION", "") or "")
    return (configured or urlsplit(str(settings.SITE_URL)).hostname or "").strip().lower()


def _jurisdiction_schema() -> Schema:
    return {"type": "string", "enum": [jurisdiction()]}


def _too_long(name: str) -> str:
    return f"Le paramètre « {name} » est trop long."


def _text_param(name: str, description: str, invalid: str = "", **schema: Any) -> Param:
    return Param(
        name,
        description=description,
        schema={"type": "string", "maxLength": MAX_PARAM, **schema},
        invalid=invalid,
        too_long=_too_long(name),
    )


def _date_param(name: str, description: str) -> Param:
    return Param(
        name,
        description=description,
        schema={"type": "string", "format": "date-time", "pattern": DATE_PATTERN},
        invalid=f"{name} n'est pas une date au format W3C (ex. 2024-05-01T00:00:00Z).",
        clean=False,
    )


# A missing or empty jurisdiction_id means this one; any other is the spec's 404.
JURISDICTION = Param(
    "jurisdiction_id",
    description="Facultatif : une seule juridiction ; toute autre répond 404.",
    schema=_jurisdiction_schema,
    invalid=lambda value: (
        f"jurisdiction_id inconnue : « {clean_text(value)[:60]} » (seule : {jurisdiction()})."
    ),
    status=404,
    clean=False,
)
SERVICE_REQUEST_ID = _text_param(
    "service_request_id",
    f"Identifiants séparés par des virgules ({MAX_IDS} au plus) ; ignore tous les autres filtres.",
    "service_request_id doit être une liste d'entiers positifs séparés par des virgules.",
    pattern=IDS_PATTERN,
)
SERVICE_CODE = _text_param("service_code", "Codes de service séparés par des virgules.")
START_DATE = _date_param("start_date", "Date W3C (ex. 2024-05-01T00:00:00Z), de l'an 1900 à 2999.")
END_DATE = _date_param(
    "end_date", "Date W3C ; la période ne dépasse pas 90 jours et commence avant sa fin."
)
STATUS = Param(
    "status",
    description="open, closed, ou les deux séparés par une virgule.",
    schema={"type": "string", "maxLength": MAX_PARAM, "pattern": STATUS_PATTERN},
    invalid=lambda value: f"Statut inconnu : {value[:40]} (valeurs possibles : open, closed).",
    too_long=_too_long("status"),
)
PAGE_SIZE = Param(
    "page_size",
    description=f"Extension : au plus tant de demandes (1–{MAX_RESULTS}).",
    schema={"type": "integer", "minimum": 1, "maximum": MAX_RESULTS},
    invalid=f"page_size doit être un entier entre 1 et {MAX_RESULTS}.",
)
LIST_FILTERS = (SERVICE_REQUEST_ID, SERVICE_CODE, START_DATE, END_DATE, STATUS, PAGE_SIZE)


def check_jurisdiction(params: Mapping[str, Any]) -> None:
    """A missing or empty jurisdiction_id means this one; any other is the spec's 404."""
    JURISDICTION.read(params)


@dataclass(frozen=True)
class RequestQuery:
    """The filters of GET requests.[format]."""

    ids: list[int] | None = None
    codes: list[str] = field(default_factory=list)
    start: datetime | None = None
    end: datetime | None = None
    statuses: list[str] = field(default_factory=list)
    limit: int = MAX_RESULTS


def parse_query(params: QueryDict) -> RequestQuery:
    """Validate the query string of GET requests; service_request_id overrides the rest."""
    if str(params.get("service_request_id") or "").count(",") >= MAX_IDS:
        raise bad_request(f"Au plus {MAX_IDS} identifiants de demande à la fois.")
    ids = SERVICE_REQUEST_ID.read(params)
    limit = PAGE_SIZE.read(params) or MAX_RESULTS
    # Every filter is checked, even those service_request_id makes pointless.
    codes = _csv(SERVICE_CODE.read(params) or "")
    start, end = _date(START_DATE, params), _date(END_DATE, params)
    statuses = _statuses(params)
    if ids is not None:
        return RequestQuery(ids=[int(item) for item in ids.split(",")], limit=limit)
    start, end = _window(start, end)
    return RequestQuery(codes=codes, start=start, end=end, statuses=statuses, limit=limit)


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _statuses(params: QueryDict) -> list[str]:
    value = STATUS.read(params)
    return value.split(",") if value else []


def _date(param: Param, params: QueryDict) -> datetime | None:
    """An RFC 3339 date-time with its offset, as declared; empty is the same as none."""
    parsed: datetime | None = param.read(params)
    if parsed is None:
        return None
    try:
        # Far-off years overflow once shifted to UTC or by the window: refuse them here.
        (parsed - DEFAULT_WINDOW).astimezone(UTC)
        (parsed + DEFAULT_WINDOW).astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise bad_request(str(param.invalid)) from exc
    # In UTC: RFC 3339 allows offsets up to ±23:59, PostgreSQL refuses those beyond ±15:59.
    return parsed.astimezone(UTC)


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """The spec's default: the most recent 90 days; a given range may not span more."""
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        assert end is not None
        start = end - DEFAULT_WINDOW
    if end is None:
        end = start + DEFAULT_WINDOW
    if start > end:
        raise bad_request("start_date doit précéder end_date.")
    if end - start > DEFAULT_WINDOW:
        raise bad_request("La période demandée ne peut pas dépasser 90 jours.")
    return start, end


@dataclass(frozen=True)
class Submission:
    """The fields of POST requests.[format], checked for shape (not yet for meaning)."""

    api_key: str
    service_code: str
    latitude: float | None
    longitude: float | None
    address_string: str
    address_id: str
    email: str
    name: str
    description: str
    attributes: dict[str, str | list[str]]


def read_body(request: HttpRequest) -> Mapping[str, Any]:
    """The POST fields as a mapping of name → str or list of str, from a form or a JSON object."""
    content_type = request.content_type or ""
    if content_type == "application/json":
        return _json_body(request.body)
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data", ""):
        return {
            key: values if len(values) > 1 else values[0] for key, values in request.POST.lists()
        }
    raise bad_request(
        "Format de requête non pris en charge : envoyez application/x-www-form-urlencoded "
        "ou application/json."
    )


def read_media(request: HttpRequest, fields: Mapping[str, Any]) -> UploadedFile | None:
    """The one `media` file of a multipart POST; anything else that looks like one is refused."""
    if "media" in fields:
        raise bad_request("media doit être un fichier envoyé en multipart/form-data.")
    others = [name for name in request.FILES if name != "media"]
    if others:
        raise bad_request(
            f"Seul le champ media peut porter un fichier (reçu : « {others[0][:40]} »)."
        )
    files = request.FILES.getlist("media")
    if len(files) > 1:
        raise bad_request("media : un seul fichier par demande.")
    return files[0] if files else None


def _json_body(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request("Le corps de la requête n'est pas un JSON valide (UTF-8).") from exc
    if not isinstance(data, dict):
        raise bad_request("Le corps JSON doit être un objet.")
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "attribute" and isinstance(value, dict):
            for code, item in value.items():
                fields[f"attribute[{code}]"] = _json_value(item, key)
        elif key in _TEXT_FIELDS or key in _OTHER_FIELDS or _ATTRIBUTE.match(key):
            fields[key] = _json_value(value, key)
        # Any other member is not ours to read, whatever its value (as a form's extra fields).
    return fields


def _json_value(value: Any, key: str) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v) for v in value]
    raise bad_request(f"Valeur non prise en charge pour « {str(key)[:60]} ».")


def parse_submission(fields: Mapping[str, Any]) -> Submission:
    """Check the shape of a POST: lengths, numbers, at least one location."""
    # Cleaned before stripped: a blank once its invisible characters go is blank.
    text = {name: clean_text(_single(fields, name)).strip() for name in _TEXT_FIELDS}
    for name, limit in _TEXT_FIELDS.items():
        if len(text[name]) > limit:
            raise bad_request(f"« {name} » est trop long ({limit} caractères au plus).")
    latitude, longitude = _coordinates(text["lat"], text["long"])
    if latitude is None and not text["address_string"] and not text["address_id"]:
        raise bad_request("Indiquez un lieu : lat et long, address_string ou address_id.")
    if not text["service_code"]:
        raise bad_request("service_code est obligatoire.")
    if text["email"]:
        try:
            validate_email(text["email"])
        except ValidationError as exc:
            raise bad_request("email n'est pas une adresse valide.") from exc
    name = " ".join(part for part in (text["first_name"], text["last_name"]) if part)
    return Submission(
        api_key=text["api_key"],
        service_code=text["service_code"],
        latitude=latitude,
        longitude=longitude,
        address_string=text["address_string"],
        address_id=text["address_id"],
        email=text["email"],
        name=name,
        description=text["description"],
        attributes=_attributes(fields),
    )


# Fields of the spec read elsewhere (jurisdiction_id, media) or accepted and ignored.
_OTHER_FIELDS = ("jurisdiction_id", "media", "phone", "media_url", "device_id", "account_id")
_TEXT_FIELDS = {
    "api_key": 200,
    "service_code": 60,
    "lat": 40,
    "long": 40,
    "address_string": MAX_ADDRESS,
    "address_id": 120,
    "email": 254,
    "first_name": MAX_NAME,
    "last_name": MAX_NAME,
    "description": MAX_DESCRIPTION,
}


def _single(fields: Mapping[str, Any], name: str) -> str:
    value = fields.get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _coordinates(lat: str, lon: str) -> tuple[float | None, float | None]:
    if not lat and not lon:
        return None, None
    if not lat or not lon:
        raise bad_request("lat et long doivent être envoyés ensemble.")
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError as exc:
        raise bad_request("lat et long doivent être des nombres (WGS84).") from exc
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise bad_request("lat et long doivent être des nombres (WGS84).")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise bad_request("Coordonnées invalides.")
    return latitude, longitude


def _attributes(fields: Mapping[str, Any]) -> dict[str, str | list[str]]:
    """attribute[code]=v, and attribute[code][]=v1&attribute[code][]=v2 for multivaluelist."""
    out: dict[str, str | list[str]] = {}
    for key, value in fields.items():
        match = _ATTRIBUTE.match(str(key))
        if not match:
            continue
        code, is_list = match.group(1), bool(match.group(2))
        values = [clean_text(str(v)) for v in (value if isinstance(value, list) else [value])]
        previous = out.get(code)
        if previous is not None:
            values = [*(previous if isinstance(previous, list) else [previous]), *values]
            is_list = True
        # An empty JSON list is an empty answer, not a crash.
        out[code] = values if is_list or len(values) > 1 else (values[0] if values else "")
    return out

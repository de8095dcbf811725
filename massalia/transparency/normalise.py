"""From one DECP record as read to a record its official schema accepts, or to reasons.

`normalise(envelope)` repairs what has one right answer and notes each repair (`changes`, in
French, one line per field): mojibake, placeholders ("NC", "nan", empty strings, null) removed,
dates with a time or a time zone, amounts written as strings or with an exponent, booleans
written "oui"/"non", lists nested in lists, v1 and v2 list shapes mixed in one file, the
flattened "acheteur.id" key, the consolidation's `_type` and empty concession fields on a
marché, a CPV check digit that does not match. What has no right answer becomes a reason
(`errors`, one per field): a SIRET whose key is wrong, an implausible amount, a missing
identifier, anything the official schema still refuses after the repairs.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from massalia.transparency import identifiers, schemas, values

# Above this (100 billion euros) an amount is a placeholder such as 1e17, not a contract.
MAX_AMOUNT = Decimal("1e11")
MAX_TEXT = 10_000

DATE_KEYS = frozenset(
    {
        "dateNotification",
        "datePublicationDonnees",
        "dateSignature",
        "dateDebutExecution",
        "dateNotificationModification",
        "datePublicationDonneesModification",
        "dateSignatureModification",
        "datePublicationDonneesExecution",
        "dateNotificationModificationSousTraitance",
        "dateNotificationActeSousTraitance",
    }
)
AMOUNT_KEYS = frozenset({"montant", "valeurGlobale", "montantSubventionPublique"})
NUMBER_KEYS = frozenset(
    {"depensesInvestissement", "tarif", "tauxAvance", "origineUE", "origineFrance"}
)
INTEGER_KEYS = frozenset({"dureeMois", "offresRecues"})
BOOLEAN_KEYS = frozenset({"marcheInnovant", "attributionAvance", "sousTraitanceDeclaree"})
CONCESSION_ONLY = frozenset(
    {
        "autoriteConcedante",
        "dateSignature",
        "dateDebutExecution",
        "valeurGlobale",
        "montantSubventionPublique",
        "donneesExecution",
        "concessionnaires",
    }
)
MARCHE_ONLY = frozenset({"acheteur", "montant", "titulaires", "codeCPV", "dateNotification"})
# v2 lists of single-key objects ({"titulaire": {...}}) and of values ({"technique": [...]}).
WRAPPED = {
    "titulaires": "titulaire",
    "concessionnaires": "concessionnaire",
    "modifications": "modification",
    "actesSousTraitance": "acteSousTraitance",
    "modificationsActesSousTraitance": "modificationActeSousTraitance",
}
VALUE_LISTS = {
    "considerationsSociales": "considerationSociale",
    "considerationsEnvironnementales": "considerationEnvironnementale",
    "techniques": "technique",
    "modalitesExecution": "modaliteExecution",
    "typesPrix": "typePrix",
}
# v2 numbers its modifications and subcontracting acts; the contract and buyer ids are text.
INTEGER_IDS = (
    "modification.id",
    "acteSousTraitance.id",
    "modificationActeSousTraitance.id",
)
TEXT_IDS = frozenset({"id", "acheteur.id", "autoriteConcedante.id"})
ID_TYPES = {"siret": "SIRET", "tva": "TVA", "tahiti": "TAHITI", "ridet": "RIDET"}


@dataclass
class Normalised:
    version: str
    kind: str
    record: dict[str, Any]
    platform: str = ""
    changes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    emptied: set[tuple[str, str]] = field(default_factory=set)

    def change(self, where: str, what: str) -> None:
        line = f"{where} : {what}"
        if line not in self.changes:
            self.changes.append(line)

    def error(self, where: str, why: str) -> None:
        self.errors[where] = f"{self.errors[where]} ; {why}" if where in self.errors else why

    # The contract's identity and the values the models keep, read from either format.
    @property
    def buyer(self) -> dict[str, Any]:
        owner = self.record.get("acheteur" if self.kind == "marche" else "autoriteConcedante")
        return owner if isinstance(owner, dict) else {}

    @property
    def notified(self) -> date | None:
        text = self.record.get("dateNotification" if self.kind == "marche" else "dateSignature")
        try:
            return date.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            return None

    @property
    def key(self) -> str:
        year = self.notified.year if self.notified else ""
        return f"{self.buyer.get('id', '')}|{self.record.get('id', '')}|{year}"

    def holders(self, record: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        name = "titulaires" if self.kind == "marche" else "concessionnaires"
        return unwrap((record if record is not None else self.record).get(name), WRAPPED[name])

    def modifications(self) -> list[dict[str, Any]]:
        return unwrap(self.record.get("modifications"), "modification")


def unwrap(items: Any, wrapper: str) -> list[dict[str, Any]]:
    if not isinstance(items, list):
        return []
    found = []
    for item in items:
        inner = item.get(wrapper, item) if isinstance(item, dict) else None
        if isinstance(inner, dict):
            found.append(inner)
    return found


def normalise(envelope: dict[str, Any]) -> Normalised:
    """The record of `envelope` ({"format", "kind", "record", "xml"}) normalised, or its reasons."""
    raw = envelope.get("record")
    if not isinstance(raw, dict):
        result = Normalised(version=str(envelope.get("format", "2")), kind="marche", record={})
        result.error("enregistrement", "un marché ou une concession (objet) est attendu")
        return result
    strict = not envelope.get("xml", False)
    record = copy.deepcopy(raw)
    version = str(envelope.get("format", "2"))
    result = Normalised(version=version, kind=_kind(record, envelope.get("kind")), record=record)
    platform = record.pop("source", "")
    result.platform = platform.strip()[:200] if isinstance(platform, str) else ""
    if version == "2" and not strict:
        version = result.version = _xml_version(record)
        if version == "1":
            _xml_to_v1(record)
    _flat_owner(result)
    _foreign_fields(result)
    _walk(result, record, "", strict)
    _owner(result)
    _lists(result, strict)
    _cpv(result)
    _identity(result)
    result.errors.update(
        {
            where: why
            for where, why in schemas.check(
                record, version=result.version, kind=result.kind, emptied=result.emptied
            ).items()
            if where not in result.errors
        }
    )
    return result


def _kind(record: dict[str, Any], announced: Any) -> str:
    if announced in ("marche", "concession"):
        return str(announced)
    kind = str(record.get("_type", "")).lower()
    if "concession" in kind:
        return "concession"
    if kind.startswith("march"):
        return "marche"
    return "concession" if record.get("autoriteConcedante") else "marche"


def _xml_version(record: dict[str, Any]) -> str:
    """XML files carry no version: the v2-only fields tell."""
    v2 = {"techniques", "ccag", "offresRecues", "considerationsSociales", "typesPrix"}
    return "2" if v2 & set(record) else "1"


def _xml_to_v1(record: dict[str, Any]) -> None:
    for name, wrapper in WRAPPED.items():
        if isinstance(record.get(name), list):
            record[name] = unwrap(record[name], wrapper)
    for modification in record.get("modifications", []) or []:
        if isinstance(modification, dict) and isinstance(modification.get("titulaires"), list):
            modification["titulaires"] = unwrap(modification["titulaires"], "titulaire")


def _flat_owner(result: Normalised) -> None:
    """Some consolidations flattened {"acheteur": {"id": …}} into "acheteur.id"."""
    record = result.record
    for owner in ("acheteur", "autoriteConcedante"):
        flat = {k: record.pop(k) for k in list(record) if k.startswith(f"{owner}.")}
        if flat and not isinstance(record.get(owner), dict):
            record[owner] = {k.split(".", 1)[1]: v for k, v in flat.items()}
            result.change(owner, f"« {', '.join(flat)} » regroupés en un objet")


def _foreign_fields(result: Normalised) -> None:
    """The consolidated files give every marché the concession's fields, empty (and back)."""
    record = result.record
    foreign = CONCESSION_ONLY if result.kind == "marche" else MARCHE_ONLY
    empty = [
        name
        for name in foreign
        if name in record and (values.is_placeholder(record[name]) or record[name] in (0, [], {}))
    ]
    for name in sorted(empty):
        del record[name]
    if empty:
        result.change(
            "enregistrement",
            "champs vides d'un autre type de contrat retirés : " + ", ".join(sorted(empty)),
        )
    if result.version == "2" and "_type" in record:
        del record["_type"]
        result.change("_type", "champ de consolidation retiré (absent du format v2)")
    if result.version == "2" and "uid" in record:
        del record["uid"]
        result.change("uid", "champ du format v1 retiré")


def _walk(result: Normalised, node: Any, where: str, strict: bool) -> Any:
    """Placeholders removed, texts repaired, typed fields read, everywhere in the record."""
    if isinstance(node, dict):
        for name in list(node):
            here = f"{where}.{name}" if where else name
            value = node[name]
            if values.is_placeholder(value) or (value == [] and result.version == "2"):
                del node[name]
                result.emptied.add((where or "enregistrement", name))
                shown = "null" if value is None else f"« {value} »"
                result.change(here, f"valeur {shown} retirée (non communiquée)")
                continue
            node[name] = _field(result, name, value, here, strict)
        return node
    if isinstance(node, list):
        kept = []
        for index, item in enumerate(node):
            if values.is_placeholder(item):
                result.change(f"{where}[{index}]", "élément vide retiré")
                continue
            kept.append(_walk(result, item, f"{where}[{index}]", strict))
        node[:] = kept
        return node
    if isinstance(node, str):
        text, repaired = values.repair_text(node)
        if repaired and text.strip() != node.strip():
            result.change(where, "texte réparé (encodage ou caractères invisibles)")
        if len(text) > MAX_TEXT:
            result.error(where, f"texte de {len(text)} caractères ({MAX_TEXT} au plus)")
        return text
    return node


def _field(result: Normalised, name: str, value: Any, where: str, strict: bool) -> Any:
    try:
        if name in DATE_KEYS:
            read, repaired = values.read_date(value)
            if repaired:
                result.change(where, f"date « {value} » lue {read}")
            return read
        if name in AMOUNT_KEYS | NUMBER_KEYS and not isinstance(value, dict | list):
            number, repaired = values.read_amount(value, strict=strict)
            if repaired:
                result.change(where, f"montant « {value} » lu {number}")
            if name in AMOUNT_KEYS and abs(number) >= MAX_AMOUNT:
                result.error(
                    where, f"montant de {number:.3g} € invraisemblable (valeur de remplissage)"
                )
            return _number(number)
        if name in INTEGER_KEYS or (name == "id" and where.endswith(INTEGER_IDS)):
            integer, repaired = values.read_integer(value, strict=strict)
            if repaired:
                result.change(where, f"« {value} » lu {integer}")
            return integer
        if name in BOOLEAN_KEYS:
            flag, repaired = values.read_boolean(value, strict=strict)
            if repaired:
                result.change(where, f"« {value} » lu {'oui' if flag else 'non'}")
            return flag
    except ValueError as exc:
        result.error(where, str(exc))
        return value
    if name == "id" and where in TEXT_IDS and isinstance(value, int | float):
        if strict:
            result.change(where, "identifiant numérique lu comme texte")
        return str(int(value)) if float(value).is_integer() else str(value)
    return _walk(result, value, where, strict)


def _number(number: Decimal) -> int | Decimal:
    return int(number) if number == number.to_integral_value() and abs(number) < 2**53 else number


def _owner(result: Normalised) -> None:
    name = "acheteur" if result.kind == "marche" else "autoriteConcedante"
    owner = result.record.get(name)
    if not isinstance(owner, dict) or not owner.get("id"):
        result.error(f"{name}.id", "identifiant (SIRET) absent")
        return
    owner["id"] = _siret(result, owner["id"], f"{name}.id")


def _siret(result: Normalised, value: Any, where: str) -> str:
    text = str(value)
    digits = text.replace(" ", "").replace(".", "").replace("\u00a0", "")
    if digits != text:
        result.change(where, f"SIRET « {text} » lu {digits}")
    problem = identifiers.siret_problem(digits)
    if problem:
        result.error(where, problem)
    return digits


def _lists(result: Normalised, strict: bool) -> None:
    record = result.record
    v2 = result.version == "2"
    holders = "titulaires" if result.kind == "marche" else "concessionnaires"
    if holders in record:
        record[holders] = _holders(result, record[holders], holders, v2, required=True)
    if "modifications" in record:
        record["modifications"] = _shape(result, record["modifications"], "modifications", v2)
        for index, modification in enumerate(unwrap(record["modifications"], "modification")):
            base = f"modifications[{index}]{'.modification' if v2 else ''}"
            if "titulaires" in modification:
                fixed = _holders(
                    result, modification["titulaires"], f"{base}.titulaires", v2, required=False
                )
                if fixed:
                    modification["titulaires"] = fixed
                else:
                    del modification["titulaires"]
    if v2:
        for name in ("actesSousTraitance", "modificationsActesSousTraitance"):
            if name in record:
                record[name] = _shape(result, record[name], name, v2)
        for name, inner in VALUE_LISTS.items():
            value = record.get(name)
            if isinstance(value, list | str):
                record[name] = {inner: value if isinstance(value, list) else [value]}
                result.change(name, f"liste mise sous la forme {{« {inner} » : […]}}")
            elif isinstance(value, dict) and isinstance(value.get(inner), str):
                value[inner] = [value[inner]]


def _flatten(items: list[Any]) -> tuple[list[Any], bool]:
    flat: list[Any] = []
    nested = False
    stack = list(reversed(items))
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            nested = True
            stack.extend(reversed(item))
        else:
            flat.append(item)
    return flat, nested


def _shape(result: Normalised, items: Any, where: str, v2: bool) -> Any:
    """A list of objects in its format's shape: wrapped in v2, bare in v1."""
    wrapper = WRAPPED[where.rsplit(".", 1)[-1]]
    if isinstance(items, dict):
        items = [items]
        result.change(where, "objet seul mis en liste")
    if not isinstance(items, list):
        return items
    items, nested = _flatten(items)
    if nested:
        result.change(where, "listes imbriquées aplaties")
    shaped = []
    moved = False
    for item in items:
        if not isinstance(item, dict):
            shaped.append(item)
            continue
        wrapped = set(item) == {wrapper}
        if v2 and not wrapped:
            item, moved = {wrapper: item}, True
        elif not v2 and wrapped and isinstance(item[wrapper], dict):
            item, moved = item[wrapper], True
        shaped.append(item)
    if moved:
        result.change(where, "éléments remis à la forme du format v" + ("2" if v2 else "1"))
    return shaped


def _holders(result: Normalised, items: Any, where: str, v2: bool, *, required: bool) -> list[Any]:
    name = where.rsplit(".", 1)[-1]
    wrapper = WRAPPED[name]
    shaped = _shape(result, items, where, v2)
    if not isinstance(shaped, list):
        result.error(where, "une liste de titulaires est attendue")
        return []
    kept: list[Any] = []
    for item in shaped:
        holder = item.get(wrapper) if v2 and isinstance(item, dict) else item
        if not isinstance(holder, dict) or not holder.get("id"):
            continue
        index = len(kept)
        base = f"{where}[{index}]{'.' + wrapper if v2 else ''}"
        _holder(result, holder, base)
        kept.append({wrapper: holder} if v2 else holder)
    if len(kept) < len(shaped):
        result.change(where, f"{len(shaped) - len(kept)} titulaire(s) illisible(s) retiré(s)")
    if required and not kept:
        result.error(where, "aucun titulaire lisible")
    return kept


def _holder(result: Normalised, holder: dict[str, Any], where: str) -> None:
    kind = str(holder.get("typeIdentifiant", "")).strip()
    known = ID_TYPES.get(kind.lower(), kind)
    identifier = str(holder["id"]).strip()
    if not kind and len(identifier) == 14 and identifier.isdigit():
        known = "SIRET"
    if known != holder.get("typeIdentifiant"):
        holder["typeIdentifiant"] = known
        result.change(f"{where}.typeIdentifiant", f"« {kind} » lu {known}")
    holder["id"] = _siret(result, identifier, f"{where}.id") if known == "SIRET" else identifier


def _cpv(result: Normalised) -> None:
    code = result.record.get("codeCPV")
    if not isinstance(code, str):
        return
    compact = code.replace(" ", "").replace(".", "")
    try:
        digits, check = identifiers.split_cpv(compact)
    except ValueError as exc:
        result.error("codeCPV", str(exc))
        return
    expected = identifiers.cpv_check_digit(digits)
    if check is not None and check != expected:
        result.record["codeCPV"] = digits
        result.change("codeCPV", f"chiffre de contrôle -{check} faux (-{expected}) retiré")
    elif compact != code:
        result.record["codeCPV"] = compact
        result.change("codeCPV", f"« {code} » lu {compact}")


def _identity(result: Normalised) -> None:
    if not str(result.record.get("id", "")).strip():
        result.error("id", "identifiant du contrat absent")
    date_name = "dateNotification" if result.kind == "marche" else "dateSignature"
    if result.notified is None and date_name not in result.errors:
        result.error(date_name, "date absente : l'année fait partie de la clé du contrat")

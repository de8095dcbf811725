"""Writes on devices: registration, keys, state. Readings come in through `ingest.receive`;
suspicions are opened and closed by `watch.review`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from massalia.accounts.models import User
from massalia.connected.models import Device
from massalia.core.api.keys import hash_key, new_secret
from massalia.territory import geo


@transaction.atomic
def register_device(
    *,
    identifier: str,
    kind: str,
    name: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    address: str = "",
    subscriber: User | None = None,
    with_key: bool = False,
) -> tuple[Device, str]:
    """Register a device, located in its quartier when it has a point; with `with_key`, give
    it a key of its own (returned once in clear, stored hashed; else ""). Raises
    ValidationError (French) for a taken or empty identifier, an unknown kind or a point
    outside the commune."""
    identifier = identifier.strip()
    if not identifier or len(identifier) > 100:
        raise ValidationError({"identifier": "L'identifiant est obligatoire (100 caractères)."})
    if kind not in Device.Kind.values:
        raise ValidationError({"kind": f"Type d'objet inconnu : « {kind[:40]} »."})
    if Device.objects.filter(identifier=identifier).exists():
        raise ValidationError({"identifier": f"L'objet « {identifier} » existe déjà."})
    device = Device(
        identifier=identifier,
        kind=kind,
        name=name.strip()[:120],
        address=address.strip()[:200],
        subscriber=subscriber,
    )
    _place(device, latitude, longitude)
    raw = ""
    if with_key:
        raw, device.key_prefix, device.key_hash = new_secret()
    device.save()
    return device, raw


def _place(device: Device, latitude: float | None, longitude: float | None) -> None:
    if latitude is None or longitude is None:
        return
    place = geo.locate(latitude, longitude) if geo.valid_coordinates(latitude, longitude) else None
    if place is None:
        raise ValidationError({"latitude": "Ce point n'est pas sur le territoire de la commune."})
    device.latitude, device.longitude, device.quartier_id = latitude, longitude, place.quartier_id


@transaction.atomic
def new_device_key(*, device: Device) -> str:
    """Give the device a new key (the former one stops working); returned once in clear."""
    raw, prefix, digest = new_secret()
    Device.objects.filter(pk=device.pk).update(key_prefix=prefix, key_hash=digest)
    device.key_prefix, device.key_hash = prefix, digest
    return raw


def device_for_key(raw: str) -> Device | None:
    """The device whose own key is `raw`, whatever its state (None for any other text)."""
    if not raw:
        return None
    return Device.objects.filter(key_hash=hash_key(raw)).first()


@transaction.atomic
def set_state(*, device: Device, state: str) -> None:
    if state not in Device.State.values:
        raise ValidationError({"state": f"État inconnu : « {state[:40]} »."})
    Device.objects.filter(pk=device.pk).update(state=state)
    device.state = state

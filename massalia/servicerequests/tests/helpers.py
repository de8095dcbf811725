"""Small helpers shared by the tests of the case engine's pages (and the site-wide ones)."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from massalia.servicerequests import services
from massalia.testing import INSIDE


def png(name: str = "photo.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def file_report(city: Any, *, who: str | None = "alice", where: str = "NOAILLES", **extra: Any):
    lat, lon = INSIDE[where]
    kwargs: dict[str, Any] = {
        "request_type": city.types["tags"],
        "description": "Tag sur la façade de l'école",
        "latitude": lat,
        "longitude": lon,
    }
    if who:
        kwargs["requester"] = city.people[who]
    else:
        kwargs.update(email="anonyme@example.org", name="Anonyme Secret")
    kwargs.update(extra)
    return services.submit_request(**kwargs)

"""Serving stored uploads: only the re-encoded file, never the original bytes."""

from __future__ import annotations

from django.http import FileResponse, Http404

from massalia.core.models import Upload


def upload_response(upload: Upload) -> FileResponse:
    """Stream a stored (cleaned) upload with its own content type.

    The caller has already decided that the person may see it: this only serves bytes.
    """
    try:
        handle = upload.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(handle, content_type=upload.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

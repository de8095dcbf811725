"""Serving stored uploads: only the cleaned file, never the original bytes.

Images are shown inline: they were decoded and re-encoded, so what is served is pixels we wrote.
A PDF is always a download (`Content-Disposition: attachment`), never shown in the site's
pages: the pipeline refuses the active content it knows of, but a browser's PDF viewer runs
with the site's origin and has had script-execution bugs of its own, so a document opens in
the person's reader, outside the site. `nosniff` keeps browsers from guessing another type, and
`Content-Security-Policy: sandbox` removes scripts and the origin should a browser render it
anyway. The file name is generic: the sender's own name for the file may hold personal data.
"""

from __future__ import annotations

from django.http import FileResponse, Http404

from massalia.core.models import Upload

PDF_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"


def upload_response(upload: Upload) -> FileResponse:
    """Stream a stored (cleaned) upload with its own content type.

    The caller has already decided that the person may see it: this only serves bytes.
    """
    try:
        handle = upload.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404("Fichier introuvable.") from exc
    response = FileResponse(handle, content_type=upload.content_type)
    if upload.content_type == "application/pdf":
        response["Content-Disposition"] = f'attachment; filename="document-{upload.pk}.pdf"'
        response["Content-Security-Policy"] = PDF_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    else:
        response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response

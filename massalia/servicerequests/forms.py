"""The forms of the case engine: a message of a case's correspondence."""

from __future__ import annotations

from django import forms
from django.conf import settings

from massalia.core.forms import FilesField
from massalia.servicerequests.correspondence import MAX_DOCUMENTS, MAX_LENGTH


class MessageForm(forms.Form):
    """A message with its documents, for the requester or the department (checked again by
    `correspondence`, which stores the documents through the upload pipeline)."""

    body = forms.CharField(
        label="Votre message",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    documents = FilesField(
        max_files=MAX_DOCUMENTS,
        accept="application/pdf,image/*",
        too_many=f"Joignez au plus {MAX_DOCUMENTS} documents.",
        label="Documents (facultatif)",
        required=False,
    )

    def __init__(self, *args: object, prefix_ids: str = "message", **kwargs: object) -> None:
        kwargs["auto_id"] = f"{prefix_ids}_%s"  # unique ids on a page with other forms
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        pdf, image = (settings.UPLOAD_MAX_PDF_BYTES, settings.UPLOAD_MAX_BYTES)
        self.fields["documents"].help_text = (
            f"{MAX_DOCUMENTS} fichiers au plus : PDF ({_megabytes(pdf)} au plus) ou images "
            f"JPEG, PNG, GIF, WebP ({_megabytes(image)} au plus)."
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"

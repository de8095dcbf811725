"""Form pieces every app uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.views.decorators.http import require_http_methods

# A page that shows its form (GET) and takes it (POST).
GET_POST = require_http_methods(["GET", "POST"])


def posted(request: HttpRequest) -> Any:
    """The data of a POST, even an empty one (an empty POST is a refused form, not a GET)."""
    return request.POST if request.method == "POST" else None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Up to `max_files` files from one <input type=file multiple>; the upload pipeline
    (`core.uploads`) checks each one's content when the service stores it."""

    def __init__(self, *, max_files: int, accept: str, too_many: str, **kwargs: Any) -> None:
        self.max_files = max_files
        self.too_many = too_many
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_files:
            raise ValidationError(self.too_many)
        clean_one = super().clean  # not inside the comprehension: its scope has no super()
        return [clean_one(f, initial) for f in files]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put the messages a service refused with on the form: each on its field when the service
    named one the form has, the others (or a message naming no field) on top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)

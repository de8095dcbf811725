"""One error mechanism for the APIs: what views raise becomes one shape, rendered by the API
(the general JSON format here; Open311's spec format in its own tests)."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from massalia.core.api.endpoints import Api
from massalia.core.api.errors import ApiError, method_not_allowed
from massalia.core.security.refusals import Refusal

API = Api(key="essai", title="Essai", version="1", description="", root="open311:root")
request = RequestFactory().get("/essai/objets")


def answer(exc: BaseException) -> tuple[int, dict]:
    def fail() -> HttpResponse:
        raise exc

    response = API.run(request, fail)
    return response.status_code, json.loads(response.content)["error"]


def test_it_turns_a_validation_error_into_one_detail_per_field():
    status, error = answer(
        ValidationError({"latitude": ["Hors de la ville."], "__all__": ["Incomplet."]})
    )
    assert (status, error["code"]) == (400, "invalid")
    assert error["details"] == [
        {"field": "latitude", "message": "Hors de la ville."},
        {"field": None, "message": "Incomplet."},
    ]
    assert error["message"] == "Certaines valeurs sont invalides."


def test_it_answers_permission_not_found_and_unreadable_requests_in_the_same_shape():
    assert answer(PermissionDenied())[0] == 403
    assert answer(Http404())[:1] == (404,)
    assert answer(Http404())[1]["code"] == "not_found"
    assert answer(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"))[0] == 400


def test_it_answers_a_fault_of_ours_as_the_api_declares_without_its_text():
    status, error = answer(RuntimeError("secret internal detail"))
    assert (status, error["code"]) == (500, "server_error")
    assert "secret" not in error["message"]


def test_it_keeps_the_headers_of_a_method_refusal_and_of_a_rate_limit():
    def fail() -> HttpResponse:
        raise method_not_allowed("DELETE", {"GET", "HEAD"})

    response = API.run(request, fail)
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
    refusal = Refusal(429, "Trop de requêtes", "Réessayez plus tard.", retry_after=30)
    limited = API.responder(request, refusal, {})
    assert (limited.status_code, limited["Retry-After"]) == (429, "30")
    assert json.loads(limited.content)["error"]["code"] == "rate_limited"


def test_it_names_the_field_of_an_error_raised_about_one():
    status, error = answer(ApiError(400, "Fichier refusé.", field="media"))
    assert status == 400
    assert error["details"] == [{"field": "media", "message": "Fichier refusé."}]

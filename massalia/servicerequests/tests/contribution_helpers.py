"""Helpers of the contribution tests: a public case of alice's, updates added through the page."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from massalia.servicerequests.tests.helpers import file_report
from massalia.testing import PASSWORD


def signed_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def public_case(city: Any) -> Any:
    """A public, confirmed report of Propreté (dave's department), filed by alice."""
    return file_report(city, who="alice")


def post_update(client: Client, case: Any, **data: Any) -> Any:
    return client.post(reverse("servicerequests:contribute", args=[case.pk]), data)


def page(client: Client, case: Any) -> str:
    response = client.get(reverse("servicerequests:request_detail", args=[case.pk]))
    assert response.status_code == 200
    return str(response.content.decode())

"""Bad posts to the update form get a 4xx with a French message, and nothing is stored."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from massalia.core.models import Upload
from massalia.servicerequests.models import Attachment, Contribution
from massalia.servicerequests.tests.contribution_helpers import post_update, public_case, signed_in
from massalia.servicerequests.tests.helpers import file_report, png


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _nothing_stored():
    return not Contribution.objects.exists() and not Upload.objects.exists()


def test_it_refuses_a_filled_honeypot(city):
    response = post_update(signed_in("bob"), public_case(city), text="Bonjour", site_web="x")
    assert response.status_code == 400
    assert "doit rester vide" in html.unescape(response.content.decode())
    assert _nothing_stored()


def test_it_refuses_an_empty_update_and_a_too_long_one(city):
    case = public_case(city)
    client = signed_in("bob")
    empty = post_update(client, case, text="   ")
    assert empty.status_code == 400 and "joignez une photo" in empty.content.decode()
    assert post_update(client, case, text="x" * 2001).status_code == 400
    assert _nothing_stored()


def test_it_refuses_a_file_that_is_not_an_image_and_keeps_none_of_the_others(city):
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = post_update(signed_in("bob"), public_case(city), text="Voici", photos=[png(), fake])
    assert response.status_code == 400
    assert "pas une image acceptée" in html.unescape(response.content.decode())
    assert _nothing_stored() and not Attachment.objects.filter(contribution__isnull=False).exists()


def test_it_refuses_four_photos(city):
    photos = [png(f"p{i}.png") for i in range(4)]
    response = post_update(signed_in("bob"), public_case(city), photos=photos)
    assert response.status_code == 400
    assert _nothing_stored()


def test_it_refuses_an_unconfirmed_address_a_private_case_and_anonymous_people(city):
    case = public_case(city)
    bob = city.people["bob"]
    bob.email_verified_at = None
    bob.save()
    refused = post_update(signed_in("bob"), case, text="Bonjour")
    assert refused.status_code == 403 and "adresse email confirmée" in html.unescape(
        refused.content.decode()
    )
    private = file_report(city, who="alice", request_type=city.types["fuite-compteur"])
    assert post_update(signed_in("erin"), private, text="Bonjour").status_code == 404
    # The requester sees her private case, but it has no public updates.
    assert post_update(signed_in("alice"), private, text="Bonjour").status_code == 403
    anonymous = post_update(Client(), case, text="Bonjour")
    assert anonymous.status_code == 302 and "/connexion" in anonymous["Location"]
    assert _nothing_stored()

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from massalia.accounts import privacy
from massalia.servicerequests import services
from massalia.servicerequests.models import Status
from massalia.testing import INSIDE


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 10)).save(out, format="PNG")
    return SimpleUploadedFile("trou.png", out.getvalue(), content_type="image/png")


def report(city, who, description, **extra):
    lat, lon = INSIDE["NOAILLES"]
    return services.submit_request(
        request_type=city.types["nid-de-poule"],
        description=description,
        latitude=lat,
        longitude=lon,
        attributes={"taille": "grand"},
        requester=city.people[who],
        **extra,
    )


def test_it_exports_my_requests_and_nothing_of_anyone_else(city):
    mine = report(city, "alice", "Trou devant l'école", photos=[png()])
    services.change_status(
        case=mine,
        actor=city.people["bob"],
        status=Status.IN_PROGRESS,
        public_note="Équipe prévue jeudi",
        internal_note="Note interne de Bob",
    )
    theirs = report(city, "carol", "Trou de Carol")
    services.follow(case=theirs, user=city.people["alice"])

    data = privacy.export_user_data(user=city.people["alice"])

    assert data["account"]["email"] == "alice@example.org"
    assert [r["id"] for r in data["requests"]] == [mine.pk]
    exported = data["requests"][0]
    assert exported["description"] == "Trou devant l'école"
    assert exported["attributes"] == {"taille": "grand"}
    assert exported["location"]["quartier"] == "NOAILLES"
    assert exported["status"] == Status.IN_PROGRESS
    assert [h["public_note"] for h in exported["history"]] == ["", "Équipe prévue jeudi"]
    assert exported["photos"][0]["url"].endswith(
        f"/pieces-jointes/{mine.attachments.get().upload_id}/"
    )
    assert {f["request_id"] for f in data["follows"]} == {mine.pk, theirs.pk}
    text = json.dumps(data, ensure_ascii=False)
    assert "Trou de Carol" not in text and "carol@example.org" not in text
    assert "Note interne de Bob" not in text and "Bob" not in text


def test_it_never_exports_the_password_hash(city):
    alice = city.people["alice"]
    data = privacy.export_user_data(user=alice)
    text = json.dumps(data)
    assert "password" not in data["account"]
    assert alice.password not in text and "md5$" not in text


def test_it_lists_an_agents_memberships(city):
    data = privacy.export_user_data(user=city.people["carol"])
    assert data["memberships"] == [{"department": "Voirie", "code": "voirie", "role": "manager"}]


def test_it_downloads_my_data_as_an_attachment(client, city):
    report(city, "alice", "Trou devant l'école")
    client.force_login(city.people["alice"])
    response = client.get(reverse("accounts:download_my_data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["requests"][0]["description"] == "Trou devant l'école"


def test_it_asks_to_sign_in_before_downloading(client, city):
    response = client.get(reverse("accounts:download_my_data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

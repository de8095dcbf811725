from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.models import Follow, Status
from massalia.servicerequests.tests.helpers import file_report, png
from massalia.testing import PASSWORD


def _detail(client, case):
    return client.get(reverse("servicerequests:request_detail", args=[case.pk]))


def test_it_shows_the_public_history_but_no_internal_note_nor_personal_data(client, city):
    filed = file_report(city, who=None, name="Anonyme Secret")
    services.confirm_request(token=filed.confirmation_token)
    services.add_note(case=filed, actor=city.people["dave"], internal_note="NOTE-INTERNE-1")
    services.change_status(
        case=filed,
        actor=city.people["dave"],
        status=Status.RESOLVED,
        public_note="Le tag a été effacé.",
        internal_note="NOTE-INTERNE-2",
    )
    page = _detail(client, filed).content.decode()
    assert "Le tag a été effacé." in page and "Résolue" in page
    assert "NOTE-INTERNE" not in page
    assert "anonyme@example.org" not in page and "Anonyme Secret" not in page
    assert "Dave" not in page
    assert "Noailles" in page and "1e arrondissement" in page


def test_it_hides_an_unconfirmed_request_from_others_but_not_from_its_requester(client, city):
    filed = file_report(city, who=None)
    assert _detail(client, filed).status_code == 404
    private = file_report(city, request_type=city.types["fuite-compteur"])
    client.login(username="erin", password=PASSWORD)
    assert _detail(client, private).status_code == 404
    client.login(username="alice", password=PASSWORD)
    response = _detail(client, private)
    assert response.status_code == 200 and "visible que par vous" in response.content.decode()


def test_it_shows_attribute_answers_with_their_labels(client, city):
    filed = file_report(
        city, request_type=city.types["nid-de-poule"], attributes={"taille": "grand"}
    )
    page = _detail(client, filed).content.decode()
    assert "Taille du trou" in page and "Grand" in page


def test_a_signed_in_citizen_follows_and_unfollows(client, city):
    filed = file_report(city)
    client.login(username="olga", password=PASSWORD)
    url = reverse("servicerequests:follow", args=[filed.pk])
    assert ">Suivre</button>" in _detail(client, filed).content.decode()
    client.post(url)
    assert Follow.objects.filter(request=filed, user=city.people["olga"]).exists()
    assert "Ne plus suivre" in _detail(client, filed).content.decode()
    client.post(url, {"action": "unfollow"})
    assert not Follow.objects.filter(request=filed, user=city.people["olga"]).exists()


def test_following_needs_a_sign_in_and_a_post(client, city):
    filed = file_report(city)
    url = reverse("servicerequests:follow", args=[filed.pk])
    assert client.post(url).status_code == 302
    client.login(username="olga", password=PASSWORD)
    assert client.get(url).status_code == 405


def test_it_serves_public_photos_only_of_viewable_requests(client, city):
    filed = file_report(city, photos=[png()])
    upload = filed.attachments.get().upload
    url = reverse("servicerequests:attachment", args=[upload.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert url in _detail(client, filed).content.decode()
    filed.attachments.update(is_public=False)
    assert client.get(url).status_code == 404
    hidden = file_report(city, who=None, photos=[png()])
    hidden_url = reverse("servicerequests:attachment", args=[hidden.attachments.get().upload_id])
    assert client.get(hidden_url).status_code == 404
    assert client.get(reverse("servicerequests:attachment", args=[999999])).status_code == 404

from django.urls import reverse

from massalia.servicerequests import services
from massalia.servicerequests.models import Follow, HistoryEntry, Status
from massalia.testing import file_request as file


def act(client, name, sr, **data):
    return client.post(reverse(f"cases:{name}", args=[sr.pk]), data)


def voirie_inbox(client):
    response = client.get(reverse("cases:department_inbox", args=["voirie"]))
    return {sr.pk for sr in response.context["page"].object_list}


def test_it_moves_a_reassigned_request_to_the_other_inbox(login, city, reports):
    bob = login("bob")
    response = act(
        bob,
        "reassign",
        reports.pothole,
        department=city.departments["proprete"].pk,
        internal_note="C'est un dépôt sauvage, pas un trou.",
    )
    # Bob can no longer see it: he is sent back to his inboxes.
    assert response["Location"] == reverse("backoffice:inbox")
    assert reports.pothole.pk not in voirie_inbox(bob)
    dave = login("dave")
    page = dave.get(reverse("cases:department_inbox", args=["proprete"]))
    assert reports.pothole.pk in {sr.pk for sr in page.context["page"].object_list}
    event = reports.pothole.history.get(kind=HistoryEntry.Kind.REASSIGNED)
    assert event.internal_note == "C'est un dépôt sauvage, pas un trou."


def test_it_requires_a_reason_to_reassign(login, city, reports):
    response = act(
        login("bob"), "reassign", reports.pothole, department=city.departments["proprete"].pk
    )
    assert response.status_code == 400
    reports.pothole.refresh_from_db()
    assert reports.pothole.department == city.departments["voirie"]


def test_it_merges_a_duplicate_and_moves_its_followers(login, city, reports):
    duplicate = file(city, "nid-de-poule", requester=city.people["erin"], description="Même trou")
    response = act(login("bob"), "merge", duplicate, into=reports.pothole.pk)
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.DUPLICATE and duplicate.merged_into_id == reports.pothole.pk
    assert Follow.objects.filter(request=reports.pothole, user=city.people["erin"]).exists()


def test_it_refuses_a_merge_into_an_unknown_or_hidden_request(login, city, reports):
    bob = login("bob")
    assert act(bob, "merge", reports.pothole, into=999999).status_code == 400
    hidden = file(city, "fuite-compteur")  # a private type: only its department sees it
    services.reassign(
        case=hidden, actor=city.people["root"], department=city.departments["eclairage"]
    )
    response = act(bob, "merge", reports.pothole, into=hidden.pk)
    assert response.status_code == 400
    assert "Aucune demande" in response.content.decode()
    reports.pothole.refresh_from_db()
    assert reports.pothole.status == Status.NEW


def test_it_refuses_a_merge_into_itself(login, reports):
    response = act(login("bob"), "merge", reports.pothole, into=reports.pothole.pk)
    assert response.status_code == 400
    assert "elle-même" in response.content.decode()


def test_it_lists_nearby_open_requests_of_the_same_type(login, city, reports):
    twin = file(city, "nid-de-poule", description="Le même, vu d'en face")
    page = login("bob").get(reverse("cases:request", args=[reports.pothole.pk]))
    assert [n.request.pk for n in page.context["nearby"]] == [twin.pk]


def test_it_assigns_to_a_member_or_to_me(login, city, reports):
    bob = login("bob")
    assert act(bob, "assign", reports.pothole, assignee="me").status_code == 302
    reports.pothole.refresh_from_db()
    assert reports.pothole.assignee == city.people["bob"]
    carol = city.people["carol"]
    assert act(bob, "assign", reports.pothole, assignee=str(carol.pk)).status_code == 302
    reports.pothole.refresh_from_db()
    assert reports.pothole.assignee == carol


def test_it_refuses_to_assign_outside_the_department(login, city, reports):
    dave = city.people["dave"]
    response = act(login("bob"), "assign", reports.pothole, assignee=str(dave.pk))
    assert response.status_code == 400
    reports.pothole.refresh_from_db()
    assert reports.pothole.assignee is None
    # root is no member of Voirie: "me" is refused by the service, with a message.
    response = act(login("root"), "assign", reports.pothole, assignee="me")
    assert response.status_code == 400
    assert "appartient pas" in response.content.decode()
    assert not reports.pothole.history.filter(kind=HistoryEntry.Kind.ASSIGNED).exists()

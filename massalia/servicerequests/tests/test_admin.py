"""The Django admin is for configuration: requests are read-only there."""

from django.urls import reverse

from massalia.core.models import EventDelivery


def test_it_opens_the_configuration_pages_for_root(login, city, reports):
    client = login("root")
    for name in [
        "admin:servicerequests_requesttype_change",
        "admin:accounts_user_change",
    ]:
        obj = city.types["nid-de-poule"] if "requesttype" in name else city.people["bob"]
        assert client.get(reverse(name, args=[obj.pk])).status_code == 200, name
    for name in [
        "admin:servicerequests_servicerequest_changelist",
        "admin:core_outboxevent_changelist",
        "admin:core_eventdelivery_changelist",
        "admin:core_importrun_changelist",
        "admin:core_upload_changelist",
    ]:
        assert client.get(reverse(name)).status_code == 200, name


def test_it_never_edits_a_request_in_the_admin(login, reports):
    client = login("root")
    url = reverse("admin:servicerequests_servicerequest_change", args=[reports.pothole.pk])
    response = client.post(url, {"status": "resolved"})
    assert response.status_code == 403
    reports.pothole.refresh_from_db()
    assert reports.pothole.status == "new"
    assert client.get(reverse("admin:servicerequests_servicerequest_add")).status_code == 403


def test_it_retries_abandoned_deliveries_from_the_admin(login, reports):
    failed = EventDelivery.objects.first()
    EventDelivery.objects.filter(pk=failed.pk).update(state=EventDelivery.State.FAILED)
    response = login("root").post(
        reverse("admin:core_eventdelivery_changelist"),
        {"action": "retry_failed_deliveries", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == EventDelivery.State.PENDING


def test_it_keeps_agents_out_of_the_admin(login, reports):
    response = login("bob").get(reverse("admin:servicerequests_requesttype_changelist"))
    assert response.status_code == 302  # not staff: sent to the admin's login page

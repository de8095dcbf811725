import pytest

from massalia.demo.requests import SOURCE
from massalia.demo.tests.conftest import loaded_once
from massalia.servicerequests import services
from massalia.servicerequests.models import HistoryEntry, ServiceRequest, Status
from massalia.territory import geo

# One demo for the module's tests, which only read it.
demo = loaded_once(requests=300)
pytestmark = pytest.mark.xdist_group("demo_requests")  # one load, on one worker


def generated():
    """The year of reports (the families' enrolments are their own demo)."""
    return ServiceRequest.objects.filter(source=SOURCE)


def test_it_locates_every_request_in_its_quartier(demo, db):
    for case in generated():
        place = geo.locate(case.latitude, case.longitude)
        assert place is not None
        assert (place.quartier_id, place.arrondissement_id) == (
            case.quartier_id,
            case.arrondissement_id,
        )


def test_it_routes_every_request_as_the_coverage_says(demo, db):
    routes: dict[tuple[int, int | None], int] = {}
    rows = generated().select_related("request_type")
    for case in rows:
        key = (case.request_type_id, case.arrondissement_id)
        if key not in routes:
            department = services.route(
                request_type=case.request_type, arrondissement_id=case.arrondissement_id
            )
            routes[key] = department.pk
        assert case.department_id == routes[key]
    # The north/south split of Espaces verts is exercised by the data.
    green = rows.filter(request_type__code__in=["arbre", "espace-vert", "aire-de-jeux"])
    assert green.values("department").distinct().count() == 2


def test_it_keeps_statuses_and_dates_coherent(demo, db):
    rows = generated()
    for case in rows.closed():
        assert case.closed_at >= case.created_at
        last = case.history.filter(kind=HistoryEntry.Kind.STATUS).last()
        assert last.is_public and last.to_status == case.status and last.public_note
    assert not rows.open().exclude(closed_at=None).exists()
    for case in rows:
        assert case.updated_at >= case.created_at
        assert case.history.filter(kind=HistoryEntry.Kind.CREATED).count() == 1
    assert rows.filter(status=Status.RESOLVED).count() > rows.count() / 2
    assert rows.overdue().exists()
    assert rows.filter(requester=None).exclude(confirmed_at=None).exists()
    assert rows.filter(follows__isnull=False).exists()


def test_it_keeps_private_requests_out_of_public_lists(demo, db):
    private = ServiceRequest.objects.filter(request_type__code="fuite-apres-compteur")
    assert private.exists()
    assert not ServiceRequest.objects.published().filter(pk__in=private).exists()
    assert ServiceRequest.objects.published().exists()

from django.contrib.auth import authenticate

from massalia.accounts.models import Membership, User
from massalia.connected.models import Device
from massalia.demo.loader import SIZES, WATER
from massalia.demo.organisation import DEMO_PASSWORD
from massalia.demo.requests import SOURCE
from massalia.servicerequests.models import (
    Attribute,
    Follow,
    HistoryEntry,
    RequestType,
    ServiceRequest,
)
from massalia.territory.models import Coverage, Department, Quartier


def _counts() -> dict[str, int]:
    models = [ServiceRequest, HistoryEntry, Follow, User, Membership, Department, Coverage]
    models += [RequestType, Attribute, Quartier]
    return {model.__name__: model._default_manager.count() for model in models}


def test_it_loads_the_same_data_when_run_twice(loaddemo):
    loaddemo(size="small")
    first = _counts()
    output = loaddemo(size="small")
    assert _counts() == first
    assert ServiceRequest.objects.filter(source=SOURCE).count() == SIZES["small"]
    assert "déjà présentes" in output
    meters = Device.objects.filter(kind=Device.Kind.WATER_METER)
    assert meters.count() == WATER["small"][0]
    water = ServiceRequest.objects.filter(request_type__department__code="eau")
    assert water.exists()  # the suspicions hidden in the readings reached the water inbox


def test_it_replaces_the_demo_requests_when_the_count_changes(loaddemo):
    loaddemo(requests=60)
    loaddemo(requests=40)
    assert ServiceRequest.objects.filter(source=SOURCE).count() == 40
    assert not HistoryEntry.objects.exclude(request__in=ServiceRequest.objects.all()).exists()


def test_it_prints_logins_that_work(loaddemo):
    output = loaddemo(requests=30)
    assert DEMO_PASSWORD in output
    for username in (
        "admin",
        "elu",
        "citoyenne",
        "agent.voirie",
        "resp.proprete",
        "famille-1",
        "mediatrice",
    ):
        assert username in output
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None
    manager = User.objects.get(username="resp.voirie")
    assert manager.memberships.get().role == Membership.Role.MANAGER
    assert User.objects.get(username="elu").is_official
    assert User.objects.get(username="admin").is_superuser


def test_it_gives_request_types_typed_attributes(loaddemo):
    loaddemo(requests=30)
    assert RequestType.objects.count() >= 20
    datatypes = set(Attribute.objects.values_list("datatype", flat=True))
    assert set(Attribute.Datatype.values) - {"text"} <= datatypes
    pothole = RequestType.objects.get(code="nid-de-poule")
    assert pothole.attributes.get(code="taille").value_keys() == ["petit", "moyen", "grand"]

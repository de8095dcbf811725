"""`massalia water demo`: meters with readings, leaks and a pool fill found by the real review,
their cases in the water department's inbox; a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from massalia.connected.models import Device, Suspicion
from massalia.servicerequests.models import ServiceRequest

pytestmark = pytest.mark.django_db


def test_the_demo_hides_leaks_and_a_pool_fill_the_review_finds(city):
    out = io.StringIO()
    call_command("water", "demo", "--meters", "25", "--days", "45", stdout=out)
    assert out.getvalue().startswith("meters=25 readings=")
    kinds = {(s.device.identifier, s.kind) for s in Suspicion.objects.select_related("device")}
    assert {
        ("DEMO-EAU-0000", "leak"),
        ("DEMO-EAU-0007", "leak"),
        ("DEMO-EAU-0013", "leak"),
    } <= kinds
    repaired = Suspicion.objects.get(device__identifier="DEMO-EAU-0021", kind="leak")
    assert repaired.closed_at is not None and repaired.case.status == "resolved"
    assert ("DEMO-EAU-0003", "abnormal_consumption") in kinds
    assert ("DEMO-EAU-0005", "night_flow") in kinds
    healthy = {f"DEMO-EAU-{n:04d}" for n in range(25)} - {
        f"DEMO-EAU-{n:04d}" for n in (0, 3, 5, 7, 13, 21)
    }
    assert not {meter for meter, _ in kinds} & healthy
    inbox = ServiceRequest.objects.filter(department__code="eau")
    assert inbox.count() == len(kinds)
    again = io.StringIO()
    call_command("water", "demo", "--meters", "25", "--days", "45", stdout=again)
    assert again.getvalue() == "meters=0 readings=0 suspicions=0\n"
    assert Device.objects.count() == 25

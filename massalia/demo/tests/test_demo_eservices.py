from django.contrib.auth import authenticate
from django.urls import reverse

from massalia.demo.eservices import PREFIX
from massalia.demo.organisation import DEMO_PASSWORD
from massalia.eservices.models import Enrolment, Household


def test_it_loads_families_with_enrolments_in_several_states_once(loaddemo, client):
    loaddemo(requests=60)
    households = Household.objects.filter(adults__user__username__startswith=PREFIX)
    assert households.count() == 60
    assert Household.objects.filter(children__isnull=False).distinct().count() == 60
    states = set(Enrolment.objects.values_list("case__status", flat=True))
    assert {"new", "in_review", "awaiting_documents", "accepted"} <= states
    assert states & {"refused", "withdrawn"}
    loaddemo(requests=60)
    assert households.count() == 60
    parent = authenticate(username=f"{PREFIX}1", password=DEMO_PASSWORD)
    assert parent is not None
    client.force_login(parent)
    page = client.get(reverse("eservices:my_procedures")).content.decode()
    assert "Inscription" in page

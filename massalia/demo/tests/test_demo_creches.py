from django.urls import reverse

from massalia.demo.eservices import PREFIX
from massalia.eservices.models import AllocationRound, Appeal, CrecheContract, Invoice, Offer


def test_it_loads_a_round_with_contracts_and_invoices_paid_and_unpaid_once(
    loaddemo, client, on_commit
):
    with on_commit():  # the payments' events are delivered after commit, as in the demo
        loaddemo(requests=60)
    round = AllocationRound.objects.get()
    assert round.status == "published"
    statuses = set(Offer.objects.values_list("status", flat=True))
    assert {"accepted", "waiting"} <= statuses
    assert CrecheContract.objects.count() == Offer.objects.filter(status="accepted").count()
    appeals = list(Appeal.objects.order_by("filed_at", "pk").values_list("status", flat=True))
    waiting = Offer.objects.filter(status="waiting").count()
    assert appeals[0] == "rejected" and appeals[1:] == ["open"] * (min(waiting, 3) - 1)
    invoices = set(Invoice.objects.values_list("status", flat=True))
    assert {"issued", "paid"} <= invoices
    counts = (CrecheContract.objects.count(), Invoice.objects.count(), len(appeals))
    loaddemo(requests=60)
    assert (
        CrecheContract.objects.count(),
        Invoice.objects.count(),
        Appeal.objects.count(),
    ) == counts
    first = Invoice.objects.filter(household__adults__user__username=f"{PREFIX}1").first()
    assert first is not None and first.status == "issued"
    client.force_login(first.household.adults.first().user)
    page = client.get(reverse("eservices:invoice", args=[first.pk]))
    assert "Payer en ligne" in page.content.decode()

"""`massalia dispatchevents` (massalia/core/management), on the requests of the agents' tests."""

from io import StringIO

from django.core import mail
from django.core.management import call_command

from massalia.core.models import EventDelivery


def run(*args: str) -> str:
    out = StringIO()
    call_command("dispatchevents", *args, stdout=out)
    return out.getvalue()


def test_it_delivers_due_events_once(reports):
    # Filed without after-commit work: the deliveries are still pending, like after a crash.
    pending = EventDelivery.objects.filter(state=EventDelivery.State.PENDING).count()
    assert pending > 0
    mail.outbox.clear()
    output = run()
    assert f"{pending} livraison(s) tentée(s), 0 en attente." in output
    assert not EventDelivery.objects.filter(state=EventDelivery.State.PENDING).exists()
    assert "alice@example.org" in {to for m in mail.outbox for to in m.to}


def test_it_requeues_abandoned_deliveries(reports):
    run()
    EventDelivery.objects.update(state=EventDelivery.State.FAILED)
    count = EventDelivery.objects.count()
    output = run("--retry-failed")
    assert f"{count} livraison(s) abandonnée(s) remise(s) en file." in output
    assert EventDelivery.objects.filter(state=EventDelivery.State.DONE).count() == count


def test_it_stops_a_loop_after_max_seconds(reports):
    output = run("--loop", "--interval", "0.01", "--max-seconds", "0.05")
    assert "Terminé" in output
    assert not EventDelivery.objects.filter(state=EventDelivery.State.PENDING).exists()

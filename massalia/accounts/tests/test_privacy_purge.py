import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from massalia.accounts import privacy
from massalia.core.models import EventDelivery, ImportRun, OutboxEvent, RejectedRecord, Upload
from massalia.servicerequests import services
from massalia.servicerequests.models import Follow, ServiceRequest, Status
from massalia.testing import INSIDE

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("tag.png", out.getvalue(), content_type="image/png")


def anonymous(city, *, created_at, **extra):
    lat, lon = INSIDE["BELSUNCE"]
    return services.submit_request(
        request_type=city.types["tags"],
        description="Tag",
        latitude=lat,
        longitude=lon,
        email="anonyme@example.org",
        name="Anne Onyme",
        created_at=created_at,
        **extra,
    )


def closed(city, *, closed_at):
    case = anonymous(city, created_at=closed_at - timedelta(days=3))
    services.confirm_request(token=case.confirmation_token)
    services.change_status(
        case=case, actor=city.people["dave"], status=Status.RESOLVED, public_note="Fait."
    )
    ServiceRequest.objects.filter(pk=case.pk).update(closed_at=closed_at)
    return case


def outbox_event(*, created_at, state):
    row = OutboxEvent.objects.create(name="test.event", payload={})
    OutboxEvent.objects.filter(pk=row.pk).update(created_at=created_at)
    EventDelivery.objects.create(event=row, subscriber="x", state=state, next_attempt_at=NOW)
    return row


def rejected(*, started_at):
    run = ImportRun.objects.create(kind="test", source="fichier.csv", rejected=1)
    ImportRun.objects.filter(pk=run.pk).update(started_at=started_at)
    return RejectedRecord.objects.create(run=run, position=1, record={"nom": "X"}, reasons=["?"])


def test_it_deletes_only_unconfirmed_requests_past_retention(city, settings):
    settings.RETENTION_UNCONFIRMED_DAYS = 7
    old = anonymous(city, created_at=NOW - timedelta(days=8), photos=[png()])
    upload = Upload.objects.get(attachment__request=old)
    recent = anonymous(city, created_at=NOW - timedelta(days=6))
    confirmed = anonymous(city, created_at=NOW - timedelta(days=100))
    services.confirm_request(token=confirmed.confirmation_token)

    report = privacy.purge(now=NOW)

    assert report.counts["unconfirmed_requests"] == 1
    assert set(ServiceRequest.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}
    assert not Upload.objects.filter(pk=upload.pk).exists()
    assert not upload.file.storage.exists(upload.file.name)


def test_it_scrubs_contacts_of_requests_closed_before_the_retention(city, settings):
    settings.RETENTION_CONTACT_DAYS = 365
    old = closed(city, closed_at=NOW - timedelta(days=366))
    recent = closed(city, closed_at=NOW - timedelta(days=364))

    report = privacy.purge(now=NOW)

    assert report.counts["closed_request_contacts"] == 1
    old.refresh_from_db()
    assert (old.requester_email, old.requester_name) == ("", "")
    assert old.description == "Tag" and old.status == Status.RESOLVED
    assert not Follow.objects.filter(request=old).exists()
    recent.refresh_from_db()
    assert recent.requester_email == "anonyme@example.org"
    assert Follow.objects.filter(request=recent, email="anonyme@example.org").exists()


def test_it_keeps_the_contact_of_an_open_request(city, settings):
    settings.RETENTION_CONTACT_DAYS = 1
    case = anonymous(city, created_at=NOW - timedelta(days=900))
    services.confirm_request(token=case.confirmation_token)
    assert privacy.purge(now=NOW).counts["closed_request_contacts"] == 0
    case.refresh_from_db()
    assert case.requester_email == "anonyme@example.org"


def test_it_deletes_delivered_events_past_retention_only(db, settings):
    settings.RETENTION_EVENTS_DAYS = 30
    done_old = outbox_event(created_at=NOW - timedelta(days=31), state=EventDelivery.State.DONE)
    done_recent = outbox_event(created_at=NOW - timedelta(days=29), state=EventDelivery.State.DONE)
    failed_old = outbox_event(created_at=NOW - timedelta(days=90), state=EventDelivery.State.FAILED)
    pending_old = outbox_event(
        created_at=NOW - timedelta(days=90), state=EventDelivery.State.PENDING
    )

    assert privacy.purge(now=NOW).counts["delivered_events"] == 1

    remaining = set(OutboxEvent.objects.values_list("pk", flat=True))
    assert remaining == {done_recent.pk, failed_old.pk, pending_old.pk}
    assert done_old.pk not in remaining


def test_it_deletes_rejected_import_records_past_retention(db, settings):
    settings.RETENTION_IMPORT_REJECTS_DAYS = 180
    old = rejected(started_at=NOW - timedelta(days=181))
    recent = rejected(started_at=NOW - timedelta(days=179))

    assert privacy.purge(now=NOW).counts["import_rejects"] == 1

    assert list(RejectedRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    assert ImportRun.objects.filter(pk=old.run_id).exists()  # the summary stays


def test_a_dry_run_counts_and_changes_nothing(city):
    anonymous(city, created_at=NOW - timedelta(days=30))
    old = closed(city, closed_at=NOW - timedelta(days=400))
    outbox_event(created_at=NOW - timedelta(days=60), state=EventDelivery.State.DONE)
    rejected(started_at=NOW - timedelta(days=400))
    before = (ServiceRequest.objects.count(), OutboxEvent.objects.count())

    report = privacy.purge(now=NOW, dry_run=True)

    # What is due counts; every other kind of data (each app registers its own) counts none.
    due = {k: n for k, n in report.counts.items() if n}
    assert due == {
        "unconfirmed_requests": 1,
        "closed_request_contacts": 1,
        "delivered_events": 1,
        "import_rejects": 1,
    }
    assert (ServiceRequest.objects.count(), OutboxEvent.objects.count()) == before
    assert RejectedRecord.objects.count() == 1
    old.refresh_from_db()
    assert old.requester_email == "anonyme@example.org"


def test_the_command_prints_counts_per_kind(city):
    stale = anonymous(city, created_at=timezone.now() - timedelta(days=10))
    out = io.StringIO()

    call_command("purge", "--dry-run", stdout=out)
    assert "unconfirmed_requests: 1" in out.getvalue() and "Simulation" in out.getvalue()
    assert ServiceRequest.objects.filter(pk=stale.pk).exists()

    call_command("purge", stdout=io.StringIO())
    assert not ServiceRequest.objects.filter(pk=stale.pk).exists()


def test_the_daily_scheduled_task_purges_like_the_command(city):
    from massalia.core.tasks import run_registered

    stale = anonymous(city, created_at=timezone.now() - timedelta(days=10))
    run_registered("massalia.accounts.tasks.purge_personal_data", {})
    assert not ServiceRequest.objects.filter(pk=stale.pk).exists()

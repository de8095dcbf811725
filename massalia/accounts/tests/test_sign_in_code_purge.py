"""Sign-in codes are purged a day after they were asked for, used or not; the export lists
them without their hash."""

from datetime import UTC, datetime, timedelta

from massalia.accounts import privacy, services
from massalia.accounts.models import SignInCode

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_it_purges_codes_past_their_retention(city, settings):
    settings.RETENTION_SIGN_IN_CODES_DAYS = 1
    alice, bob = city.people["alice"], city.people["bob"]
    services.send_sign_in_code(user=alice)
    services.send_sign_in_code(user=bob)
    SignInCode.objects.filter(user=alice).update(created_at=NOW - timedelta(days=1, minutes=1))
    SignInCode.objects.filter(user=bob).update(created_at=NOW - timedelta(hours=23))

    assert privacy.purge(now=NOW, dry_run=True).counts["sign_in_codes"] == 1
    assert SignInCode.objects.count() == 2
    assert privacy.purge(now=NOW).counts["sign_in_codes"] == 1
    assert list(SignInCode.objects.values_list("user__username", flat=True)) == ["bob"]
    assert privacy.retention_days()["sign_in_codes"] == 1


def test_the_export_lists_codes_without_their_hash(city):
    alice = city.people["alice"]
    services.send_sign_in_code(user=alice)
    (row,) = privacy.export_user_data(user=alice)["sign_in_codes"]
    assert set(row) == {"requested_at", "expires_at", "used_at", "failed_attempts"}
    assert SignInCode.objects.get().code_hash not in str(row)

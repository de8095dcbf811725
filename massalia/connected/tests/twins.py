"""Twin meters: the same readings sent to two meters, one reviewed as the scheduled job does
(claimed, from the earliest new reading on), the other over the whole window, so that a test
can require the same suspicions and days of both."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from massalia.connected import services, watch
from massalia.connected.ingest import Incoming, receive
from massalia.connected.models import DailyAggregate, Device, Suspicion
from massalia.testing import INSIDE


class Twins:
    def __init__(self, name: str) -> None:
        lat, lon = INSIDE["NOAILLES"]
        self.incremental, _ = services.register_device(
            identifier=f"INC-{name}", kind=Device.Kind.WATER_METER, latitude=lat, longitude=lon
        )
        self.whole, _ = services.register_device(
            identifier=f"ALL-{name}", kind=Device.Kind.WATER_METER, latitude=lat, longitude=lon
        )
        self.windows: list[tuple[datetime, datetime]] = []  # (read from, whole window from)

    def send(self, readings: Iterable[tuple[datetime, float]]) -> None:
        """The same readings to both meters, in the order given."""
        rows = list(readings)
        for device in (self.incremental, self.whole):
            items = [
                Incoming(i, device.identifier, t.isoformat(), v) for i, (t, v) in enumerate(rows)
            ]
            outcome = receive(items, channel="http")
            assert not outcome.rejected, outcome.rejected

    def review(self, now: datetime) -> None:
        """Both reviewed at `now`: one by a claimed batch, the other over the whole window."""
        device = Device.objects.get(pk=self.incremental.pk)
        if device.reviewed_at is not None and device.review_from is not None:
            known = list(Suspicion.objects.filter(device=device))
            start = watch.window_start(device, device.review_from, known, watch.rules())
            self.windows.append((start, now - watch.WINDOW))
        assert watch.review_batch([device.pk], now=now) == 1
        watch.review(Device.objects.get(pk=self.whole.pk), now=now)

    def verdicts(self, device: Device) -> list[tuple[object, ...]]:
        return [
            (s.kind, s.detail, s.start, s.end, s.ongoing, round(s.litres, 3),
             s.reference_litres, s.closed_at is None, s.case_id is not None)
            for s in Suspicion.objects.filter(device=device).order_by("start", "kind", "detail")
        ]  # fmt: skip

    def days(self, device: Device) -> list[tuple[object, ...]]:
        return list(
            DailyAggregate.objects.filter(device=device)
            .order_by("day")
            .values_list(
                "day", "litres", "hours", "estimated_hours", "opens_measured",
                "closes_measured", "readings",
            )
        )  # fmt: skip

    def assert_same(self) -> list[tuple[object, ...]]:
        """The two meters' suspicions (and days) are the same; the suspicions."""
        found = self.verdicts(self.incremental)
        assert found == self.verdicts(self.whole)
        assert self.days(self.incremental) == self.days(self.whole)
        return found

    def read_less(self) -> bool:
        """Whether every incremental review read less than the whole window."""
        return bool(self.windows) and all(start > whole for start, whole in self.windows)


def hourly(start: datetime, flows: Iterable[float], index: float) -> list[tuple[datetime, float]]:
    """A reading at `start` and one after each hour's flow."""
    rows, when = [(start, index)], start
    for flow in flows:
        when += timedelta(hours=1)
        index += flow
        rows.append((when, index))
    return rows

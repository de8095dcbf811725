"""Pulse enrichment throughput, per core, on real long French texts (Grand Débat answers).

Run as `python -m bench.pulse_enrich OUT.json`. One process, so the figures are per core: the
2,204 texts are received (scrubbed, pseudonymised, stored) then enriched by the real pipeline
(language, topic, sentiment, place, near-duplicates, daily signals) on a throwaway SQLite
database with the demo territory and a topic model trained on demo requests. Baselines in the
same run: (i) receiving only, no enrichment; (ii) each enrichment step alone over the same
texts, so the report shows where the time goes. Each figure is the median of REPEAT runs;
wall-clock and CPU seconds are both kept (the machine is shared).
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import ROOT, setup_django

CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "grand-debat-contributions.csv"
DB = "pulse_enrich.sqlite3"
REPEAT = 3
DEMO_REQUESTS = 300


def main(out: str) -> None:
    texts = _texts()
    setup_django(DB)
    _prepare()
    from massalia.pulse.enrich import duplicates, language, places, sentiment, topics
    from massalia.pulse.enrich.pipeline import enrich_messages

    result: dict[str, Any] = {"texts": len(texts), "repeat": REPEAT, "corpus": CORPUS.name}
    result["mean_chars"] = round(statistics.mean(len(t) for t in texts))
    receive = _measure(lambda: _receive(texts), cleanup=_clear)
    pipeline = _measure(lambda: enrich_messages(ids=_receive(texts)), cleanup=_clear)
    result["receive_only"] = receive
    result["receive_and_enrich"] = pipeline
    stored = _stored(texts)
    steps: dict[str, Callable[[], object]] = {
        "language": lambda: [language.detect(t) for t in texts],
        "topic": lambda: topics.classify(texts),
        "sentiment": lambda: sentiment.score_many(texts),
        "place": lambda: places.find_many([(t, None, None) for t in texts]),
        "duplicates": lambda: duplicates.mark(list(stored)),
    }
    result["steps"] = {name: _measure(step) for name, step in steps.items()}
    _clear()
    _ratios(result)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


def _texts() -> list[str]:
    if not CORPUS.is_file():
        raise SystemExit(f"missing corpus {CORPUS.name} (shared data)")
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["text"].strip()]


def _prepare() -> None:
    """The demo territory, topics and a topic model trained on a few demo requests."""
    from massalia.demo.loader import load_demo
    from massalia.pulse.enrich import places, topics
    from massalia.pulse.taxonomy import ensure_topics
    from massalia.territory import approximate

    approximate.build()
    load_demo(count=DEMO_REQUESTS)
    ensure_topics()
    topics.train_version()
    topics.classify(["échauffement"])  # load the model and the place index outside timings
    places.find_many([("Noailles", None, None)])


def _source() -> Any:
    from massalia.pulse.models import Channel, Source

    source, _ = Source.objects.get_or_create(
        name="Banc d'essai : Grand Débat", defaults={"channel": Channel.IMPORT}
    )
    return source


def _receive(texts: list[str]) -> list[int]:
    from massalia.pulse.ingest import Incoming, receive

    start = datetime.now(UTC) - timedelta(days=12)  # within retention: older items are skipped
    items = [
        Incoming(f"debat:{n}", text, start + timedelta(minutes=7 * n), author=f"auteur{n % 900}")
        for n, text in enumerate(texts)
    ]
    created = receive(_source(), items, enrich=False).created
    if len(created) != len(texts):
        raise SystemExit(f"only {len(created)} of {len(texts)} texts were stored")
    return created


def _stored(texts: list[str]) -> list[Any]:
    from massalia.pulse.models import Message

    _receive(texts)
    return list(Message.objects.filter(source=_source()).order_by("published_at", "id"))


def _clear() -> None:
    from massalia.pulse.models import DailySignal, Message

    Message.objects.filter(source=_source()).delete()
    DailySignal.objects.all().delete()


def _measure(run: Callable[[], object], cleanup: Callable[[], None] | None = None) -> dict:
    walls, cpus = [], []
    for _ in range(REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        if cleanup:
            cleanup()
    return {
        "seconds": round(statistics.median(walls), 3),
        "cpu_seconds": round(statistics.median(cpus), 3),
    }


def _ratios(result: dict[str, Any]) -> None:
    n = result["texts"]
    for figure in [result["receive_only"], result["receive_and_enrich"], *result["steps"].values()]:
        figure["per_second"] = round(n / figure["seconds"]) if figure["seconds"] else None
        figure["per_cpu_second"] = (
            round(n / figure["cpu_seconds"]) if figure["cpu_seconds"] else None
        )
    full, base = result["receive_and_enrich"]["cpu_seconds"], result["receive_only"]["cpu_seconds"]
    enrich = max(full - base, 1e-9)
    result["enrich_cpu_seconds"] = round(full - base, 3)
    result["enrich_per_cpu_second"] = round(n / enrich)
    result["slowdown_vs_receive_only"] = round(full / base, 1) if base else None
    for figure in result["steps"].values():
        figure["share_of_enrichment"] = round(figure["cpu_seconds"] / enrich, 3)


if __name__ == "__main__":
    main(sys.argv[1])

"""Quality of the pulse's models on real public French data, against same-run baselines.

Run as `python -m bench.pulse_quality OUT.json`.

Topics: Vigilo reports (cyclists' reports from several French cities, 12 categories) are split
by city, so the model is measured on cities it never saw, as a new city would use it. Test
cities: the four largest after Montpellier (Paris-Saclay, Strasbourg, Nantes Métropole,
La Rochelle: about a third of the reports, four regions); Montpellier, which alone holds half of
the corpus, and every smaller city train. Sentiment: French tweets, train file against the
validation file. The split files are written under var/bench/pulse-quality/ so that the
printed `massalia pulse evaluate` commands reproduce each figure.

Also measured: how many messages per second the topic classifier labels and explains.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, WORK

CORPUS = ROOT.parent / "shared" / "data" / "corpus"
VIGILO = CORPUS / "vigilo-reports-other-cities.csv"
TWEETS_TRAIN = CORPUS / "french-tweets-sentiment-train.tsv"
TWEETS_TEST = CORPUS / "french-tweets-sentiment-val.tsv"
TEST_CITIES = ("91_parissaclay", "67_strasbourg", "44_nantesmetropole", "17_larochelle")
FOLDER = WORK / "pulse-quality"


def split_vigilo(source: Path, folder: Path) -> tuple[Path, Path]:
    """Write the train and test files (columns text,label) of the by-city split."""
    folder.mkdir(parents=True, exist_ok=True)
    train, test = folder / "vigilo-train.csv", folder / "vigilo-test.csv"
    with open(source, encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip()]
    for path, keep in ((train, False), (test, True)):
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["text", "label"])
            for row in rows:
                if (row["scope"] in TEST_CITIES) == keep:
                    writer.writerow([row["text"], row["category"]])
    return train, test


def command(task: str, train: Path, test: Path) -> str:
    def shown(path: Path) -> str:
        return os.path.relpath(path, ROOT)

    return f"massalia pulse evaluate --task {task} --train {shown(train)} --test {shown(test)}"


def throughput(train: Path, test: Path) -> dict[str, Any]:
    """Messages per second labelled and explained by a classifier trained on `train`."""
    from massalia.pulse.enrich.topics import Classifier
    from massalia.pulse.evaluation import read_labelled

    texts, labels = read_labelled(train)
    started = time.perf_counter()
    classifier = Classifier().fit(texts, labels)
    fit_s = time.perf_counter() - started
    sample, _ = read_labelled(test)
    started = time.perf_counter()
    for start in range(0, len(sample), 500):
        classifier.predict_explained(sample[start : start + 500])
    elapsed = time.perf_counter() - started
    return {
        "train_examples": len(texts),
        "train_seconds": round(fit_s, 2),
        "messages": len(sample),
        "messages_per_second": round(len(sample) / elapsed),
        "blob_kib": round(len(classifier.dumps()) / 1024),
    }


def main(out: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "massalia.settings")
    import django

    django.setup()  # no database: the models are trained and measured in memory
    from massalia.pulse.evaluation import evaluate

    train, test = split_vigilo(VIGILO, FOLDER)
    result: dict[str, Any] = {}
    for task, train_file, test_file, split in (
        ("topic", train, test, f"by city; test cities: {', '.join(TEST_CITIES)}"),
        ("sentiment", TWEETS_TRAIN, TWEETS_TEST, "train file → validation file"),
    ):
        printed = io.StringIO()
        figures = evaluate(task, train_file, test_file, printed)
        figures["split"] = split
        figures["command"] = command(task, train_file, test_file)
        figures["last_line"] = printed.getvalue().strip().splitlines()[-1]
        result[task] = figures
    result["topic"]["throughput"] = throughput(train, test)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main(sys.argv[1])

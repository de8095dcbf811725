"""Measure the pulse's models on labelled files: train on one, score on the other.

Files are CSV or TSV with a `text` and a `label` column. Our model is compared, in the same
run, with simple baselines (the most frequent label; for topics a naive Bayes bag of words;
for sentiment the untrained lexicon scorer), so that a figure always comes with what it beats.
The last line printed is always `accuracy=0.xxx macro_f1=0.xxx` (our model's figures).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

TASKS = ("topic", "sentiment")


class LabelledFileError(ValueError):
    """A labelled file that cannot be read, or lacks the `text` / `label` columns."""


def read_labelled(path: Path) -> tuple[list[str], list[str]]:
    """(texts, labels) from a CSV or TSV file with `text` and `label` columns."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(8192)
            handle.seek(0)
            rows = list(csv.DictReader(handle, delimiter=_delimiter(path, sample)))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise LabelledFileError(f"Impossible de lire {path} : {exc}") from exc
    columns = set(rows[0]) if rows else set()
    missing = [name for name in ("text", "label") if name not in columns]
    if missing:
        raise LabelledFileError(
            f"{path} : colonne(s) manquante(s) {', '.join(missing)} "
            "(il faut un fichier CSV ou TSV avec les colonnes « text » et « label »)"
        )
    pairs = [
        (row["text"].strip(), row["label"].strip())
        for row in rows
        if (row.get("text") or "").strip() and (row.get("label") or "").strip()
    ]
    if not pairs:
        raise LabelledFileError(f"{path} : aucune ligne avec un texte et une étiquette")
    return [text for text, _ in pairs], [label for _, label in pairs]


def _delimiter(path: Path, sample: str) -> str:
    if path.suffix.lower() in (".tsv", ".tab"):
        return "\t"
    if path.suffix.lower() == ".csv":
        return ","
    first = sample.splitlines()[0] if sample else ""
    return "\t" if first.count("\t") > first.count(",") else ","


def scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = sorted(set(truth))
    per_class = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    return {
        "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1": round(
            float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 4
        ),
        "per_class": {
            label: round(float(f), 4) for label, f in zip(labels, per_class, strict=True)
        },
    }


Predictor = Callable[[list[str]], list[str]]


def _majority(train_labels: list[str]) -> Predictor:
    label = Counter(train_labels).most_common(1)[0][0]
    return lambda texts: [label] * len(texts)


def _naive_bayes(train_texts: list[str], train_labels: list[str]) -> Predictor:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(CountVectorizer(), MultinomialNB()).fit(train_texts, train_labels)
    return lambda texts: [str(label) for label in model.predict(texts)]


def _ours(task: str, train_texts: list[str], train_labels: list[str]) -> Predictor:
    if task == "topic":
        from massalia.pulse.enrich.topics import Classifier

        classifier = Classifier().fit(train_texts, train_labels)
        return lambda texts: [label for label, _ in classifier.predict(texts)]
    from massalia.pulse.enrich.sentiment import SentimentModel

    return SentimentModel().fit(train_texts, train_labels).predict


def _lexicon(texts: list[str]) -> list[str]:
    from massalia.pulse.enrich.sentiment import score_many

    return [scored.label for scored in score_many(texts)]


def evaluate(task: str, train: Path, test: Path, out: TextIO) -> dict[str, Any]:
    """Train our model for `task` on `train`, score it and the baselines on `test`."""
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r} (expected one of {', '.join(TASKS)})")
    train_texts, train_labels = read_labelled(Path(train))
    test_texts, test_labels = read_labelled(Path(test))
    predictors: dict[str, Predictor] = {"majority": _majority(train_labels)}
    if task == "topic":
        predictors["naive_bayes"] = _naive_bayes(train_texts, train_labels)
    else:
        predictors["lexicon"] = _lexicon
    predictors["model"] = _ours(task, train_texts, train_labels)
    result: dict[str, Any] = {
        "task": task,
        "n_train": len(train_texts),
        "n_test": len(test_texts),
        "labels": sorted(set(train_labels) | set(test_labels)),
    }
    for name, predict in predictors.items():
        result[name] = scores(test_labels, predict(test_texts))
    _print(result, out)
    return result


def _print(result: dict[str, Any], out: TextIO) -> None:
    write = out.write
    write(f"tâche : {result['task']} — {result['n_train']} exemples d'entraînement, ")
    write(f"{result['n_test']} de test, {len(result['labels'])} étiquettes\n")
    for name, figures in result.items():
        if isinstance(figures, dict) and "accuracy" in figures and name != "model":
            write(
                f"référence {name} : accuracy={figures['accuracy']:.3f} "
                f"macro_f1={figures['macro_f1']:.3f}\n"
            )
    write("F1 par étiquette (notre modèle) :\n")
    for label, f1 in result["model"]["per_class"].items():
        write(f"  {label} : {f1:.3f}\n")
    model = result["model"]
    write(f"accuracy={model['accuracy']:.3f} macro_f1={model['macro_f1']:.3f}\n")

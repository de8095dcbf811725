import io
import re

import pytest

from massalia.pulse.evaluation import LabelledFileError, evaluate, read_labelled

FINAL_LINE = re.compile(r"^accuracy=\d\.\d{3} macro_f1=\d\.\d{3}$")
EXAMPLES = {
    "eclairage": ["lampadaire éteint", "rue dans le noir", "réverbère en panne", "lampe grillée"],
    "proprete": ["poubelle pleine", "dépôt sauvage", "déchets partout", "tags sur le mur"],
    "voirie": ["nid-de-poule", "trottoir défoncé", "chaussée trouée", "panneau tombé"],
}


def write(path, rows, delimiter=","):
    lines = [f"text{delimiter}label"] + [f"{text}{delimiter}{label}" for text, label in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def labelled(part: slice):
    return [(text, label) for label, texts in EXAMPLES.items() for text in texts[part]]


def test_it_prints_baselines_and_ends_with_the_models_figures(tmp_path):
    train = write(tmp_path / "train.csv", labelled(slice(0, 3)))
    test = write(tmp_path / "test.tsv", labelled(slice(3, 4)), delimiter="\t")
    out = io.StringIO()

    result = evaluate("topic", train, test, out)

    lines = out.getvalue().strip().splitlines()
    assert FINAL_LINE.match(lines[-1])
    assert lines[-1] == (
        f"accuracy={result['model']['accuracy']:.3f} macro_f1={result['model']['macro_f1']:.3f}"
    )
    assert any("majority" in line for line in lines) and any(
        "naive_bayes" in line for line in lines
    )
    assert (result["n_train"], result["n_test"]) == (9, 3)
    assert result["majority"]["accuracy"] == pytest.approx(1 / 3, abs=0.001)


def test_it_compares_the_sentiment_model_with_the_lexicon(tmp_path):
    rows = [("merci bravo", "positive"), ("c'est nul", "negative"), ("réunion lundi", "neutral")]
    train = write(tmp_path / "train.csv", rows * 3)
    test = write(tmp_path / "test.csv", rows)

    result = evaluate("sentiment", train, test, io.StringIO())

    assert {"majority", "lexicon", "model"} <= set(result)


def test_it_rejects_a_file_without_a_text_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("message,label\nbonjour,voirie\n", encoding="utf-8")

    with pytest.raises(LabelledFileError, match="text"):
        read_labelled(path)


def test_it_rejects_a_file_it_cannot_read(tmp_path):
    with pytest.raises(LabelledFileError):
        evaluate("topic", tmp_path / "missing.csv", tmp_path / "missing.csv", io.StringIO())


def test_it_beats_the_baselines_on_cities_it_never_saw(shared_data, tmp_path):
    from bench.pulse_quality import split_vigilo

    corpus = shared_data / "corpus" / "vigilo-reports-other-cities.csv"
    train, test = split_vigilo(corpus, tmp_path)

    result = evaluate("topic", train, test, io.StringIO())

    assert result["model"]["macro_f1"] >= result["majority"]["macro_f1"] + 0.25
    assert result["model"]["macro_f1"] > result["naive_bayes"]["macro_f1"]
    assert result["model"]["accuracy"] > result["majority"]["accuracy"] + 0.15


def test_it_reads_the_feeling_of_tweets_better_than_the_baselines(shared_data):
    corpus = shared_data / "corpus"
    train = corpus / "french-tweets-sentiment-train.tsv"
    test = corpus / "french-tweets-sentiment-val.tsv"

    result = evaluate("sentiment", train, test, io.StringIO())

    assert result["model"]["accuracy"] > result["majority"]["accuracy"] + 0.15
    assert result["lexicon"]["accuracy"] > result["majority"]["accuracy"]


def run_cli(*args):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "massalia", "pulse", "evaluate", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_evaluates_from_the_command_line(tmp_path):
    train = write(tmp_path / "train.csv", labelled(slice(0, 3)))
    test = write(tmp_path / "test.csv", labelled(slice(3, 4)))
    done = run_cli("--task", "topic", "--train", str(train), "--test", str(test))
    assert done.returncode == 0, done.stderr
    assert FINAL_LINE.match(done.stdout.strip().splitlines()[-1])


def test_it_says_clearly_on_the_command_line_what_is_wrong_with_a_file(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("texte,étiquette\nbonjour,x\n", encoding="utf-8")
    done = run_cli("--task", "sentiment", "--train", str(broken), "--test", str(broken))
    assert done.returncode != 0
    assert "text" in done.stderr and "Traceback" not in done.stderr

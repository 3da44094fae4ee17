"""`stance eval` on the gold annotations: floors a little under the measured figures (docs/quality.md).

The real-article half runs when ../shared/data is present (it is read at run time, never copied);
without it only the sample-corpus figures are checked.
"""

from __future__ import annotations

import pytest

from ingest.evaluation.run import evaluate, format_table

# Floors: a little under the figures measured by `stance eval` (see docs/quality.md).
FLOORS = {
    "sample corpus": {"speaker_precision": 0.95, "speaker_recall": 0.97, "stance_accuracy": 0.72, "date_accuracy": 0.97,
                      "topic_accuracy": 0.68, "actor_accuracy": 0.97, "represented_accuracy": 0.95},
    "real articles": {"speaker_precision": 0.96, "speaker_recall": 0.84, "stance_accuracy": 0.75, "date_accuracy": 0.94,
                      "topic_accuracy": 0.62, "actor_accuracy": 0.80, "represented_accuracy": 0.84},
}


@pytest.fixture(scope="module")
def results(settings):
    return {r.name: r for r in evaluate(settings, sets=("sample", "real"))}  # Wikinews: test_eval_wikinews.py


def test_table_has_pipeline_and_baseline(results):
    table = format_table(list(results.values()))
    assert "| pipeline |" in table and "| baseline |" in table


@pytest.mark.parametrize("gold_set", ["sample corpus", "real articles"])
def test_figures_stay_above_floors(results, gold_set):
    if gold_set not in results:
        assert gold_set == "real articles"
        return  # third-party folder absent: only the sample corpus is scored
    row = results[gold_set].system.as_row()
    low = {metric: (row[metric], floor) for metric, floor in FLOORS[gold_set].items() if row[metric] < floor}
    assert not low, f"{gold_set}: below floor {low}"
    assert results[gold_set].problems == []


@pytest.mark.parametrize("gold_set", ["sample corpus", "real articles"])
def test_pipeline_beats_naive_baseline(results, gold_set):
    if gold_set not in results:
        return
    system, baseline = results[gold_set].system, results[gold_set].baseline
    assert system.f1 > baseline.f1
    assert system.as_row()["topic_accuracy"] > baseline.as_row()["topic_accuracy"]


def test_stance_compared_on_the_same_statements(results):
    count, ours, theirs = results["sample corpus"].shared_stance
    assert count > 100  # both systems find most sample statements
    assert 0.0 <= theirs < ours <= 1.0  # on our own corpus the pipeline reads stance the verb alone cannot
    assert "both systems found" in format_table(list(results.values()))
    if "real articles" in results:
        count, ours, theirs = results["real articles"].shared_stance
        assert count >= 90
        assert theirs < ours  # on real news too, on the very statements the baseline found


# Floors for the labelled extractions on real articles outside the gold (tests/gold/README_labels.md).
LABELLED_FLOORS = {"precision": 0.90, "stance_accuracy": 0.76, "topic_accuracy": 0.58}


def test_labelled_extractions_and_annotator_agreement(results):
    if "real articles" not in results:
        return  # third-party folder absent
    real = results["real articles"]
    check = real.labelled
    assert check is not None and check.articles > 200
    assert check.found_statements > 0.95 * check.labelled_statements  # the labelled statements are still found
    low = {name: (getattr(check, name), floor) for name, floor in LABELLED_FLOORS.items() if getattr(check, name) < floor}
    assert not low, f"labelled extractions below floor {low}"
    agreement = real.agreement
    assert agreement is not None and agreement.statements == real.system.matched  # every matched gold statement relabelled
    assert 0.75 < agreement.stance < 1.0  # two careful annotators disagree now and then
    assert "second annotator" in format_table(list(results.values()))

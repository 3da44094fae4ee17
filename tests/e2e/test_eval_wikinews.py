"""`stance eval` on the Wikinews gold (tests/gold/wikinews/), each half with the set's own taxonomy.

Floors a little under the figures measured on the extractor as of the gold's arrival (docs/quality.md,
"Wikinews: before and after"); the held-out half is the headline and no rule is written from it.
"""

from __future__ import annotations

import csv

import pytest

from ingest.evaluation.gold import load_wikinews_gold
from ingest.evaluation.report import wikinews_table
from ingest.evaluation.run import evaluate, format_table

FLOORS = {
    "wikinews held-out": {"speaker_precision": 0.86, "speaker_recall": 0.61, "actor_accuracy": 0.53,
                          "represented_accuracy": 0.29, "topic_accuracy": 0.62, "stance_on_topic_accuracy": 0.50,
                          "date_accuracy": 0.92},
    "wikinews dev": {"speaker_precision": 0.83, "speaker_recall": 0.60, "actor_accuracy": 0.65,
                     "represented_accuracy": 0.30, "topic_accuracy": 0.52, "stance_on_topic_accuracy": 0.51,
                     "date_accuracy": 0.93},
}


@pytest.fixture(scope="module")
def results(settings):
    return {r.name: r for r in evaluate(settings, sets=("wikinews",))}


def test_both_halves_are_scored_apart(results):
    assert set(results) == {"wikinews dev", "wikinews held-out"}
    dev, held_out = results["wikinews dev"], results["wikinews held-out"]
    assert dev.articles >= 18 and held_out.articles >= 18
    assert dev.system.gold >= 150 and held_out.system.gold >= 150
    assert dev.problems == [] and held_out.problems == []


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_figures_stay_above_floors(results, half):
    row = results[half].system.as_row()
    low = {metric: (round(row[metric], 3), floor) for metric, floor in FLOORS[half].items() if row[metric] < floor}
    assert not low, f"{half}: below floor {low}"


@pytest.mark.parametrize("half", sorted(FLOORS))
def test_pipeline_beats_naive_baseline(results, half):
    system, baseline = results[half].system, results[half].baseline
    assert system.f1 > baseline.f1
    assert system.as_row()["topic_accuracy"] > baseline.as_row()["topic_accuracy"]


def test_topics_come_from_the_sets_own_taxonomy(results, settings):
    """With the bundled Ukraine taxonomy nearly every statement here would be `unassigned`; the gold's
    topics are the set's own, and the pipeline gets a good share of them right."""
    folder = settings.project_root / "tests" / "gold" / "wikinews"
    with open(folder / "topics.csv", newline="", encoding="utf-8") as fh:
        own = {row["topic_id"] for row in csv.DictReader(fh)}
    gold_topics = {g.topic for g in load_wikinews_gold(folder, "heldout").statements}
    assert gold_topics - {"unassigned"} <= own and len(gold_topics) > 8
    held_out = results["wikinews held-out"]
    assert held_out.system.topical_matched > 100 and held_out.system.as_row()["topic_accuracy"] > 0.5


def test_tables_name_the_halves_and_the_headline(results):
    table = format_table(list(results.values()))
    assert "wikinews held-out" in table and "stance_on_topic_accuracy" in table
    report = wikinews_table(list(results.values()))
    assert report.index("wikinews held-out") < report.index("wikinews dev")  # the held-out half comes first
    assert "95% interval" in report and "| date accuracy | ≥ 0.90 |" in report

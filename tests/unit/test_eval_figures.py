"""The intervals `stance eval` prints beside the real-article figures, and the targets table."""

from __future__ import annotations

import pytest

from ingest.evaluation.labelled import Agreement
from ingest.evaluation.metrics import Scores, interval
from ingest.evaluation.report import targets_table
from ingest.evaluation.run import EvalResult


def test_wilson_interval_matches_the_textbook_value():
    low, high = interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_interval_narrows_with_more_statements_and_stays_in_bounds():
    small, large = interval(8, 10), interval(800, 1000)
    assert small[0] < large[0] < 0.8 < large[1] < small[1]
    assert interval(10, 10)[1] == pytest.approx(1.0) and interval(0, 10)[0] == pytest.approx(0.0)
    assert interval(0, 0) == (0.0, 0.0)


def test_targets_table_gives_counts_intervals_and_the_human_ceiling():
    system = Scores(predicted=100, gold=110, matched=95, stance_correct=76, date_correct=93)
    baseline = Scores(predicted=80, gold=110, matched=60, stance_correct=40, date_correct=50)
    result = EvalResult("real articles", 20, system, baseline, [], agreement=Agreement(95, 80, 88, 76, 95))
    table = targets_table([result])
    stance = next(line for line in table.splitlines() if line.startswith("| stance accuracy"))
    low, high = interval(76, 95)
    assert f"| 0.800 | {low:.3f}–{high:.3f} (95) |" in stance and stance.endswith("**no** |")
    recall = next(line for line in table.splitlines() if line.startswith("| speaker recall"))
    assert "(110)" in recall and recall.endswith("yes |")
    ceiling = next(line for line in table.splitlines() if "human ceiling" in line)
    low, high = interval(80, 95)
    assert f"{80 / 95:.3f}" in ceiling and f"{low:.3f}–{high:.3f} (95)" in ceiling


def test_targets_table_without_real_articles_says_so():
    result = EvalResult("sample corpus", 6, Scores(), Scores(), [])
    assert "not measured" in targets_table([result])

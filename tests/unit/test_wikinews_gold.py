"""The Wikinews gold (tests/gold/wikinews/) passes its own checker, and the checker catches bad records."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold" / "wikinews"


@pytest.fixture(scope="module")
def checker():
    spec = importlib.util.spec_from_file_location("wikinews_check_gold", GOLD_DIR / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report(checker):
    report = checker.Report()
    checker.check(report)
    return report


def test_the_gold_passes_its_checker(report):
    assert report.problems == []


def test_the_dev_half_is_big_enough(report):
    assert report.statements["dev"] >= 150
    assert len(report.articles_with_statements["dev"]) >= 18


def test_split_rule_is_the_first_hex_digit_after_wn(checker):
    assert checker.split_of("wn-0c0e278810f1") == "heldout"
    assert checker.split_of("wn-e4c71d9c6c92") == "heldout"
    assert checker.split_of("wn-3ba5e2a211de") == "dev"
    assert checker.split_of("wn-b4b8e2164262") == "dev"


def _good_record(checker) -> tuple[dict, dict]:
    articles = {a["id"]: a for a in map(json.loads, (GOLD_DIR / "articles.jsonl").read_text().splitlines())}
    first = json.loads((GOLD_DIR / "statements_dev.jsonl").read_text().splitlines()[0])
    return first, articles


def test_a_good_record_has_no_problems(checker):
    rec, articles = _good_record(checker)
    topics = checker.load_topic_ids(checker.Report())
    assert checker.check_statement(rec, "x", articles, topics, "dev") == []


@pytest.mark.parametrize("change, message", [
    ({"speaker_start": 0}, "speaker span holds"),
    ({"cue_end": 10**6}, "bad cue offsets"),
    ({"evidence": "the"}, "evidence occurs"),
    ({"topic": "sanctions"}, "not in topics.csv"),
    ({"split": "heldout"}, "id rule"),
    ({"stance": "favour"}, "bad stance"),
    ({"is_conditional": True}, "condition_text"),
    ({"date": "2030-01-01"}, "date_source published but date"),
    ({"actor_id": "Person:X"}, "bad actor_id"),
    ({"speaker_kind": "robot"}, "bad speaker_kind"),
])
def test_the_checker_catches_a_bad_record(checker, change, message):
    rec, articles = _good_record(checker)
    topics = checker.load_topic_ids(checker.Report())
    problems = checker.check_statement({**rec, **change}, "x", articles, topics, "dev")
    assert any(message in p for p in problems), problems


def test_a_second_reading_of_both_halves_keys_to_the_gold(checker):
    report = checker.Report()
    checker.check(report)
    agreement = checker.second_reading_agreement(report)
    assert report.problems == []
    assert set(agreement) == {"dev", "heldout"}
    assert sum(fields["stance"][1] for fields in agreement.values()) >= 40
    for fields in agreement.values():
        assert all(0 <= agree <= read for agree, read in fields.values())

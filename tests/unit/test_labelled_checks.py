"""The labelled-extraction check and the annotator agreement (ingest/evaluation/labelled.py) on tiny inputs."""

from __future__ import annotations

import json

from ingest.evaluation.gold import GoldSet, GoldStatement
from ingest.evaluation.labelled import Agreement, LabelledCheck, annotator_agreement, format_checks

TEXT = "Lavrov said sanctions would fail. Kuleba said more weapons were needed."


def _gold(evidence: str, speaker: str, stance: str, topic: str) -> GoldStatement:
    start = TEXT.index(evidence)
    speaker_start = TEXT.index(speaker)
    raw = {"file": "a.csv", "row": 3, "evidence": evidence, "speaker_text": speaker}
    return GoldStatement("a.csv#3", start, start + len(evidence), speaker_start, speaker_start + len(speaker),
                         None, None, stance, False, topic, None, raw)


def _predicted(speaker: str, sentence: str, stance: str) -> dict:
    start, s_start = TEXT.index(speaker), TEXT.index(sentence)
    return {"speaker_start": start, "speaker_end": start + len(speaker), "sentence_start": s_start,
            "sentence_end": s_start + len(sentence), "cue_start": start + len(speaker) + 1, "stance": stance}


def test_agreement_joins_on_file_row_and_evidence(tmp_path):
    golds = [_gold("Lavrov said sanctions", "Lavrov", "oppose", "sanctions"),
             _gold("Kuleba said more weapons", "Kuleba", "support", "military_aid")]
    second = tmp_path / "second.jsonl"
    second.write_text("\n".join(json.dumps(r) for r in [
        {"file": "a.csv", "row": 3, "evidence": "Lavrov said sanctions", "stance": "oppose", "topic": "sanctions"},
        {"file": "a.csv", "row": 3, "evidence": "Kuleba said more weapons", "stance": "neutral", "topic": "military_aid"},
        {"file": "b.csv", "row": 3, "evidence": "Lavrov said sanctions", "stance": "support", "topic": "energy"},  # other article
    ]), encoding="utf-8")
    system = {"a.csv#3": [_predicted("Lavrov", "Lavrov said sanctions would fail.", "neutral")]}
    result = annotator_agreement(second, GoldSet("t", {}, golds, []), system)
    assert (result.statements, result.stance_agree, result.topic_agree) == (2, 1, 2)
    assert (result.pipeline_found, result.pipeline_stance_correct) == (1, 0)  # found Lavrov, wrong stance
    assert result.stance == 0.5 and result.topic == 1.0


def test_labelled_check_figures():
    check = LabelledCheck(articles=2, labelled_statements=10, labelled_non_statements=4, found_statements=8,
                          found_non_statements=2, stance_correct=6, topic_correct=4, unlabelled=1)
    assert check.precision == 0.8 and check.stance_accuracy == 0.75 and check.topic_accuracy == 0.5
    table = format_checks(check, Agreement(10, 8, 9, 7, 10))
    assert "| 8/10 | 2/4 | 0.800 | 0.750 | 0.500 | 1 |" in table
    assert "| 10 | 0.800 | 0.900 | 0.700 (10 found) |" in table


def test_empty_checks_do_not_divide_by_zero():
    assert LabelledCheck(0, 0, 0, 0, 0, 0, 0, 0).precision == 0.0
    assert Agreement(0, 0, 0, 0, 0).stance == 0.0
    assert format_checks(None, Agreement(0, 0, 0, 0, 0)) == ""

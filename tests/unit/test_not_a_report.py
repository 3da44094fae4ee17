"""Cue words that report no one's statement (found with the labelled extractions, tests/gold/README_labels.md)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", [
    "What did Chancellor Scholz say?",  # the writer's own question
    "We would like to hear what you think about this article.",  # a generic "you"
    "The Kremlin appears to believe that the West will tire of the war.",  # the writer's inference
    "It was unclear whether Sweden would agree to the terms.",  # a cue inside a whether-clause
    "The Pentagon spokesman declined to comment on the shipments.",  # declining to speak says nothing
    "He declined to say whether he was involved in the talks.",
])
def test_no_statement(process, text):
    assert process(text)._.statements == []


def test_declining_to_rule_out_is_still_a_stance(process):
    doc = process("The Swedish prime minister declined to rule out sending troops to Ukraine.")
    assert [(s["speaker_text"], s["cue"]) for s in doc._.statements] == [("The Swedish prime minister", "declined")]


def test_a_quoted_question_is_still_a_statement(process):
    doc = process("\u201cWhy would we send soldiers there?\u201d the minister asked reporters on Tuesday.")
    assert [s["cue"] for s in doc._.statements] == ["asked"]


def test_a_speech_act_the_writer_hedges_is_still_a_statement(process):
    doc = process("Authorities in Odesa appeared to confirm that missiles had struck the port.")
    assert [s["cue"] for s in doc._.statements] == ["confirm"]

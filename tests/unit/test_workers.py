"""Worker processes: results in input order, and a worker that dies is one clear error."""

from __future__ import annotations

import os

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions
from ingest.extraction.workers import WorkerFailed, extract
from ingest.readers.records import ArticleRecord


@Language.component("test_count_words")
def _count_words(doc: Doc) -> Doc:
    doc._.statements = [{"words": len(doc), "first": doc[0].text}]
    return doc


@Language.component("test_die_on_marker")
def _die_on_marker(doc: Doc) -> Doc:
    if "KILL-WORKER" in doc.text:
        os._exit(9)  # what the kernel's out-of-memory killer leaves: no exception, the process is gone
    return doc


def _pipeline(*components: str) -> Language:
    register_extensions()
    nlp = spacy.blank("en")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def _records(texts: list[str]) -> list[ArticleRecord]:
    return [ArticleRecord(f"a{i}", None, text, None, None, None, None, f"in/{i}.txt", i) for i, text in enumerate(texts)]


def test_workers_return_every_record_in_input_order():
    nlp = _pipeline("test_count_words")
    records = _records([f"article {i} " + "word " * i for i in range(23)])
    here = [(r.article_id, e.statements) for r, e in extract(nlp, records, 4, 1, 1)]
    there = [(r.article_id, e.statements) for r, e in extract(nlp, records, 4, 2, 3)]
    assert there == here
    assert [statements[0]["first"] for _, statements in there] == ["article"] * 23
    assert [statements[0]["words"] for _, statements in there] == [2 + i for i in range(23)]


def test_a_dying_worker_is_one_clear_error():
    nlp = _pipeline("test_die_on_marker")
    records = _records(["fine text"] * 5 + ["KILL-WORKER here"] + ["fine text"] * 5)
    with pytest.raises(WorkerFailed, match="worker process stopped unexpectedly.*--processes 1"):
        list(extract(nlp, records, 2, 2, 2))

"""Turning an article record and what was extracted from it into rows of the raw tables."""

from __future__ import annotations

from datetime import date

from ingest.extraction.workers import Extraction
from ingest.loading.writer import now_utc, stable_id
from ingest.readers.records import ArticleRecord

STATEMENT_FIELDS = [
    "speaker_text", "speaker_start", "speaker_end", "speaker_kind", "actor_id", "actor_name", "actor_type",
    "represented_actor_id", "reported_via", "cue", "cue_lemma", "cue_start", "cue_end", "content_text",
    "content_start", "content_end", "sentence_start", "sentence_end", "evidence", "topic_id", "topic_key_phrase",
    "stance", "stance_score", "is_conditional", "condition_text", "is_hypothetical", "statement_date",
    "date_precision", "date_source", "date_text", "topic_reason", "stance_reason",
]


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the whitespace at either end (unchanged when it is all whitespace)."""
    piece = text[start:end]
    if not piece.strip():
        return start, end
    return start + (len(piece) - len(piece.lstrip())), end - (len(piece) - len(piece.rstrip()))


def article_row(record: ArticleRecord, run_id: str, extractor_version: str) -> dict:
    return {
        "article_id": record.article_id,
        "title": record.title,
        "text": record.text,
        "published_at": record.published_at,
        "source": record.source,
        "url": record.url,
        "author": record.author,
        "source_path": record.source_path,
        "record_number": record.record_number,
        "content_hash": record.content_hash,
        "extractor_version": extractor_version,
        "word_count": len(record.text.split()),
        "run_id": run_id,
        "ingested_at": now_utc(),
    }


def extraction_rows(record: ArticleRecord, extraction: Extraction, run_id: str) -> tuple[list[dict], list[dict], list[dict]]:
    """(mentions, statements, boilerplate spans) of one processed article."""
    article_id = record.article_id
    mentions = [
        {
            "mention_id": stable_id(article_id, m["start"], m["end"]),
            "article_id": article_id,
            "start_char": m["start"],
            "end_char": m["end"],
            "text": m["text"],
            "label": m["label"],
            "actor_id": m["actor_id"],
            "actor_name": m["actor_name"],
            "actor_type": m["actor_type"],
            "in_boilerplate": m.get("in_boilerplate", False),
            "run_id": run_id,
        }
        for m in extraction.mentions
    ]
    statements = []
    for s in extraction.statements:
        row = {field: s.get(field) for field in STATEMENT_FIELDS}
        if row["sentence_start"] is not None and row["sentence_end"] is not None:
            # The evidence is the sentence without the blank lines (or spaces) spaCy keeps around it.
            row["sentence_start"], row["sentence_end"] = trimmed(record.text, row["sentence_start"], row["sentence_end"])
            row["evidence"] = record.text[row["sentence_start"]:row["sentence_end"]]
        row["statement_id"] = stable_id(article_id, s["speaker_start"], s["cue_start"], s["content_start"])
        row["article_id"] = article_id
        row["run_id"] = run_id
        if row["statement_date"]:
            row["statement_date"] = date.fromisoformat(row["statement_date"])
        statements.append(row)
    boilerplate = [
        {"article_id": article_id, "start_char": b["start"], "end_char": b["end"], "kind": b["kind"],
         "text": record.text[b["start"]:b["end"]], "run_id": run_id}
        for b in extraction.boilerplate
    ]
    return mentions, statements, boilerplate

"""End-to-end ingest with the real pipeline into real DuckDB files: idempotency, replacement, rejects."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb

from ingest.ingestion import run_ingest

ARTICLES = [
    {"id": "w-1", "title": "Ankara sets terms", "published_at": "2025-03-06", "source": "Test Wire",
     "text": "Turkish Defense Minister Yasar Guler said on Feb. 20 that Ankara would not participate unless a ceasefire is agreed."},
    {"id": "w-2", "title": "Hegseth in Brussels", "published_at": "2025-02-14", "source": "Test Wire",
     "text": "\"We will not send American forces,\" Hegseth told reporters on Wednesday. He added that Europe must lead."},
]


def _write(path, rows, extra_lines=()):
    path.write_text("\n".join([json.dumps(r) for r in rows] + list(extra_lines)) + "\n", encoding="utf-8")


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_ingest_twice_gives_the_same_rows(tmp_path, settings, nlp):
    source = tmp_path / "in.jsonl"
    _write(source, ARTICLES, ['{"broken', json.dumps({"id": "w-3", "title": "no text"})])
    db = tmp_path / "w.duckdb"
    first = run_ingest([source], db, settings, nlp=nlp, progress=False)
    statements = _rows(db, "select statement_id, actor_id, stance, statement_date from raw.statements order by all")
    assert first.articles_loaded == 2 and first.rejected == 2
    assert len(statements) == 3
    second = run_ingest([source], db, settings, nlp=nlp, progress=False)
    assert second.articles_loaded == 0 and second.articles_unchanged == 2
    assert _rows(db, "select statement_id, actor_id, stance, statement_date from raw.statements order by all") == statements
    assert _rows(db, "select count(*) from raw.articles") == [(2,)]
    assert _rows(db, "select count(distinct run_id) from raw.ingest_runs") == [(2,)]
    reasons = _rows(db, "select distinct reason from raw.rejected_inputs order by 1")
    assert reasons == [("malformed_json",), ("missing_text",)]


def test_changed_article_replaces_its_statements(tmp_path, settings, nlp):
    source = tmp_path / "in.jsonl"
    _write(source, ARTICLES)
    db = tmp_path / "w.duckdb"
    run_ingest([source], db, settings, nlp=nlp, progress=False)
    changed = [ARTICLES[0], ARTICLES[1] | {"text": "The Kremlin rejected the idea of European peacekeepers last month."}]
    _write(source, changed)
    run_ingest([source], db, settings, nlp=nlp, progress=False)
    rows = _rows(db, "select actor_id, stance from raw.statements where article_id = 'w-2'")
    assert rows == [("state:RUS", "oppose")]
    assert _rows(db, "select kind from raw.ingest_warnings where article_id = 'w-2'") == [("replaced",)]


def test_duplicate_id_in_one_batch_newer_wins(tmp_path, settings, nlp):
    source = tmp_path / "in.jsonl"
    _write(source, [ARTICLES[0], ARTICLES[0] | {"text": "NATO Secretary General Mark Rutte said allies backed more air defence for Ukraine."}])
    db = tmp_path / "w.duckdb"
    run_ingest([source], db, settings, nlp=nlp, progress=False)
    assert _rows(db, "select actor_id from raw.statements") == [("person:mark-rutte",)]
    assert _rows(db, "select record_number from raw.articles") == [(2,)]
    assert _rows(db, "select kind from raw.ingest_warnings") == [("replaced",)]


def test_offsets_point_at_the_text(tmp_path, settings, nlp, corpus_dir):
    db = tmp_path / "w.duckdb"
    run_ingest([corpus_dir / "meridian"], db, settings, nlp=nlp, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("select article_id, text from raw.articles").fetchall())
    rows = con.execute("select article_id, speaker_text, speaker_start, speaker_end, cue, cue_start, cue_end, content_text, content_start, content_end from raw.statements").fetchall()
    con.close()
    assert len(rows) > 10
    for article_id, speaker, s0, s1, cue, c0, c1, content, t0, t1 in rows:
        text = texts[article_id]
        assert text[s0:s1] == speaker
        assert text[c0:c1] == cue
        assert text[t0:t1] == content


def test_two_worker_processes_load_the_same_rows_as_one(tmp_path, settings, nlp, corpus_dir):
    """Workers get records in chunks and send back extractions; order and content must not change.
    Chunks of 3 articles over the whole sample corpus: more chunks than the workers hold at once."""
    tables = {
        "raw.articles": "article_id, title, text, published_at, record_number, content_hash, word_count",
        "raw.statements": "statement_id, article_id, actor_id, represented_actor_id, stance, stance_score, topic_id, statement_date, content_start, content_end",
        "raw.mentions": "mention_id, article_id, start_char, end_char, actor_id",
        "raw.boilerplate_spans": "article_id, start_char, end_char, kind",
    }
    found = {}
    for processes in (1, 2):
        db = tmp_path / f"w{processes}.duckdb"
        run_settings = replace(settings, n_process=processes, batch_size=4, worker_chunk_size=3)
        summary = run_ingest([corpus_dir], db, run_settings, nlp=nlp, progress=False)
        found[processes] = (summary.articles_loaded, summary.statements,
                            {table: _rows(db, f"select {columns} from {table} order by all") for table, columns in tables.items()})
    assert found[1][0] > 8 and found[1][1] > 50
    assert found[2] == found[1]

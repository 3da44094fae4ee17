"""The whole build end to end: ingest → dbt → expectations → atomic publish, with real parts."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time

import pytest

from ingest.publishing.build import BuildFailed, build_warehouse, rejected_path
from ingest.settings import PROJECT_ROOT, load_settings
from tests.fixtures.queries import query_rows


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _statement(db, actor_id, evidence_fragment):
    rows = query_rows(db, "select stance, is_conditional, statement_date::varchar, date_precision, represented_actor_id, topic "
                      "from marts.fct_statements where actor_id = ? and evidence like ?", (actor_id, f"%{evidence_fragment}%"))
    assert rows, f"no statement by {actor_id} with {evidence_fragment!r}"
    return rows[0]


def test_sample_corpus_statements(sample_warehouse):
    db = sample_warehouse
    assert query_rows(db, "select count(*) from marts.fct_statements")[0][0] > 100
    # Hegseth rules out American soldiers in a ceasefire force; dated by "on Wednesday" before 2025-02-13.
    stance, conditional, day, precision, represents, topic = _statement(db, "person:pete-hegseth", "American soldiers would not be")
    assert (stance, conditional, day, precision, represents) == ("oppose", False, "2025-02-12", "day", "state:USA")
    assert topic == "peacekeeping_force"
    # Turkey's defence minister: ready to contribute, once a ceasefire holds.
    stance, conditional, day, _, represents, _ = _statement(db, "person:yasar-guler", "ready to contribute")
    assert (stance, conditional, day, represents) == ("support", True, "2025-03-13", "state:TUR")
    # Sweden "did not rule out" troops: a negated rejection is (hedged) support.
    stance, _, day, _, represents, topic = _statement(db, "person:ulf-kristersson", "did not rule out")
    assert (stance, day, represents, topic) == ("support", "2025-02-18", "state:SWE", "peacekeeping_force")
    # The Kremlin speaks for Russia.
    assert query_rows(db, "select count(*) from marts.fct_statements where speaker_text ilike 'the kremlin' and actor_id = 'state:RUS'")[0][0] >= 1
    # Boilerplate never yields statements: the related headline and the photo caption.
    assert query_rows(db, "select count(*) from marts.fct_statements where evidence ilike '%speaks to reporters%' or evidence ilike 'Read more%'")[0][0] == 0


def test_all_marts_exist_in_schema_marts(sample_warehouse):
    tables = {r[0] for r in query_rows(sample_warehouse, "select table_name from information_schema.tables where table_schema = 'marts'")}
    assert {"fct_statements", "dim_actors", "dim_articles", "fct_actor_stances", "dim_topics", "fct_stance_changes", "fct_actor_topic_edges"} <= tables


def test_jsonl_build_keeps_given_ids_and_rebuild_is_stable(tmp_path):
    source = tmp_path / "in.jsonl"
    records = [
        {"id": "my-1", "title": "Rutte in Kyiv", "published_at": "2025-03-04", "source": "Test Wire",
         "text": "NATO Secretary General Mark Rutte said on Monday that allies would keep sending air defence systems to Ukraine."},
        {"id": "my-2", "title": "Moscow answers", "published_at": "2025-03-05", "source": "Other Wire",
         "text": "Kremlin spokesman Dmitry Peskov rejected any deployment of European troops in Ukraine."},
    ]
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    db = tmp_path / "x.duckdb"
    settings = load_settings()
    build_warehouse([source], db, settings, progress=False)
    assert {r[0] for r in query_rows(db, "select article_id from marts.dim_articles")} == {"my-1", "my-2"}
    first = query_rows(db, "select * from marts.fct_statements order by statement_id")
    assert {r[0] for r in query_rows(db, "select article_id from marts.fct_statements")} == {"my-1", "my-2"}
    build_warehouse([source], db, settings, progress=False)
    assert query_rows(db, "select * from marts.fct_statements order by statement_id") == first


def test_failing_expectation_blocks_publishing(tmp_path):
    source = PROJECT_ROOT / "data" / "articles" / "meridian" / "2025-02-13.json"
    db = tmp_path / "x.duckdb"
    settings = load_settings()
    build_warehouse([source], db, settings, progress=False)
    before = _digest(db)
    # A copy of the suites with an impossible threshold: at least 10,000 statements.
    strict_dir = tmp_path / "expectations"
    shutil.copytree(settings.expectations_dir, strict_dir, ignore=shutil.ignore_patterns("uncommitted"))
    suite_file = strict_dir / "gx" / "expectations" / "marts_fct_statements.json"
    suite = json.loads(suite_file.read_text())
    suite["expectations"].append({"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10000}, "meta": {}})
    suite_file.write_text(json.dumps(suite, indent=2))
    strict = load_settings()
    object.__setattr__(strict, "expectations_dir", strict_dir)
    with pytest.raises(BuildFailed) as failure:
        build_warehouse([PROJECT_ROOT / "data" / "articles" / "plain"], db, strict, progress=False)
    assert "marts.fct_statements" in str(failure.value) and "row_count" in str(failure.value)
    assert "\n" not in str(failure.value)
    assert _digest(db) == before
    assert rejected_path(db.resolve()).exists()


def test_rebuild_while_an_analyst_holds_the_file_read_only(tmp_path):
    source = PROJECT_ROOT / "data" / "articles" / "meridian" / "2025-02-13.json"
    db = tmp_path / "x.duckdb"
    settings = load_settings()
    build_warehouse([source], db, settings, progress=False)
    before = query_rows(db, "select count(*) from marts.dim_articles")[0][0]
    reader = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; con = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
         "sys.stdin.readline(); print(con.execute('select count(*) from marts.dim_articles').fetchall()[0][0], flush=True)", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "open"
        build_warehouse([PROJECT_ROOT / "data" / "articles" / "meridian"], db, settings, progress=False)
        reader.stdin.write("\n")
        reader.stdin.flush()
        seen_by_reader = int(reader.stdout.readline().strip())
    finally:
        reader.kill()
        reader.wait()
    assert seen_by_reader == before  # the open reader keeps its snapshot of the old file
    assert query_rows(db, "select count(*) from marts.dim_articles")[0][0] > before  # new readers see the new one

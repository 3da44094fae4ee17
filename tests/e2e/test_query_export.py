"""`stance query` and `stance export` run as real subprocesses against the sample warehouse (real DuckDB)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.queries import query_rows

STANCE = Path(sys.executable).with_name("stance")
CODEBOOK = ["codebook.csv", "codebook.md"]
MARTS = {"dim_actors", "dim_articles", "dim_topics", "fct_actor_stances", "fct_actor_topic_edges", "fct_stance_changes", "fct_statements"}


def stance(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [str(STANCE)] if STANCE.exists() else [sys.executable, "-m", "ingest.cli"]
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run(command + list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


_sql = query_rows


def _marts_tables(db: Path) -> list[str]:
    return [r[0] for r in _sql(db, "select table_name from information_schema.tables where table_schema = 'marts' order by table_name")]


def _columns(db: Path, table: str) -> list[str]:
    return [r[0] for r in _sql(db, "select column_name from information_schema.columns where table_schema = 'marts' "
                                   "and table_name = ? order by ordinal_position", (table,))]


def _all_counts(db: Path) -> dict[str, int]:
    tables = _sql(db, "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE'")
    return {f"{s}.{t}": _sql(db, f'select count(*) from "{s}"."{t}"')[0][0] for s, t in tables}


def _read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    return lines[0]


def test_sample_warehouse_has_the_marts(sample_warehouse):
    assert set(_marts_tables(sample_warehouse)) >= MARTS


# ----------------------------------------------------------------------------------------------- query

TOPIC_COUNTS = "select topic, count(*) as n, min(statement_date) as first_date from marts.fct_statements group by topic order by topic"


def test_query_csv(sample_warehouse):
    result = stance("query", TOPIC_COUNTS, "--db", str(sample_warehouse), "--format", "csv")
    assert result.returncode == 0, result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert list(frame.columns) == ["topic", "n", "first_date"]
    expected = _sql(sample_warehouse, TOPIC_COUNTS)
    assert len(frame) == len(expected) > 1
    assert [(r.topic, int(r.n)) for r in frame.itertuples()] == [(t, n) for t, n, _ in expected]
    assert sum(frame.n) == _sql(sample_warehouse, "select count(*) from marts.fct_statements")[0][0]


def test_query_json(sample_warehouse):
    result = stance("query", TOPIC_COUNTS, "--db", str(sample_warehouse), "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    expected = _sql(sample_warehouse, TOPIC_COUNTS)
    assert [set(r) for r in records] == [{"topic", "n", "first_date"}] * len(expected)
    assert [(r["topic"], r["n"]) for r in records] == [(t, n) for t, n, _ in expected]


def test_query_json_keeps_dates_as_dates(sample_warehouse):
    sql = "select statement_date from marts.fct_statements where statement_date is not null order by statement_date limit 1"
    result = stance("query", sql, "--db", str(sample_warehouse), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["statement_date"] == _sql(sample_warehouse, sql)[0][0].isoformat()


def test_query_table_format_prints_row_count(sample_warehouse):
    total = _sql(sample_warehouse, "select count(*) from marts.fct_statements")[0][0]
    assert total > 5
    result = stance("query", "select statement_id, topic from marts.fct_statements", "--db", str(sample_warehouse), "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"{total} row(s), first 5 shown"
    assert "statement_id" in result.stdout and "topic" in result.stdout
    small = stance("query", TOPIC_COUNTS, "--db", str(sample_warehouse))
    assert small.returncode == 0, small.stderr
    assert small.stdout.strip().splitlines()[-1] == f"{len(_sql(sample_warehouse, TOPIC_COUNTS))} row(s)"


WRITES = [
    "insert into marts.dim_topics select * from marts.dim_topics",
    "create table marts.evil as select 1 as x",
    "create table evil(x int)",
    "drop table marts.fct_statements",
    "delete from marts.fct_statements",
    "update marts.fct_statements set stance = 'support'",
    "copy (select 1) to '{tmp}/x.csv'",
    "attach '{tmp}/y.duckdb'",
    "select 1; drop table marts.fct_statements",
    # DuckDB aborts the whole process (rc 134) on these when file access is off: refused before they run.
    "call enable_logging(storage='file', storage_path='{tmp}/logs')",
    "select * from enable_logging(storage='file', storage_path='{tmp}/logs')",
    "CALL Enable_Logging (storage = 'file', storage_path = '{tmp}/logs')",
]


@pytest.mark.parametrize("sql", WRITES)
def test_query_refuses_writes(sample_warehouse, tmp_path, sql):
    before_counts = _all_counts(sample_warehouse)
    before_digest = hashlib.sha256(sample_warehouse.read_bytes()).hexdigest()
    before_dir = _tree(sample_warehouse.parent)
    result = stance("query", sql.format(tmp=tmp_path), "--db", str(sample_warehouse), cwd=tmp_path)
    _one_line_error(result)
    assert result.stdout == ""
    assert _all_counts(sample_warehouse) == before_counts
    assert "marts.fct_statements" in before_counts and before_counts["marts.fct_statements"] > 0
    assert hashlib.sha256(sample_warehouse.read_bytes()).hexdigest() == before_digest
    assert _tree(sample_warehouse.parent) == before_dir
    assert list(tmp_path.iterdir()) == []  # no copy target, no attached file


def test_query_nonexistent_db(tmp_path):
    missing = tmp_path / "nope" / "missing.duckdb"
    line = _one_line_error(stance("query", "select 1", "--db", str(missing)))
    assert "missing.duckdb" in line
    assert not missing.exists() and not missing.parent.exists()


def test_query_bad_sql_is_one_line(sample_warehouse):
    line = _one_line_error(stance("query", "select no_such_column from marts.fct_statements", "--db", str(sample_warehouse)))
    assert "no_such_column" in line


# ----------------------------------------------------------------------------------------------- export

def test_export_all_tables(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out))
    assert result.returncode == 0, result.stderr
    tables = _marts_tables(sample_warehouse)
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{t}.csv" for t in tables] + CODEBOOK)
    for table in tables:
        header, rows = _read_csv(out / f"{table}.csv")
        assert header == _columns(sample_warehouse, table), table
        assert len(rows) == _sql(sample_warehouse, f"select count(*) from marts.{table}")[0][0], table
        assert f"{table}.csv: {len(rows)} rows" in result.stdout
    # Same content as the table (compare keys of the statements).
    frame = pd.read_csv(out / "fct_statements.csv", keep_default_na=False)
    assert set(frame.statement_id) == {r[0] for r in _sql(sample_warehouse, "select statement_id from marts.fct_statements")}

    # Deterministic: a second export is byte-identical.
    again = tmp_path / "again"
    assert stance("export", "--db", str(sample_warehouse), "--out", str(again)).returncode == 0
    for table in tables:
        assert (out / f"{table}.csv").read_bytes() == (again / f"{table}.csv").read_bytes(), table


def test_export_parquet(sample_warehouse, tmp_path):
    out = tmp_path / "pq"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "fct_statements", "--format", "parquet")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["fct_statements.parquet"] + CODEBOOK)
    frame = pd.read_parquet(out / "fct_statements.parquet")
    assert len(frame) == _sql(sample_warehouse, "select count(*) from marts.fct_statements")[0][0] > 0
    assert list(frame.columns) == _columns(sample_warehouse, "fct_statements")


def test_export_parquet_keeps_date_type(sample_warehouse, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = tmp_path / "pq"
    assert stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "fct_statements", "--format", "parquet").returncode == 0
    assert pa.types.is_date32(pq.read_schema(out / "fct_statements.parquet").field("statement_date").type)


def test_export_topic_filter(sample_warehouse, tmp_path):
    out = tmp_path / "topic"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--topic", "peacekeeping_force")
    assert result.returncode == 0, result.stderr
    checked = 0
    for table in _marts_tables(sample_warehouse):
        if "topic" not in _columns(sample_warehouse, table):
            continue
        frame = pd.read_csv(out / f"{table}.csv", keep_default_na=False)
        assert set(frame.topic) <= {"peacekeeping_force"}, table
        expected = _sql(sample_warehouse, f"select count(*) from marts.{table} where topic = 'peacekeeping_force'")[0][0]
        assert len(frame) == expected, table
        checked += 1
    assert checked >= 4
    statements = pd.read_csv(out / "fct_statements.csv", keep_default_na=False)
    assert len(statements) > 0 and set(statements.topic) == {"peacekeeping_force"}


def test_export_date_filter(sample_warehouse, tmp_path):
    out = tmp_path / "dates"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--since", "2025-03-01", "--until", "2025-03-31")
    assert result.returncode == 0, result.stderr
    statements = pd.read_csv(out / "fct_statements.csv", keep_default_na=False)
    expected = _sql(sample_warehouse, "select count(*) from marts.fct_statements where statement_date between '2025-03-01' and '2025-03-31'")[0][0]
    total = _sql(sample_warehouse, "select count(*) from marts.fct_statements")[0][0]
    assert 0 < len(statements) == expected < total
    assert all("2025-03-01" <= d <= "2025-03-31" for d in statements.statement_date), sorted(set(statements.statement_date))
    changes = pd.read_csv(out / "fct_stance_changes.csv", keep_default_na=False)
    assert all("2025-03-01" <= d <= "2025-03-31" for d in changes.changed_on)
    stances = pd.read_csv(out / "fct_actor_stances.csv", keep_default_na=False)
    assert len(stances) > 0 and set(stances.month) == {"2025-03-01"}


def test_export_bad_date_is_one_line(sample_warehouse, tmp_path):
    out = tmp_path / "bad"
    line = _one_line_error(stance("export", "--db", str(sample_warehouse), "--out", str(out), "--since", "March"))
    assert "--since" in line
    assert not out.exists()


def test_export_unknown_table(sample_warehouse, tmp_path):
    out = tmp_path / "unknown"
    before = _all_counts(sample_warehouse)
    line = _one_line_error(stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "fct_statements; drop table x"))
    for table in _marts_tables(sample_warehouse):
        assert table in line
    assert not out.exists() or list(out.iterdir()) == []
    assert _all_counts(sample_warehouse) == before


@pytest.mark.parametrize("name", ["../fct_statements", "../../escaped", "fct_statements/../../escaped", "/tmp/escaped",
                                  "..", "sub/fct_statements"])
def test_export_never_writes_outside_out(sample_warehouse, tmp_path, name):
    work = tmp_path / "work"
    out = work / "out"
    out.mkdir(parents=True)
    before_tmp = _tree(tmp_path)
    before_wh = _tree(sample_warehouse.parent)
    before_abs = Path("/tmp/escaped.csv").exists()
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", name, cwd=work)
    _one_line_error(result)
    assert _tree(tmp_path) == before_tmp
    assert _tree(sample_warehouse.parent) == before_wh
    assert Path("/tmp/escaped.csv").exists() == before_abs


def test_export_replaces_existing_file(sample_warehouse, tmp_path):
    out = tmp_path / "replace"
    out.mkdir()
    target = out / "dim_topics.csv"
    target.write_text("dummy content that is not a csv header\n" * 1000, encoding="utf-8")
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "dim_topics")
    assert result.returncode == 0, result.stderr
    header, rows = _read_csv(target)
    assert header == _columns(sample_warehouse, "dim_topics")
    assert len(rows) == _sql(sample_warehouse, "select count(*) from marts.dim_topics")[0][0]
    assert "dummy" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == ["codebook.csv", "codebook.md", "dim_topics.csv"]  # no temporary file left behind


def test_export_nonexistent_db(tmp_path):
    out = tmp_path / "out"
    missing = tmp_path / "missing.duckdb"
    line = _one_line_error(stance("export", "--db", str(missing), "--out", str(out)))
    assert "missing.duckdb" in line
    assert not out.exists() and not missing.exists()


def test_export_out_is_a_file_is_one_line(sample_warehouse, tmp_path):
    out = tmp_path / "a-file"
    out.write_text("not a folder\n", encoding="utf-8")
    _one_line_error(stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "dim_topics"))
    assert out.read_text(encoding="utf-8") == "not a folder\n"


# ------------------------------------------------------------------------------- hints and warnings

@pytest.mark.parametrize("sql, hint", [
    ("select * from marts.fct_statement", 'Did you mean "fct_statements"'),
    ("select * from fct_statements", 'Did you mean "marts.fct_statements"'),
    ("select topc from marts.fct_statements", '"topic"'),
])
def test_query_error_keeps_duckdb_hint(sample_warehouse, sql, hint):
    line = _one_line_error(stance("query", sql, "--db", str(sample_warehouse)))
    assert hint in line, line


def test_query_and_export_print_no_warning(sample_warehouse, tmp_path):
    query = stance("query", TOPIC_COUNTS, "--db", str(sample_warehouse), "--format", "csv")
    assert query.returncode == 0 and query.stderr == "", query.stderr
    export = stance("export", "--db", str(sample_warehouse), "--out", str(tmp_path / "out"), "--format", "parquet")
    assert export.returncode == 0 and export.stderr == "", export.stderr
    assert "Warning" not in query.stdout + export.stdout


# ------------------------------------------------------------------------- export filters by id or name

def test_export_unknown_topic_suggests_the_known_ones(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    line = _one_line_error(stance("export", "--db", str(sample_warehouse), "--out", str(out), "--topic", "peacekeeping"))
    assert "unknown topic 'peacekeeping'" in line and "did you mean peacekeeping_force" in line
    for (topic_id,) in _sql(sample_warehouse, "select topic_id from marts.dim_topics"):
        assert topic_id in line
    assert not out.exists()


@pytest.mark.parametrize("value, suggested", [("turky", "state:TUR"), ("person:emanuel-macron", "person:emmanuel-macron")])
def test_export_unknown_actor_suggests_close_ones(sample_warehouse, tmp_path, value, suggested):
    out = tmp_path / "out"
    line = _one_line_error(stance("export", "--db", str(sample_warehouse), "--out", str(out), "--actor", value))
    assert f"unknown actor '{value}'" in line and suggested in line, line
    assert not out.exists()


def test_export_actor_by_name_includes_who_speaks_for_it(sample_warehouse, tmp_path):
    """`--actor turkey` (a name, any case) selects the state and everyone who speaks for it, unnamed officials too."""
    assert "|Turkey|" in _sql(sample_warehouse, "select aliases from marts.dim_actors where actor_id = 'state:TUR'")[0][0]
    out = tmp_path / "out"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--actor", "turkey")
    assert result.returncode == 0, result.stderr
    statements = pd.read_csv(out / "fct_statements.csv", keep_default_na=False)
    expected = _sql(sample_warehouse, "select statement_id, actor_id from marts.fct_statements "
                                      "where actor_id = 'state:TUR' or represented_actor_id = 'state:TUR'")
    assert sorted(statements.statement_id) == sorted(r[0] for r in expected)
    assert any(r[1] is None for r in expected) and any(r[1] and r[1].startswith("person:") for r in expected)
    speakers = {r[1] for r in expected if r[1]}
    stances = pd.read_csv(out / "fct_actor_stances.csv", keep_default_na=False)
    assert len(stances) > 0 and set(stances.actor_id) <= speakers | {"state:TUR"}
    assert len(stances) == _sql(sample_warehouse, "select count(*) from marts.fct_actor_stances where actor_id in "
                                                  "(select unnest(?))", (sorted(speakers | {"state:TUR"}),))[0][0]


def test_export_represents_keeps_only_statements_made_for_it(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--represents", "state:RUS",
                    "--table", "fct_statements")
    assert result.returncode == 0, result.stderr
    statements = pd.read_csv(out / "fct_statements.csv", keep_default_na=False)
    assert len(statements) == _sql(sample_warehouse, "select count(*) from marts.fct_statements "
                                                     "where represented_actor_id = 'state:RUS'")[0][0] > 0
    assert set(statements.represented_actor_id) == {"state:RUS"}


# ------------------------------------------------------------------------------- safe temporary files

def test_export_never_writes_through_a_planted_link(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    other_victim = tmp_path / "other.txt"
    other_victim.write_text("also precious\n", encoding="utf-8")
    (out / ".dim_topics.csv.tmp").symlink_to(victim)       # the old, predictable temporary name
    (out / "codebook.csv").symlink_to(other_victim)        # a link at a target name
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "dim_topics")
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert other_victim.read_text(encoding="utf-8") == "also precious\n"
    for name in ("dim_topics.csv", "codebook.csv", "codebook.md"):
        assert (out / name).is_file() and not (out / name).is_symlink(), name
    header, rows = _read_csv(out / "dim_topics.csv")
    assert header == _columns(sample_warehouse, "dim_topics") and len(rows) > 0
    assert sorted(p.name for p in out.iterdir()) == [".dim_topics.csv.tmp", "codebook.csv", "codebook.md", "dim_topics.csv"]


# ----------------------------------------------------------------------------------------- codebook

def _yaml_docs() -> dict[str, dict[str, str]]:
    import yaml

    from ingest.settings import PROJECT_ROOT

    docs: dict[str, dict[str, str]] = {}
    for path in sorted((PROJECT_ROOT / "dbt_project" / "models" / "marts").glob("*.y*ml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            docs[model["name"]] = {c["name"]: " ".join(str(c.get("description", "")).split()) for c in model.get("columns", [])}
    return docs


def test_export_writes_a_codebook_of_the_exported_columns(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    result = stance("export", "--db", str(sample_warehouse), "--out", str(out), "--table", "fct_statements",
                    "--table", "dim_actors")
    assert result.returncode == 0, result.stderr
    header, rows = _read_csv(out / "codebook.csv")
    assert header == ["table", "column", "type", "description"]
    expected = [(t, c) for t in ("fct_statements", "dim_actors") for c in _columns(sample_warehouse, t)]
    assert [(r[0], r[1]) for r in rows] == expected
    types = dict(((t, c), ty) for t, c, ty in _sql(
        sample_warehouse, "select table_name, column_name, data_type from information_schema.columns where table_schema = 'marts'"))
    docs = _yaml_docs()
    for table, column, type_, description in rows:
        assert type_ == types[(table, column)]
        assert description, f"{table}.{column} has no description"
        if column in docs.get(table, {}) and not _sql(sample_warehouse, "select comment from duckdb_columns() where schema_name = "
                                                      "'marts' and table_name = ? and column_name = ?", (table, column))[0][0]:
            assert description == docs[table][column]
    markdown = (out / "codebook.md").read_text(encoding="utf-8")
    assert "## fct_statements" in markdown and "## dim_actors" in markdown and "## dim_topics" not in markdown
    assert markdown.count("\n| `") == len(rows)
    assert f"codebook.csv: {len(rows)} rows" in result.stdout

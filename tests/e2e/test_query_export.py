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

import duckdb
import pandas as pd
import pytest

STANCE = Path(sys.executable).with_name("stance")
MARTS = {"dim_actors", "dim_articles", "dim_topics", "fct_actor_stances", "fct_actor_topic_edges", "fct_stance_changes", "fct_statements"}


def stance(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    command = [str(STANCE)] if STANCE.exists() else [sys.executable, "-m", "ingest.cli"]
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run(command + list(args), capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _sql(db: Path, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


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
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.csv" for t in tables)
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
    assert [p.name for p in out.iterdir()] == ["fct_statements.parquet"]
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
    assert [p.name for p in out.iterdir()] == ["dim_topics.csv"]  # no temporary file left behind


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

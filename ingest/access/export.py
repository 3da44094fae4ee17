"""Export of marts tables to CSV or Parquet files, filtered, deterministic, atomically replaced."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.access.query import QueryError, open_read_only

DATE_COLUMNS = ("statement_date", "changed_on", "month", "published_date", "last_date")


@dataclass
class ExportFilters:
    topics: list[str]
    actors: list[str]
    since: date | None
    until: date | None


def marts_tables(con) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def table_columns(con, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def export_tables(db_path: Path, out_dir: Path, tables: list[str] | None, fmt: str, filters: ExportFilters) -> list[tuple[Path, int]]:
    """Write each table to ``out_dir/<table>.<fmt>``; returns (path, rows) per file."""
    if fmt not in {"csv", "parquet"}:
        raise QueryError(f"unknown format '{fmt}' (csv or parquet)")
    con = open_read_only(db_path)
    try:
        known = marts_tables(con)
        chosen = tables or known
        unknown = [t for t in chosen if t not in known]
        if unknown:
            raise QueryError(f"unknown table(s) {', '.join(unknown)}; marts tables are: {', '.join(known)}")
        out_dir = out_dir.resolve()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise QueryError(f"cannot use {out_dir} as the output folder: {err.strerror or err}") from err
        written = []
        for table in chosen:
            columns = table_columns(con, table)
            where, params = [], []
            if filters.topics and "topic" in columns:
                where.append("topic in (select unnest(?))")
                params.append(filters.topics)
            if filters.actors and "actor_id" in columns:
                where.append("actor_id in (select unnest(?))")
                params.append(filters.actors)
            date_column = next((c for c in DATE_COLUMNS if c in columns), None)
            if date_column and filters.since:
                where.append(f"{_quote(date_column)} >= ?")
                params.append(filters.since)
            if date_column and filters.until:
                where.append(f"{_quote(date_column)} <= ?")
                params.append(filters.until)
            sql = f"select * from marts.{_quote(table)}" + (" where " + " and ".join(where) if where else "") + " order by all"
            table_data = con.execute(sql, params).to_arrow_table()
            target = (out_dir / f"{table}.{fmt}").resolve()
            if target.parent != out_dir:
                raise QueryError(f"refusing to write outside {out_dir}")
            tmp = target.with_name(f".{target.name}.tmp")
            try:
                if fmt == "csv":
                    table_data.to_pandas(date_as_object=True).to_csv(tmp, index=False)
                else:
                    import pyarrow.parquet as pq

                    pq.write_table(table_data, tmp)
                os.replace(tmp, target)
            except OSError as err:
                raise QueryError(f"cannot write {target}: {err.strerror or err}") from err
            written.append((target, table_data.num_rows))
        return written
    finally:
        con.close()

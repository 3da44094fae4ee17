"""Export of marts tables to CSV or Parquet files, filtered, deterministic, atomically replaced."""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from ingest.access.query import QueryError, one_line_error, open_read_only

DATE_COLUMNS = ("statement_date", "changed_on", "month", "published_date", "last_date")


@dataclass
class ExportFilters:
    topics: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    represents: list[str] = field(default_factory=list)


def marts_tables(con) -> list[str]:
    rows = con.sql(
        "select table_name from information_schema.tables where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def table_columns(con, table: str) -> list[str]:
    rows = con.sql(
        "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
        "order by ordinal_position",
        params=[table],
    ).fetchall()
    return [r[0] for r in rows]


def quote_identifier(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _suggest(value: str, candidates: list[str]) -> list[str]:
    by_fold = {c.casefold(): c for c in candidates}
    return [by_fold[m] for m in difflib.get_close_matches(value.casefold(), list(by_fold), n=3, cutoff=0.5)]


def resolve_topics(con, requested: list[str]) -> list[str]:
    """Topic ids for the given ids or labels (case-insensitive); QueryError naming the known ones otherwise."""
    rows = con.sql("select topic_id, coalesce(label, topic_id) from marts.dim_topics order by topic_id").fetchall()
    by_key = {}
    for topic_id, label in rows:
        by_key.setdefault(topic_id.casefold(), topic_id)
        by_key.setdefault(label.casefold(), topic_id)
    resolved = []
    for value in requested:
        topic_id = by_key.get(value.strip().casefold())
        if topic_id is None:
            close = _suggest(value, [r[0] for r in rows] + [r[1] for r in rows])
            hint = f"did you mean {', '.join(dict.fromkeys(by_key[c.casefold()] for c in close))}? " if close else ""
            raise QueryError(f"unknown topic '{value}': {hint}known topics: {', '.join(r[0] for r in rows)}")
        resolved.append(topic_id)
    return list(dict.fromkeys(resolved))


def resolve_actors(con, requested: list[str]) -> list[str]:
    """Actor ids for the given ids, names or aliases (case-insensitive); QueryError with suggestions otherwise."""
    rows = con.sql("select actor_id, actor_name, aliases from marts.dim_actors order by actor_id").fetchall()
    by_key: dict[str, list[str]] = {}
    for actor_id, name, aliases in rows:
        by_key.setdefault(actor_id.casefold(), []).append(actor_id)
        for surface in [name or "", *(aliases or "").split("|")]:
            if surface.strip():
                by_key.setdefault(surface.strip().casefold(), []).append(actor_id)
    resolved: list[str] = []
    for value in requested:
        found = by_key.get(value.strip().casefold())
        if found is None:
            close = _suggest(value, [r[0] for r in rows] + [r[1] for r in rows if r[1]])
            ids = list(dict.fromkeys(i for c in close for i in by_key[c.casefold()]))
            names = {r[0]: r[1] for r in rows}
            hint = ("did you mean " + ", ".join(f"{i} ({names[i]})" for i in ids) + "? ") if ids else ""
            raise QueryError(f"unknown actor '{value}': {hint}{len(rows)} actors are listed in marts.dim_actors "
                             "(stance query \"select actor_id, actor_name from marts.dim_actors\")")
        resolved.extend(found)
    return list(dict.fromkeys(resolved))


def filter_clauses(con, columns: list[str], filters: ExportFilters) -> tuple[list[str], list[object]]:
    """SQL conditions and parameters that restrict a marts table with `columns` to `filters` (ids resolved).

    ``actors``: the actor's own rows and, in fct_statements, the rows of whoever speaks for it (its
    ministers, spokespeople, unnamed officials); in the actor-level tables, the actors that spoke for it.
    ``represents``: only rows spoken for the given state or organisation.
    """
    where: list[str] = []
    params: list[object] = []
    if filters.topics and "topic" in columns:
        where.append("topic in (select unnest(?))")
        params.append(filters.topics)
    for ids, own in ((filters.actors, True), (filters.represents, False)):
        if not ids:
            continue
        if "represented_actor_id" in columns and "statement_id" in columns:
            where.append("(actor_id in (select unnest(?)) or represented_actor_id in (select unnest(?)))" if own
                         else "represented_actor_id in (select unnest(?))")
            params.extend([ids, ids] if own else [ids])
        elif "actor_id" in columns:
            speakers = ("select unnest(?) union select actor_id from marts.fct_statements "
                        "where actor_id is not null and represented_actor_id in (select unnest(?))")
            where.append(f"actor_id in ({speakers})")
            params.extend([ids, ids] if own else [[], ids])
    date_column = next((c for c in DATE_COLUMNS if c in columns), None)
    if date_column and filters.since:
        where.append(f"{quote_identifier(date_column)} >= ?")
        params.append(filters.since)
    if date_column and filters.until:
        where.append(f"{quote_identifier(date_column)} <= ?")
        params.append(filters.until)
    return where, params


def resolve_filters(con, filters: ExportFilters) -> ExportFilters:
    return ExportFilters(resolve_topics(con, filters.topics), resolve_actors(con, filters.actors), filters.since,
                         filters.until, resolve_actors(con, filters.represents))


def write_atomically(out_dir: Path, name: str, write: Callable[[IO[bytes]], None]) -> Path:
    """Write `out_dir/name` through a new temporary file in `out_dir`, then rename it over the target.

    The temporary file gets a random name and is created exclusively without following links
    (``tempfile.mkstemp``: O_CREAT | O_EXCL | O_NOFOLLOW), so a file or link planted in `out_dir`
    is never written through; the rename replaces a link at the target itself, not what it points to.
    """
    target = out_dir / name
    if target.parent != out_dir or name in {"", ".", ".."}:
        raise QueryError(f"refusing to write outside {out_dir}")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.chmod(tmp_name, 0o644)  # mkstemp creates 0600; exports are ordinary files
        os.replace(tmp_name, target)
    except BaseException as err:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise QueryError(f"cannot write {target}: {err.strerror or err}") from err
        raise
    return target


def ensure_out_dir(out_dir: Path) -> Path:
    out_dir = out_dir.resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise QueryError(f"cannot use {out_dir} as the output folder: {err.strerror or err}") from err
    return out_dir


def _write_table(table_data, fmt: str) -> Callable[[IO[bytes]], None]:
    def write(handle: IO[bytes]) -> None:
        if fmt == "csv":
            frame = table_data.to_pandas(date_as_object=True)
            frame.to_csv(handle, index=False, encoding="utf-8")
        else:
            import pyarrow.parquet as pq

            pq.write_table(table_data, handle)

    return write


def export_tables(db_path: Path, out_dir: Path, tables: list[str] | None, fmt: str, filters: ExportFilters,
                  codebook: bool = True) -> list[tuple[Path, int]]:
    """Write each table to ``out_dir/<table>.<fmt>`` (and the codebook of those tables); returns (path, rows)."""
    if fmt not in {"csv", "parquet"}:
        raise QueryError(f"unknown format '{fmt}' (csv or parquet)")
    con = open_read_only(db_path)
    try:
        known = marts_tables(con)
        chosen = tables or known
        unknown = [t for t in chosen if t not in known]
        if unknown:
            raise QueryError(f"unknown table(s) {', '.join(unknown)}; marts tables are: {', '.join(known)}")
        resolved = resolve_filters(con, filters)
        out_dir = ensure_out_dir(out_dir)
        written = []
        for table in chosen:
            where, params = filter_clauses(con, table_columns(con, table), resolved)
            sql = (f"select * from marts.{quote_identifier(table)}" + (" where " + " and ".join(where) if where else "")
                   + " order by all")
            try:
                table_data = con.sql(sql, params=params).to_arrow_table()
            except Exception as err:  # duckdb.Error; kept broad so one line reaches the user
                raise QueryError(f"cannot read marts.{table}: {one_line_error(err)}") from err
            target = write_atomically(out_dir, f"{table}.{fmt}", _write_table(table_data, fmt))
            written.append((target, table_data.num_rows))
        if codebook:
            from ingest.access.codebook import write_codebook

            written.extend((path, rows) for path, rows in write_codebook(con, out_dir, chosen))
        return written
    finally:
        con.close()

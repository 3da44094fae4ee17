"""Read-only SQL against the published warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from ingest.loading.schema import connect


class QueryError(RuntimeError):
    """A query that could not run; the message is one line."""


def open_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    if not db_path.exists():
        raise QueryError(f"no warehouse at {db_path}; run `stance build` first or pass --db")
    try:
        # No file or network access from SQL: an analyst's query can only read the warehouse. The file is
        # the catalog `warehouse` whatever its name (ingest/loading/schema.py), so `seeds.duckdb` works too.
        return connect(db_path, read_only=True, external_access=False)
    except duckdb.Error as err:
        raise QueryError(f"cannot open {db_path} read-only: {str(err).splitlines()[0]}") from err


def run_query(db_path: Path, sql: str) -> pd.DataFrame:
    """The result as a DataFrame; DATE columns stay Python dates (not timestamps)."""
    con = open_read_only(db_path)
    try:
        table = con.execute(sql).to_arrow_table()
        return table.to_pandas(date_as_object=True)
    except duckdb.Error as err:
        message = str(err).splitlines()[0]
        if "read-only" in message.lower() or "read only" in message.lower():
            message = "the warehouse is opened read-only; `stance query` does not write (" + message + ")"
        raise QueryError(message) from err
    finally:
        con.close()

"""Read-only SQL against the published warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from ingest.loading.schema import connect


class QueryError(RuntimeError):
    """A query that could not run; the message is one line."""


# DuckDB table functions that change the process's logging set-up. With file storage and external
# access disabled, DuckDB aborts the whole process (an uncaught C++ exception, rc 134) instead of
# raising, so these are refused before the query runs.
REFUSED_FUNCTIONS = ("enable_logging", "disable_logging", "truncate_duckdb_logs")
_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
_REFUSED = re.compile(r'(?<![\w$])"?(' + "|".join(REFUSED_FUNCTIONS) + r')"?\s*\(', re.IGNORECASE)
# Lines of a DuckDB error message that help the user fix the query.
_HINT_PREFIXES = ("Did you mean", "Candidate bindings", "Candidate tables", "Candidate functions")


def one_line_error(err: BaseException) -> str:
    """The first line of a DuckDB error plus its hints ("Did you mean …"), joined into one line."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    hints = [line for line in lines[1:] if line.startswith(_HINT_PREFIXES)]
    return " ".join([lines[0], *hints])


def open_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    if not db_path.exists():
        raise QueryError(f"no warehouse at {db_path}; run `stance build` first or pass --db")
    try:
        # No file or network access from SQL: an analyst's query can only read the warehouse. The file is
        # the catalog `warehouse` whatever its name (ingest/loading/schema.py), so `seeds.duckdb` works too.
        return connect(db_path, read_only=True, external_access=False)
    except duckdb.Error as err:
        raise QueryError(f"cannot open {db_path} read-only: {one_line_error(err)}") from err


def refused_function(sql: str) -> str | None:
    """The name of a refused DuckDB function called by `sql` (outside string literals), else None."""
    found = _REFUSED.search(_STRING_LITERAL.sub("''", sql))
    return found.group(1).lower() if found else None


def run_query(db_path: Path, sql: str) -> pd.DataFrame:
    """The result as a DataFrame; DATE columns stay Python dates (not timestamps)."""
    refused = refused_function(sql)
    if refused:
        raise QueryError(f"`stance query` only reads the warehouse; {refused}() changes DuckDB's logging and is refused")
    con = open_read_only(db_path)
    try:
        relation = con.sql(sql)
        if relation is None:  # a statement without a result (e.g. SET)
            return pd.DataFrame()
        return relation.to_arrow_table().to_pandas(date_as_object=True)
    except duckdb.Error as err:
        message = one_line_error(err)
        if "read-only" in message.lower() or "read only" in message.lower():
            message = "the warehouse is opened read-only; `stance query` does not write (" + message + ")"
        raise QueryError(message) from err
    finally:
        con.close()

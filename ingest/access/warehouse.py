"""A small Python API for notebooks: the published warehouse as pandas DataFrames.

    from ingest import open_warehouse

    with open_warehouse("warehouse/stance.duckdb") as w:
        df = w.statements(topic="peacekeeping_force", represents="Turkey", since="2025-03-01")

The connection is read-only (no file or network access from SQL) and is closed by ``close()``, by
leaving the ``with`` block, or at the latest when the object is garbage-collected. Filters take ids,
labels, names or aliases (case-insensitive), a single value or a list; an unknown one raises
ValueError naming the close matches.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pandas as pd

from ingest.access.export import ExportFilters, filter_clauses, quote_identifier, resolve_filters, table_columns
from ingest.access.query import QueryError, one_line_error, open_read_only

Values = str | Iterable[str] | None
Day = date | str | None


def _listed(value: Values) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _day(value: Day, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} must be a date or 'YYYY-MM-DD', got {value!r}") from None


class Warehouse:
    """Read-only access to one published warehouse file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = open_read_only(self.path)
        except QueryError as err:
            raise FileNotFoundError(str(err)) if not self.path.exists() else OSError(str(err)) from None
        self._finalizer = weakref.finalize(self, self._con.close)

    # -------------------------------------------------------------------------------- plumbing

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r}{', closed' if self.closed else ''})"

    def sql(self, query: str, params: list[object] | None = None) -> pd.DataFrame:
        """Any read-only SQL as a DataFrame."""
        if self.closed:
            raise ValueError("the warehouse is closed")
        try:
            return self._con.sql(query, params=params or None).to_arrow_table().to_pandas()
        except Exception as err:  # duckdb.Error: one readable line, the DuckDB error kept as the cause
            raise QueryError(one_line_error(err)) from err

    def _table(self, table: str, filters: ExportFilters, extra: list[str] | None = None,
               order: str = "all") -> pd.DataFrame:
        if self.closed:
            raise ValueError("the warehouse is closed")
        try:
            resolved = resolve_filters(self._con, filters)
        except QueryError as err:
            raise ValueError(str(err)) from None
        where, params = filter_clauses(self._con, table_columns(self._con, table), resolved)
        where += extra or []
        sql = (f"select * from marts.{quote_identifier(table)}" + (" where " + " and ".join(where) if where else "")
               + f" order by {order}")
        return self.sql(sql, params)

    # -------------------------------------------------------------------------------- accessors

    def statements(self, topic: Values = None, represents: Values = None, actor: Values = None, since: Day = None,
                   until: Day = None, stance: Values = None, canonical: bool = True) -> pd.DataFrame:
        """Statements (marts.fct_statements), newest first.

        topic: topic ids or labels. actor: the actor and whoever speaks for it (e.g. "Turkey" gives
        Erdoğan and unnamed Turkish officials too). represents: only statements made for that state or
        organisation. since/until: statement_date bounds (inclusive). stance: support/oppose/neutral.
        canonical: one row per statement (True, the default) or one per outlet that carried it (False).
        """
        extra = []
        stances = _listed(stance)
        unknown = [s for s in stances if s not in {"support", "oppose", "neutral"}]
        if unknown:
            raise ValueError(f"stance must be support, oppose or neutral, got {', '.join(map(repr, unknown))}")
        if stances:
            extra.append("stance in ('" + "', '".join(stances) + "')")
        if canonical:
            extra.append("is_canonical")
        filters = ExportFilters(_listed(topic), _listed(actor), _day(since, "since"), _day(until, "until"),
                                _listed(represents))
        return self._table("fct_statements", filters, extra,
                           order="statement_date desc nulls last, published_at desc nulls last, statement_id")

    def actors(self, actor: Values = None, represents: Values = None) -> pd.DataFrame:
        """Actors (marts.dim_actors), most statements first."""
        return self._table("dim_actors", ExportFilters(actors=_listed(actor), represents=_listed(represents)),
                           order="statement_count desc, actor_id")

    def topics(self) -> pd.DataFrame:
        """The topic taxonomy (marts.dim_topics), most statements first."""
        return self._table("dim_topics", ExportFilters(), order="statement_count desc, topic_id")

    def stances(self, topic: Values = None, actor: Values = None, represents: Values = None, since: Day = None,
                until: Day = None) -> pd.DataFrame:
        """Monthly stance per actor and topic (marts.fct_actor_stances)."""
        filters = ExportFilters(_listed(topic), _listed(actor), _day(since, "since"), _day(until, "until"),
                                _listed(represents))
        return self._table("fct_actor_stances", filters, order="topic, actor_id, month")

    def changes(self, topic: Values = None, actor: Values = None, represents: Values = None, since: Day = None,
                until: Day = None) -> pd.DataFrame:
        """Stance changes (marts.fct_stance_changes), in date order."""
        filters = ExportFilters(_listed(topic), _listed(actor), _day(since, "since"), _day(until, "until"),
                                _listed(represents))
        return self._table("fct_stance_changes", filters, order="changed_on, actor_id, topic, change_id")

    def articles(self, since: Day = None, until: Day = None) -> pd.DataFrame:
        """Articles (marts.dim_articles), by publication date."""
        filters = ExportFilters(since=_day(since, "since"), until=_day(until, "until"))
        return self._table("dim_articles", filters, order="published_at nulls last, article_id")

    def tables(self) -> list[str]:
        """Names of the marts tables."""
        from ingest.access.export import marts_tables

        return marts_tables(self._con)


def open_warehouse(path: str | Path | None = None) -> Warehouse:
    """Open the warehouse at `path` (default: the setting STANCE_DB, else warehouse/stance.duckdb) read-only."""
    if path is None:
        from ingest.settings import load_settings

        path = load_settings().db_path
    return Warehouse(Path(path))

"""Bulk writes to the `raw` schema: whole batches through DataFrames, one transaction per batch."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from ingest.loading.schema import RAW_COLUMNS, connect, ensure_raw_schema


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def stable_id(*parts: object) -> str:
    return hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


class WarehouseLocked(RuntimeError):
    """Another process holds the DuckDB file."""


class RawWriter:
    """Writes ingest results to one DuckDB file. Use as a context manager."""

    def __init__(self, db_path: Path, storage_version: str | None) -> None:
        self.db_path = db_path
        self.storage_version = storage_version
        self.con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> "RawWriter":
        if self.db_path.is_dir():
            raise WarehouseLocked(f"cannot use {self.db_path} as the warehouse: it is a folder")
        try:
            self.con = connect(self.db_path, self.storage_version)
        except OSError as err:
            raise WarehouseLocked(f"cannot create {self.db_path}: {err.strerror or err}") from err
        except duckdb.IOException as err:
            raise WarehouseLocked(f"cannot open {self.db_path} for writing: another process is using it ({str(err).splitlines()[0][:160]})") from err
        ensure_raw_schema(self.con)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.con is not None:
            if exc[0] is None:
                self.con.execute("checkpoint")
            self.con.close()
            self.con = None

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        assert self.con is not None, "RawWriter used outside its context"
        return self.con

    def known_hashes(self, article_ids: list[str]) -> dict[str, str]:
        if not article_ids:
            return {}
        frame = pd.DataFrame({"article_id": article_ids})
        rows = self.connection.execute(
            "select a.article_id, a.content_hash || '/' || coalesce(a.extractor_version, '') from raw.articles a join frame f using (article_id)"
        ).fetchall()
        return {article_id: fingerprint for article_id, fingerprint in rows}

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        columns = RAW_COLUMNS[table]
        frame = pd.DataFrame.from_records(rows, columns=columns)  # noqa: F841 (read by DuckDB by name)
        self.connection.execute(f"insert into raw.{table} ({', '.join(columns)}) select {', '.join(columns)} from frame")

    def replace_articles(self, articles: list[dict], mentions: list[dict], statements: list[dict], boilerplate: list[dict]) -> None:
        """Replace everything known about these articles in one transaction."""
        if not articles:
            return
        con = self.connection
        ids = pd.DataFrame({"article_id": [a["article_id"] for a in articles]})  # noqa: F841
        con.execute("begin transaction")
        try:
            # A new version of a quarantined article replaces the quarantined one too (and is checked again).
            for table in ("statements", "mentions", "boilerplate_spans", "articles", "quarantined_articles"):
                con.execute(f"delete from raw.{table} where article_id in (select article_id from ids)")
            self._insert("articles", articles)
            self._insert("boilerplate_spans", boilerplate)
            self._insert("mentions", mentions)
            self._insert("statements", statements)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise

    def record_domain(self, topics: list[dict], actors: list[dict], roles: list[dict]) -> None:
        """Replace the taxonomy and the user's extra actors in effect (raw.taxonomy, raw.extra_actors, raw.extra_actor_roles)."""
        con = self.connection
        con.execute("begin transaction")
        try:
            for table, rows in (("taxonomy", topics), ("extra_actors", actors), ("extra_actor_roles", roles)):
                con.execute(f"delete from raw.{table}")
                self._insert(table, rows)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise

    def last_domain_digest(self) -> str | None:
        """The taxonomy/actors fingerprint the latest run recorded with its taxonomy (None: none did)."""
        rows = self.connection.execute("select domain_digest from raw.taxonomy where domain_digest is not null limit 1").fetchall()
        return rows[0][0] if rows else None

    def article_count(self) -> int:
        return self.connection.execute("select count(*) from raw.articles").fetchall()[0][0]

    def articles_extracted_otherwise(self, version: str) -> list[str]:
        """Ids of stored articles extracted by another extractor version than `version`."""
        rows = self.connection.execute(
            "select article_id from raw.articles where coalesce(extractor_version, '') <> ? order by article_id", [version]).fetchall()
        return [row[0] for row in rows]

    def stored_articles(self, article_ids: list[str]) -> list[dict]:
        """The stored rows of these articles (as loaded: text, title, dates, source, content hash)."""
        if not article_ids:
            return []
        ids = pd.DataFrame({"article_id": article_ids})  # noqa: F841
        columns = ["article_id", "title", "text", "published_at", "source", "url", "author", "source_path", "record_number", "content_hash"]
        rows = self.connection.execute(
            f"select {', '.join(columns)} from raw.articles where article_id in (select article_id from ids) order by article_id").fetchall()
        return [dict(zip(columns, row)) for row in rows]

    def statement_topic_counts(self) -> tuple[int, int]:
        """(statements, of them `unassigned`) in the warehouse."""
        total, unassigned = self.connection.execute(
            "select count(*), count(*) filter (where topic_id = 'unassigned') from raw.statements").fetchall()[0]
        return total, unassigned

    def record_rejects(self, rows: list[dict]) -> None:
        self._insert("rejected_inputs", rows)

    def record_warnings(self, rows: list[dict]) -> None:
        self._insert("ingest_warnings", rows)

    def record_run(self, row: dict) -> None:
        con = self.connection
        con.execute("delete from raw.ingest_runs where run_id = ?", [row["run_id"]])
        self._insert("ingest_runs", [row])

"""Holding back the articles whose rows fail a row-level expectation, so the rest can publish.

A failed row-level expectation (``validation.ROW_LEVEL_EXPECTATIONS``) names the articles of its
failing rows. Those articles are moved, in the candidate file, from the raw tables into
``raw.quarantined_articles`` with the reason; dbt and the expectations then run again on what is left,
and only that second, passing result publishes. A failure about a table as a whole (uniqueness, row
counts, shares, missing tables) names no article and still blocks the build, and so do more
quarantined articles than ``Settings.quarantine_max_share`` of the candidate allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ingest.loading.schema import RAW_COLUMNS, connect, ensure_raw_schema
from ingest.loading.writer import now_utc
from ingest.publishing.validation import ValidationReport

# Tables that hold rows of an article (all keyed by article_id).
_ARTICLE_TABLES = ("statements", "mentions", "boilerplate_spans", "articles")


@dataclass
class QuarantinedArticle:
    article_id: str
    source_path: str | None
    record_number: int | None
    title: str | None
    reason: str

    def line(self) -> str:
        where = f"{self.source_path} record {self.record_number}" if self.record_number else (self.source_path or "?")
        return f"article {self.article_id} ({where}): {self.reason}"


def failing_articles(report: ValidationReport) -> dict[str, list[str]]:
    """article_id → the checks its rows failed; empty when any failure is about a whole table."""
    if not report.only_row_failures:
        return {}
    found: dict[str, list[str]] = {}
    for failure in report.failures:
        check = f"{failure.table}: {failure.expectation}({failure.column})" if failure.column else f"{failure.table}: {failure.expectation}"
        for article_id in failure.article_ids or []:
            value = failure.article_values.get(article_id)
            found.setdefault(article_id, []).append(check + (f" [{value}]" if value else ""))
    return found


def quarantine_allowed(count: int, articles_in_candidate: int, max_share: float) -> bool:
    """At most ``max_share`` of the candidate's articles (always at least one) may be held back: more
    than that points at a fault of the extraction, not at a few bad inputs, and must block."""
    return 0 < count <= max(1, int(articles_in_candidate * max_share))


def article_count(db_path: Path) -> int:
    con = connect(db_path, read_only=True)
    try:
        return int(con.execute("select count(*) from raw.articles").fetchall()[0][0])
    finally:
        con.close()


def quarantine_articles(db_path: Path, checks: dict[str, list[str]], run_id: str | None) -> list[QuarantinedArticle]:
    """Move the given articles out of the raw tables of ``db_path`` into raw.quarantined_articles."""
    if not checks:
        return []
    con = connect(db_path)
    try:
        ensure_raw_schema(con)
        ids = pd.DataFrame({"article_id": sorted(checks)})  # noqa: F841 (read by DuckDB by name)
        rows = con.execute(
            "select a.article_id, a.title, a.text, a.published_at, a.source, a.url, a.author, a.source_path, "
            "a.record_number, a.content_hash from raw.articles a join ids using (article_id) order by a.article_id"
        ).fetchall()
        now = now_utc()
        records, held = [], []
        for article_id, title, text, published_at, source, url, author, source_path, record_number, content_hash in rows:
            failed = sorted(set(checks[article_id]))
            reason = "failed " + "; ".join(failed)
            records.append({"article_id": article_id, "title": title, "text": text, "published_at": published_at,
                            "source": source, "url": url, "author": author, "source_path": source_path,
                            "record_number": record_number, "content_hash": content_hash, "reason": reason,
                            "failed_checks": "; ".join(failed), "run_id": run_id, "quarantined_at": now})
            held.append(QuarantinedArticle(article_id, source_path, record_number, title, reason))
        columns = RAW_COLUMNS["quarantined_articles"]
        frame = pd.DataFrame.from_records(records, columns=columns)  # noqa: F841
        con.execute("begin transaction")
        try:
            con.execute("delete from raw.quarantined_articles where article_id in (select article_id from ids)")
            con.execute(f"insert into raw.quarantined_articles ({', '.join(columns)}) select {', '.join(columns)} from frame")
            for table in _ARTICLE_TABLES:
                con.execute(f"delete from raw.{table} where article_id in (select article_id from ids)")
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        con.execute("checkpoint")
    finally:
        con.close()
    return held


def quarantined_in(db_path: Path) -> list[QuarantinedArticle]:
    """The articles a warehouse holds in quarantine now (empty for a warehouse without the table)."""
    con = connect(db_path, read_only=True)
    try:
        present = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'quarantined_articles'"
            " and table_catalog = current_database()"
        ).fetchall()[0][0]
        if not present:
            return []
        rows = con.execute(
            "select article_id, source_path, record_number, title, reason from raw.quarantined_articles order by source_path, record_number, article_id"
        ).fetchall()
    finally:
        con.close()
    return [QuarantinedArticle(*row) for row in rows]

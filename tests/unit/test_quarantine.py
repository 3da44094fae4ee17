"""Which failures quarantine articles and which block, and the move into raw.quarantined_articles,
on the small warehouse fixture with the real Great Expectations checkpoint."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from ingest.publishing.quarantine import (failing_articles, quarantine_allowed, quarantine_articles,
                                          quarantined_in)
from ingest.publishing.validation import validate_warehouse
from tests.fixtures.warehouse_fixture import make_warehouse_fixture

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def expectations_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("gx") / "expectations"
    shutil.copytree(ROOT / "expectations", target, ignore=shutil.ignore_patterns("uncommitted", "__pycache__"))
    return target


@pytest.fixture(scope="module")
def pristine_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    make_warehouse_fixture(path)
    return path


@pytest.fixture()
def db(pristine_db, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(pristine_db, path)
    return path


def _sql(db: Path, *statements: str) -> list:
    con = duckdb.connect(str(db))
    try:
        result = []
        for sql in statements:
            result = con.execute(sql).fetchall()
        return result
    finally:
        con.close()


def _broken_mention(db: Path) -> tuple[str, str]:
    mention_id, article_id = _sql(db, "select mention_id, article_id from raw.mentions order by mention_id limit 1")[0]
    _sql(db, f"update raw.mentions set end_char = start_char where mention_id = '{mention_id}'")
    return mention_id, article_id


def test_a_row_level_failure_names_its_article(db, expectations_dir):
    _, article_id = _broken_mention(db)
    report = validate_warehouse(db, expectations_dir)
    assert not report.success and report.only_row_failures
    checks = failing_articles(report)
    assert list(checks) == [article_id]
    assert "raw.mentions: expect_column_pair_values_a_to_be_greater_than_b(end_char, start_char)" in checks[article_id][0]


def test_a_whole_table_failure_blocks_even_beside_row_failures(db, expectations_dir):
    _broken_mention(db)
    _sql(db, "insert into marts.fct_statements select * from marts.fct_statements limit 1")  # a duplicate key
    report = validate_warehouse(db, expectations_dir)
    assert not report.only_row_failures
    assert any(f.expectation == "expect_column_values_to_be_unique" and not f.row_level for f in report.failures)
    assert failing_articles(report) == {}


def test_a_failure_tolerated_for_a_share_of_rows_is_not_row_level(db, expectations_dir):
    _sql(db, "update marts.fct_statements set actor_id = null", "update raw.statements set actor_id = null")
    report = validate_warehouse(db, expectations_dir)
    assert not report.success
    nulls = [f for f in report.failures if f.expectation == "expect_column_values_to_not_be_null" and f.column == "actor_id"]
    assert nulls and not any(f.row_level for f in nulls)  # `mostly` 0.5: about the table, not a row
    assert failing_articles(report) == {}


def test_quarantine_moves_the_article_out_of_the_raw_tables(db, expectations_dir):
    _, article_id = _broken_mention(db)
    counts_before = {t: _sql(db, f"select count(*) from raw.{t} where article_id = '{article_id}'")[0][0]
                     for t in ("articles", "mentions", "statements")}
    assert counts_before["articles"] == 1 and counts_before["mentions"] > 0
    other = _sql(db, f"select count(*) from raw.articles where article_id <> '{article_id}'")[0][0]
    held = quarantine_articles(db, failing_articles(validate_warehouse(db, expectations_dir)), "run-x")
    assert [a.article_id for a in held] == [article_id]
    for table in ("articles", "mentions", "statements"):
        assert _sql(db, f"select count(*) from raw.{table} where article_id = '{article_id}'") == [(0,)]
    assert _sql(db, f"select count(*) from raw.articles where article_id <> '{article_id}'") == [(other,)]
    (text, reason), = _sql(db, "select text, reason from raw.quarantined_articles")
    assert text and "end_char" in reason
    assert [a.article_id for a in quarantined_in(db)] == [article_id]


def test_quarantine_share():
    assert quarantine_allowed(1, 1, 0.1) and quarantine_allowed(1, 8, 0.1)
    assert not quarantine_allowed(2, 8, 0.1) and quarantine_allowed(10, 100, 0.1)
    assert not quarantine_allowed(11, 100, 0.1) and not quarantine_allowed(0, 100, 0.1)

"""Every ```sql example in docs/analyst-guide.md runs against the sample warehouse and returns rows."""

from __future__ import annotations

import re

import duckdb
import pytest

from ingest.settings import PROJECT_ROOT

GUIDE = PROJECT_ROOT / "docs" / "analyst-guide.md"
_HEADING = re.compile(r"^#{2,4}\s+(.+?)\s*$")
_FENCE = re.compile(r"^```(\w*)\s*$")


def guide_queries() -> list[tuple[str, str]]:
    """(nearest heading, sql) for every ```sql block of the guide, in order."""
    queries: list[tuple[str, str]] = []
    heading = "(no heading)"
    block: list[str] | None = None
    language = ""
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        fence = _FENCE.match(line)
        if block is None:
            if fence:
                block, language = [], fence.group(1).lower()
            elif match := _HEADING.match(line):
                heading = match.group(1)
        elif fence and not fence.group(1):
            if language == "sql":
                queries.append((heading, "\n".join(block).strip()))
            block = None
        else:
            block.append(line)
    assert block is None, f"unclosed code fence in {GUIDE.name}"
    return queries


QUERIES = guide_queries()


def test_guide_has_at_least_ten_queries():
    assert len(QUERIES) >= 10
    headings = [heading for heading, _ in QUERIES]
    assert len(set(headings)) == len(headings), "every sql block should have its own question heading"


@pytest.mark.parametrize("sql", [sql for _, sql in QUERIES], ids=[heading for heading, _ in QUERIES])
def test_guide_query_returns_rows(sample_warehouse, sql):
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        rows = con.execute(sql).fetchall()
    finally:
        con.close()
    assert len(rows) >= 1, f"query returned no rows:\n{sql}"

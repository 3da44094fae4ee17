"""The dbt snapshot keeps the stance history across builds: real ingest, real dbt, real DuckDB."""

from __future__ import annotations

import json


from ingest.publishing.build import build_warehouse
from ingest.settings import load_settings
from tests.fixtures.queries import query_rows

OLD_TEXT = "Kremlin spokesman Dmitry Peskov said Russia rejected any deployment of European troops in Ukraine."
# Same article id, same actor, same topic and month; the extractor reads this one as support.
NEW_TEXT = "Kremlin spokesman Dmitry Peskov said Russia would accept a deployment of European troops in Ukraine."
KEY = ("person:dmitry-peskov", "peacekeeping_force", "2025-03-01")


def _records(peskov_text: str) -> list[dict]:
    return [
        {"id": "snap-peskov", "title": "Moscow answers", "published_at": "2025-03-05", "source": "Test Wire", "text": peskov_text},
        {"id": "snap-rutte", "title": "Rutte in Kyiv", "published_at": "2025-03-04", "source": "Other Wire",
         "text": "NATO Secretary General Mark Rutte said on Monday that allies would keep sending air defence systems to Ukraine."},
    ]


def _write(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


SNAP = ("select latest_stance, oppose_count, support_count, statement_count, dbt_valid_from, dbt_valid_to "
        "from snapshots.snap_actor_stances where actor_id = ? and topic = ? and month = ?::date order by dbt_valid_from")


def test_snapshot_keeps_history_of_a_changed_article(tmp_path):
    settings = load_settings()
    db = tmp_path / "snap.duckdb"
    source = tmp_path / "articles.jsonl"

    # Build 1: Peskov opposes a European force in March 2025.
    _write(source, _records(OLD_TEXT))
    build_warehouse([source], db, settings, progress=False)
    statements = query_rows(db, "select statement_id, stance, topic, evidence from marts.fct_statements where article_id = 'snap-peskov'")
    assert [(s, t) for _, s, t, _ in statements] == [("oppose", "peacekeeping_force")], statements
    first = query_rows(db, SNAP, KEY)
    assert len(first) == 1
    assert first[0][0] == "oppose" and first[0][1] == 1 and first[0][5] is None
    rutte_before = query_rows(db, "select * from snapshots.snap_actor_stances where actor_id = 'person:mark-rutte'")
    assert len(rutte_before) == 1

    # Build 2 into the same published file (not fresh): the article changed under the same id.
    _write(source, _records(NEW_TEXT))
    build_warehouse([source], db, settings, progress=False)

    history = query_rows(db, SNAP, KEY)
    assert len(history) == 2, history
    old, new = history
    assert old[0] == "oppose" and old[1] == 1 and old[2] == 0
    assert old[5] is not None, "the old version must be closed"
    assert new[0] == "support" and new[2] == 1 and new[1] == 0
    assert new[5] is None, "the new version must be current"
    assert old[5] == new[4], "the old version closes when the new one opens"
    assert query_rows(db, "select count(*) from snapshots.snap_actor_stances where dbt_valid_to is null and actor_id = ? and topic = ? "
                      "and month = ?::date", KEY)[0][0] == 1

    # The marts hold only the new statement: the changed article replaced its statements.
    statements = query_rows(db, "select stance, topic, evidence from marts.fct_statements where article_id = 'snap-peskov'")
    assert statements == [("support", "peacekeeping_force", NEW_TEXT)], statements
    assert query_rows(db, "select count(*) from marts.fct_statements where evidence like '%rejected any deployment%'")[0][0] == 0
    assert query_rows(db, "select count(*) from raw.statements where article_id = 'snap-peskov'")[0][0] == 1
    assert query_rows(db, "select count(*) from marts.dim_articles")[0][0] == 2
    assert query_rows(db, "select latest_stance from marts.fct_actor_stances where actor_id = ? and topic = ? and month = ?::date", KEY) \
        == [("support",)]

    # An unchanged article gets no new version.
    assert query_rows(db, "select * from snapshots.snap_actor_stances where actor_id = 'person:mark-rutte'") == rutte_before

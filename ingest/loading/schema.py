"""DDL of the `raw` schema (see docs/design.md) and opening DuckDB files the same way everywhere."""

from __future__ import annotations

from pathlib import Path

import duckdb

RAW_TABLES: dict[str, str] = {
    "articles": """
        article_id varchar primary key, title varchar, text varchar not null, published_at timestamp,
        source varchar, url varchar, author varchar, source_path varchar, record_number integer,
        content_hash varchar not null, extractor_version varchar, word_count integer, run_id varchar,
        ingested_at timestamp""",
    "boilerplate_spans": """
        article_id varchar not null, start_char integer not null, end_char integer not null,
        kind varchar not null, text varchar, run_id varchar""",
    "mentions": """
        mention_id varchar primary key, article_id varchar not null, start_char integer not null,
        end_char integer not null, text varchar, label varchar, actor_id varchar, actor_name varchar,
        actor_type varchar, in_boilerplate boolean, run_id varchar""",
    "statements": """
        statement_id varchar primary key, article_id varchar not null, speaker_text varchar,
        speaker_start integer, speaker_end integer, speaker_kind varchar, actor_id varchar,
        actor_name varchar, actor_type varchar, represented_actor_id varchar, reported_via varchar,
        cue varchar, cue_lemma varchar, cue_start integer, cue_end integer, content_text varchar,
        content_start integer, content_end integer, sentence_start integer, sentence_end integer,
        evidence varchar, topic_id varchar, topic_key_phrase varchar, stance varchar,
        stance_score double, is_conditional boolean, condition_text varchar, is_hypothetical boolean,
        statement_date date, date_precision varchar, date_source varchar, date_text varchar, run_id varchar,
        topic_reason varchar, stance_reason varchar""",
    # The taxonomy and the user's extra actors in effect for the latest ingest (replaced whole each run);
    # dbt's stg_seeds__topics / stg_seeds__actors / stg_seeds__actor_roles read them (raw.taxonomy holds the
    # topics in effect, bundled or the user's; raw.extra_actors/extra_actor_roles the user's actors file).
    "taxonomy": """
        topic_id varchar primary key, label varchar, description varchar, match_terms varchar,
        exclude_terms varchar, yields_to varchar, support_means varchar, oppose_means varchar,
        measure_targets varchar, accusation_supports boolean, position integer, source_path varchar,
        domain_digest varchar, run_id varchar""",
    "extra_actors": """
        actor_id varchar primary key, name varchar, actor_type varchar, country_iso3 varchar,
        represents_actor_id varchar, aliases varchar, demonyms varchar, source_path varchar, run_id varchar""",
    "extra_actor_roles": """
        actor_id varchar not null, role varchar not null, role_label varchar, of_actor_id varchar not null,
        is_leader boolean, valid_from date, valid_to date, source_path varchar, run_id varchar""",
    "ingest_runs": """
        run_id varchar primary key, started_at timestamp, finished_at timestamp, paths varchar,
        model varchar, files_seen integer, records_seen integer, articles_loaded integer,
        articles_unchanged integer, rejected integer, warnings integer, statements integer, status varchar""",
    "rejected_inputs": """
        run_id varchar, source_path varchar, record_number integer, reason varchar not null,
        message varchar not null, excerpt varchar, rejected_at timestamp""",
    "ingest_warnings": """
        run_id varchar, source_path varchar, record_number integer, article_id varchar, kind varchar,
        message varchar, warned_at timestamp""",
    # Articles held out of the published warehouse because a row of theirs failed a row-level
    # expectation (ingest/publishing/quarantine.py): the article as read, and why.
    "quarantined_articles": """
        article_id varchar not null, title varchar, text varchar, published_at timestamp, source varchar,
        url varchar, author varchar, source_path varchar, record_number integer, content_hash varchar,
        reason varchar not null, failed_checks varchar, run_id varchar, quarantined_at timestamp""",
}

def _column_types(ddl: str) -> list[tuple[str, str]]:
    """(name, type) of each column of a table body in RAW_TABLES."""
    columns = []
    for part in ddl.replace("\n", " ").split(","):
        words = part.split()
        if len(words) >= 2:
            columns.append((words[0], words[1]))
    return columns


# Column order of each table, as bulk loads must give them.
RAW_COLUMNS: dict[str, list[str]] = {table: [name for name, _ in _column_types(ddl)] for table, ddl in RAW_TABLES.items()}


# The catalog name every connection of the project (ingest, dbt, expectations, query, export) gives
# the warehouse file. DuckDB would name it after the file ("seeds.duckdb" → "seeds"), and such a
# name clashes with a schema ("seeds", "raw", "marts", ...) or a built-in catalog ("system", "temp").
WAREHOUSE_CATALOG = "warehouse"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def connect(db_path: Path, storage_version: str | None = "v1.4.0", read_only: bool = False,
            external_access: bool = True) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file as the catalog ``warehouse`` (whatever the file is called) and make it
    the default catalog. New files are written so that DuckDB 1.x tools can read them.

    With ``external_access=False`` SQL on the connection can reach no other file or URL (the setting
    cannot be switched back on, and the configuration is locked)."""
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    options = []
    if read_only:
        options.append("READ_ONLY")
    elif storage_version and not (db_path.exists() and db_path.stat().st_size > 0):
        options.append(f"STORAGE_VERSION {_sql_string(storage_version)}")
    # Spill files go beside the warehouse (an in-memory main database would put them in the working folder).
    con = duckdb.connect(":memory:", config={"temp_directory": str(db_path.with_name(db_path.name + ".spill"))})
    try:
        con.execute(f"ATTACH {_sql_string(str(db_path))} AS {WAREHOUSE_CATALOG}" + (f" ({', '.join(options)})" if options else ""))
        con.execute(f"USE {WAREHOUSE_CATALOG}")
        if not external_access:
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and add columns that a warehouse from an older version lacks."""
    con.execute("create schema if not exists raw")
    for table, ddl in RAW_TABLES.items():
        con.execute(f"create table if not exists raw.{table} ({ddl})")
        for column, column_type in _column_types(ddl):
            con.execute(f"alter table raw.{table} add column if not exists {column} {column_type}")

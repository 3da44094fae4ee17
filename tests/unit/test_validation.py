"""ingest.publishing.validation against a small warehouse fixture (tests/fixtures/warehouse_fixture.py).

The GX context is copied to a temporary folder so that validation results (written under
``gx/uncommitted/``) never touch the repository.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.publishing.validation import (  # noqa: E402
    Failure,
    ValidationReport,
    derive_statement_checks,
    validate_warehouse,
)
from tests.fixtures.warehouse_fixture import make_warehouse_fixture  # noqa: E402


@pytest.fixture(scope="session")
def expectations_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("gx") / "expectations"
    shutil.copytree(ROOT / "expectations", target,
                    ignore=shutil.ignore_patterns("uncommitted", "__pycache__"))
    return target


@pytest.fixture(scope="session")
def pristine_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    make_warehouse_fixture(path)
    return path


@pytest.fixture()
def db(pristine_db, tmp_path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copyfile(pristine_db, path)
    return path


def mutate(db_path: Path, *statements: str) -> None:
    con = duckdb.connect(str(db_path))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def failures_of(report: ValidationReport, table: str, expectation: str,
                column: str | None = None) -> list[Failure]:
    return [f for f in report.failures
            if f.table == table and f.expectation == expectation
            and (column is None or f.column == column)]


def test_fixture_passes(db, expectations_dir):
    report = validate_warehouse(db, expectations_dir)
    assert report.success, report.summary_lines()
    assert report.failures == []
    assert report.summary_lines() == []
    assert report.checked > 100  # every suite ran


def test_connection_is_closed_after_validation(db, expectations_dir):
    validate_warehouse(db, expectations_dir)
    con = duckdb.connect(str(db))  # a writer can open the file: nothing holds it
    con.close()


def test_stance_outside_the_set_fails(db, expectations_dir):
    mutate(db, "update marts.fct_statements set stance = 'maybe' "
               "where statement_id = (select min(statement_id) from marts.fct_statements)")
    report = validate_warehouse(db, expectations_dir)
    assert not report.success
    [failure] = failures_of(report, "marts.fct_statements", "expect_column_values_to_be_in_set",
                            "stance")
    assert failure.unexpected_count == 1
    assert failure.examples == ["maybe"]
    assert ("marts.fct_statements: expect_column_values_to_be_in_set(stance) failed for 1 rows, "
            "e.g. ['maybe']") in report.summary_lines()


def test_speaker_text_not_matching_offsets_fails(db, expectations_dir):
    mutate(db, "update marts.fct_statements set speaker_text = 'Dmitri Peskov' "
               "where speaker_text = 'Dmitry Peskov'")
    report = validate_warehouse(db, expectations_dir)
    assert not report.success
    [failure] = failures_of(report, "derived_statement_checks",
                            "expect_column_values_to_be_in_set", "speaker_matches_text")
    assert failure.unexpected_count == 1
    assert failure.examples[0]["speaker_text"] == "Dmitri Peskov"
    assert failure.examples[0]["text_at_speaker"] == "Dmitry Peskov"


def test_shifted_offsets_fail(db, expectations_dir):
    # offsets one character off: the slice no longer matches the surface text
    mutate(db, "update marts.fct_statements set cue_start = cue_start + 1, cue_end = cue_end + 1 "
               "where speaker_text = 'Emmanuel Macron'")
    report = validate_warehouse(db, expectations_dir)
    assert failures_of(report, "derived_statement_checks", "expect_column_values_to_be_in_set",
                       "cue_matches_text")


def test_offsets_outside_text_and_reversed_fail(db, expectations_dir):
    mutate(db,
           "update marts.fct_statements set content_end = 100000 where speaker_text = 'Macron'",
           "update marts.fct_statements set speaker_end = speaker_start "
           "where speaker_text = 'Dmitry Peskov'")
    report = validate_warehouse(db, expectations_dir)
    assert failures_of(report, "derived_statement_checks", "expect_column_values_to_be_in_set",
                       "offsets_inside_text")
    [pair] = failures_of(report, "marts.fct_statements",
                         "expect_column_pair_values_a_to_be_greater_than_b",
                         "speaker_end, speaker_start")
    assert pair.unexpected_count == 1


def test_statement_dated_after_publication_fails(db, expectations_dir):
    mutate(db, "update marts.fct_statements set statement_date = date '2025-05-01' "
               "where speaker_text = 'Dmitry Peskov'")
    report = validate_warehouse(db, expectations_dir)
    [failure] = failures_of(report, "derived_statement_checks",
                            "expect_column_values_to_be_in_set", "dated_after_publication")
    assert failure.unexpected_count == 1
    assert failure.examples[0]["statement_date"].startswith("2025-05-01")


def test_duplicate_statement_id_fails(db, expectations_dir):
    mutate(db, "update marts.fct_statements set statement_id = "
               "(select min(statement_id) from marts.fct_statements) "
               "where statement_id = (select max(statement_id) from marts.fct_statements)")
    report = validate_warehouse(db, expectations_dir)
    [failure] = failures_of(report, "marts.fct_statements", "expect_column_values_to_be_unique",
                            "statement_id")
    assert failure.unexpected_count == 2


def test_dangling_references_fail(db, expectations_dir):
    mutate(db, "update marts.fct_statements set actor_id = 'person:nobody', topic = 'no_topic' "
               "where speaker_text = 'Dmitry Peskov'")
    report = validate_warehouse(db, expectations_dir)
    assert failures_of(report, "derived_statement_checks", "expect_column_values_to_be_in_set",
                       "actor_in_dim")
    assert failures_of(report, "derived_statement_checks", "expect_column_values_to_be_in_set",
                       "topic_in_dim")


def test_too_many_unresolved_actors_fails(db, expectations_dir):
    mutate(db, "update marts.fct_statements set actor_id = null "
               "where speaker_text <> 'Dmitry Peskov'")
    report = validate_warehouse(db, expectations_dir)
    [failure] = failures_of(report, "marts.fct_statements", "expect_column_values_to_not_be_null",
                            "actor_id")
    assert failure.unexpected_count == 5


def test_empty_marts_for_non_empty_input_fails(db, expectations_dir):
    mutate(db, "delete from marts.fct_statements")
    report = validate_warehouse(db, expectations_dir)
    assert failures_of(report, "derived_warehouse_checks", "expect_column_values_to_be_in_set",
                       "fct_statements_nonempty_if_input")


def test_missing_table_is_a_failure_not_a_traceback(db, expectations_dir):
    mutate(db, "drop table marts.dim_topics")
    report = validate_warehouse(db, expectations_dir)
    assert not report.success
    assert failures_of(report, "marts.dim_topics", "table_exists")
    # the derived checks that need the table say so
    assert failures_of(report, "derived_statement_checks", "derive_inputs_available")
    # the other suites still ran
    assert report.checked > 50


def test_missing_column_is_a_failure(db, expectations_dir):
    mutate(db, "alter table marts.dim_actors drop column actor_type")
    report = validate_warehouse(db, expectations_dir)
    [columns] = failures_of(report, "marts.dim_actors", "expect_table_columns_to_match_set")
    assert columns.examples == [{"missing": ["actor_type"]}]


def test_missing_database_file_is_a_failure(tmp_path, expectations_dir):
    report = validate_warehouse(tmp_path / "nope.duckdb", expectations_dir)
    assert not report.success
    assert report.failures[0].expectation == "database_exists"


def test_derived_checks_slice_python_strings():
    import pandas as pd

    text = "Erdoğan 😀 said: “Ceasefire first.”"
    start = text.index("said")
    frames = {
        "marts.dim_articles": pd.DataFrame({"article_id": ["a"], "text": [text],
                                            "published_at": [pd.Timestamp("2025-03-03 10:00")]}),
        "marts.dim_actors": pd.DataFrame({"actor_id": ["person:x"]}),
        "marts.dim_topics": pd.DataFrame({"topic_id": ["ceasefire"]}),
        "marts.fct_statements": pd.DataFrame({
            "statement_id": ["s1"], "article_id": ["a"], "actor_id": [None],
            "topic": ["ceasefire"], "statement_date": [pd.Timestamp("2025-03-03")],
            "speaker_text": ["Erdoğan"], "speaker_start": [0], "speaker_end": [7],
            "cue": ["said"], "cue_start": [start], "cue_end": [start + 4],
            "content_text": ["Ceasefire first."], "content_start": [text.index("Ceasefire")],
            "content_end": [text.index("Ceasefire") + len("Ceasefire first.")],
        }),
    }
    row = derive_statement_checks(frames).iloc[0]
    assert row["speaker_matches_text"] and row["cue_matches_text"] and row["content_matches_text"]
    assert row["offsets_inside_text"] and row["actor_in_dim"] and row["topic_in_dim"]
    assert not row["dated_after_publication"]


def test_stored_validation_results_are_pruned_to_the_newest_runs(db, expectations_dir):
    validations = expectations_dir / "gx" / "uncommitted" / "validations"
    for _ in range(3):
        validate_warehouse(db, expectations_dir)
    runs = [p for p in validations.glob("*/*/*") if p.is_dir()]
    suites = {p.parent.parent.name for p in runs}
    assert suites and len(runs) >= 3 * len(suites)  # Great Expectations keeps every run
    report = validate_warehouse(db, expectations_dir, keep_results=1)
    assert report.success
    kept = [p for p in validations.glob("*/*/*") if p.is_dir()]
    assert len(kept) == len(suites)
    assert {p.parent.parent.name for p in kept} == suites  # the newest run of each suite stays

"""Create (or bring up to date) the Great Expectations file context that guards the warehouse.

Run from the repository root:

    .venv/bin/python expectations/define_suites.py

It writes, under ``expectations/gx/``:

* ``great_expectations.yml`` - one pandas datasource ``warehouse`` with one dataframe asset and
  one whole-dataframe batch definition per table (analytics switched off);
* ``expectations/<suite>.json`` - one Expectation Suite per table (plus the derived checks);
* ``validation_definitions/<suite>`` - one validation definition per suite;
* ``checkpoints/warehouse_guard`` - the checkpoint that lists them all.

The output is committed. Re-running is idempotent: GX's ``add_or_update`` keeps the ids of
unchanged expectations, suites, validation definitions and the checkpoint, so an unchanged
definition rewrites byte-identical files. The thresholds (``mostly``, value sets, bounds) live in
the suite files; ``ingest/publishing/validation.py`` contains none. To change a threshold, edit
it here and re-run (or edit the suite JSON directly - but then port the change here, or the
next run of this script will put the old value back).

Each suite's ``meta`` says what it validates: ``{"table": "marts.fct_statements"}`` for a
warehouse table, ``{"derived": "statement_checks"}`` for a DataFrame computed in Python by
``ingest.publishing.validation`` (cross-table checks GX cannot express on one table).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATASOURCE = "warehouse"
BATCH_DEFINITION = "whole_table"
CHECKPOINT = "warehouse_guard"
# How much detail failed expectations carry: a few unexpected values per expectation.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 5}

STANCES = ["support", "oppose", "neutral"]
DATE_PRECISIONS = ["day", "month", "year"]  # null allowed: in_set ignores nulls
SPEAKER_KINDS = ["named", "pronoun", "nominal", "unnamed_source", "document"]
DATE_SOURCES = ["text", "published", "unknown"]
ACTOR_TYPES = ["person", "state", "organisation", "group", "unknown"]
# Share of statements that must have a resolved actor (actor_id not null).
MIN_RESOLVED_ACTOR_SHARE = 0.5


# --- small builders: each returns (expectation type, kwargs) ------------------------------------

def columns(*cols: str):
    """The table has at least these columns (extra columns are fine)."""
    return ("expect_table_columns_to_match_set", {"column_set": list(cols), "exact_match": False})


def key(col: str):
    return [("expect_column_values_to_not_be_null", {"column": col}),
            ("expect_column_values_to_be_unique", {"column": col})]


def compound_key(*cols: str):
    out = [("expect_column_values_to_not_be_null", {"column": c}) for c in cols]
    out.append(("expect_compound_columns_to_be_unique", {"column_list": list(cols)}))
    return out


def not_null(col: str, mostly: float | None = None):
    kwargs: dict = {"column": col}
    if mostly is not None:
        kwargs["mostly"] = mostly
    return ("expect_column_values_to_not_be_null", kwargs)


def in_set(col: str, values: list, mostly: float | None = None):
    kwargs: dict = {"column": col, "value_set": list(values)}
    if mostly is not None:
        kwargs["mostly"] = mostly
    return ("expect_column_values_to_be_in_set", kwargs)


def between(col: str, lo=None, hi=None):
    return ("expect_column_values_to_be_between", {"column": col, "min_value": lo, "max_value": hi})


def offsets(prefix: str):
    """``<prefix>_start`` / ``<prefix>_end`` not null and start < end."""
    start, end = f"{prefix}_start", f"{prefix}_end"
    return [
        not_null(start),
        not_null(end),
        between(start, 0, None),
        ("expect_column_pair_values_a_to_be_greater_than_b",
         {"column_A": end, "column_B": start, "or_equal": False}),
    ]


def rows_between(lo=None, hi=None):
    return ("expect_table_row_count_to_be_between", {"min_value": lo, "max_value": hi})


def flat(*items) -> list[tuple[str, dict]]:
    out: list[tuple[str, dict]] = []
    for item in items:
        if isinstance(item, list):
            out.extend(item)
        else:
            out.append(item)
    return out


# --- the suites ---------------------------------------------------------------------------------

SUITES: dict[str, dict] = {
    "raw_articles": {
        "meta": {"table": "raw.articles"},
        "expectations": flat(
            columns("article_id", "title", "text", "published_at", "source", "url", "author",
                    "source_path", "record_number", "content_hash", "word_count", "run_id",
                    "ingested_at"),
            key("article_id"),
            not_null("text"),
            not_null("run_id"),
            between("word_count", 0, None),
        ),
    },
    "raw_mentions": {
        "meta": {"table": "raw.mentions"},
        "expectations": flat(
            columns("mention_id", "article_id", "start_char", "end_char", "text", "label",
                    "actor_id", "actor_type", "in_boilerplate", "run_id"),
            key("mention_id"),
            not_null("article_id"),
            not_null("start_char"),
            not_null("end_char"),
            between("start_char", 0, None),
            ("expect_column_pair_values_a_to_be_greater_than_b",
             {"column_A": "end_char", "column_B": "start_char", "or_equal": False}),
        ),
    },
    "raw_statements": {
        "meta": {"table": "raw.statements"},
        "expectations": flat(
            columns("statement_id", "article_id", "speaker_text", "speaker_start", "speaker_end",
                    "speaker_kind", "actor_id", "represented_actor_id", "reported_via", "cue",
                    "cue_lemma", "cue_start", "cue_end", "content_text", "content_start",
                    "content_end", "sentence_start", "sentence_end", "evidence", "topic_id",
                    "topic_key_phrase", "stance", "stance_score", "is_conditional",
                    "condition_text", "is_hypothetical", "statement_date", "date_precision",
                    "date_source", "date_text", "run_id"),
            key("statement_id"),
            not_null("article_id"),
            not_null("topic_id"),
            not_null("stance"),
            in_set("stance", STANCES),
            between("stance_score", -1, 1),
            in_set("speaker_kind", SPEAKER_KINDS),
            in_set("date_precision", DATE_PRECISIONS),
            in_set("date_source", DATE_SOURCES),
            offsets("speaker"),
            offsets("cue"),
            offsets("content"),
            not_null("actor_id", mostly=MIN_RESOLVED_ACTOR_SHARE),
        ),
    },
    "marts_fct_statements": {
        "meta": {"table": "marts.fct_statements"},
        "expectations": flat(
            columns("statement_id", "article_id", "actor_id", "actor_name", "speaker_text",
                    "speaker_kind", "represented_actor_id", "represented_actor_name",
                    "reported_via", "topic", "stance", "stance_score", "is_conditional",
                    "condition_text", "is_hypothetical", "cue", "statement_date",
                    "date_precision", "date_source", "evidence", "speaker_start", "speaker_end",
                    "cue_start", "cue_end", "content_start", "content_end", "content_text",
                    "published_at", "source_name", "story_id", "canonical_statement_id",
                    "is_canonical"),
            key("statement_id"),
            not_null("article_id"),
            not_null("topic"),
            not_null("stance"),
            in_set("stance", STANCES),
            between("stance_score", -1, 1),
            in_set("speaker_kind", SPEAKER_KINDS),
            in_set("date_precision", DATE_PRECISIONS),
            in_set("date_source", DATE_SOURCES),
            offsets("speaker"),
            offsets("cue"),
            offsets("content"),
            not_null("canonical_statement_id"),
            not_null("is_canonical"),
            not_null("actor_id", mostly=MIN_RESOLVED_ACTOR_SHARE),
        ),
    },
    "marts_dim_actors": {
        "meta": {"table": "marts.dim_actors"},
        "expectations": flat(
            columns("actor_id", "actor_name", "actor_type", "country_iso3",
                    "represented_actor_id", "represented_actor_name", "aliases", "first_seen",
                    "last_seen", "statement_count"),
            key("actor_id"),
            not_null("actor_name"),
            not_null("actor_type"),
            in_set("actor_type", ACTOR_TYPES),
            not_null("statement_count"),
            between("statement_count", 0, None),
            ("expect_column_pair_values_a_to_be_greater_than_b",
             {"column_A": "last_seen", "column_B": "first_seen", "or_equal": True,
              "ignore_row_if": "either_value_is_missing"}),
        ),
    },
    "marts_dim_articles": {
        "meta": {"table": "marts.dim_articles"},
        "expectations": flat(
            columns("article_id", "title", "source_name", "url", "author", "published_at",
                    "published_date", "story_id", "word_count", "text", "statement_count"),
            key("article_id"),
            not_null("text"),
            not_null("story_id"),
            not_null("statement_count"),
            between("statement_count", 0, None),
        ),
    },
    "marts_dim_topics": {
        "meta": {"table": "marts.dim_topics"},
        "expectations": flat(
            columns("topic_id", "label", "description", "match_terms", "statement_count"),
            key("topic_id"),
            ("expect_column_values_to_match_regex", {"column": "topic_id", "regex": r"^[a-z0-9_]+$"}),
            not_null("statement_count"),
            between("statement_count", 0, None),
        ),
    },
    "marts_fct_actor_stances": {
        "meta": {"table": "marts.fct_actor_stances"},
        "expectations": flat(
            columns("actor_id", "topic", "month", "support_count", "oppose_count",
                    "neutral_count", "statement_count", "net_stance", "latest_stance",
                    "latest_statement_date", "latest_statement_id"),
            compound_key("actor_id", "topic", "month"),
            between("support_count", 0, None),
            between("oppose_count", 0, None),
            between("neutral_count", 0, None),
            not_null("statement_count"),
            between("statement_count", 1, None),
            between("net_stance", -1, 1),
            in_set("latest_stance", STANCES),
        ),
    },
    "marts_fct_stance_changes": {
        "meta": {"table": "marts.fct_stance_changes"},
        "expectations": flat(
            columns("change_id", "actor_id", "topic", "changed_on", "from_stance", "to_stance",
                    "from_statement_id", "to_statement_id", "from_statement_date",
                    "to_statement_date"),
            key("change_id"),
            not_null("actor_id"),
            not_null("topic"),
            not_null("changed_on"),
            in_set("from_stance", STANCES),
            in_set("to_stance", STANCES),
            ("expect_column_pair_values_a_to_be_greater_than_b",
             {"column_A": "to_statement_date", "column_B": "from_statement_date",
              "or_equal": True, "ignore_row_if": "either_value_is_missing"}),
        ),
    },
    "marts_fct_actor_topic_edges": {
        "meta": {"table": "marts.fct_actor_topic_edges"},
        "expectations": flat(
            columns("actor_id", "topic", "agreement", "weight", "first_date", "last_date"),
            compound_key("actor_id", "topic", "agreement"),
            in_set("agreement", STANCES),
            not_null("weight"),
            between("weight", 1, None),
            ("expect_column_pair_values_a_to_be_greater_than_b",
             {"column_A": "last_date", "column_B": "first_date", "or_equal": True,
              "ignore_row_if": "either_value_is_missing"}),
        ),
    },
    # One row per marts.fct_statements row, computed in Python (validation.derive_statement_checks):
    # each boolean column says whether the statement passes one cross-table check.
    "derived_statement_checks": {
        "meta": {"derived": "statement_checks"},
        "expectations": flat(
            columns("statement_id", "speaker_matches_text", "cue_matches_text",
                    "content_matches_text", "offsets_inside_text", "dated_after_publication",
                    "actor_in_dim", "topic_in_dim", "article_in_dim"),
            in_set("speaker_matches_text", [True], mostly=1.0),
            in_set("cue_matches_text", [True], mostly=1.0),
            in_set("content_matches_text", [True], mostly=1.0),
            in_set("offsets_inside_text", [True], mostly=1.0),
            in_set("dated_after_publication", [False], mostly=1.0),
            in_set("actor_in_dim", [True], mostly=1.0),
            in_set("topic_in_dim", [True], mostly=1.0),
            in_set("article_in_dim", [True], mostly=1.0),
        ),
    },
    # One row per raw.articles row, computed in Python (validation.derive_article_checks).
    "derived_article_checks": {
        "meta": {"derived": "article_checks"},
        "expectations": flat(
            columns("article_id", "published_at", "ingested_at", "days_published_after_ingest"),
            # An article dated more than a day after it was read has a wrong publication date
            # (a typo such as 2032 for 2023); a day allows for time zones.
            between("days_published_after_ingest", None, 1.0),
        ),
    },
    # Exactly one row of warehouse-level facts, computed in Python
    # (validation.derive_warehouse_checks): non-empty marts for non-empty input, coverage.
    "derived_warehouse_checks": {
        "meta": {"derived": "warehouse_checks"},
        "expectations": flat(
            columns("raw_articles_rows", "raw_statements_rows", "fct_statements_rows",
                    "dim_articles_rows", "fct_statements_nonempty_if_input",
                    "dim_articles_nonempty_if_input", "raw_articles_in_dim_articles_share",
                    "raw_statements_in_fct_statements_share"),
            rows_between(1, 1),
            in_set("fct_statements_nonempty_if_input", [True]),
            in_set("dim_articles_nonempty_if_input", [True]),
            between("raw_articles_in_dim_articles_share", 1.0, None),
            between("raw_statements_in_fct_statements_share", 1.0, None),
        ),
    },
}


def _expectation(gx, type_: str, kwargs: dict):
    class_name = "".join(part.capitalize() for part in type_.split("_"))
    cls = getattr(gx.expectations, class_name)
    return cls(**kwargs)


def _signature(expectation) -> str:
    config = expectation.configuration
    return json.dumps([config.type, config.kwargs, config.meta or {}], sort_keys=True, default=str)


def define(project_root: Path = HERE) -> None:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.exceptions import DataContextError

    context = gx.get_context(mode="file", project_root_dir=str(project_root))
    if context.config.analytics_enabled is not False:
        context.enable_analytics(False)
    # Quiet validation: no tqdm "Calculating Metrics" bars.
    bars = context.variables.progress_bars
    if not bars or bars.get("globally") is not False or bars.get("metric_calculations") is not False:
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context.variables.progress_bars = ProgressBarsConfig(globally=False,
                                                             metric_calculations=False)
        context.variables.save()

    try:
        datasource = context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError, DataContextError):
        datasource = context.data_sources.add_pandas(name=DATASOURCE)

    validation_definitions = []
    for suite_name, spec in SUITES.items():
        # Keep the ids of unchanged expectations so that re-running rewrites identical files
        # (GX's own id matching compares ids too, so it never matches a freshly built one).
        existing_ids: dict[str, str] = {}
        try:
            for old in context.suites.get(suite_name).expectations:
                existing_ids.setdefault(_signature(old), old.id)
        except DataContextError:
            pass
        suite = gx.ExpectationSuite(name=suite_name, meta=dict(spec["meta"]))
        for type_, kwargs in spec["expectations"]:
            suite.add_expectation(_expectation(gx, type_, kwargs))
        for expectation in suite.expectations:
            expectation.id = existing_ids.pop(_signature(expectation), None)
        suite = context.suites.add_or_update(suite)

        try:
            asset = datasource.get_asset(suite_name)
        except LookupError:
            asset = datasource.add_dataframe_asset(name=suite_name)
        try:
            batch_definition = asset.get_batch_definition(BATCH_DEFINITION)
        except (KeyError, LookupError):
            batch_definition = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)

        vd = gx.ValidationDefinition(name=suite_name, data=batch_definition, suite=suite)
        validation_definitions.append(context.validation_definitions.add_or_update(vd))

    # Drop suites / validation definitions / assets that are no longer defined here.
    for vd in list(context.validation_definitions.all()):
        if vd.name not in SUITES:
            context.validation_definitions.delete(vd.name)
    for suite in list(context.suites.all()):
        if suite.name not in SUITES:
            context.suites.delete(suite.name)
    for asset in list(datasource.assets):
        if asset.name not in SUITES:
            datasource.delete_asset(asset.name)

    checkpoint = gx.Checkpoint(
        name=CHECKPOINT,
        validation_definitions=validation_definitions,
        actions=[],  # no Data Docs during validation; see validation.build_data_docs
        result_format=RESULT_FORMAT,
    )
    context.checkpoints.add_or_update(checkpoint)
    print(f"{len(SUITES)} suites, checkpoint {CHECKPOINT!r} in {project_root / 'gx'}")


if __name__ == "__main__":
    define(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)

"""Validate a warehouse DuckDB file with the Great Expectations context in ``expectations/``.

``validate_warehouse(db_path, expectations_dir)`` runs the checkpoint ``warehouse_guard``:

1. it loads the GX file context and the checkpoint's validation definitions; each suite's
   ``meta`` names what it validates (``{"table": "marts.fct_statements"}`` or
   ``{"derived": "statement_checks"}``);
2. it opens the DuckDB file READ-ONLY, reads every needed table whole into a DataFrame and closes
   the connection before GX runs (GX's SQL datasource does not work with DuckDB; see
   docs/STACK_NOTES);
3. it computes the derived DataFrames for the cross-table checks GX cannot express on one table
   (``derive_statement_checks``, ``derive_warehouse_checks``);
4. it runs each validation definition of the checkpoint with its own DataFrame
   (``batch_parameters={"dataframe": df}``; ``Checkpoint.run`` passes one set of batch
   parameters to every validation definition, so they are run one by one with the checkpoint's
   ``result_format``; the checkpoint has no actions);
5. it returns a ``ValidationReport`` listing every failed expectation with a few examples.

All thresholds (``mostly``, value sets, bounds) live in the suite files, written by
``expectations/define_suites.py``; this module holds none. Nothing happens at import time:
GX is imported inside the functions, with analytics switched off first. Data Docs are not built
here; ``build_data_docs`` does that separately (``make docs``).
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHECKPOINT_NAME = "warehouse_guard"
MAX_EXAMPLES = 3

# Inputs of the derived checks (schema.table).
STATEMENT_CHECK_INPUTS = ("marts.fct_statements", "marts.dim_articles", "marts.dim_actors",
                          "marts.dim_topics")
WAREHOUSE_CHECK_INPUTS = ("raw.articles", "raw.statements", "marts.fct_statements",
                          "marts.dim_articles")
ARTICLE_CHECK_INPUTS = ("raw.articles",)

# Expectations that judge each row on its own: a failure names rows, and the articles of those rows
# can be quarantined while the rest of the warehouse publishes (ingest/publishing/quarantine.py).
# Uniqueness, row counts, column sets and any expectation with `mostly` below 1 judge the table as a
# whole: their failures block the build.
ROW_LEVEL_EXPECTATIONS = frozenset({
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_between",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_not_match_regex",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
})
ROW_KEY = "article_id"

# Columns shown next to the statement_id when a derived statement check fails.
_DETAIL_COLUMNS = {
    "speaker_matches_text": ["speaker_text", "text_at_speaker"],
    "cue_matches_text": ["cue", "text_at_cue"],
    "content_matches_text": ["content_text", "text_at_content"],
    "offsets_inside_text": ["speaker_start", "speaker_end", "cue_start", "cue_end",
                            "content_start", "content_end", "text_length"],
    "dated_after_publication": ["statement_date", "published_date"],
    "actor_in_dim": ["actor_id"],
    "topic_in_dim": ["topic"],
    "article_in_dim": ["article_id"],
}


@dataclass
class Failure:
    """One failed expectation (or a check that could not run)."""

    table: str                      # "marts.fct_statements", "derived_statement_checks", ...
    expectation: str                # e.g. "expect_column_values_to_be_in_set"
    column: str | None              # column(s) the expectation is about, if any
    unexpected_count: int | None    # rows that failed; None for table-level checks
    examples: list = field(default_factory=list)  # a few unexpected values / rows
    # For a row-level expectation on a table with an article_id: the articles of every failing row
    # (None: the failure is about the table as a whole, or its rows name no article) ...
    article_ids: list[str] | None = None
    # ... and, per article, the failing value(s) ("days_published_after_ingest=26815.5").
    article_values: dict[str, str] = field(default_factory=dict)

    @property
    def row_level(self) -> bool:
        return self.article_ids is not None

    def summary(self) -> str:
        target = f"{self.expectation}({self.column})" if self.column else self.expectation
        if self.unexpected_count is not None:
            text = f"{self.table}: {target} failed for {self.unexpected_count} rows"
        else:
            text = f"{self.table}: {target} failed"
        if self.examples:
            text += f", e.g. {self.examples!r}"
        return text


@dataclass
class ValidationReport:
    success: bool
    failures: list[Failure]
    checked: int  # number of expectations evaluated

    def summary_lines(self) -> list[str]:
        return [failure.summary() for failure in self.failures]

    @property
    def only_row_failures(self) -> bool:
        """Every failure names the articles of its rows (so quarantining them may let the rest pass)."""
        return bool(self.failures) and all(failure.row_level for failure in self.failures)


class _MissingInput(Exception):
    pass


# --- GX setup -----------------------------------------------------------------------------------

def _quiet_gx() -> None:
    """Offline and quiet: no usage statistics, no progress bars, only warnings logged."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"  # progress bars are off in great_expectations.yml
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


def _project_root(expectations_dir: Path) -> Path:
    """Accept ``expectations/`` (holding ``gx/``) or the ``gx/`` folder itself."""
    expectations_dir = Path(expectations_dir)
    if (expectations_dir / "gx" / "great_expectations.yml").is_file():
        return expectations_dir
    if (expectations_dir / "great_expectations.yml").is_file():
        return expectations_dir.parent
    raise FileNotFoundError(
        f"no Great Expectations context in {expectations_dir} "
        "(run expectations/define_suites.py to create it)"
    )


def _get_context(expectations_dir: Path):
    root = _project_root(expectations_dir)  # before get_context, which would create a new one
    _quiet_gx()
    import great_expectations as gx

    return gx.get_context(mode="file", project_root_dir=str(root))


# --- reading the warehouse ----------------------------------------------------------------------

def _read_tables(db_path: Path, wanted: set[str]):
    """Read the wanted tables whole; returns ({name: DataFrame}, set of missing names).

    The connection is read-only and closed before returning.
    """
    from ingest.loading.schema import WAREHOUSE_CATALOG, connect

    con = connect(Path(db_path), read_only=True)
    try:
        rows = con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = ?",
            [WAREHOUSE_CATALOG],
        ).fetchall()
        present = {f"{schema}.{name}" for schema, name in rows}
        frames = {}
        for name in sorted(wanted & present):
            schema, table = name.split(".", 1)
            frames[name] = con.sql(f'select * from "{schema}"."{table}"').df()
    finally:
        con.close()
    return frames, wanted - present


# --- derived checks -----------------------------------------------------------------------------

def _as_day(series):
    import pandas as pd

    values = pd.to_datetime(series, errors="coerce")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    return values.dt.normalize()


def _require(frames: dict, names: tuple[str, ...]) -> None:
    missing = [name for name in names if name not in frames]
    if missing:
        raise _MissingInput(f"input table(s) missing: {', '.join(missing)}")


def derive_statement_checks(frames: dict) -> Any:
    """One row per ``marts.fct_statements`` row with one boolean column per cross-table check.

    Offsets are Python string indices into the article text (``dim_articles.text``), so the
    text is sliced in Python, not with SQL ``substr``.
    """
    import pandas as pd

    _require(frames, STATEMENT_CHECK_INPUTS)
    statements = frames["marts.fct_statements"]
    articles = frames["marts.dim_articles"]
    needed = ["statement_id", "article_id", "actor_id", "topic", "statement_date",
              "speaker_text", "cue", "content_text"]
    needed += [f"{p}_{s}" for p in ("speaker", "cue", "content") for s in ("start", "end")]
    missing = [c for c in needed if c not in statements.columns]
    missing += [f"dim_articles.{c}" for c in ("article_id", "text", "published_at")
                if c not in articles.columns]
    if missing:
        raise _MissingInput(f"column(s) missing: {', '.join(missing)}")

    article_text = dict(zip(articles["article_id"], articles["text"]))
    article_published = dict(zip(articles["article_id"], _as_day(articles["published_at"])))

    out = statements[needed].copy()
    texts = [article_text.get(a) for a in out["article_id"]]
    texts = [t if isinstance(t, str) else None for t in texts]
    out["text_length"] = [len(t) if t is not None else None for t in texts]

    def _int(value):
        return None if pd.isna(value) else int(value)

    inside = [True] * len(out)
    for part in ("speaker", "cue", "content"):
        surface_col = {"speaker": "speaker_text", "cue": "cue", "content": "content_text"}[part]
        at, matches = [], []
        for i, (text, start, end, surface) in enumerate(zip(
                texts, out[f"{part}_start"], out[f"{part}_end"], out[surface_col])):
            start, end = _int(start), _int(end)
            ok = (text is not None and start is not None and end is not None
                  and 0 <= start < end <= len(text))
            inside[i] = inside[i] and ok
            piece = text[start:end] if ok else None
            at.append(piece)
            matches.append(piece is not None and isinstance(surface, str) and piece == surface)
        out[f"text_at_{part}"] = at
        out[f"{part}_matches_text"] = pd.Series(matches, index=out.index, dtype=bool)
    out["offsets_inside_text"] = pd.Series(inside, index=out.index, dtype=bool)

    statement_day = _as_day(out["statement_date"])
    published_day = pd.Series([article_published.get(a) for a in out["article_id"]],
                              index=out.index, dtype="datetime64[us]")
    if "published_at" in statements.columns:  # article unknown to dim_articles: use the fact's
        published_day = published_day.fillna(_as_day(statements["published_at"]))
    out["published_date"] = published_day
    out["dated_after_publication"] = (
        statement_day.notna() & published_day.notna() & (statement_day > published_day)
    ).astype(bool)

    actors = set(frames["marts.dim_actors"].get("actor_id", pd.Series(dtype=str)).dropna())
    topics = set(frames["marts.dim_topics"].get("topic_id", pd.Series(dtype=str)).dropna())
    article_ids = set(articles["article_id"].dropna())
    out["actor_in_dim"] = (out["actor_id"].isna() | out["actor_id"].isin(actors)).astype(bool)
    out["topic_in_dim"] = out["topic"].isin(topics).astype(bool)
    out["article_in_dim"] = out["article_id"].isin(article_ids).astype(bool)
    return out.reset_index(drop=True)


def derive_warehouse_checks(frames: dict) -> Any:
    """Exactly one row of warehouse-level facts (row counts, coverage between layers)."""
    import pandas as pd

    _require(frames, WAREHOUSE_CHECK_INPUTS)
    raw_articles = frames["raw.articles"]
    raw_statements = frames["raw.statements"]
    fct = frames["marts.fct_statements"]
    dim_articles = frames["marts.dim_articles"]

    def share(ids, within) -> float:
        ids = set(ids.dropna())
        return 1.0 if not ids else len(ids & set(within.dropna())) / len(ids)

    row = {
        "raw_articles_rows": len(raw_articles),
        "raw_statements_rows": len(raw_statements),
        "fct_statements_rows": len(fct),
        "dim_articles_rows": len(dim_articles),
        "fct_statements_nonempty_if_input": len(raw_articles) == 0 or len(fct) > 0,
        "dim_articles_nonempty_if_input": len(raw_articles) == 0 or len(dim_articles) > 0,
        "raw_articles_in_dim_articles_share": share(raw_articles["article_id"],
                                                    dim_articles["article_id"]),
        "raw_statements_in_fct_statements_share": share(raw_statements["statement_id"],
                                                        fct["statement_id"]),
    }
    return pd.DataFrame([row])


def derive_article_checks(frames: dict) -> Any:
    """One row per ``raw.articles`` row: how many days after it was read the article is dated."""
    import pandas as pd

    _require(frames, ARTICLE_CHECK_INPUTS)
    articles = frames["raw.articles"]
    missing = [c for c in ("article_id", "published_at", "ingested_at") if c not in articles.columns]
    if missing:
        raise _MissingInput(f"column(s) missing: {', '.join(missing)}")
    out = articles[["article_id", "published_at", "ingested_at"]].copy()
    published = pd.to_datetime(out["published_at"], errors="coerce")
    ingested = pd.to_datetime(out["ingested_at"], errors="coerce")
    out["days_published_after_ingest"] = ((published - ingested).dt.total_seconds() / 86400.0).astype("float64")
    return out.reset_index(drop=True)


_DERIVERS = {
    "statement_checks": (derive_statement_checks, STATEMENT_CHECK_INPUTS),
    "warehouse_checks": (derive_warehouse_checks, WAREHOUSE_CHECK_INPUTS),
    "article_checks": (derive_article_checks, ARTICLE_CHECK_INPUTS),
}


# --- results ------------------------------------------------------------------------------------

def _column_of(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    return None


def _plain(value):
    """Make an example value printable (numpy scalars, timestamps)."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            pass
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _examples_from_frame(df, column: str, kwargs: dict) -> list:
    """For derived checks: the failing rows (statement_id + what explains the failure)."""
    value_set = kwargs.get("value_set")
    if value_set is None or column not in df.columns:
        return []
    bad = df[~df[column].isin(value_set)]
    if "statement_id" not in df.columns:
        return [{k: _plain(v) for k, v in r.items()} for r in bad.head(MAX_EXAMPLES).to_dict("records")]
    detail = [c for c in _DETAIL_COLUMNS.get(column, []) if c in df.columns]
    rows = bad.head(MAX_EXAMPLES)[["statement_id", *detail]].to_dict("records")
    return [{k: _plain(v) for k, v in r.items()} for r in rows]


def _failures_from_result(name: str, result, df, derived: bool) -> list[Failure]:
    failures = []
    for r in result.results:
        if r.success:
            continue
        config = r.expectation_config
        kwargs = dict(config.kwargs)
        column = _column_of(kwargs)
        details = r.result or {}
        exception = (r.exception_info or {}).get("exception_message") if r.exception_info else None
        unexpected_count = details.get("unexpected_count")
        if exception:
            examples = [exception]
        elif derived and column and column in df.columns:
            examples = _examples_from_frame(df, column, kwargs)
        elif "partial_unexpected_list" in details:
            examples = [_plain(v) for v in details["partial_unexpected_list"][:MAX_EXAMPLES]]
        elif (details.get("details") or {}).get("mismatched"):
            examples = [details["details"]["mismatched"]]
        elif "observed_value" in details:
            examples = [_plain(details["observed_value"])]
        else:
            examples = []
        failures.append(Failure(
            table=name, expectation=config.type, column=column,
            unexpected_count=int(unexpected_count) if unexpected_count is not None else None,
            examples=examples,
        ))
    return failures


def _is_row_level(config) -> bool:
    mostly = config.kwargs.get("mostly")
    return config.type in ROW_LEVEL_EXPECTATIONS and (mostly is None or float(mostly) >= 1.0)


def _name_failing_articles(vd, result, df, failures: list[Failure], checkpoint_id) -> None:
    """Fill ``article_ids`` of the row-level failures of one suite: the suite is run again with the
    COMPLETE result format, which lists the article_id of every unexpected row (this second run
    happens only when the suite failed)."""
    row_level = [r.expectation_config for r in result.results if not r.success and _is_row_level(r.expectation_config)]
    if not row_level:
        return
    try:
        complete = vd.run(
            batch_parameters={"dataframe": df},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [ROW_KEY],
                           "return_unexpected_index_query": False},
            checkpoint_id=checkpoint_id,
        )
    except Exception:  # the failures stay whole-table failures: the build blocks
        return
    ids_by_expectation = {}
    for r in complete.results:
        if r.success or not _is_row_level(r.expectation_config):
            continue
        listed = (r.result or {}).get("unexpected_index_list")
        if not isinstance(listed, list) or len(listed) != (r.result or {}).get("unexpected_count"):
            continue
        if not listed or not all(isinstance(row, dict) and row.get(ROW_KEY) is not None for row in listed):
            continue
        values: dict[str, list[str]] = {}
        for row in listed:
            shown = ", ".join(f"{k}={_shown(v)}" for k, v in row.items() if k != ROW_KEY)
            values.setdefault(str(row[ROW_KEY]), [])
            if shown and shown not in values[str(row[ROW_KEY])] and len(values[str(row[ROW_KEY])]) < MAX_EXAMPLES:
                values[str(row[ROW_KEY])].append(shown)
        key = (r.expectation_config.type, _column_of(dict(r.expectation_config.kwargs)))
        ids_by_expectation[key] = values
    for failure in failures:
        values = ids_by_expectation.get((failure.expectation, failure.column))
        if values is not None:
            failure.article_ids = sorted(values)
            failure.article_values = {article: "; ".join(shown) for article, shown in values.items() if shown}


def _shown(value) -> str:
    value = _plain(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


# --- public API ---------------------------------------------------------------------------------

def validate_warehouse(db_path: Path, expectations_dir: Path, keep_results: int | None = None) -> ValidationReport:
    """Validate the DuckDB file ``db_path`` against the checkpoint in ``expectations_dir``.

    With ``keep_results``, only that many of the newest stored results per suite are kept afterwards."""
    db_path = Path(db_path)
    try:
        return _validate(db_path, Path(expectations_dir))
    finally:
        if keep_results is not None:
            prune_validation_results(Path(expectations_dir), keep_results)


def prune_validation_results(expectations_dir: Path, keep: int) -> int:
    """Delete all but the ``keep`` newest stored validation runs of each suite; returns how many
    runs were deleted. Great Expectations writes one folder per run
    (``gx/uncommitted/validations/<suite>/<run name>/<run time>/``) and never removes any."""
    root = _project_root(expectations_dir) / "gx" / "uncommitted" / "validations"
    if not root.is_dir():
        return 0
    deleted = 0
    for run_name_dir in sorted(p for p in root.glob("*/*") if p.is_dir()):
        runs = sorted((p for p in run_name_dir.iterdir() if p.is_dir()), key=lambda p: p.name, reverse=True)
        for old in runs[max(keep, 0):]:
            shutil.rmtree(old, ignore_errors=True)
            deleted += 1
    return deleted


def _validate(db_path: Path, expectations_dir: Path) -> ValidationReport:
    context = _get_context(expectations_dir)
    checkpoint = context.checkpoints.get(CHECKPOINT_NAME)

    plans = []  # (validation definition, display name, table or None, deriver key or None)
    wanted: set[str] = set()
    for vd in checkpoint.validation_definitions:
        meta = vd.suite.meta or {}
        if meta.get("derived"):
            _, inputs = _DERIVERS[meta["derived"]]
            wanted.update(inputs)
            plans.append((vd, vd.suite.name, None, meta["derived"]))
        else:
            # fall back to the naming convention raw_articles -> raw.articles
            table = meta.get("table") or vd.suite.name.replace("_", ".", 1)
            wanted.add(table)
            plans.append((vd, table, table, None))

    failures: list[Failure] = []
    if not db_path.is_file():
        return ValidationReport(False, [Failure(str(db_path), "database_exists", None, None,
                                                ["file not found"])], 0)
    try:
        frames, missing = _read_tables(db_path, wanted)
    except Exception as exc:  # locked by a writer, not a DuckDB file, ...
        return ValidationReport(False, [Failure(str(db_path), "database_readable", None, None,
                                                [f"{type(exc).__name__}: {exc}"])], 0)
    # The DuckDB connection is closed from here on.

    checked = 0
    for vd, name, table, deriver in plans:
        if table is not None:
            if table in missing:
                failures.append(Failure(table, "table_exists", None, None, ["table not found"]))
                continue
            df = frames[table]
        else:
            try:
                df = _DERIVERS[deriver][0](frames)
            except _MissingInput as exc:
                failures.append(Failure(name, "derive_inputs_available", None, None, [str(exc)]))
                continue
        try:
            result = vd.run(
                batch_parameters={"dataframe": df},
                result_format=checkpoint.result_format,
                checkpoint_id=checkpoint.id,
            )
        except Exception as exc:  # a broken suite must not hide the other results
            failures.append(Failure(name, "run_validation", None, None,
                                    [f"{type(exc).__name__}: {exc}"]))
            continue
        checked += len(result.results)
        found = _failures_from_result(name, result, df, derived=deriver is not None)
        if found and ROW_KEY in df.columns:
            _name_failing_articles(vd, result, df, found, checkpoint.id)
        failures.extend(found)

    return ValidationReport(success=not failures, failures=failures, checked=checked)


def build_data_docs(expectations_dir: Path) -> Path:
    """Build the GX Data Docs (suites and stored validation results); returns index.html."""
    context = _get_context(Path(expectations_dir))
    context.build_data_docs()
    root = _project_root(Path(expectations_dir))
    return root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

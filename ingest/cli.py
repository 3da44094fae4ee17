"""The `stance` command: ingest, build, validate, query, export (and eval, plot)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ingest.settings import load_settings

app = typer.Typer(help="Stance-tracking warehouse: who said what, about which topic, with which stance, and when.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)

DbOption = Annotated[Optional[Path], typer.Option("--db", help="Warehouse DuckDB file (default warehouse/stance.duckdb; env STANCE_DB).")]


def fail(message: str, code: int = 1) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _column_overrides(columns: list[str]) -> dict[str, str]:
    overrides = {}
    for item in columns:
        if "=" not in item:
            fail(f"--column takes FIELD=COLUMN (e.g. text=body), got '{item}'", 2)
        field, column = item.split("=", 1)
        if field not in {"id", "title", "text", "published_at", "source", "url", "author"}:
            fail(f"--column field must be one of id, title, text, published_at, source, url, author; got '{field}'", 2)
        overrides[field] = column
    return overrides


TopicsOption = Annotated[Optional[Path], typer.Option("--topics", help="Your taxonomy CSV (columns of dbt_project/seeds/topics.csv, see `stance init`); replaces the bundled one. Env STANCE_TOPICS.")]
ActorsOption = Annotated[Optional[Path], typer.Option("--actors", help="Your extra actors CSV (name, actor_type, aliases, roles; see `stance init`), on top of the bundled gazetteer. Env STANCE_ACTORS.")]
ProjectOption = Annotated[Optional[Path], typer.Option("--project", help="A folder made by `stance init`: its topics.csv, actors.csv and warehouse/ (plots in warehouse/reports/).")]


def _domain_settings(project: Path | None, topics: Path | None, actors: Path | None, db: Path | None, **overrides: object):
    """Settings with a project folder's files, then the explicit --topics/--actors/--db; the files are
    checked here, so a bad taxonomy stops the command with one line."""
    from ingest.domain.files import DomainFileError, read_actors_file
    from ingest.domain.project import ProjectError, project_settings
    from ingest.domain.taxonomy import load_taxonomy

    values: dict[str, object] = {}
    if project is not None:
        try:
            values.update(project_settings(project))
        except ProjectError as err:
            fail(str(err), 2)
    values.update({k: v for k, v in {"topics_path": topics, "actors_path": actors, "db_path": db}.items() if v is not None})
    settings = load_settings(**values, **overrides)
    try:
        load_taxonomy(settings.seeds_dir, settings.topics_path)
        if settings.actors_path is not None:
            read_actors_file(settings.actors_path)
    except DomainFileError as err:
        fail(str(err), 2)
    return settings


def _print_domain_notes(summary) -> None:
    for note in summary.domain_notes:
        typer.echo(note if note.startswith("warning:") else f"note: {note}")


def _print_rejects(summary, limit: int = 10) -> None:
    for line in summary.reject_messages[:limit]:
        typer.echo(f"rejected: {line}", err=True)
    if len(summary.reject_messages) > limit:
        typer.echo(f"rejected: … and {len(summary.reject_messages) - limit} more (see raw.rejected_inputs)", err=True)
    for line in getattr(summary, "notes", [])[:limit]:
        typer.echo(f"note: {line}", err=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .json .jsonl .csv .html).")],
    db: DbOption = None,
    strict: Annotated[bool, typer.Option(help="Exit non-zero when any input is rejected.")] = False,
    column: Annotated[list[str], typer.Option(help="Map a record field to a column/key name, e.g. text=body.")] = [],
    processes: Annotated[Optional[int], typer.Option(help="extraction worker processes (default 1; env STANCE_N_PROCESS).")] = None,
    topics: TopicsOption = None,
    actors: ActorsOption = None,
    project: ProjectOption = None,
) -> None:
    """Read, clean, extract and load articles into the raw schema of DB (idempotent)."""
    from ingest.extraction.pipeline import ModelNotInstalled
    from ingest.extraction.workers import WorkerFailed
    from ingest.ingestion import run_ingest
    from ingest.loading.writer import WarehouseLocked

    settings = _domain_settings(project, topics, actors, db, csv_columns=_column_overrides(column), n_process=processes)
    try:
        summary = run_ingest(paths, settings.db_path, settings)
    except (WarehouseLocked, ModelNotInstalled, WorkerFailed) as err:
        fail(str(err))
    _print_rejects(summary)
    typer.echo(summary.line())
    _print_domain_notes(summary)
    if strict and summary.rejected:
        fail(f"{summary.rejected} input(s) rejected (--strict)")


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Inputs to ingest (default: the bundled sample corpus).")] = None,
    db: DbOption = None,
    strict: Annotated[bool, typer.Option(help="Fail without publishing when any input is rejected.")] = False,
    fresh: Annotated[bool, typer.Option(help="Start from an empty warehouse instead of the published one.")] = False,
    wait: Annotated[float, typer.Option(help="Seconds to wait for another running build.")] = 0.0,
    column: Annotated[list[str], typer.Option(help="Map a record field to a column/key name, e.g. text=body.")] = [],
    processes: Annotated[Optional[int], typer.Option(help="extraction worker processes (default 1; env STANCE_N_PROCESS).")] = None,
    plots: Annotated[bool, typer.Option(help="Also draw a stance timeline per topic into reports/ beside the warehouse.")] = True,
    report: Annotated[bool, typer.Option(help="Also write the HTML report (reports/<name>-report.html beside the warehouse).")] = True,
    topics: TopicsOption = None,
    actors: ActorsOption = None,
    project: ProjectOption = None,
) -> None:
    """Ingest, run dbt, check the expectations and publish DB atomically."""
    from ingest.extraction.pipeline import ModelNotInstalled
    from ingest.extraction.workers import WorkerFailed
    from ingest.loading.writer import WarehouseLocked
    from ingest.publishing.build import BuildFailed, build_warehouse

    settings = _domain_settings(project, topics, actors, db, csv_columns=_column_overrides(column), n_process=processes)
    inputs = paths or [settings.sample_corpus]

    def phase_line(line: str) -> None:  # printed as each phase ends, not all at the end
        typer.echo(line, err=line.startswith("quarantined: "))

    def ingested(summary) -> None:
        _print_rejects(summary)
        typer.echo(summary.line())
        _print_domain_notes(summary)

    try:
        result = build_warehouse(inputs, settings.db_path, settings, fresh=fresh, wait_seconds=wait, strict=strict,
                                 on_phase=phase_line, on_ingested=ingested)
    except (BuildFailed, WarehouseLocked, ModelNotInstalled) as err:
        fail(str(err))
    except WorkerFailed as err:
        fail(f"{err}; published warehouse left unchanged")
    if plots:
        try:
            from ingest.access.plots import plot_all_topics
        except ImportError:
            pass
        else:
            for path in plot_all_topics(result.db_path, settings.reports_dir):
                typer.echo(f"plot: {path}")
    if report:
        _write_report(result.db_path, None, settings)
    if strict and result.ingest.rejected:
        fail(f"{result.ingest.rejected} input(s) rejected (--strict)")


def _write_report(db_path: Path, out: Optional[Path], settings) -> None:
    from ingest.access.query import QueryError
    from ingest.access.report import default_report_path, write_report

    target = out or default_report_path(db_path, settings.reports_dir)
    try:
        typer.echo(f"report: {write_report(db_path, target)}")
    except (QueryError, ValueError) as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write the report {target}: {err.strerror or err}")


@app.command("report")
def report_command(
    db: DbOption = None,
    out: Annotated[Optional[Path], typer.Option(help="HTML file to write (default: reports/<name>-report.html beside the warehouse).")] = None,
) -> None:
    """Write the HTML report: one self-contained page with each topic's timeline, sides, statements and changes.

    Also the figures of the ingest runs (articles, rejects, quarantined rows). Works offline."""
    settings = load_settings(db_path=db)
    if not settings.db_path.exists():
        fail(f"no warehouse at {settings.db_path}; run `stance build` first or pass --db")
    _write_report(settings.db_path, out, settings)


@app.command()
def init(folder: Annotated[Path, typer.Argument(help="Folder for the new project (created if needed).")]) -> None:
    """Start a project for your own domain: a starter topics.csv, actors.csv and README in FOLDER."""
    from ingest.domain.project import ProjectError, init_project

    try:
        written = init_project(folder)
    except (ProjectError, OSError) as err:
        fail(str(err))
    for path in written:
        typer.echo(f"wrote {path}")
    if not written:
        typer.echo(f"{folder} already has topics.csv, actors.csv and README.md; nothing written")
    typer.echo(f"edit {folder / 'topics.csv'} and {folder / 'actors.csv'}, then: stance build --project {folder} ARTICLES...")


@app.command()
def validate(db: DbOption = None) -> None:
    """Run the Great Expectations checkpoint against DB."""
    from ingest.publishing.validation import validate_warehouse

    settings = load_settings(db_path=db)
    if not settings.db_path.exists():
        fail(f"no warehouse at {settings.db_path}")
    report = validate_warehouse(settings.db_path, settings.expectations_dir, settings.validation_results_kept)
    for line in report.summary_lines():
        typer.echo(line, err=True)
    quarantined = _quarantined(settings.db_path) if report.success else []
    for article in quarantined:
        typer.echo(f"quarantined: {article.line()}", err=True)
    if not report.success:
        fail(f"{len(report.failures)} expectation(s) failed")
    held = f"; {len(quarantined)} article(s) quarantined (raw.quarantined_articles)" if quarantined else ""
    typer.echo(f"expectations: {report.checked} checked, all passed{held}")


def _quarantined(db_path: Path) -> list:
    """The warehouse's quarantined articles (empty when it cannot be read: validation said why)."""
    import duckdb

    from ingest.publishing.quarantine import quarantined_in

    try:
        return quarantined_in(db_path)
    except duckdb.Error:
        return []


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run (read-only).")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    limit: Annotated[int, typer.Option(help="Rows to print in table format.")] = 50,
) -> None:
    """Run read-only SQL against DB and print the result."""
    from ingest.access.query import QueryError, run_query

    if format not in {"table", "csv", "json"}:
        fail(f"--format must be table, csv or json, got '{format}'", 2)
    settings = load_settings(db_path=db)
    try:
        frame = run_query(settings.db_path, sql)
    except QueryError as err:
        fail(str(err))
    if format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif format == "json":
        records = [{k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
                   for row in frame.to_dict(orient="records")]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))
    else:
        import pandas as pd
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for name in frame.columns:
            table.add_column(str(name), overflow="fold")
        for row in frame.head(limit).itertuples(index=False):
            table.add_row(*["" if v is None or v is pd.NaT or (isinstance(v, float) and v != v) else str(v) for v in row])
        Console(width=200).print(table)
        typer.echo(f"{len(frame)} row(s)" + (f", first {limit} shown" if len(frame) > limit else ""))


@app.command()
def export(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("exports"),
    table: Annotated[list[str], typer.Option(help="Marts table(s) to export (default: all).")] = [],
    format: Annotated[str, typer.Option("--format", help="csv or parquet (tables); graphml or csv (--network).")] = "csv",
    network: Annotated[Optional[str], typer.Option(help="Export a network instead of tables: actor-topic (two-mode) or actor-actor (congruence/conflict).")] = None,
    topic: Annotated[list[str], typer.Option(help="Only these topic ids.")] = [],
    actor: Annotated[list[str], typer.Option(help="Only these actors (id, name or alias), with the statements made for them.")] = [],
    represents: Annotated[list[str], typer.Option(help="Only statements made for these states/organisations (id, name or alias).")] = [],
    since: Annotated[Optional[str], typer.Option(help="Only rows dated on or after (YYYY-MM-DD).")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only rows dated on or before (YYYY-MM-DD).")] = None,
) -> None:
    """Export marts tables to OUT/<table>.csv (header row, deterministic order), with OUT/codebook.csv and .md."""
    from ingest.access.export import ExportFilters, export_tables
    from ingest.access.query import QueryError

    def parse(value: str | None, name: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            fail(f"{name} must be a date YYYY-MM-DD, got '{value}'", 2)

    settings = load_settings(db_path=db)
    filters = ExportFilters(topic, actor, parse(since, "--since"), parse(until, "--until"), represents)
    if network is not None and table:
        fail("--network and --table cannot be combined: a network is built from the statements", 2)
    try:
        if network is not None:
            from ingest.access.network import export_network

            written = export_network(settings.db_path, out, network, format, filters)
        else:
            written = export_tables(settings.db_path, out, table or None, format, filters)
    except QueryError as err:
        fail(str(err))
    for path, rows in written:
        typer.echo(f"{path}: {rows} rows")


@app.command()
def plot(
    topic: Annotated[str, typer.Option(help="Topic id (see marts.dim_topics).")],
    db: DbOption = None,
    out: Annotated[Optional[Path], typer.Option(help="PNG, PDF or SVG file to write (default: reports/stance-timeline-<topic>.png beside the warehouse).")] = None,
) -> None:
    """Draw the stance timeline of a topic: actors over time, coloured by stance, sized by statements."""
    from ingest.access.plots import plot_topic_timeline

    settings = load_settings(db_path=db)
    if not settings.db_path.exists():
        fail(f"no warehouse at {settings.db_path}; run `stance build` first or pass --db")
    target = out or settings.reports_dir / f"stance-timeline-{topic}.png"
    try:
        path = plot_topic_timeline(settings.db_path, topic, target)
    except ValueError as err:
        fail(str(err))
    typer.echo(f"wrote {path}")


@app.command()
def docs(db: DbOption = None) -> None:
    """Build the dbt docs (one static HTML file) and the Great Expectations Data Docs, offline."""
    import shutil

    from ingest.publishing.dbt_runner import run_dbt
    from ingest.publishing.validation import build_data_docs

    settings = load_settings(db_path=db)
    if not settings.db_path.exists():
        fail(f"no warehouse at {settings.db_path}; run `stance build` first or pass --db")
    out_dir = settings.project_root / "docs" / "site"
    # dbt opens its database read-write, so it works on a copy (never the published file), in a new
    # private folder: no file of the user's beside the warehouse is touched, whatever its name.
    import tempfile

    try:
        work_dir = Path(tempfile.mkdtemp(prefix=".stance-docs-", dir=settings.db_path.parent))
    except OSError as err:
        fail(f"cannot create a work folder beside {settings.db_path}: {err.strerror or err}")
    try:
        work = work_dir / "docs-build.duckdb"
        shutil.copyfile(settings.db_path, work)
        result = run_dbt(["docs", "generate", "--static"], work, settings.dbt_project_dir, settings.db_path.parent / "logs")
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    if not result.ok:
        fail(f"dbt docs generate failed (log: {result.log_path})")
    out_dir.mkdir(parents=True, exist_ok=True)
    static = settings.db_path.parent / "logs" / "target" / "static_index.html"
    shutil.copyfile(static, out_dir / "dbt-docs.html")
    typer.echo(f"wrote {out_dir / 'dbt-docs.html'}")
    typer.echo(f"wrote {build_data_docs(settings.expectations_dir)}")


@app.command("eval")
def evaluate(
    real_data: Annotated[Optional[Path], typer.Option(help="Folder of the third-party articles annotated in tests/gold (default ../shared/data/guardian-ukraine-2022).")] = None,
    write_docs: Annotated[bool, typer.Option(help="Write the table into docs/quality.md.")] = False,
    gold_set: Annotated[Optional[str], typer.Option("--set", help="Score one gold set only: sample, real or wikinews (default: all).")] = None,
) -> None:
    """Score extraction and a naive baseline against the gold annotations."""
    from ingest.evaluation.report import targets_table, wikinews_table
    from ingest.evaluation.run import GOLD_SETS, evaluate as run_eval, format_table

    if gold_set is not None and gold_set not in GOLD_SETS:
        fail(f"unknown gold set {gold_set!r}: use one of {', '.join(GOLD_SETS)}")
    if write_docs and gold_set is not None:
        fail("--write-docs needs every gold set: leave out --set")
    settings = load_settings()
    results = run_eval(settings, real_data, (gold_set,) if gold_set else GOLD_SETS)
    table = format_table(results)
    typer.echo(table)
    if gold_set in (None, "real"):
        typer.echo("\nAgainst the targets (real articles):\n")
        typer.echo(targets_table(results))
    if gold_set in (None, "wikinews"):
        typer.echo("\nWikinews, with its own taxonomy (held-out half first):\n")
        typer.echo(wikinews_table(results))
    for result in results:
        for problem in result.problems[:5]:
            typer.echo(f"gold problem: {problem}", err=True)
    if gold_set in (None, "real") and not any(r.name == "real articles" for r in results):
        typer.echo("real articles: skipped (third-party data folder absent)")
    if write_docs:
        from ingest.evaluation.report import write_quality_doc

        path = write_quality_doc(settings.project_root / "docs" / "quality.md", table, results)
        typer.echo(f"wrote {path}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()

"""The build report: one self-contained HTML page per warehouse (`stance report`, run by `stance build`).

Per topic: the stance timeline (PNG embedded as base64), who supports and who opposes, the latest
statements with their evidence sentence and a link to the article, and the stance changes; then the
figures of the ingest runs (articles, rejects, warnings, quarantined rows when the warehouse has a
quarantine table). Nothing is loaded from outside the file (no CDN, no external CSS, JS or images);
every value is HTML-escaped by Jinja2's autoescape, and only http(s) article URLs become links.

Tables and columns are read with ``select *`` and looked up by name, so a column added or removed by
another part of the build leaves the report working (a missing section says so).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ingest.access.export import write_atomically
from ingest.access.plots import UNASSIGNED, topic_timeline_png
from ingest.access.query import open_read_only

LATEST_STATEMENTS = 8
MAX_CHANGES = 12
MAX_SIDE_ROWS = 10  # per list: who supports, who opposes
MAX_REJECTS_LISTED = 10
TEMPLATE = "report.html.j2"


@dataclass
class StatementView:
    day: str
    speaker: str
    represents: str
    stance: str
    evidence_before: str
    evidence_match: str
    evidence_after: str
    source: str
    title: str
    url: str | None  # http(s) only
    article_id: str
    statement_id: str
    notes: list[str] = field(default_factory=list)


@dataclass
class SideRow:
    name: str
    represents: str
    support: int
    oppose: int
    neutral: int
    latest_stance: str
    latest_day: str


@dataclass
class ChangeView:
    day: str
    actor: str
    from_stance: str
    to_stance: str
    evidence: str
    details: str


@dataclass
class TopicSection:
    topic_id: str
    anchor: str
    label: str
    description: str
    statements: int
    speakers: int
    image: str | None  # data: URI
    image_note: str
    supporters: list[SideRow]
    opponents: list[SideRow]
    more_supporters: int
    more_opponents: int
    divided: list[SideRow]
    neutral_only: int
    latest: list[StatementView]
    changes: list[ChangeView]
    more_changes: int


@dataclass
class Figure:
    label: str
    value: str


@dataclass
class ReportData:
    title: str
    warehouse: str
    generated_at: str
    totals: list[Figure]
    last_run: list[Figure]
    runs: list[dict[str, str]]
    rejects_by_reason: list[tuple[str, int]]
    rejects: list[dict[str, str]]
    quarantine: list[tuple[str, int]] | None  # (table, rows); None when the warehouse has no quarantine table
    quarantine_by_reason: list[tuple[str, int]]
    topics: list[TopicSection]
    empty_topics: list[str]
    unassigned: int


def _rows(con, sql: str, params: list[object] | None = None) -> list[dict[str, Any]]:
    relation = con.sql(sql, params=params or None)
    names = relation.columns
    return [dict(zip(names, row)) for row in relation.fetchall()]


def _tables(con) -> set[tuple[str, str]]:
    return {(s, t) for s, t in con.sql("select table_schema, table_name from information_schema.tables").fetchall()}


def _day(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _http_url(value: object) -> str | None:
    text = str(value or "").strip()
    return text if text.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in text) else None


def _anchor(topic_id: str) -> str:
    return "topic-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in topic_id)


def _speaker(row: dict[str, Any]) -> tuple[str, str]:
    """(speaker name, the state/organisation it speaks for when that is someone else)."""
    represented = row.get("represented_actor_name") or row.get("represented_actor_id") or ""
    if row.get("actor_id"):
        name = row.get("actor_name") or row["actor_id"]
        return name, represented if row.get("represented_actor_id") not in (None, row.get("actor_id")) else ""
    text = row.get("speaker_text") or "unnamed source"
    return f"{text} (unnamed)", represented


def _statement_view(row: dict[str, Any], article: dict[str, Any]) -> StatementView:
    evidence = (row.get("evidence") or "").strip()
    content = (row.get("content_text") or "").strip()
    at = evidence.find(content) if content else -1
    before, match, after = (evidence[:at], content, evidence[at + len(content):]) if at >= 0 else (evidence, "", "")
    speaker, represents = _speaker(row)
    notes = []
    if row.get("is_conditional"):
        notes.append("conditional" + (f": {row['condition_text']}" if row.get("condition_text") else ""))
    if row.get("is_hypothetical"):
        notes.append("hypothetical")
    for column, label in (("topic_reason", "topic"), ("stance_reason", "stance")):
        if row.get(column):
            notes.append(f"{label}: {row[column]}")
    if row.get("is_corrected"):
        notes.append("corrected by an analyst" + (f" ({row['corrected_by']})" if row.get("corrected_by") else ""))
    return StatementView(
        day=_day(row.get("statement_date")) or "undated", speaker=speaker, represents=represents,
        stance=str(row.get("stance") or ""), evidence_before=before, evidence_match=match, evidence_after=after,
        source=str(row.get("source_name") or article.get("source_name") or ""), title=str(article.get("title") or ""),
        url=_http_url(article.get("url")), article_id=str(row.get("article_id") or ""),
        statement_id=str(row.get("statement_id") or ""), notes=notes)


def _sides(statements: list[dict[str, Any]]) -> tuple[list[SideRow], list[SideRow], list[SideRow], int]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in statements:
        key = row.get("actor_id") or f"unnamed|{row.get('represented_actor_id') or ''}"
        groups.setdefault(key, []).append(row)
    supporters, opponents, divided, neutral_only = [], [], [], 0
    for key, rows in groups.items():
        counts = {s: sum(1 for r in rows if r.get("stance") == s) for s in ("support", "oppose", "neutral")}
        dated = [r for r in rows if r.get("statement_date")]
        latest = max(dated, key=lambda r: (r["statement_date"], str(r.get("published_at") or ""))) if dated else rows[0]
        if rows[0].get("actor_id"):
            name, represents = _speaker(rows[0])
        else:
            affiliation = rows[0].get("represented_actor_name") or rows[0].get("represented_actor_id")
            name, represents = ("unnamed sources", affiliation) if affiliation else ("unnamed sources (no affiliation)", "")
        side = SideRow(name, represents or "", counts["support"], counts["oppose"], counts["neutral"],
                       str(latest.get("stance") or ""), _day(latest.get("statement_date")))
        if counts["support"] > counts["oppose"]:
            supporters.append(side)
        elif counts["oppose"] > counts["support"]:
            opponents.append(side)
        elif counts["support"]:
            divided.append(side)
        else:
            neutral_only += 1

    def order(rows: list[SideRow]) -> list[SideRow]:
        return sorted(rows, key=lambda r: (-(r.support + r.oppose), -r.neutral, r.name.casefold()))

    return order(supporters), order(opponents), order(divided), neutral_only


def _changes(con, topic: str, names: dict[str, str], evidence: dict[str, str]) -> tuple[list[ChangeView], int]:
    rows = _rows(con, "select * from marts.fct_stance_changes where topic = ?", [topic])
    rows.sort(key=lambda r: (_day(r.get("changed_on") or r.get("to_statement_date")), str(r.get("actor_id"))), reverse=True)
    views = []
    for row in rows[:MAX_CHANGES]:
        extra = []
        for column in ("from_statements", "to_statements", "from_count", "to_count", "statements_before", "statements_after"):
            if row.get(column) is not None:
                extra.append(f"{column.replace('_', ' ')}: {row[column]}")
        if row.get("from_statement_date"):
            extra.insert(0, f"before: {_day(row['from_statement_date'])}")
        views.append(ChangeView(
            day=_day(row.get("changed_on") or row.get("to_statement_date")),
            actor=names.get(str(row.get("actor_id")), str(row.get("actor_id") or "")),
            from_stance=str(row.get("from_stance") or ""), to_stance=str(row.get("to_stance") or ""),
            evidence=evidence.get(str(row.get("to_statement_id")), ""), details="; ".join(extra)))
    return views, max(0, len(rows) - MAX_CHANGES)


def _topic_section(con, topic: dict[str, Any], statements: list[dict[str, Any]], articles: dict[str, dict[str, Any]],
                   names: dict[str, str], evidence: dict[str, str]) -> TopicSection:
    topic_id = str(topic["topic_id"])
    try:
        image = "data:image/png;base64," + base64.b64encode(topic_timeline_png(con, topic_id)).decode("ascii")
        note = ""
    except ValueError:
        image, note = None, "No dated statement with a named speaker: nothing to draw."
    supporters, opponents, divided, neutral_only = _sides(statements)
    latest = sorted(statements, key=lambda r: (r.get("statement_date") or date.min, str(r.get("published_at") or ""),
                                               str(r.get("statement_id"))), reverse=True)[:LATEST_STATEMENTS]
    changes, more = _changes(con, topic_id, names, evidence)
    speakers = {r.get("actor_id") or f"unnamed|{r.get('represented_actor_id')}" for r in statements}
    return TopicSection(
        topic_id=topic_id, anchor=_anchor(topic_id), label=str(topic.get("label") or topic_id),
        description=str(topic.get("description") or ""), statements=len(statements), speakers=len(speakers),
        image=image, image_note=note, supporters=supporters[:MAX_SIDE_ROWS], opponents=opponents[:MAX_SIDE_ROWS],
        more_supporters=max(0, len(supporters) - MAX_SIDE_ROWS), more_opponents=max(0, len(opponents) - MAX_SIDE_ROWS),
        divided=divided,
        neutral_only=neutral_only, latest=[_statement_view(r, articles.get(str(r.get("article_id")), {})) for r in latest],
        changes=changes, more_changes=more)


def _run_figures(con, tables: set[tuple[str, str]]) -> tuple[list[Figure], list[dict[str, str]]]:
    if ("raw", "ingest_runs") not in tables:
        return [], []
    runs = _rows(con, "select * from raw.ingest_runs")
    runs.sort(key=lambda r: str(r.get("started_at") or ""), reverse=True)
    if not runs:
        return [], []
    last = runs[0]
    labels = [("run_id", "run"), ("started_at", "started"), ("finished_at", "finished"), ("status", "status"),
              ("files_seen", "files read"), ("records_seen", "records read"), ("articles_loaded", "articles loaded"),
              ("articles_unchanged", "articles unchanged"), ("rejected", "inputs rejected"), ("warnings", "warnings"),
              ("statements", "statements extracted"), ("quarantined", "rows quarantined")]
    figures = [Figure(label, _day(last.get(column))) for column, label in labels if column in last]
    # Text values (run id, times, status) read better as one line than as big figures.
    text = {"run", "started", "finished", "status"}
    figures = [f for f in figures if f.label in text] + [f for f in figures if f.label not in text]
    table = [{label: _day(run.get(column)) for column, label in labels if column in run} for run in runs[:20]]
    return figures, table


def _quarantine(con, tables: set[tuple[str, str]]) -> tuple[list[tuple[str, int]] | None, list[tuple[str, int]]]:
    found = sorted((s, t) for s, t in tables if "quarantin" in t.lower() and s not in {"staging", "intermediate"})
    if not found:
        return None, []
    counts, reasons = [], {}
    for schema, table in found:
        name = f'"{schema}"."{table}"'
        counts.append((f"{schema}.{table}", con.sql(f"select count(*) from {name}").fetchall()[0][0]))
        columns = {c for (c,) in con.sql("select column_name from information_schema.columns where table_schema = ? "
                                           "and table_name = ?", params=[schema, table]).fetchall()}
        column = next((c for c in ("reason", "expectation", "failed_expectation", "check_name") if c in columns), None)
        if column:
            for reason, n in con.sql(f'select "{column}", count(*) from {name} group by 1').fetchall():
                reasons[str(reason)] = reasons.get(str(reason), 0) + n
    return counts, sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))


def collect_report(con, warehouse_name: str) -> ReportData:
    """Everything the page shows, read through one read-only connection."""
    tables = _tables(con)
    statements = _rows(con, "select * from marts.fct_statements")
    canonical = [r for r in statements if r.get("is_canonical", True)]
    articles = {str(r["article_id"]): r for r in _rows(con, "select article_id, title, source_name, url from marts.dim_articles")}
    names = {str(r["actor_id"]): str(r["actor_name"] or r["actor_id"])
             for r in _rows(con, "select actor_id, actor_name from marts.dim_actors")}
    evidence = {str(r.get("statement_id")): (r.get("evidence") or "").strip() for r in statements}
    topics = _rows(con, "select * from marts.dim_topics")
    by_topic: dict[str, list[dict[str, Any]]] = {}
    for row in canonical:
        by_topic.setdefault(str(row.get("topic")), []).append(row)
    sections, empty = [], []
    for topic in sorted(topics, key=lambda t: (-len(by_topic.get(str(t["topic_id"]), [])), str(t["topic_id"]))):
        topic_id = str(topic["topic_id"])
        if topic_id == UNASSIGNED:
            continue
        if not by_topic.get(topic_id):
            empty.append(str(topic.get("label") or topic_id))
            continue
        sections.append(_topic_section(con, topic, by_topic[topic_id], articles, names, evidence))

    rejects_by_reason: list[tuple[str, int]] = []
    rejects: list[dict[str, str]] = []
    if ("raw", "rejected_inputs") in tables:
        rejects_by_reason = [(str(r), n) for r, n in con.sql(
            "select reason, count(*) from raw.rejected_inputs group by 1 order by 2 desc, 1").fetchall()]
        for row in _rows(con, "select * from raw.rejected_inputs"):
            rejects.append({"file": Path(str(row.get("source_path") or "")).name, "record": _day(row.get("record_number")),
                            "reason": str(row.get("reason") or ""), "message": str(row.get("message") or ""),
                            "at": _day(row.get("rejected_at"))})
        rejects.sort(key=lambda r: r["at"], reverse=True)
    warnings = con.sql("select count(*) from raw.ingest_warnings").fetchall()[0][0] if ("raw", "ingest_warnings") in tables else 0
    last_run, runs = _run_figures(con, tables)
    quarantine, quarantine_by_reason = _quarantine(con, tables)
    speakers = {r["actor_id"] for r in canonical if r.get("actor_id")}
    totals = [
        Figure("articles", str(len(articles))),
        Figure("statements (each counted once)", str(len(canonical))),
        Figure("statement rows (one per outlet)", str(len(statements))),
        Figure("named speakers", str(len(speakers))),
        Figure("topics with statements", str(len(sections))),
        Figure("inputs rejected (all runs)", str(sum(n for _, n in rejects_by_reason))),
        Figure("ingest warnings (all runs)", str(warnings)),
    ]
    if quarantine is not None:
        totals.append(Figure("rows quarantined", str(sum(n for _, n in quarantine))))
    return ReportData(
        title="Stance report", warehouse=warehouse_name, generated_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        totals=totals, last_run=last_run, runs=runs, rejects_by_reason=rejects_by_reason,
        rejects=rejects[:MAX_REJECTS_LISTED], quarantine=quarantine, quarantine_by_reason=quarantine_by_reason,
        topics=sections, empty_topics=empty, unassigned=len(by_topic.get(UNASSIGNED, [])))


def render_report(data: ReportData) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(Path(__file__).with_name("templates"))), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(TEMPLATE).render(report=data)


def default_report_path(db_path: Path, reports_dir: Path) -> Path:
    return reports_dir / f"{Path(db_path).stem}-report.html"


def write_report(db_path: Path, out_file: Path) -> Path:
    """Write the report of the warehouse at `db_path` to `out_file` (atomically) and return its path."""
    con = open_read_only(Path(db_path))
    try:
        data = collect_report(con, Path(db_path).name)
    finally:
        con.close()
    html = render_report(data)
    out_file = Path(out_file)
    if out_file.suffix.lower() not in {".html", ".htm"}:
        raise ValueError(f"the report is an HTML page: {out_file.name!r} must end in .html")
    out_dir = out_file.parent.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_atomically(out_dir, out_file.name, lambda handle: handle.write(html.encode("utf-8")))

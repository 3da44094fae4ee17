"""The codebook written beside every export: table, column, type and description of each exported column.

Descriptions come from DuckDB's COMMENTs on the marts when the build set them, else from the dbt
YAML files under ``dbt_project/models/marts/`` (every ``*.yml``/``*.yaml`` there, however the models are
split across files). Types come from the warehouse itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ingest.settings import load_settings


@dataclass(frozen=True)
class CodebookEntry:
    table: str
    column: str
    type: str
    description: str


@dataclass(frozen=True)
class TableDoc:
    description: str
    columns: dict[str, str]


def _clean(text: object) -> str:
    return " ".join(str(text or "").split())


def read_model_docs(models_dir: Path) -> dict[str, TableDoc]:
    """Model and column descriptions from every dbt YAML file in `models_dir` (missing folder: none)."""
    import yaml

    docs: dict[str, TableDoc] = {}
    if not models_dir.is_dir():
        return docs
    for path in sorted([*models_dir.glob("*.yml"), *models_dir.glob("*.yaml")]):
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue  # a broken YAML file fails dbt itself; the codebook falls back to the comments
        models = content.get("models") if isinstance(content, dict) else None
        for model in models or []:
            if not isinstance(model, dict) or not model.get("name"):
                continue
            columns = {str(c["name"]): _clean(c.get("description"))
                       for c in model.get("columns") or [] if isinstance(c, dict) and c.get("name")}
            docs[str(model["name"])] = TableDoc(_clean(model.get("description")), columns)
    return docs


def codebook_entries(con, tables: list[str], models_dir: Path | None = None) -> tuple[list[CodebookEntry], dict[str, str]]:
    """(one entry per column of each marts table in `tables`, table descriptions)."""
    models_dir = models_dir or load_settings().dbt_project_dir / "models" / "marts"
    yaml_docs = read_model_docs(models_dir)
    column_rows = con.sql(
        "select table_name, column_name, data_type, comment from duckdb_columns() "
        "where schema_name = 'marts' and table_name in (select unnest(?)) order by table_name, column_index",
        params=[tables],
    ).fetchall()
    table_rows = dict(con.sql(
        "select table_name, comment from duckdb_tables() where schema_name = 'marts' "
        "union all select view_name, comment from duckdb_views() where schema_name = 'marts'"
    ).fetchall())
    entries = []
    for table, column, data_type, comment in column_rows:
        described = yaml_docs.get(table, TableDoc("", {})).columns.get(column, "")
        entries.append(CodebookEntry(table, column, str(data_type), _clean(comment) or described))
    descriptions = {t: _clean(table_rows.get(t)) or yaml_docs.get(t, TableDoc("", {})).description for t in tables}
    order = {t: i for i, t in enumerate(tables)}
    entries.sort(key=lambda e: order[e.table])  # stable: columns stay in table order
    return entries, descriptions


def codebook_csv(entries: list[CodebookEntry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["table", "column", "type", "description"])
    writer.writerows([e.table, e.column, e.type, e.description] for e in entries)
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|") or " "


def codebook_markdown(entries: list[CodebookEntry], descriptions: dict[str, str]) -> str:
    lines = ["# Codebook", "",
             "Every column of the exported tables: its DuckDB type and what it holds. Written by `stance export`; "
             "the same descriptions are in `codebook.csv`.", ""]
    for table, description in descriptions.items():
        lines += [f"## {table}", ""]
        if description:
            lines += [description, ""]
        lines += ["| column | type | description |", "|---|---|---|"]
        lines += [f"| `{e.column}` | {e.type} | {_md_cell(e.description)} |" for e in entries if e.table == table]
        lines.append("")
    return "\n".join(lines)


def write_codebook(con, out_dir: Path, tables: list[str], models_dir: Path | None = None) -> list[tuple[Path, int]]:
    """Write ``codebook.csv`` and ``codebook.md`` into `out_dir`; returns (path, described columns) for each."""
    from ingest.access.export import write_atomically

    entries, descriptions = codebook_entries(con, tables, models_dir)

    def text_writer(text: str):
        def write(handle: IO[bytes]) -> None:
            handle.write(text.encode("utf-8"))

        return write

    written = []
    for name, text in (("codebook.csv", codebook_csv(entries)), ("codebook.md", codebook_markdown(entries, descriptions))):
        written.append((write_atomically(out_dir, name, text_writer(text)), len(entries)))
    return written

"""The codebook reads every dbt YAML file of the marts folder and prefers DuckDB COMMENTs (real DuckDB)."""

from __future__ import annotations

import csv
import io

import duckdb

from ingest.access.codebook import codebook_csv, codebook_entries, codebook_markdown, read_model_docs

SPLIT_YAML = {
    "fct_a.yml": """
version: 2
models:
  - name: fct_a
    description: One row per a.
    columns:
      - name: a_id
        description: >
          Key of a,
          folded over two lines.
      - name: note
        description: "Free text | with a pipe."
""",
    "_b.yaml": """
version: 2
models:
  - name: dim_b
    description: One row per b.
    columns:
      - name: b_id
        description: Key of b.
""",
    "broken.yml": "models: [unclosed",
}


def _marts(con) -> None:
    con.execute("create schema marts")
    con.execute("create table marts.fct_a (a_id varchar, note varchar, extra integer)")
    con.execute("create table marts.dim_b (b_id varchar)")


def test_every_yaml_file_of_the_folder_is_read(tmp_path):
    for name, text in SPLIT_YAML.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = read_model_docs(tmp_path)
    assert set(docs) == {"fct_a", "dim_b"}
    assert docs["fct_a"].columns == {"a_id": "Key of a, folded over two lines.", "note": "Free text | with a pipe."}
    assert docs["dim_b"].description == "One row per b."
    assert read_model_docs(tmp_path / "missing") == {}


def test_comments_win_and_yaml_fills_the_rest(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    for name, text in SPLIT_YAML.items():
        (models / name).write_text(text, encoding="utf-8")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    try:
        _marts(con)
        con.execute("comment on column marts.fct_a.a_id is 'From the comment.'")
        con.execute("comment on table marts.dim_b is 'Table comment.'")
        entries, descriptions = codebook_entries(con, ["fct_a", "dim_b"], models)
    finally:
        con.close()
    assert [(e.table, e.column, e.type, e.description) for e in entries] == [
        ("fct_a", "a_id", "VARCHAR", "From the comment."),
        ("fct_a", "note", "VARCHAR", "Free text | with a pipe."),
        ("fct_a", "extra", "INTEGER", ""),
        ("dim_b", "b_id", "VARCHAR", "Key of b."),
    ]
    assert descriptions == {"fct_a": "One row per a.", "dim_b": "Table comment."}
    rows = list(csv.reader(io.StringIO(codebook_csv(entries))))
    assert rows[0] == ["table", "column", "type", "description"] and rows[2][3] == "Free text | with a pipe."
    markdown = codebook_markdown(entries, descriptions)
    assert "| `note` | VARCHAR | Free text \\| with a pipe. |" in markdown
    assert markdown.index("## fct_a") < markdown.index("## dim_b")

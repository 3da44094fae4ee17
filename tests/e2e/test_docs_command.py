"""`stance docs` works on a private copy: it never deletes a user's file beside the warehouse, whatever its name."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

STANCE = Path(sys.executable).with_name("stance")


def _docs(db: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    env.pop("STANCE_DB", None)
    return subprocess.run([str(STANCE), "docs", "--db", str(db)], capture_output=True, text=True, env=env, timeout=600)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_docs_keeps_an_unrelated_docs_build_file(sample_warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copyfile(sample_warehouse, db)
    unrelated = tmp_path / "docs-build.duckdb"
    unrelated.write_text("an analyst's own file\n", encoding="utf-8")
    result = _docs(db)
    assert result.returncode == 0, result.stderr
    assert "dbt-docs.html" in result.stdout
    assert unrelated.read_text(encoding="utf-8") == "an analyst's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(("logs",))) == ["docs-build.duckdb", "w.duckdb"]


def test_docs_on_a_warehouse_named_docs_build(sample_warehouse, tmp_path):
    db = tmp_path / "docs-build.duckdb"
    shutil.copyfile(sample_warehouse, db)
    before = _digest(db)
    result = _docs(db)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "SameFileError" not in result.stderr
    assert db.exists() and _digest(db) == before

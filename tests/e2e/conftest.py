"""End-to-end fixtures: one warehouse built from the whole sample corpus, shared by the session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.publishing.build import build_warehouse
from ingest.settings import PROJECT_ROOT, load_settings


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sample-warehouse") / "w.duckdb"
    build_warehouse([PROJECT_ROOT / "data" / "articles"], db, load_settings(), fresh=True, progress=False)
    return db

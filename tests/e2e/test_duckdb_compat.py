"""The published warehouse is written in a storage format that DuckDB 1.4.x can read.

No older DuckDB is available in tests (no network), so the storage format is read two ways with
the installed DuckDB 2.0 and checked against reference files made on the spot:

1. ``duckdb_databases().tags['storage_version']`` of the attached file: ``'v1.4.0+'`` for a file
   created with ``storage_compatibility_version = 'v1.4.0'``, ``'v2.0.0+'`` for a default 2.0 file.
2. The file's main header (DuckDB storage format, docs "Storage Versions and Format"): a uint64
   checksum, the magic bytes ``DUCK``, then the storage version number as a little-endian uint64
   (``struct '<8x4sQ'``). DuckDB 1.x reads version numbers 64..68; a default DuckDB 2.0 file has
   999 ("Trying to read a database file with version number 999, but we can only read versions
   between 64 and 68"). The header is read from the file's first bytes, not through DuckDB.
"""

from __future__ import annotations

import json
import shutil
import struct

import duckdb
import pytest

from ingest.publishing.build import build_warehouse
from ingest.settings import load_settings

HEADER = struct.Struct("<8x4sQ")
READABLE_BY_DUCKDB_1X = range(64, 69)


def header_version(path) -> int:
    with open(path, "rb") as fh:
        magic, version = HEADER.unpack(fh.read(HEADER.size))
    assert magic == b"DUCK", f"{path} is not a DuckDB file"
    return version


def storage_tag(path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        (tags,) = con.execute("select tags from duckdb_databases() where database_name = current_database()").fetchone()
    finally:
        con.close()
    return tags.get("storage_version")


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """(header version, storage tag) of a v1.4.0-compatible file and of a default DuckDB 2.0 file."""
    folder = tmp_path_factory.mktemp("storage-references")
    made = {}
    for name, config in {"v1.4.0": {"storage_compatibility_version": "v1.4.0"}, "default": {}}.items():
        path = folder / f"{name}.duckdb"
        con = duckdb.connect(str(path), config=config)
        con.execute("create table t as select range as i, 'x' || range as s, date '2025-03-01' + range::int as d from range(3000)")
        con.close()
        made[name] = (header_version(path), storage_tag(path))
    return made


def test_introspection_tells_the_formats_apart(references):
    # Without this, the checks below could not fail.
    assert references["v1.4.0"] != references["default"]
    assert references["v1.4.0"][0] in READABLE_BY_DUCKDB_1X
    assert references["default"][0] not in READABLE_BY_DUCKDB_1X
    assert references["v1.4.0"][1] == "v1.4.0+"


def test_published_warehouse_is_readable_by_duckdb_1_4(sample_warehouse, references):
    assert header_version(sample_warehouse) in READABLE_BY_DUCKDB_1X
    assert (header_version(sample_warehouse), storage_tag(sample_warehouse)) == references["v1.4.0"]


def test_format_survives_a_build_on_top_of_the_published_file(sample_warehouse, references, tmp_path):
    """A (non-fresh) build copies the published file, ingests and runs dbt; the result keeps the format."""
    db = tmp_path / "w.duckdb"
    shutil.copyfile(sample_warehouse, db)
    source = tmp_path / "more.jsonl"
    source.write_text(json.dumps({"id": "compat-1", "published_at": "2025-03-05", "source": "Test Wire",
                                  "text": "Kremlin spokesman Dmitry Peskov said Russia rejected any deployment of European troops in Ukraine."}) + "\n",
                      encoding="utf-8")
    build_warehouse([source], db, load_settings(), progress=False)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("select count(*) from marts.dim_articles where article_id = 'compat-1'").fetchone()[0] == 1
    finally:
        con.close()
    assert (header_version(db), storage_tag(db)) == references["v1.4.0"]


def test_fresh_build_creates_a_1_4_file(tmp_path, references):
    db = tmp_path / "fresh.duckdb"
    source = tmp_path / "one.jsonl"
    source.write_text(json.dumps({"id": "compat-2", "published_at": "2025-03-04", "source": "Other Wire",
                                  "text": "NATO Secretary General Mark Rutte said on Monday that allies would keep sending air defence systems to Ukraine."}) + "\n",
                      encoding="utf-8")
    build_warehouse([source], db, load_settings(), fresh=True, progress=False)
    assert (header_version(db), storage_tag(db)) == references["v1.4.0"]

"""Hostile-but-fair input through the real `stance ingest` (real spaCy pipeline, real DuckDB file):
every bad record is one row of raw.rejected_inputs, every good record of the same files loads, the
command ends with its summary and exits 0, nothing hangs and no traceback reaches the user."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from pathlib import Path

import pytest

from tests.e2e.test_bad_input import SUMMARY, rows, stance

GOOD = {
    "h-1": "NATO Secretary General Mark Rutte said on Monday that allies would keep sending air defence systems to Ukraine.",
    "h-2": "Kremlin spokesman Dmitry Peskov rejected any deployment of European troops in Ukraine.",
    "h-3": "Turkish Defense Minister Yasar Guler said on Feb. 20 that Ankara would not participate unless a ceasefire is agreed.",
}
QUOTED = ('Trump said "we will not pay for it" on Monday.\nThen he added, "Europe must lead", and left.\n'
          '"Trump" was the only word on the banner.')
UTF16_TEXT = "Macron says France is ready\n\nFrench President Emmanuel Macron said on Friday that France was \u201cready\u201d to help."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    folder.mkdir()
    deep = '{"a":' * 100000 + "1" + "}" * 100000
    lines = [
        json.dumps({"id": "h-1", "text": GOOD["h-1"], "url": "https://w.example/1", "author": "A. Writer"}),
        deep,                                                       # 2: nested too deeply
        '{"id": "x-sur", "text": "broken \\ud800 surrogate"}',      # 3: lone surrogate
        '{"id": "x-nul", "text": "nul\x00byte"}',                   # 4: raw NUL byte
        json.dumps({"id": "h-2", "text": GOOD["h-2"], "pub_date": "2022-06-01"}),
    ]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "text", "pub_date"])
    writer.writerow(["q-1", 'He said "no"', QUOTED, "2022-06-01"])
    writer.writerow(["h-3", "Guler", GOOD["h-3"], "2022-06-02"])
    (folder / "b.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    (folder / "c.txt").write_bytes(codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"))
    os.mkfifo(folder / "d.jsonl")
    return root, folder


@pytest.fixture(scope="module")
def ingested(hostile):
    root, folder = hostile
    db = root / "w.duckdb"
    result = stance("ingest", str(folder), "--db", str(db), cwd=root, max_file_bytes=None, timeout=600)
    return db, result


def test_every_bad_record_is_a_reject_and_every_good_one_loads(ingested):
    db, result = ingested
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr + result.stdout
    for line in result.stderr.splitlines():
        assert line.startswith(("rejected: ", "note: ")), line
    summary = SUMMARY.match(result.stdout.strip().splitlines()[-1])
    assert summary and summary.group(1) == "5" and summary.group(4) == "4", result.stdout
    found = {(Path(p).name, n, r) for p, n, r in rows(db, "select source_path, record_number, reason from raw.rejected_inputs")}
    assert found == {("a.jsonl", 2, "malformed_json"), ("a.jsonl", 3, "invalid_unicode"), ("a.jsonl", 4, "nul_byte"),
                     ("d.jsonl", None, "not_a_regular_file")}
    texts = dict(rows(db, "select article_id, text from raw.articles"))
    assert {k: texts.get(k) for k in GOOD} == GOOD
    assert texts["q-1"] == QUOTED  # RFC 4180 quoting read back exactly, no bogus "Trump" record
    assert "Trump" not in texts and len(texts) == 5
    assert [t for t in texts.values() if t.startswith("Macron")] == [UTF16_TEXT]


def test_unused_columns_are_named_with_a_column_hint(ingested):
    _, result = ingested
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert any("b.csv" in n and "pub_date" in n and "--column published_at=pub_date" in n for n in notes), notes
    assert any("a.jsonl" in n and "pub_date" in n for n in notes), notes


def test_url_or_author_change_updates_the_article(hostile, ingested, tmp_path):
    db, _ = ingested
    changed = tmp_path / "changed.jsonl"
    changed.write_text(json.dumps({"id": "h-1", "text": GOOD["h-1"], "url": "https://w.example/moved", "author": "B. Writer"}) + "\n",
                       encoding="utf-8")
    result = stance("ingest", str(changed), "--db", str(db), cwd=tmp_path, max_file_bytes=None)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = SUMMARY.match(result.stdout.strip().splitlines()[-1])
    assert summary and summary.group(1) == "1" and summary.group(2) == "0"
    assert rows(db, "select url, author from raw.articles where article_id = 'h-1'") == [("https://w.example/moved", "B. Writer")]
    assert rows(db, "select count(*) from raw.ingest_warnings where article_id = 'h-1' and kind = 'replaced'") == [(1,)]
    again = stance("ingest", str(changed), "--db", str(db), cwd=tmp_path, max_file_bytes=None)
    assert SUMMARY.match(again.stdout.strip().splitlines()[-1]).group(2) == "1"  # now unchanged

"""Bad input through the real `stance ingest` and `stance build` commands, in subprocesses.

One folder holds every kind of bad input next to good records: malformed JSON, a JSONL file with bad
lines, an empty file, a binary file, cp1252 text, records without text, wrong field types, an
unparseable date, duplicate ids with different text, an oversized file and an HTML page of scripts;
an unsupported file and a missing path are passed explicitly. Every bad input must become one row of
`raw.rejected_inputs` (reason code + one-line message), every good record must load, the command must
end with its summary line and exit 0 (non-zero with --strict), and no traceback may reach the user.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

MAX_FILE_BYTES = 6000  # STANCE_MAX_FILE_BYTES for these runs: big.txt is over it, every other file under

GOOD = {
    "g-1": "Turkish Defense Minister Yasar Guler said on Feb. 20 that Ankara would not participate unless a ceasefire is agreed.",
    "g-2": "NATO Secretary General Mark Rutte said on Monday that allies would keep sending air defence systems to Ukraine.",
    "g-date": "Kremlin spokesman Dmitry Peskov rejected any deployment of European troops in Ukraine.",
}
DUP1_OLD = "\"We will not send American forces,\" Hegseth told reporters on Wednesday. He added that Europe must lead."
DUP1_NEW = "U.S. Defense Secretary Pete Hegseth said on Wednesday that American soldiers would not be part of any force in Ukraine."
DUP2_OLD = "French President Emmanuel Macron said on Tuesday that Europe had to be ready to guarantee a ceasefire."
DUP2_NEW = "French President Emmanuel Macron said on Thursday that France was ready to send troops to Ukraine after a ceasefire."
LATIN_TEXT = ("Macron says France is ready\n\nFrench President Emmanuel Macron said on Friday that France was ready to "
              "help. Le ministre fran\u00e7ais a d\u00e9clar\u00e9 que la France \u00e9tait pr\u00eate \u00e0 envoyer des troupes.\n")
HTML_GOOD = """<html><head><title>Starmer ready to send troops | Northline</title>
<meta property="article:published_time" content="2025-02-16T10:00:00Z">
<meta property="og:site_name" content="Northline"><script>document.title = "SCRIPT-RAN-MARKER";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Starmer ready to send troops</h1>
<p>British Prime Minister Keir Starmer said on Sunday that Britain was ready to put troops on the ground in Ukraine.</p>
<p>He added that any deployment would need a lasting ceasefire first and support from the United States.</p>
<script>fetch("https://example.invalid/track?SCRIPT-RAN-MARKER")</script></article>
<footer>Copyright</footer></body></html>"""


def _stance_command() -> list[str]:
    script = Path(sys.executable).with_name("stance")
    return [str(script)] if script.exists() else [sys.executable, "-m", "ingest.cli"]


def stance(*args: str, cwd: Path, max_file_bytes: int | None = MAX_FILE_BYTES, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STANCE_")}
    env["CI"] = "1"
    if max_file_bytes is not None:
        env["STANCE_MAX_FILE_BYTES"] = str(max_file_bytes)
    return subprocess.run([*_stance_command(), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


class Inputs:
    """The bad-input folder and the paths passed explicitly."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "in"
        self.folder.mkdir()
        lines = [
            json.dumps({"id": "g-1", "title": "Ankara sets terms", "published_at": "2025-03-06", "source": "Test Wire", "text": GOOD["g-1"]}),
            "{not json",                                                                   # 2 malformed_json
            json.dumps({"id": "x-notext", "title": "no text here"}),                       # 3 missing_text
            json.dumps({"id": "x-number", "title": "text is a number", "text": 42}),       # 4 wrong_type
            json.dumps({"id": "x-blank", "text": "   \n  "}),                              # 5 empty_text
            json.dumps({"id": "g-date", "published_at": "sometime soon", "source": "Test Wire", "text": GOOD["g-date"]}),
            json.dumps({"id": "dup-1", "published_at": "2025-02-13", "text": DUP1_OLD}),
            json.dumps({"id": "dup-1", "published_at": "2025-02-13", "text": DUP1_NEW}),    # newer wins
            json.dumps({"id": "x-title", "title": {"nested": True}, "text": "A title that is an object."}),  # 9 wrong_type
            json.dumps([1, 2]),                                                             # 10 not_an_object
            json.dumps({"id": "dup-2", "published_at": "2025-03-04", "text": DUP2_OLD}),
        ]
        (self.folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (self.folder / "more.json").write_text(json.dumps([
            {"id": "g-2", "title": "Rutte in Kyiv", "published_at": "2025-03-04", "source": "Other Wire", "text": GOOD["g-2"]},
            {"id": "dup-2", "published_at": "2025-03-06", "text": DUP2_NEW},               # read after articles.jsonl: wins
        ]), encoding="utf-8")
        (self.folder / "broken.json").write_text('{"id": "b-1", "text": "cut off', encoding="utf-8")
        (self.folder / "empty.txt").write_bytes(b"")
        (self.folder / "blob.txt").write_bytes(bytes(range(256)) * 8)
        (self.folder / "latin.txt").write_bytes(LATIN_TEXT.encode("cp1252"))
        (self.folder / "scripts.html").write_text(
            "<html><head><script>var a = 1;</script></head><body><script>document.write('hi')</script></body></html>", encoding="utf-8")
        (self.folder / "page.html").write_text(HTML_GOOD, encoding="utf-8")
        (self.folder / "big.txt").write_text("Big file\n\n" + "Officials said many things. " * 400, encoding="utf-8")
        (self.folder / "ignored.pdf").write_bytes(b"%PDF-1.4 not read: unsupported files inside a folder are skipped")
        self.pdf = root / "notes.pdf"
        self.pdf.write_bytes(b"%PDF-1.4\n")
        self.missing = root / "missing.json"
        assert all(p.stat().st_size < MAX_FILE_BYTES for p in self.folder.iterdir() if p.name != "big.txt")
        assert (self.folder / "big.txt").stat().st_size > MAX_FILE_BYTES

    def args(self) -> list[str]:
        return [str(self.folder), str(self.pdf), str(self.missing)]


EXPECTED_REJECTS = {
    ("articles.jsonl", 2, "malformed_json"),
    ("articles.jsonl", 3, "missing_text"),
    ("articles.jsonl", 4, "wrong_type"),
    ("articles.jsonl", 5, "empty_text"),
    ("articles.jsonl", 9, "wrong_type"),
    ("articles.jsonl", 10, "not_an_object"),
    ("broken.json", None, "malformed_json"),
    ("empty.txt", None, "empty_file"),
    ("blob.txt", None, "binary_file"),
    ("scripts.html", 1, "no_main_text"),
    ("big.txt", None, "file_too_large"),
    ("notes.pdf", None, "unsupported_format"),
    ("missing.json", None, "not_found"),
}
SUMMARY = re.compile(r"^ingest \S+: (\d+) articles loaded, (\d+) unchanged, (\d+) statements, (\d+) rejected, (\d+) warnings \(")


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Inputs:
    return Inputs(tmp_path_factory.mktemp("bad-input"))


@pytest.fixture(scope="module")
def ingested(inputs, tmp_path_factory):
    db = tmp_path_factory.mktemp("ingest") / "w.duckdb"
    result = stance("ingest", *inputs.args(), "--db", str(db), cwd=db.parent)
    return db, result


def _text_ids(db: Path) -> dict[str, str]:
    return dict(rows(db, "select article_id, text from raw.articles"))


def _assert_good_records_loaded(db: Path) -> None:
    texts = _text_ids(db)
    by_text = {text: article_id for article_id, text in texts.items()}
    for article_id, text in GOOD.items():
        assert texts.get(article_id) == text, article_id
    assert texts["dup-1"] == DUP1_NEW  # the newer record with the same id wins
    assert texts["dup-2"] == DUP2_NEW  # ... also when it comes from a later file
    latin = [t for t in texts.values() if t.startswith("Macron says France is ready")]
    assert len(latin) == 1  # the cp1252 file is loaded (exact decoding: test_cp1252_text_is_decoded_exactly)
    html = [t for t in texts.values() if "Keir Starmer said on Sunday" in t]
    assert len(html) == 1 and "SCRIPT-RAN-MARKER" not in html[0]  # scripts are not text, and never run
    assert set(texts) == set(GOOD) | {"dup-1", "dup-2", by_text[latin[0]], by_text[html[0]]}


def _assert_rejects_recorded(db: Path) -> None:
    found = rows(db, "select source_path, record_number, reason, message from raw.rejected_inputs")
    assert {(Path(p).name, n, r) for p, n, r, _ in found} == EXPECTED_REJECTS
    assert len(found) == len(EXPECTED_REJECTS)  # one row per bad input, none twice
    for path, number, reason, message in found:
        assert message and message.strip() == message and "\n" not in message and "\r" not in message, (path, number, reason)
        assert "Traceback" not in message


def _assert_no_traceback_and_rejects_on_one_line(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    for line in result.stderr.splitlines():
        assert line.startswith(("rejected: ", "error: ", "note: ")), line


# --- stance ingest ----------------------------------------------------------------------------------


def test_ingest_records_every_bad_input_and_loads_every_good_record(ingested):
    db, result = ingested
    assert result.returncode == 0, result.stderr[-3000:]
    _assert_no_traceback_and_rejects_on_one_line(result)
    summary = SUMMARY.match(result.stdout.strip().splitlines()[-1])
    assert summary, result.stdout
    loaded, unchanged, _, rejected, warnings = map(int, summary.groups())
    assert (loaded, unchanged, rejected) == (7, 0, len(EXPECTED_REJECTS))
    assert warnings == 4
    _assert_good_records_loaded(db)
    _assert_rejects_recorded(db)


def test_ingest_prints_each_reject_on_one_line(ingested):
    _, result = ingested
    printed = [line for line in result.stderr.splitlines() if line.startswith("rejected: ")]
    assert len(printed) == 11  # ten rejects, then "… and 3 more (see raw.rejected_inputs)"
    assert "and 3 more" in printed[-1] and "raw.rejected_inputs" in printed[-1]
    assert any("articles.jsonl record 2: line 2: invalid JSON" in line for line in printed)


def test_ingest_warnings_for_kept_records(ingested):
    db, _ = ingested
    warnings = rows(db, "select article_id, kind, message, source_path from raw.ingest_warnings")
    kinds = {(a, k) for a, k, _, _ in warnings}
    latin_id = next(a for a, p in rows(db, "select article_id, source_path from raw.articles") if p.endswith("latin.txt"))
    assert kinds == {("g-date", "date_unparseable"), ("dup-1", "replaced"), ("dup-2", "replaced"), (latin_id, "decoded_with_fallback")}
    assert len(warnings) == 4
    assert all("\n" not in m for _, _, m, _ in warnings)
    replaced = next(m for a, k, m, _ in warnings if (a, k) == ("dup-2", "replaced"))
    assert "more.json" in replaced
    # The article with the unparseable date is kept, its publication date unknown.
    assert rows(db, "select published_at from raw.articles where article_id = 'g-date'") == [(None,)]
    assert rows(db, "select published_at::date::varchar from raw.articles where article_id = 'dup-2'") == [("2025-03-06",)]


def test_cp1252_text_is_decoded_exactly(ingested):
    db, _ = ingested
    (text,), = rows(db, "select text from raw.articles where source_path like '%latin.txt'")
    (message,), = rows(db, "select message from raw.ingest_warnings where kind = 'decoded_with_fallback'")
    assert "not UTF-8" in message
    assert text == LATIN_TEXT, f"{message}: {text[-60:]!r}"


def test_ingest_strict_exits_non_zero_on_the_same_input(inputs, tmp_path):
    db = tmp_path / "w.duckdb"
    result = stance("ingest", *inputs.args(), "--db", str(db), "--strict", cwd=tmp_path)
    assert result.returncode != 0
    _assert_no_traceback_and_rejects_on_one_line(result)
    assert result.stderr.strip().splitlines()[-1] == f"error: {len(EXPECTED_REJECTS)} input(s) rejected (--strict)"
    assert SUMMARY.match(result.stdout.strip().splitlines()[-1])
    _assert_good_records_loaded(db)  # --strict reports; it does not drop the good records


def test_ingest_of_only_a_missing_path(tmp_path):
    db = tmp_path / "w.duckdb"
    result = stance("ingest", str(tmp_path / "nowhere" / "a.json"), "--db", str(db), cwd=tmp_path)
    assert result.returncode == 0
    _assert_no_traceback_and_rejects_on_one_line(result)
    summary = SUMMARY.match(result.stdout.strip().splitlines()[-1])
    assert summary and summary.group(1) == "0" and summary.group(4) == "1"
    assert rows(db, "select reason, message from raw.rejected_inputs") == [("not_found", "no such file or folder")]


# --- stance build -----------------------------------------------------------------------------------


def test_build_publishes_the_good_records_and_records_the_bad(inputs, tmp_path):
    db = tmp_path / "w.duckdb"
    result = stance("build", *inputs.args(), "--db", str(db), "--no-plots", "--no-report", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    _assert_no_traceback_and_rejects_on_one_line(result)
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == f"published {db.resolve()}"
    assert SUMMARY.match(lines[0]) and SUMMARY.match(lines[0]).group(4) == str(len(EXPECTED_REJECTS))
    _assert_good_records_loaded(db)
    _assert_rejects_recorded(db)
    assert len(rows(db, "select article_id from marts.dim_articles")) == 7
    assert rows(db, "select count(*) from marts.fct_statements where article_id in ('x-number', 'x-title', 'x-notext')") == [(0,)]


def test_build_strict_exits_non_zero_on_the_same_input(inputs, tmp_path):
    db = tmp_path / "w.duckdb"
    result = stance("build", *inputs.args(), "--db", str(db), "--no-plots", "--strict", cwd=tmp_path)
    assert result.returncode != 0
    _assert_no_traceback_and_rejects_on_one_line(result)
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {len(EXPECTED_REJECTS)} input(s) rejected with --strict")
    assert last.endswith("published warehouse left unchanged")
    assert not db.exists()  # --strict never publishes a build with rejects


# --- unusable --db ------------------------------------------------------------------------------------
# (A --db in a folder the user may not write to is not tested: these tests may run as root, who can.)


@pytest.mark.parametrize("command", ["ingest", "build"])
def test_db_inside_a_regular_file_is_refused_in_one_line(inputs, tmp_path, command):
    not_a_folder = tmp_path / "plain-file"
    not_a_folder.write_text("I am a file\n", encoding="utf-8")
    db = not_a_folder / "w.duckdb"
    result = stance(command, str(inputs.folder / "more.json"), "--db", str(db), *(["--no-plots"] if command == "build" else []),
                    cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-1500:]
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and "plain-file" in errors[0]


def test_db_that_is_a_folder_is_refused_in_one_line(inputs, tmp_path):
    folder = tmp_path / "a-folder.duckdb"
    folder.mkdir()
    result = stance("ingest", str(inputs.folder / "more.json"), "--db", str(folder), cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith("error: ") and "a-folder.duckdb" in errors[0]

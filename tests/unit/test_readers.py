"""Each reader on small files it makes, including bad input that must become a recorded reject."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.readers import ArticleRecord, Reject, read_inputs
from ingest.readers.records import text_article_id


def _read(*paths: Path, **kwargs) -> tuple[list[ArticleRecord], list[Reject]]:
    items = list(read_inputs(list(paths), **kwargs))
    return [i for i in items if isinstance(i, ArticleRecord)], [i for i in items if isinstance(i, Reject)]


def test_txt_first_line_is_title_and_text_is_kept_exactly(tmp_path):
    body = "\n\nTurkey weighs troops\n\nAnkara said it was ready.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    records, rejects = _read(tmp_path / "a.txt")
    assert rejects == []
    assert records[0].title == "Turkey weighs troops"
    assert records[0].text == body
    assert records[0].article_id == text_article_id(body)
    assert records[0].published_at is None


def test_json_object_and_list(tmp_path):
    one = {"id": "x-1", "title": "T", "published_at": "2025-02-27", "source": "S", "text": "Body one."}
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([one | {"id": "x-2"}, one | {"id": "x-3"}]), encoding="utf-8")
    records, rejects = _read(tmp_path)
    assert rejects == []
    assert sorted(r.article_id for r in records) == ["x-1", "x-2", "x-3"]
    first = next(r for r in records if r.article_id == "x-1")
    assert first.published_at.isoformat() == "2025-02-27T00:00:00"
    assert first.source == "S"


def test_jsonl_bad_lines_rejected_good_lines_kept(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Good one."}), "{not json", "", json.dumps({"id": "b", "title": "no text"}),
             json.dumps({"id": "c", "text": 42}), json.dumps({"id": "d", "text": "Good two."})]
    (tmp_path / "x.jsonl").write_text("\n".join(lines), encoding="utf-8")
    records, rejects = _read(tmp_path / "x.jsonl")
    assert [r.article_id for r in records] == ["a", "d"]
    assert {(r.record_number, r.reason) for r in rejects} == {(2, "malformed_json"), (4, "missing_text"), (5, "wrong_type")}
    assert all("\n" not in r.message for r in rejects)


def test_csv_common_column_names_and_override(tmp_path):
    (tmp_path / "a.csv").write_text('published,headlines,articles\n2022/06/23,"Head","Line one\nline two"\n', encoding="utf-8")
    records, _ = _read(tmp_path / "a.csv")
    assert records[0].title == "Head"
    assert records[0].text == "Line one\nline two"
    assert records[0].published_at.date().isoformat() == "2022-06-23"
    (tmp_path / "b.csv").write_text("story_body,when\nSome text here.,2025-01-02\n", encoding="utf-8")
    records, rejects = _read(tmp_path / "b.csv", overrides={"text": "story_body", "published_at": "when"})
    assert rejects == [] and records[0].text == "Some text here."
    assert records[0].published_at.date().isoformat() == "2025-01-02"


def test_html_main_text_and_metadata(tmp_path):
    html = """<html><head><title>Turkey ready | Wire</title>
    <meta property="article:published_time" content="2025-02-27T10:00:00Z">
    <meta property="og:site_name" content="Northline"><script>alert(1)</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav><article><h1>Turkey ready to help</h1>
    <p>Turkish Defence Minister Yasar Guler said on Thursday that Turkey was ready to contribute to a force.</p>
    <p>He added that any deployment would need a ceasefire first and a clear mandate from partners.</p></article>
    <footer>Copyright</footer></body></html>"""
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    records, rejects = _read(tmp_path / "a.html")
    assert rejects == []
    assert "Yasar Guler said on Thursday" in records[0].text
    assert "alert(1)" not in records[0].text
    assert records[0].published_at.date().isoformat() == "2025-02-27"
    assert records[0].source == "Northline"


def test_bad_files_become_rejects(tmp_path):
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "broken.json").write_text('{"text": "x"', encoding="utf-8")
    (tmp_path / "scripts.html").write_text("<html><head><script>var a=1;</script></head><body><script>b()</script></body></html>", encoding="utf-8")
    (tmp_path / "big.txt").write_text("word " * 1000, encoding="utf-8")
    (tmp_path / "note.pdf").write_bytes(b"%PDF")
    paths = [tmp_path / n for n in ("empty.json", "binary.txt", "broken.json", "scripts.html", "big.txt", "note.pdf", "missing.json")]
    records, rejects = _read(*paths, max_file_bytes=2000)
    assert records == []
    assert [r.reason for r in rejects] == ["empty_file", "binary_file", "malformed_json", "no_main_text", "file_too_large",
                                           "unsupported_format", "not_found"]


def test_non_utf8_text_is_decoded_with_a_warning(tmp_path):
    text = "Le ministre fran\u00e7ais a d\u00e9clar\u00e9 que la France \u00e9tait pr\u00eate \u00e0 envoyer des troupes."
    (tmp_path / "latin.txt").write_bytes(("Titre\n" + text).encode("cp1252"))
    records, rejects = _read(tmp_path / "latin.txt")
    assert rejects == []
    assert "fran\u00e7ais" in records[0].text
    assert records[0].warnings[0][0] == "decoded_with_fallback"


def test_unparseable_date_keeps_article_with_warning(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"id": "z", "text": "Body.", "published_at": "sometime soon"}), encoding="utf-8")
    records, rejects = _read(tmp_path / "a.json")
    assert rejects == []
    assert records[0].published_at is None
    assert records[0].warnings[0][0] == "date_unparseable"

"""Hostile-but-fair input for the readers: every bad record is one reject with a reason, the good
records of the same file still come out, and nothing raises or hangs."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import threading
from pathlib import Path

import pytest

from ingest.readers import ArticleRecord, Reject, read_inputs
from ingest.readers.records import Notice, normalise_record

GOOD_A = {"id": "good-a", "text": "NATO Secretary General Mark Rutte said allies would keep sending air defence."}
GOOD_B = {"id": "good-b", "text": "Kremlin spokesman Dmitry Peskov rejected any deployment of European troops."}


def _read(*paths: Path, **kwargs) -> tuple[list[ArticleRecord], list[Reject], list[Notice]]:
    items = list(read_inputs(list(paths), **kwargs))
    return ([i for i in items if isinstance(i, ArticleRecord)], [i for i in items if isinstance(i, Reject)],
            [i for i in items if isinstance(i, Notice)])


def _jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_deeply_nested_json_is_one_reject_not_a_recursion_error(tmp_path):
    deep = '{"a":' * 100000 + "1" + "}" * 100000
    (tmp_path / "deep.json").write_text(deep, encoding="utf-8")
    path = _jsonl(tmp_path / "deep.jsonl", [json.dumps(GOOD_A), deep, json.dumps(GOOD_B)])
    records, rejects, _ = _read(tmp_path / "deep.json", path)
    assert [r.article_id for r in records] == ["good-a", "good-b"]
    assert [(Path(r.source_path).name, r.record_number, r.reason) for r in rejects] == [
        ("deep.json", None, "malformed_json"), ("deep.jsonl", 2, "malformed_json")]
    assert all("nested too deeply" in r.message for r in rejects)


def test_nested_value_inside_a_record_is_a_bounded_reject(tmp_path):
    nested = {"id": "n", "text": "Some text.", "title": json.loads("[" * 900 + "]" * 900)}
    reject = normalise_record(nested, "x.json", 1)
    assert isinstance(reject, Reject) and reject.reason == "wrong_type"
    assert len(reject.excerpt) <= 200


def test_huge_integer_is_a_reject(tmp_path):
    path = _jsonl(tmp_path / "n.jsonl", [json.dumps(GOOD_A), '{"text": "x", "id": ' + "9" * 5000 + "}"])
    records, rejects, _ = _read(path)
    assert [r.article_id for r in records] == ["good-a"]
    assert [(r.record_number, r.reason) for r in rejects] == [(2, "malformed_json")]


def test_lone_surrogate_rejects_only_its_record(tmp_path):
    path = _jsonl(tmp_path / "s.jsonl", [json.dumps(GOOD_A), '{"id": "bad", "text": "broken \\ud800 text"}',
                                         '{"id": "bad-title", "text": "fine", "title": "\\udfff"}', json.dumps(GOOD_B)])
    records, rejects, _ = _read(path)
    assert [r.article_id for r in records] == ["good-a", "good-b"]
    assert [(r.record_number, r.reason) for r in rejects] == [(2, "invalid_unicode"), (3, "invalid_unicode")]
    assert "(U+D800) at character 7" in rejects[0].message
    for reject in rejects:  # what is stored and printed must be encodable
        (reject.message + reject.excerpt + reject.source_path).encode("utf-8")


def test_nul_byte_in_jsonl_rejects_its_line_only(tmp_path):
    data = (json.dumps(GOOD_A) + "\n" + '{"id": "z", "text": "a\x00b"}' + "\n" + json.dumps(GOOD_B) + "\n").encode()
    (tmp_path / "nul.jsonl").write_bytes(data)
    records, rejects, _ = _read(tmp_path / "nul.jsonl")
    assert [r.article_id for r in records] == ["good-a", "good-b"]
    assert [(r.record_number, r.reason) for r in rejects] == [(2, "nul_byte")]


def test_binary_file_named_jsonl_is_still_binary(tmp_path):
    (tmp_path / "blob.jsonl").write_bytes(bytes(range(256)) * 40)
    records, rejects, _ = _read(tmp_path / "blob.jsonl")
    assert records == [] and [r.reason for r in rejects] == ["binary_file"]


def test_line_separator_inside_a_json_string_does_not_split_the_line(tmp_path):
    text = "First part.\u2028Second part.\u0085Third part."
    path = _jsonl(tmp_path / "ls.jsonl", [json.dumps({"id": "ls", "text": text}, ensure_ascii=False), json.dumps(GOOD_B)])
    records, rejects, _ = _read(path)
    assert rejects == []
    assert [r.text for r in records] == [text, GOOD_B["text"]]


def test_csv_written_by_python_round_trips(tmp_path):
    texts = [
        'Trump said "we will see" on Monday.\nThen he left, "smiling", as "Trump" always does.',
        'A field with ""doubled"" quotes, commas, and\r\nWindows newlines.',
        "Plain text without quotes.",
        '"Quoted from the first character", she said.',
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["id", "title", "text"])
    for number, text in enumerate(texts, start=1):
        writer.writerow([f"r{number}", f'Title "{number}", with comma', text])
    (tmp_path / "written.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    records, rejects, notices = _read(tmp_path / "written.csv")
    assert rejects == [] and notices == []
    assert [r.article_id for r in records] == ["r1", "r2", "r3", "r4"]
    assert [r.text for r in records] == texts
    assert records[0].title == 'Title "1", with comma'


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_csv_other_delimiters(tmp_path, delimiter):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["id", "text"])
    writer.writerow(["d1", f"Text with a comma, a {delimiter} and a \"quote\"."])
    (tmp_path / "d.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    records, rejects, _ = _read(tmp_path / "d.csv")
    assert rejects == []
    assert records[0].text == f"Text with a comma, a {delimiter} and a \"quote\"."


def test_nul_byte_in_csv_rejects_its_row_only(tmp_path):
    (tmp_path / "n.csv").write_bytes(b"id,text\nc1,Good text one.\nc2,bad\x00text\nc3,Good text three.\n")
    records, rejects, _ = _read(tmp_path / "n.csv")
    assert [r.article_id for r in records] == ["c1", "c3"]
    assert [(r.record_number, r.reason) for r in rejects] == [(2, "nul_byte")]


def test_unused_csv_columns_are_named_with_a_column_hint(tmp_path):
    (tmp_path / "u.csv").write_text("id,text,pub_date,section\nu1,Some text.,2022-06-01,World\n", encoding="utf-8")
    records, rejects, notices = _read(tmp_path / "u.csv")
    assert len(records) == 1 and records[0].published_at is None and rejects == []
    assert [n.kind for n in notices] == ["unused_columns"]
    assert "pub_date, section" in notices[0].message
    assert "--column published_at=pub_date" in notices[0].message
    _, _, notices = _read(tmp_path / "u.csv", overrides={"published_at": "pub_date"})
    assert "pub_date" not in notices[0].message and "section" in notices[0].message


def test_unused_json_keys_are_named(tmp_path):
    path = _jsonl(tmp_path / "k.jsonl", [json.dumps(GOOD_A | {"headline_text": "H"}), json.dumps(GOOD_B | {"when": "2022"})])
    _, _, notices = _read(path)
    assert len(notices) == 1 and "headline_text, when" in notices[0].message
    assert "--column title=headline_text" in notices[0].message


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-8", codecs.BOM_UTF8),
                                           ("utf-16-le", b""), ("utf-16-be", b"")])
def test_unicode_with_and_without_bom_is_decoded(tmp_path, encoding, bom):
    text = "Titre\n\nLe ministre fran\u00e7ais a d\u00e9clar\u00e9 \u2014 \u201cnon\u201d \u00e0 Moscou."
    (tmp_path / "a.txt").write_bytes(bom + text.encode(encoding))
    (tmp_path / "b.json").write_bytes(bom + json.dumps({"id": "j", "text": text}, ensure_ascii=False).encode(encoding))
    (tmp_path / "c.jsonl").write_bytes(bom + (json.dumps({"id": "l", "text": text}, ensure_ascii=False) + "\n").encode(encoding))
    records, rejects, _ = _read(tmp_path)
    assert rejects == []
    assert [r.text for r in records] == [text, text, text]


def test_fifo_and_other_non_regular_files_are_rejected_without_hanging(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(GOOD_A), encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    os.mkfifo(tmp_path / "explicit.txt")
    result: dict = {}

    def run() -> None:
        result["items"] = _read(folder, tmp_path / "explicit.txt", Path("/dev/zero.txt"), Path("/dev/null"))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "reading a FIFO blocked"
    records, rejects, _ = result["items"]
    assert [r.article_id for r in records] == ["good-a"]
    assert [(Path(r.source_path).name, r.reason) for r in rejects] == [
        ("pipe.jsonl", "not_a_regular_file"), ("explicit.txt", "not_a_regular_file"), ("zero.txt", "not_found"),
        ("null", "unsupported_format")]
    assert "named pipe" in rejects[0].message


def test_device_with_a_supported_name_is_rejected(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    records, rejects, _ = _read(link)
    assert records == [] and [r.reason for r in rejects] == ["not_a_regular_file"]


def test_broken_symlink_and_undecodable_file_name(tmp_path):
    (tmp_path / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    name = os.fsdecode(b"caf\xe9.json")
    (tmp_path / name).write_text(json.dumps(GOOD_A), encoding="utf-8")
    records, rejects, _ = _read(tmp_path / "dangling.json", tmp_path / name)
    assert [(r.reason, r.message) for r in rejects] == [("not_found", "broken symbolic link")]
    assert [r.article_id for r in records] == ["good-a"]
    assert records[0].source_path.endswith("caf\ufffd.json")


def test_skipped_files_in_a_folder_are_noted(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(GOOD_A), encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "c.docx").write_bytes(b"PK")
    _, _, notices = _read(tmp_path)
    assert [(n.kind, n.message) for n in notices] == [("skipped_files", "files of unsupported types skipped: 1 .docx, 1 .pdf")]


def test_url_or_author_change_changes_the_content_hash():
    base = normalise_record(GOOD_A | {"url": "https://a.example/1", "author": "A"}, "x.json", 1)
    moved = normalise_record(GOOD_A | {"url": "https://a.example/2", "author": "A"}, "x.json", 1)
    signed = normalise_record(GOOD_A | {"url": "https://a.example/1", "author": "B"}, "x.json", 1)
    assert len({base.content_hash, moved.content_hash, signed.content_hash}) == 3

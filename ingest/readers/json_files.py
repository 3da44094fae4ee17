"""JSON (an object or a list of objects) and JSON Lines articles."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from ingest.readers.records import ArticleRecord, Reject, normalise_record


def _one_line(err: json.JSONDecodeError) -> str:
    return f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"


def read_json_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        yield Reject(source_path, None, "malformed_json", _one_line(err), text)
        return
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list) and not isinstance(data.get("text"), str):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    if not items:
        yield Reject(source_path, None, "empty_file", "JSON file holds an empty list", text)
    for number, item in enumerate(items, start=1):
        yield normalise_record(item, source_path, number, overrides, max_text_chars)


def read_jsonl_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            yield Reject(source_path, number, "malformed_json", f"line {number}: {_one_line(err)}", line)
            continue
        yield normalise_record(item, source_path, number, overrides, max_text_chars)

"""JSON (an object or a list of objects) and JSON Lines articles."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from ingest.readers.records import ArticleRecord, Notice, Reject, normalise_record, unused_fields, unused_fields_notice


def _one_line(err: json.JSONDecodeError) -> str:
    return f"invalid JSON at line {err.lineno} column {err.colno}: {err.msg}"


def _parse(text: str) -> tuple[Any, str | None]:
    """(value, None), or (None, why the text is not JSON we can read). Never raises for bad input."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as err:
        return None, _one_line(err)
    except RecursionError:
        return None, "JSON is nested too deeply to read (more than about 1,000 levels)"
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        return None, f"invalid JSON: {' '.join(str(err).split())[:120]}"


class _KeyTally:
    """Keys of the records of one file that no field reads, for one notice per file."""

    def __init__(self, overrides: Mapping[str, str]) -> None:
        self.overrides = overrides
        self.keys: dict[str, None] = {}

    def add(self, item: Any) -> None:
        if isinstance(item, Mapping) and len(self.keys) < 1000:
            self.keys.update((str(k), None) for k in item.keys())

    def notice(self, source_path: str) -> Notice | None:
        unused = unused_fields(self.keys, self.overrides)
        return unused_fields_notice(source_path, unused, "key") if unused else None


def read_json_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject | Notice]:
    data, problem = _parse(text)
    if problem is not None:
        yield Reject(source_path, None, "malformed_json", problem, text)
        return
    if isinstance(data, Mapping) and isinstance(data.get("articles"), list) and not isinstance(data.get("text"), str):
        data = data["articles"]
    items = data if isinstance(data, list) else [data]
    if not items:
        yield Reject(source_path, None, "empty_file", "JSON file holds an empty list", text)
    tally = _KeyTally(overrides)
    for number, item in enumerate(items, start=1):
        tally.add(item)
        yield normalise_record(item, source_path, number, overrides, max_text_chars)
    notice = tally.notice(source_path)
    if notice is not None:
        yield notice


def read_jsonl_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject | Notice]:
    # Lines end at "\n" only: str.splitlines would also split at U+2028, U+0085 and other characters
    # that JSON strings may hold unescaped.
    tally = _KeyTally(overrides)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if "\x00" in line:
            yield Reject(source_path, number, "nul_byte", f"line {number} holds a NUL byte (binary data), not JSON", line)
            continue
        item, problem = _parse(line)
        if problem is not None:
            yield Reject(source_path, number, "malformed_json", f"line {number}: {problem}", line)
            continue
        tally.add(item)
        yield normalise_record(item, source_path, number, overrides, max_text_chars)
    notice = tally.notice(source_path)
    if notice is not None:
        yield notice

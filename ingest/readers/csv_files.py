"""CSV articles, one row a record; columns recognised by their common names (or overridden)."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator, Mapping

from ingest.readers.records import ArticleRecord, Reject, normalise_record


def read_csv_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        header = reader.fieldnames
    except csv.Error as err:
        yield Reject(source_path, None, "malformed_csv", f"unreadable CSV header: {err}", text)
        return
    if not header:
        yield Reject(source_path, None, "empty_file", "CSV file has no header row", text)
        return
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            yield Reject(source_path, number + 1, "malformed_csv", f"row {number + 1}: {err}", "")
            break
        number += 1
        row = {k: v for k, v in row.items() if k is not None}
        yield normalise_record(row, source_path, number, overrides, max_text_chars)

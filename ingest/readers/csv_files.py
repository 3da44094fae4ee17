"""CSV articles, one row a record; columns recognised by their common names (or overridden).

CSV is read as RFC 4180 (the format Python's ``csv.writer`` and spreadsheets write): fields in double
quotes may hold the delimiter, newlines and doubled quotes. Only the delimiter is guessed, from the
header line; the quoting rules are never guessed (``csv.Sniffer`` can guess them wrong and split a
text with quotes into bogus records).
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator, Mapping

from ingest.readers.records import ArticleRecord, Notice, Reject, normalise_record, unused_fields, unused_fields_notice

DELIMITERS = ",;\t|"


def header_delimiter(text: str) -> str:
    """The delimiter that occurs most often, outside quotes, in the header line (',' when none does)."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in "\r\n":
            break
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_articles(
    text: str, source_path: str, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject | Notice]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=header_delimiter(text), quotechar='"',
                            doublequote=True, skipinitialspace=False, strict=False)
    try:
        header = reader.fieldnames
    except csv.Error as err:
        yield Reject(source_path, None, "malformed_csv", f"unreadable CSV header: {err}", text)
        return
    if not header:
        yield Reject(source_path, None, "empty_file", "CSV file has no header row", text)
        return
    unused = unused_fields(header, overrides)
    if unused:
        yield unused_fields_notice(source_path, unused)
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
        extra = row.pop(None, None)  # type: ignore[call-overload]
        if any("\x00" in (value or "") for value in row.values()) or (extra and any("\x00" in v for v in extra)):
            yield Reject(source_path, number, "nul_byte", f"row {number} holds a NUL byte (binary data)", "")
            continue
        yield normalise_record(row, source_path, number, overrides, max_text_chars)

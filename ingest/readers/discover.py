"""Finding input files and dispatching each to the reader of its format."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ingest.readers.csv_files import read_csv_articles
from ingest.readers.decoding import UndecodableInput, decode_bytes
from ingest.readers.html_files import read_html_article
from ingest.readers.json_files import read_json_articles, read_jsonl_articles
from ingest.readers.records import ArticleRecord, Reject
from ingest.readers.text_files import read_text_article

SUPPORTED_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".ndjson", ".csv", ".html", ".htm"}


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path | Reject]:
    """Files under the given paths (folders recursively, sorted); unknown paths become rejects."""
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES:
                        yield candidate
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                yield path
            else:
                yield Reject(str(path), None, "unsupported_format", f"unsupported file type '{path.suffix or '(none)'}'")
        else:
            yield Reject(str(path), None, "not_found", "no such file or folder")


def read_file(
    path: Path, max_file_bytes: int, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject]:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as err:
        yield Reject(source, None, "unreadable_file", f"cannot read file: {err.strerror}")
        return
    if size > max_file_bytes:
        yield Reject(source, None, "file_too_large", f"file is {size} bytes, limit is {max_file_bytes}")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield Reject(source, None, "unreadable_file", f"cannot read file: {err.strerror}")
        return
    if not data.strip():
        yield Reject(source, None, "empty_file", "file is empty")
        return
    try:
        decoded = decode_bytes(data)
    except UndecodableInput as err:
        yield Reject(source, None, err.reason, str(err), data[:200].decode("latin-1"))
        return
    suffix = path.suffix.lower()
    if suffix in {".txt", ".md"}:
        results = read_text_article(decoded.text, source, max_text_chars)
    elif suffix == ".json":
        results = read_json_articles(decoded.text, source, overrides, max_text_chars)
    elif suffix in {".jsonl", ".ndjson"}:
        results = read_jsonl_articles(decoded.text, source, overrides, max_text_chars)
    elif suffix == ".csv":
        results = read_csv_articles(decoded.text, source, overrides, max_text_chars)
    else:
        results = read_html_article(decoded.text, source, max_text_chars)
    for result in results:
        if decoded.fallback and isinstance(result, ArticleRecord):
            result.warnings.append(("decoded_with_fallback", f"file is not UTF-8; decoded as {decoded.encoding}"))
        yield result


def read_inputs(
    paths: Iterable[Path],
    max_file_bytes: int = 50 * 1024 * 1024,
    overrides: Mapping[str, str] | None = None,
    max_text_chars: int = 1_000_000,
) -> Iterator[ArticleRecord | Reject]:
    """Every record (or reject) from every input file, in a deterministic order."""
    for item in iter_input_files(paths):
        if isinstance(item, Reject):
            yield item
            continue
        yield from read_file(item, max_file_bytes, overrides or {}, max_text_chars)

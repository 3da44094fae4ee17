"""Finding input files and dispatching each to the reader of its format.

Only regular files are read. A named pipe, socket or device is rejected without being opened for
a blocking read (opening a FIFO for reading would wait for a writer for ever), and a file is opened
once, checked with ``fstat`` and read through that descriptor, so it cannot be swapped in between.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ingest.readers.csv_files import read_csv_articles
from ingest.readers.decoding import UndecodableInput, decode_bytes
from ingest.readers.html_files import read_html_article
from ingest.readers.json_files import read_json_articles, read_jsonl_articles
from ingest.readers.records import ArticleRecord, Notice, Reject, printable
from ingest.readers.text_files import read_text_article

SUPPORTED_SUFFIXES = {".txt", ".md", ".json", ".jsonl", ".ndjson", ".csv", ".html", ".htm"}
# Formats read record by record: a NUL byte rejects its own record, not the whole file.
_LINE_BASED = {".jsonl", ".ndjson", ".csv"}


def display_path(path: Path) -> str:
    """The path as text that can be stored and printed (undecodable bytes of a file name become U+FFFD)."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path | Reject | Notice]:
    """Files under the given paths (folders recursively, sorted); unknown paths become rejects."""
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as err:
            if os.path.lexists(path) and err.errno in (errno.ENOENT, errno.ELOOP):
                yield Reject(display_path(path), None, "not_found", "broken symbolic link")
            elif err.errno in (errno.ENOENT, errno.ENOTDIR):
                yield Reject(display_path(path), None, "not_found", "no such file or folder")
            else:
                yield Reject(display_path(path), None, "unreadable_file", f"cannot read: {err.strerror}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            yield Reject(display_path(path), None, "unsupported_format", f"unsupported file type '{printable(path.suffix) or '(none)'}'")
        else:
            yield path  # non-regular files are refused when opened (read_file)


def _walk(folder: Path) -> Iterator[Path | Reject | Notice]:
    problems: list[OSError] = []
    skipped: dict[str, int] = {}
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            candidate = Path(root) / name
            suffix = candidate.suffix.lower()
            if suffix in SUPPORTED_SUFFIXES:
                yield candidate
            elif not name.startswith("."):
                skipped[suffix or "(none)"] = skipped.get(suffix or "(none)", 0) + 1
    for err in problems:
        yield Reject(display_path(Path(err.filename or folder)), None, "unreadable_folder", f"cannot list folder: {err.strerror}")
    if skipped:
        kinds = ", ".join(f"{count} {printable(suffix)}" for suffix, count in sorted(skipped.items()))
        yield Notice(display_path(folder), "skipped_files", f"files of unsupported types skipped: {kinds}")


def _read_regular(path: Path, max_file_bytes: int) -> bytes | Reject:
    """The bytes of a regular file, or a reject. Never blocks on a FIFO."""
    source = display_path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        return Reject(source, None, "unreadable_file", f"cannot read file: {err.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Reject(source, None, "not_a_regular_file", f"{_kind_of(info.st_mode)}, not a regular file; not read")
        if info.st_size > max_file_bytes:
            return Reject(source, None, "file_too_large", f"file is {info.st_size} bytes, limit is {max_file_bytes}")
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(max_file_bytes + 1)
    except OSError as err:
        return Reject(source, None, "unreadable_file", f"cannot read file: {err.strerror}")
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_file_bytes:  # grew while being read
        return Reject(source, None, "file_too_large", f"file is over the limit of {max_file_bytes} bytes")
    return data


def read_file(
    path: Path, max_file_bytes: int, overrides: Mapping[str, str], max_text_chars: int
) -> Iterator[ArticleRecord | Reject | Notice]:
    source = display_path(path)
    data = _read_regular(path, max_file_bytes)
    if isinstance(data, Reject):
        yield data
        return
    if not data.strip():
        yield Reject(source, None, "empty_file", "file is empty")
        return
    suffix = path.suffix.lower()
    try:
        decoded = decode_bytes(data, nul_ok=suffix in _LINE_BASED)
    except UndecodableInput as err:
        yield Reject(source, None, err.reason, str(err), data[:200].decode("latin-1"))
        return
    if not decoded.text.strip():
        yield Reject(source, None, "empty_file", "file is empty")
        return
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
) -> Iterator[ArticleRecord | Reject | Notice]:
    """Every record (or reject, or notice about a file) from every input file, in a deterministic order."""
    for item in iter_input_files(paths):
        if isinstance(item, (Reject, Notice)):
            yield item
            continue
        yield from read_file(item, max_file_bytes, overrides or {}, max_text_chars)

"""Plain-text articles (.txt, .md): the first non-empty line is the title, the whole file is the text."""

from __future__ import annotations

from collections.abc import Iterator

from ingest.readers.records import ArticleRecord, Reject, normalise_record


def read_text_article(text: str, source_path: str, max_text_chars: int) -> Iterator[ArticleRecord | Reject]:
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), None)
    yield normalise_record({"title": title, "text": text}, source_path, 1, max_text_chars=max_text_chars)

"""HTML pages: main text and metadata extracted with trafilatura (publication date via htmldate).

The page is parsed, never executed. Offsets of an HTML article refer to the extracted text.
"""

from __future__ import annotations

from collections.abc import Iterator

import trafilatura

from ingest.readers.records import ArticleRecord, Reject, normalise_record


def read_html_article(html: str, source_path: str, max_text_chars: int) -> Iterator[ArticleRecord | Reject]:
    try:
        document = trafilatura.bare_extraction(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=True,
            deduplicate=False,
        )
    except Exception as err:  # trafilatura raises assorted parser errors on broken markup
        yield Reject(source_path, 1, "unparseable_html", f"HTML could not be parsed: {type(err).__name__}", html)
        return
    if document is None or not (document.text or "").strip():
        yield Reject(source_path, 1, "no_main_text", "HTML page has no main text (only scripts, navigation or markup)", html)
        return
    record = {
        "title": document.title,
        "text": document.text,
        "published_at": document.date,
        "source": document.sitename,
        "url": document.url,
        "author": document.author,
    }
    yield normalise_record(record, source_path, 1, max_text_chars=max_text_chars)

"""Article records, rejects, and the normalisation of a raw mapping into a record."""

from __future__ import annotations

import hashlib
import re
import reprlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

from ingest.readers.dates import parse_publication_date

# Common names of each record field, in order of preference. Keys are compared lower-cased.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid", "uid", "doc_id"),
    "title": ("title", "headline", "headlines", "heading"),
    "text": ("text", "body", "article", "articles", "content", "story", "full_text"),
    "published_at": ("published_at", "published", "date", "publication_date", "pubdate", "datetime", "time"),
    "source": ("source", "source_name", "outlet", "publisher", "site_name", "newspaper"),
    "url": ("url", "link", "href"),
    "author": ("author", "authors", "byline", "by"),
}

EXCERPT_CHARS = 200
_SURROGATE = re.compile("[\ud800-\udfff]")
# Words in an unused column name that suggest the field it may hold (for the `--column` hint).
_FIELD_HINTS: tuple[tuple[str, str], ...] = (
    ("date", "published_at"), ("time", "published_at"), ("pub", "published_at"), ("head", "title"),
    ("title", "title"), ("body", "text"), ("text", "text"), ("content", "text"), ("author", "author"),
    ("writer", "author"), ("url", "url"), ("link", "url"), ("source", "source"), ("site", "source"),
    ("paper", "source"), ("outlet", "source"), ("id", "id"),
)


@dataclass
class ArticleRecord:
    """One article as read, before any NLP. `text` is kept exactly as given."""

    article_id: str
    title: str | None
    text: str
    published_at: datetime | None
    source: str | None
    url: str | None
    author: str | None
    source_path: str
    record_number: int
    id_given: bool = False
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        # Every field that is stored: a change of any of them (url and author too) updates the article.
        parts = [self.title or "", self.text, self.published_at.isoformat() if self.published_at else "", self.source or "",
                 self.url or "", self.author or ""]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Reject:
    """An input that could not become an article, with a short reason code and a one-line message."""

    source_path: str
    record_number: int | None
    reason: str
    message: str
    excerpt: str = ""

    def __post_init__(self) -> None:
        self.source_path = printable(self.source_path)
        self.message = printable(" ".join(self.message.split()))
        self.excerpt = excerpt(self.excerpt)


@dataclass
class Notice:
    """Something about a whole input file that the user should hear of (e.g. columns that were not read)."""

    source_path: str
    kind: str
    message: str


def printable(text: str) -> str:
    """The text with lone surrogates (not valid Unicode; they cannot be stored or printed) as U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _short_repr(value: Any) -> str:
    """A bounded repr: deep or huge values are cut, never walked whole (no RecursionError)."""
    shortener = reprlib.Repr()
    shortener.maxlevel, shortener.maxstring, shortener.maxother = 4, EXCERPT_CHARS, EXCERPT_CHARS
    shortener.maxdict = shortener.maxlist = shortener.maxtuple = 20
    try:
        return shortener.repr(value)
    except (RecursionError, ValueError):
        return f"<{type(value).__name__}>"


def excerpt(value: Any) -> str:
    text = value[: EXCERPT_CHARS * 4] if isinstance(value, str) else _short_repr(value)
    text = " ".join(text.split())
    return printable(text[:EXCERPT_CHARS])


def lone_surrogate_at(text: str) -> int | None:
    """Index of the first lone surrogate in the text (JSON can carry one, e.g. "\\ud800"), or None."""
    found = _SURROGATE.search(text)
    return found.start() if found else None


def unused_fields(names: Iterable[str], overrides: Mapping[str, str]) -> list[str]:
    """The column or key names a record reader does not read, in their given order."""
    names = [str(name) for name in names]
    used: set[str] = set()
    lowered = [name.strip().lower() for name in names]
    for wanted in FIELD_NAMES:
        candidates = (overrides[wanted],) if wanted in overrides else FIELD_NAMES[wanted]
        match = next((c.lower() for c in candidates if c.lower() in lowered), None)
        if match is not None:
            used.add(match)
    return [name for name, low in zip(names, lowered) if low not in used and low]


def unused_fields_notice(source_path: str, unused: list[str], kind: str = "column") -> Notice:
    """A notice naming unused columns (or keys), with a `--column` suggestion."""
    shown = ", ".join(printable(name) for name in unused[:8]) + (f" and {len(unused) - 8} more" if len(unused) > 8 else "")
    first = printable(unused[0])
    field_name = next((f for word, f in _FIELD_HINTS if word in first.lower()), "FIELD")
    return Notice(printable(source_path), "unused_columns",
                  f"{kind}(s) not read: {shown}; to read one, map it with --column {field_name}={first}")


def text_article_id(text: str) -> str:
    """Stable id for an article without a given id: a hash of its text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _pick(mapping: Mapping[str, Any], wanted: str, overrides: Mapping[str, str]) -> tuple[str | None, Any]:
    lowered = {str(k).strip().lower(): k for k in mapping.keys()}
    names = (overrides[wanted],) if wanted in overrides else FIELD_NAMES[wanted]
    for name in names:
        key = lowered.get(name.lower())
        if key is not None:
            return key, mapping[key]
    return None, None


def _optional_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a CSV cell
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)
    if isinstance(value, (dict, list)):
        raise TypeError(type(value).__name__)
    text = str(value).strip()
    return text or None


def normalise_record(
    raw: Mapping[str, Any],
    source_path: str,
    record_number: int,
    overrides: Mapping[str, str] | None = None,
    max_text_chars: int = 1_000_000,
) -> ArticleRecord | Reject:
    """Turn a mapping read from a file into an :class:`ArticleRecord`, or a :class:`Reject` saying why not."""
    overrides = overrides or {}
    if not isinstance(raw, Mapping):
        return Reject(source_path, record_number, "not_an_object", f"record is a {type(raw).__name__}, expected an object", raw)
    _, text = _pick(raw, "text", overrides)
    if text is None or (isinstance(text, float) and text != text):
        names = "/".join(FIELD_NAMES["text"]) if "text" not in overrides else overrides["text"]
        return Reject(source_path, record_number, "missing_text", f"record has no text field ({names})", raw)
    if not isinstance(text, str):
        return Reject(source_path, record_number, "wrong_type", f"text field is a {type(text).__name__}, expected a string", raw)
    if not text.strip():
        return Reject(source_path, record_number, "empty_text", "record text is empty", raw)
    if len(text) > max_text_chars:
        return Reject(source_path, record_number, "text_too_long", f"text has {len(text)} characters, limit is {max_text_chars}", text)
    text_key, _ = _pick(raw, "text", overrides)
    values: dict[str, str | None] = {}
    for name in ("id", "title", "source", "url", "author"):
        key, value = _pick(raw, name, overrides)
        try:
            values[name] = _optional_text(value)
        except TypeError as err:
            return Reject(source_path, record_number, "wrong_type", f"field '{key}' is a {err}, expected text", raw)
    for key, value in ((text_key, text), *((name, values[name]) for name in values)):
        at = lone_surrogate_at(value) if value else None
        if at is not None:
            return Reject(source_path, record_number, "invalid_unicode",
                          f"field '{key}' holds a lone surrogate (U+{ord(value[at]):04X}) at character {at}: not valid Unicode text", raw)
    warnings: list[tuple[str, str]] = []
    date_key, date_value = _pick(raw, "published_at", overrides)
    published_at = None
    if date_value is not None and not (isinstance(date_value, float) and date_value != date_value) and str(date_value).strip():
        published_at = parse_publication_date(date_value)
        if published_at is None:
            warnings.append(("date_unparseable", f"field '{date_key}' value {excerpt(date_value)[:60]!r} is not a date; publication date left unknown"))
    given_id = values["id"]
    return ArticleRecord(
        article_id=given_id or text_article_id(text),
        title=values["title"],
        text=text,
        published_at=published_at,
        source=values["source"],
        url=values["url"],
        author=values["author"],
        source_path=source_path,
        record_number=record_number,
        id_given=given_id is not None,
        warnings=warnings,
    )


def utc_naive(moment: datetime) -> datetime:
    """Datetimes are stored as naive UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment

"""Component `stance_dates`: the date of each statement, resolved against the publication date.

A date expression attached to the cue ("said on Feb. 20", "last month") outside the content gives the
date; otherwise the publication date. A year-less date takes the nearest year not after publication.
Without a publication date, only a full date in the text gives a date; nothing is guessed.
In a live blog, each entry's timestamp (found by `stance_boilerplate`) is that entry's publication
date: statements after it are resolved against it (never later than the article's publication date).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from functools import lru_cache

import dateparser
from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


@dataclass(frozen=True)
class ResolvedDate:
    value: date
    precision: str  # day | month | year


def _month_start(day: date, months_back: int) -> date:
    year, month = day.year, day.month - months_back
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def resolve_date(expression: str, published: date | None) -> ResolvedDate | None:
    """Resolve a date expression. Relative ones need `published`; year-less ones take its year or the one before."""
    text = expression.strip().lower().rstrip(".,")
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"^(on|in|since|by|from|earlier|later|early|late|until|at|the end of|the start of|the beginning of|mid-?)\s+", "", text)
    text = text.replace("the ", "").strip()
    # "Friday morning", "yesterday afternoon", "Tuesday night": the day the part of it belongs to
    text = re.sub(r"^(\w+)\s+(?:morning|afternoon|evening|night)$", lambda m: m.group(0) if m.group(1) in {"this", "last"} else m.group(1), text)
    if not text:
        return None
    if published is not None:
        if text in WEEKDAYS or (text.startswith("last ") and text[5:] in WEEKDAYS):
            weekday = WEEKDAYS[text.split()[-1]]
            delta = (published.weekday() - weekday) % 7
            if text.startswith("last ") and delta == 0:
                delta = 7
            return ResolvedDate(published - timedelta(days=delta), "day")
        if text in {"last month", "previous month"}:
            return ResolvedDate(_month_start(published, 1), "month")
        if text == "this month":
            return ResolvedDate(_month_start(published, 0), "month")
        if text in {"last year", "previous year"}:
            return ResolvedDate(date(published.year - 1, 1, 1), "year")
        if text == "this year":
            return ResolvedDate(date(published.year, 1, 1), "year")
        if text in {"last week", "this week", "earlier this week", "week"}:
            return None
        relative = _relative_day(text, published)
        if relative is not None:
            return relative
    if re.fullmatch(r"(19|20)\d\d", text):
        return ResolvedDate(date(int(text), 1, 1), "year")
    month_only = re.fullmatch(r"([a-z]+)\.?(\s+(19|20)\d\d)?", text)
    if month_only and month_only.group(1) in MONTHS:
        month = MONTHS[month_only.group(1)]
        if month_only.group(2):
            return ResolvedDate(date(int(month_only.group(2)), month, 1), "month")
        if published is None:
            return None
        year = published.year if month <= published.month else published.year - 1
        return ResolvedDate(date(year, month, 1), "month")
    has_year = re.search(r"\b(19|20)\d\d\b", text) is not None
    has_day = re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", text) is not None
    has_month = any(re.search(rf"\b{m}\b", text) for m in MONTHS)
    if not (has_month and has_day):
        return None
    if not has_year and published is None:
        return None
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": _as_datetime(published) if published else None, "REQUIRE_PARTS": ["day", "month"]} if published else {"REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        return None
    value = parsed.date()
    if not has_year and published is not None:
        value = value.replace(year=published.year)
        if value > published:
            value = value.replace(year=published.year - 1)
    return ResolvedDate(value, "day")


# Periods dateparser gives a relative expression, as the precision of the date; a week is too vague.
PERIOD_PRECISION = {"day": "day", "part_of_day": "day", "time": "day", "month": "month", "year": "year"}
# Relative expressions dateparser does not read, as the ones it does.
RELATIVE_SYNONYMS = {"overnight": "last night"}


def _relative_day(text: str, published: date) -> ResolvedDate | None:
    """A date relative to publication that dateparser reads ("today", "this morning", "tonight", "yesterday",
    "last night", "two days ago", "last month"), with the precision of the period it names. Expressions with
    a weekday, a month name or a number of weeks are left to the rules above (a weekday is the latest such
    day on or before publication, the publication day included, which dateparser does not do)."""
    text = RELATIVE_SYNONYMS.get(text, text)
    if any(word in WEEKDAYS or word in MONTHS for word in text.split()) or "week" in text:
        return None
    found = _relative_parser(published).get_date_data(text)
    if found is None or found.date_obj is None:
        return None
    precision = PERIOD_PRECISION.get(found.period or "")
    if precision is None:
        return None
    value = found.date_obj.date()
    if value > published:
        return None
    if precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    return ResolvedDate(value, precision)


@lru_cache(maxsize=64)
def _relative_parser(published: date) -> DateDataParser:
    return DateDataParser(languages=["en"], settings={"PREFER_DATES_FROM": "past", "RELATIVE_BASE": _as_datetime(published),
                                                      "RETURN_TIME_AS_PERIOD": True})


def _as_datetime(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, 23, 59)


def entry_dates(doc: Doc, published: date | None) -> list[tuple[int, date]]:
    """(offset, date) of each live-blog entry timestamp, in text order, capped at `published`."""
    found: list[tuple[int, date]] = []
    for span in doc._.boilerplate or []:
        if span["kind"] != "timestamp":
            continue
        day = re.search(r"\d{1,2} \w+\.? \d{4}|\w+\.? \d{1,2},? \d{4}", doc.text[span["start"]:span["end"]])
        resolved = resolve_date(day.group(), None) if day else None
        if resolved is not None:
            found.append((span["start"], min(resolved.value, published) if published else resolved.value))
    return sorted(found)


@Language.factory("stance_dates", default_config={})
def make_dates(nlp: Language, name: str):
    register_extensions()

    def dates(doc: Doc) -> Doc:
        article_published = date.fromisoformat(doc._.published) if doc._.published else None
        text = doc.text
        entries = entry_dates(doc, article_published)
        for statement in doc._.statements or []:
            published = next((day for start, day in reversed(entries) if start <= statement["sentence_start"]), article_published)
            chosen = None
            span = statement.get("cue_date")
            if span is not None:
                expression = text[span[0]:span[1]]
                resolved = resolve_date(expression, published)
                if resolved is not None and (published is None or resolved.value <= published):
                    chosen = (resolved, expression)
            if chosen is not None:
                statement.update(statement_date=chosen[0].value.isoformat(), date_precision=chosen[0].precision,
                                 date_source="text", date_text=chosen[1])
            elif published is not None:
                statement.update(statement_date=published.isoformat(), date_precision="day", date_source="published", date_text=None)
            else:
                statement.update(statement_date=None, date_precision=None, date_source="unknown", date_text=None)
        return doc

    return dates

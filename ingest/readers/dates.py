"""Parsing publication dates given in records (ISO first, then a date-parsing library)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import dateparser

_PARSER_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "TO_TIMEZONE": "UTC",
    "STRICT_PARSING": False,
    "REQUIRE_PARTS": ["year", "month"],
}


def parse_publication_date(value: Any) -> datetime | None:
    """Return a naive-UTC datetime for a publication date, or None when it is not a date.

    Relative expressions ("yesterday") are refused: a publication date must be absolute.
    """
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)) or not isinstance(value, str):
        return None
    else:
        text = value.strip()
        if not text or not any(ch.isdigit() for ch in text):
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            parsed = dateparser.parse(text, languages=["en"], settings=_PARSER_SETTINGS)
            if parsed is None:
                return None
            moment = parsed
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    if not 1900 <= moment.year <= 2100:
        return None
    return moment

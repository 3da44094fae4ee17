"""Finding quoted passages in text (curly and straight quotes, across sentences, within a paragraph)."""

from __future__ import annotations

import re

_OPEN = "“"
_CLOSE = "”"


def quote_regions(text: str, max_chars: int = 1500) -> list[tuple[int, int]]:
    """(start, end) of each quoted passage including its quote marks; unbalanced quotes are ignored.

    Straight double quotes pair up left to right within a paragraph; a curly opening quote closes
    at the next curly closing quote in the same paragraph.
    """
    regions: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        base = para.start()
        segment = para.group()
        stack_open: int | None = None
        straight_open: int | None = None
        for i, ch in enumerate(segment):
            if ch == _OPEN:
                stack_open = i
            elif ch == _CLOSE and stack_open is not None:
                if i - stack_open <= max_chars:
                    regions.append((base + stack_open, base + i + 1))
                stack_open = None
            elif ch == '"':
                if straight_open is None:
                    straight_open = i
                else:
                    if i - straight_open <= max_chars:
                        regions.append((base + straight_open, base + i + 1))
                    straight_open = None
    regions.sort()
    return regions


def region_at(regions: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    for start, end in regions:
        if start <= offset < end:
            return start, end
    return None

"""Date expressions resolved against the publication date."""

from datetime import date

import pytest

from ingest.extraction.dates import resolve_date

PUB = date(2025, 3, 6)  # a Thursday


@pytest.mark.parametrize(
    "expression, expected, precision",
    [
        ("on Feb. 20", date(2025, 2, 20), "day"),
        ("March 6", date(2025, 3, 6), "day"),
        ("last month", date(2025, 2, 1), "month"),
        ("earlier in February", date(2025, 2, 1), "month"),
        ("on Tuesday", date(2025, 3, 4), "day"),
        ("Thursday", date(2025, 3, 6), "day"),
        ("yesterday", date(2025, 3, 5), "day"),
        ("Dec. 12", date(2024, 12, 12), "day"),  # year-less: nearest year not after publication
        ("in December", date(2024, 12, 1), "month"),
        ("February 20, 2024", date(2024, 2, 20), "day"),
        ("2023", date(2023, 1, 1), "year"),
    ],
)
def test_resolves_against_publication(expression, expected, precision):
    resolved = resolve_date(expression, PUB)
    assert resolved is not None
    assert (resolved.value, resolved.precision) == (expected, precision)


@pytest.mark.parametrize("expression", ["last month", "on Tuesday", "Feb. 20", "March"])
def test_no_publication_date_means_no_guessed_year(expression):
    assert resolve_date(expression, None) is None


def test_full_date_without_publication_date():
    resolved = resolve_date("February 20, 2025", None)
    assert resolved is not None and resolved.value == date(2025, 2, 20)


def test_vague_expressions_give_nothing():
    assert resolve_date("last week", PUB) is None
    assert resolve_date("recent months", PUB) is None

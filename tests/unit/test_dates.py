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


@pytest.mark.parametrize(
    "expression, expected, precision",
    [
        ("today", date(2025, 3, 6), "day"),
        ("this morning", date(2025, 3, 6), "day"),
        ("earlier today", date(2025, 3, 6), "day"),
        ("tonight", date(2025, 3, 6), "day"),
        ("last night", date(2025, 3, 5), "day"),
        ("Late last night", date(2025, 3, 5), "day"),
        ("overnight", date(2025, 3, 5), "day"),
        ("yesterday afternoon", date(2025, 3, 5), "day"),
        ("Friday morning", date(2025, 2, 28), "day"),
        ("on Sunday", date(2025, 3, 2), "day"),
        ("two days ago", date(2025, 3, 4), "day"),
        ("earlier this year", date(2025, 1, 1), "year"),
        ("last year", date(2024, 1, 1), "year"),
    ],
)
def test_relative_days_resolve_with_their_precision(expression, expected, precision):
    resolved = resolve_date(expression, PUB)
    assert resolved is not None, expression
    assert (resolved.value, resolved.precision) == (expected, precision)


def test_a_weekday_that_is_the_publication_day_is_that_day():
    assert resolve_date("Thursday", PUB).value == PUB  # dateparser alone would give the week before


@pytest.mark.parametrize("expression", ["recently", "earlier", "at the weekend", "three weeks ago"])
def test_vague_relative_expressions_give_nothing(expression):
    assert resolve_date(expression, PUB) is None


# The shapes of issue 17, part 3, through the whole pipeline (published Thursday 6 March 2025).
@pytest.mark.parametrize(
    "text, cue, expected, date_text",
    [
        ("Late last night, the minister confirmed that the talks had failed.", "confirmed", "2025-03-05", "Late last night"),
        ("According to police on Sunday, three people were injured.", "According to", "2025-03-02", "on Sunday"),
        ("Three people were injured, according to police on Sunday.", "according to", "2025-03-02", "on Sunday"),
        ("The agency reported on Tuesday that exports fell.", "reported", "2025-03-04", "on Tuesday"),
        ("The army shelled the town, the agency reported on Tuesday.", "reported", "2025-03-04", "on Tuesday"),
        ("On Sunday, officials said the road would reopen.", "said", "2025-03-02", "On Sunday"),
        ("Officials on Sunday said the road would reopen.", "said", "2025-03-02", "on Sunday"),
        ("The president said this morning that he would resign.", "said", "2025-03-06", "this morning"),
        ("Speaking to reporters yesterday, the mayor said the city was safe.", "said", "2025-03-05", "yesterday"),
        ("The governor said Friday morning that schools would close.", "said", "2025-02-28", "Friday morning"),
        ("At a rally on Monday in Ohio, the senator said the plant would stay open.", "said", "2025-03-03", "on Monday"),
    ],
)
def test_date_shapes_resolve_against_publication(process, text, cue, expected, date_text):
    [st] = [s for s in process(text)._.statements if s["cue"] == cue]
    assert (st["statement_date"], st["date_precision"], st["date_source"], st["date_text"]) == (expected, "day", "text", date_text)


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the meeting on Friday had been cancelled.",  # the date of what was said
        "The minister, who arrived on Friday, said the talks would go on.",  # the date of another clause
    ],
)
def test_a_date_of_another_event_does_not_date_the_statement(process, text):
    [st] = [s for s in process(text)._.statements if s["cue"] == "said"]
    assert (st["statement_date"], st["date_source"]) == ("2025-03-06", "published")

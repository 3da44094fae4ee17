"""Live-blog timestamps and embedded social-media posts: furniture inside a paragraph of real text."""

from __future__ import annotations

from ingest.extraction.boilerplate import DEFAULT_INLINE_PATTERNS, DEFAULT_PATTERNS, DEFAULT_PREFIX_PATTERNS, BoilerplateDetector

PAGE = (
    "Live: the war in Ukraine\n\n"
    "8 May 2022 21.14 Kyiv has responded to the confiscation of a flag in Berlin, officials said on Sunday.\n\n"
    "Dozens of people were rescued from the rubble — Jane Doe (@janedoe) May 8, 2022 António Guterres said he was "
    "appalled by the attack on the school.\n\n"
    "9 May 2022 01.55 Zelenskiy said the medal was deserved."
)


def _detector() -> BoilerplateDetector:
    return BoilerplateDetector(DEFAULT_PATTERNS, 600, 140, 160, DEFAULT_PREFIX_PATTERNS, DEFAULT_INLINE_PATTERNS)


def test_timestamps_and_post_signatures_are_furniture_and_nothing_else():
    spans = _detector().detect(PAGE, None)
    pieces = [(span["kind"], PAGE[span["start"]:span["end"]]) for span in spans]
    assert ("timestamp", "8 May 2022 21.14") in pieces
    assert ("timestamp", "9 May 2022 01.55") in pieces
    assert ("embedded_post", "— Jane Doe (@janedoe) May 8, 2022") in pieces
    # the text around them stays text
    assert not any("Kyiv has responded" in text or "Guterres" in text or "rubble" in text for _, text in pieces)


def test_speakers_never_swallow_a_timestamp_or_a_post_author(process):
    doc = process(PAGE, published="2022-05-09")
    speakers = {st["speaker_text"] for st in doc._.statements}
    assert {"officials", "António Guterres", "Zelenskiy"} <= speakers
    assert not any(ch.isdigit() or "@" in s for s in speakers for ch in s)


def test_an_entry_timestamp_is_the_reference_date_of_its_statements(process):
    doc = process(PAGE, published="2022-05-09")
    dates = {st["speaker_text"]: (st["statement_date"], st["date_source"]) for st in doc._.statements}
    assert dates["officials"] == ("2022-05-08", "text")  # "on Sunday" counted from the entry of Sunday 8 May
    assert dates["António Guterres"] == ("2022-05-08", "published")
    assert dates["Zelenskiy"] == ("2022-05-09", "published")
    # an entry stamped after the article's publication date is capped at it
    doc = process(PAGE, published="2022-05-08")
    assert {st["statement_date"] for st in doc._.statements} == {"2022-05-08"}

"""Shared fixtures: the real spaCy pipeline (loaded once) and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.settings import load_settings


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def nlp(settings):
    from ingest.extraction.pipeline import build_pipeline

    return build_pipeline(settings.spacy_model, settings.seeds_dir)


@pytest.fixture()
def process(nlp):
    """Run the real pipeline on one text with a publication date; returns the Doc."""

    def run(text: str, published: str | None = "2025-03-06", title: str = "", author: str | None = None):
        doc = nlp.make_doc(text)
        doc._.published = published
        doc._.title = title
        doc._.author = author
        return nlp(doc)

    return run


@pytest.fixture()
def corpus_dir(settings) -> Path:
    return settings.sample_corpus

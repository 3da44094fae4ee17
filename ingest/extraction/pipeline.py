"""Building the spaCy pipeline: the English model plus this project's registered components.

Order: paragraph breaks → model (tok2vec, tagger, senter, ner) →
boilerplate → actors → attribution (parses candidate sentences only) → speakers → topics → polarity → dates.
"""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.language import Language

# Importing the modules registers their factories with spaCy.
from ingest.extraction import actors, attribution, boilerplate, dates, speakers, stance, topics  # noqa: F401
from ingest.extraction.extensions import register_extensions


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


def load_model(model: str, parse_everything: bool = False) -> Language:
    try:
        if parse_everything:
            return spacy.load(model)
        # attribute_ruler and lemmatizer are left out: see ingest/extraction/morphology.py.
        nlp = spacy.load(model, disable=["parser", "senter"], exclude=["attribute_ruler", "lemmatizer"])
        nlp.enable_pipe("senter")
        return nlp
    except OSError as err:
        raise ModelNotInstalled(f"spaCy model '{model}' is not installed (pip install the model package or set STANCE_SPACY_MODEL)") from err


def build_pipeline(model: str, seeds_dir: Path, parse_everything: bool = False, topics_path: Path | None = None,
                   actors_path: Path | None = None) -> Language:
    """The full extraction pipeline. `parse_everything` runs the parser on whole documents (slower).
    `topics_path`: a user's taxonomy instead of `seeds_dir/topics.csv`; `actors_path`: a user's extra
    actors on top of the gazetteer (see ingest/domain/files.py)."""
    register_extensions()
    nlp = load_model(model, parse_everything)
    topics = {"seeds_dir": str(seeds_dir), "topics_path": str(topics_path or "")}
    actors = {"seeds_dir": str(seeds_dir), "actors_path": str(actors_path or "")}
    nlp.add_pipe("stance_paragraph_breaks", first=True)
    nlp.add_pipe("stance_boilerplate", after="stance_paragraph_breaks")
    nlp.add_pipe("stance_actors", config=actors)
    nlp.add_pipe("stance_attribution", config={"parse_only_candidates": not parse_everything})
    nlp.add_pipe("stance_speakers", config=actors)
    nlp.add_pipe("stance_topics", config=topics)
    nlp.add_pipe("stance_polarity", config=topics)
    nlp.add_pipe("stance_dates")
    return nlp

"""Writing the measured evaluation table into docs/quality.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

HEADER = """# Extraction quality

Measured with `stance eval --write-docs` (also `make eval`) on {day}. The pipeline and a naive baseline
(speaker = subject of a speech verb, stance from the verb alone, full spaCy parse, publication date as
statement date) are scored on the same gold in the same run.

- *sample corpus*: the bundled articles in `data/articles/`, gold in `tests/gold/sample_corpus.jsonl`.
- *real articles*: third-party Guardian/NYT articles read from `../shared/data/guardian-ukraine-2022/`
  at run time, gold in `tests/gold/real_articles.jsonl` (annotated before tuning).

A predicted statement matches a gold one when their speaker spans overlap and the predicted sentence
contains the gold evidence. Precision and recall are over statements; the accuracies are over matched
statements (`actor_accuracy`: the canonical actor id, where either side has one).

"""


def write_quality_doc(path: Path, table: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(day=date.today().isoformat()) + table + "\n", encoding="utf-8")
    return path

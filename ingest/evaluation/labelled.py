"""Two checks beside the gold sets, both from labels on real articles (files in ``tests/gold/``, see
``README_labels.md`` there):

- **Labelled extractions** (`real_dev_labels.jsonl`): statements the extractor found in 248 real
  articles outside the gold, each labelled by an annotator as a statement or not, with its topic and
  stance. Scored again on every run: how many labelled non-statements are still extracted (precision
  on articles nobody tuned for), and stance and topic accuracy on the real statements still found.
- **Annotator agreement** (`real_second_annotator.jsonl`): a second annotator's stance and topic for
  the gold statements of the real articles, labelled without seeing the gold. Their agreement with the
  gold is what a careful human reaches under the same guideline: the ceiling for the pipeline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.evaluation.gold import GoldSet, article_docs, load_real_labels
from ingest.evaluation.metrics import by_article, match, ratio


@dataclass
class LabelledCheck:
    articles: int
    labelled_statements: int  # labelled as real statements
    labelled_non_statements: int
    found_statements: int  # of those, still extracted
    found_non_statements: int
    stance_correct: int
    topic_correct: int
    unlabelled: int  # extracted now in these articles but not in the labels (new since labelling)

    @property
    def precision(self) -> float:
        return ratio(self.found_statements, self.found_statements + self.found_non_statements)

    @property
    def stance_accuracy(self) -> float:
        return ratio(self.stance_correct, self.found_statements)

    @property
    def topic_accuracy(self) -> float:
        return ratio(self.topic_correct, self.found_statements)


@dataclass
class Agreement:
    statements: int
    stance_agree: int
    topic_agree: int
    pipeline_stance_correct: int  # the pipeline's stance on the same gold statements (where it found them)
    pipeline_found: int

    @property
    def stance(self) -> float:
        return ratio(self.stance_agree, self.statements)

    @property
    def topic(self) -> float:
        return ratio(self.topic_agree, self.statements)

    @property
    def pipeline_stance(self) -> float:
        return ratio(self.pipeline_stance_correct, self.pipeline_found)


def check_labelled(labels_file: Path, data_dir: Path, nlp) -> LabelledCheck | None:
    """Score the current extractor on the labelled extractions; None when the data folder is absent."""
    labels = load_real_labels(labels_file, data_dir)
    if labels is None:
        return None
    keys, docs = article_docs(nlp, labels)
    grouped = by_article(labels.statements)
    real = [s for s in labels.statements if s.raw.get("is_statement", True)]
    check = LabelledCheck(len(keys), len(real), len(labels.statements) - len(real), 0, 0, 0, 0, 0)
    for key, doc in zip(keys, nlp.pipe(docs, batch_size=16)):
        extracted = list(doc._.statements or [])
        pairs = match(extracted, grouped.get(key, []))
        check.unlabelled += len(extracted) - len(pairs)
        for statement, label in pairs:
            if label.raw.get("is_statement", True):
                check.found_statements += 1
                check.stance_correct += statement["stance"] == label.stance
                check.topic_correct += statement["topic_id"] == label.topic
            else:
                check.found_non_statements += 1
    return check


def annotator_agreement(second_file: Path, gold: GoldSet, system: dict[str, list[dict]]) -> Agreement:
    """The second annotator's labels against the gold, joined on (file, row, evidence)."""
    second = {(r["file"], int(r["row"]), r["evidence"]): r
              for r in (json.loads(line) for line in second_file.read_text(encoding="utf-8").splitlines() if line.strip())}
    grouped = by_article(gold.statements)
    found = {id(g): p for key, predicted in system.items() for p, g in match(predicted, grouped.get(key, []))}
    result = Agreement(0, 0, 0, 0, 0)
    for g in gold.statements:
        other = second.get((g.raw["file"], int(g.raw["row"]), g.raw["evidence"]))
        if other is None:
            continue
        result.statements += 1
        result.stance_agree += other["stance"] == g.stance
        result.topic_agree += other["topic"] == g.topic
        if id(g) in found:
            result.pipeline_found += 1
            result.pipeline_stance_correct += found[id(g)]["stance"] == g.stance
    return result


def format_checks(check: LabelledCheck | None, agreement: Agreement | None) -> str:
    lines: list[str] = []
    if check is not None:
        lines += ["", f"Labelled extractions (`tests/gold/real_dev_labels.jsonl`, {check.articles} real articles outside the gold):", "",
                  "| labelled statements still found | labelled non-statements still found | precision | stance accuracy | topic accuracy | unlabelled extractions |",
                  "|---|---|---|---|---|---|",
                  f"| {check.found_statements}/{check.labelled_statements} | {check.found_non_statements}/{check.labelled_non_statements} "
                  f"| {check.precision:.3f} | {check.stance_accuracy:.3f} | {check.topic_accuracy:.3f} | {check.unlabelled} |"]
    if agreement is not None and agreement.statements:
        lines += ["", "A second annotator against the real gold (`tests/gold/real_second_annotator.jsonl`):", "",
                  "| statements | annotator stance agreement | annotator topic agreement | pipeline stance (same statements) |",
                  "|---|---|---|---|",
                  f"| {agreement.statements} | {agreement.stance:.3f} | {agreement.topic:.3f} | {agreement.pipeline_stance:.3f} ({agreement.pipeline_found} found) |"]
    return "\n".join(lines)

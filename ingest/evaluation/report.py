"""Writing the measured evaluation table into docs/quality.md."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ingest.evaluation.metrics import interval

HEADER = """# Extraction quality

Measured with `stance eval --write-docs` (also `make eval`) on {day}. The pipeline and a naive baseline
(speaker = subject of a speech verb, stance from the verb alone, full spaCy parse, publication date as
statement date) are scored on the same gold in the same run.

- *sample corpus*: the bundled articles in `data/articles/`, gold in `tests/gold/sample_corpus.jsonl`.
- *real articles*: third-party Guardian/NYT articles read from `../shared/data/guardian-ukraine-2022/`
  at run time, gold in `tests/gold/real_articles.jsonl` (annotated before tuning).
- *wikinews dev* / *wikinews held-out*: 54 Wikinews articles of several domains (CC BY 2.5, copied into
  `tests/gold/wikinews/` with their notice; 2 of them from 2008–2009), annotated before tuning, scored with the set's own taxonomy
  `tests/gold/wikinews/topics.csv`. The held-out half (first hex digit of the id after `wn-` even) is
  the headline; no rule may be written from it. `stance_on_topic_accuracy` is stance over the matched
  statements whose gold topic is not `unassigned`.

A predicted statement matches a gold one when their speaker spans overlap and the predicted sentence
contains the gold evidence. Precision and recall are over statements; the accuracies are over matched
statements (`actor_accuracy`: the canonical actor id, where either side has one; `represented_accuracy`:
the state or organisation the speaker speaks for, which stances roll up to, where either side has one).

Two more checks on real articles (`tests/gold/README_labels.md`): *labelled extractions*, statements
the extractor found in 248 articles outside the gold, each labelled as a statement or not with its topic
and stance (a development set: precision, stance and topic on articles nobody tuned for); and a *second
annotator* who labelled the matched gold statements again without seeing the gold, whose agreement with
the gold is the human ceiling for stance and topic.

"""


TARGETS = [
    ("speaker_precision", "speaker precision", 0.92),
    ("speaker_recall", "speaker recall", 0.85),
    ("stance_accuracy", "stance accuracy", 0.85),
    ("date_accuracy", "date accuracy", 0.95),
]


def targets_table(results) -> str:
    """The real-article figures against the targets, each with its 95% interval (Wilson), and the
    second annotator's stance agreement with its interval: the human ceiling the stance target sits by."""
    real = next((r for r in results if r.name == "real articles"), None)
    if real is None:
        return "Real-article figures were not measured (third-party data folder absent).\n"
    system, baseline, counts = real.system.as_row(), real.baseline.as_row(), real.system.counts()
    lines = ["| figure | target | pipeline | 95% interval (n) | baseline | met |", "|---|---|---|---|---|---|"]
    for key, label, target in TARGETS:
        low, high = interval(*counts[key])
        lines.append(f"| {label} | ≥ {target:.2f} | {system[key]:.3f} | {low:.3f}–{high:.3f} ({counts[key][1]}) "
                     f"| {baseline[key]:.3f} | {'yes' if system[key] >= target else '**no**'} |")
    agreement = real.agreement
    if agreement is not None and agreement.statements:
        low, high = interval(agreement.stance_agree, agreement.statements)
        lines.append(f"| stance, second annotator against the gold (human ceiling) | | {agreement.stance:.3f} "
                     f"| {low:.3f}–{high:.3f} ({agreement.statements}) | | |")
    return "\n".join(lines) + "\n"


# Targets of issue 17 on the Wikinews held-out half (its own taxonomy); None: reported without a target.
WIKINEWS_TARGETS = [
    ("speaker_precision", "speaker precision", 0.92),
    ("speaker_recall", "speaker recall", 0.85),
    ("actor_accuracy", "actor accuracy", None),
    ("represented_accuracy", "represented accuracy", None),
    ("topic_accuracy", "topic accuracy", 0.85),
    ("stance_on_topic_accuracy", "stance accuracy, statements with a gold topic", 0.75),
    ("stance_accuracy", "stance accuracy, all statements", None),
    ("date_accuracy", "date accuracy", 0.90),
]


def wikinews_table(results) -> str:
    """The Wikinews figures per half, held-out first (the headline), each with its 95% interval
    (Wilson) and the baseline's figure."""
    halves = [r for name in ("wikinews held-out", "wikinews dev") for r in results if r.name == name]
    if not halves:
        return "Wikinews figures were not measured.\n"
    lines = []
    for result in halves:
        system, baseline, counts = result.system.as_row(), result.baseline.as_row(), result.system.counts()
        lines += [f"**{result.name}** ({result.articles} articles, {result.system.gold} gold statements):", "",
                  "| figure | target | pipeline | 95% interval (n) | baseline | met |", "|---|---|---|---|---|---|"]
        for key, label, target in WIKINEWS_TARGETS:
            low, high = interval(*counts[key])
            met = "" if target is None else ("yes" if system[key] >= target else "**no**")
            lines.append(f"| {label} | {'' if target is None else f'≥ {target:.2f}'} | {system[key]:.3f} "
                         f"| {low:.3f}–{high:.3f} ({counts[key][1]}) | {baseline[key]:.3f} | {met} |")
        lines.append("")
    return "\n".join(lines)


def write_quality_doc(path: Path, table: str, results=None) -> Path:
    """Rewrite the measured part of docs/quality.md; the hand-written sections after it are kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        marker = old.find("\n## Notes")
        kept = old[marker:] if marker != -1 else ""
    body = HEADER.format(day=date.today().isoformat()) + table + "\n\n## Against the targets (real articles)\n\n"
    body += targets_table(results or [])
    body += "\n## Wikinews, with its own taxonomy (held-out half first)\n\n" + wikinews_table(results or [])
    path.write_text(body + kept, encoding="utf-8")
    return path

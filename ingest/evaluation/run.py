"""`stance eval`: the extraction pipeline and the naive baseline, scored on the same gold, in one run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import spacy

from ingest.domain.taxonomy import load_taxonomy
from ingest.evaluation.baseline import run_baseline
from ingest.evaluation.gold import (WIKINEWS_SPLITS, GoldSet, article_docs, canonical_gold_ids, load_real_gold,
                                    load_sample_gold, load_wikinews_gold)
from ingest.evaluation.labelled import Agreement, LabelledCheck, annotator_agreement, check_labelled, format_checks
from ingest.evaluation.metrics import Scores, by_article, match, score
from ingest.extraction.pipeline import build_pipeline
from ingest.extraction.topics import TopicAssigner
from ingest.gazetteer.lookup import load_gazetteer
from ingest.settings import Settings

METRICS = ["speaker_precision", "speaker_recall", "speaker_f1", "actor_accuracy", "represented_accuracy", "stance_accuracy",
           "stance_on_topic_accuracy", "conditional_accuracy", "date_accuracy", "topic_accuracy"]
# The gold sets `stance eval --set` can name; the default scores all of them.
GOLD_SETS = ("sample", "real", "wikinews")


@dataclass
class EvalResult:
    name: str
    articles: int
    system: Scores
    baseline: Scores
    problems: list[str]
    # Stance on the gold statements both systems found: (count, pipeline accuracy, baseline accuracy).
    shared_stance: tuple[int, float, float] = (0, 0.0, 0.0)
    # Real articles only: a second annotator against this gold, and the labelled extractions outside it.
    agreement: Agreement | None = None
    labelled: LabelledCheck | None = None


def evaluate_set(gold: GoldSet, nlp, baseline_nlp, assigner: TopicAssigner, second_annotator: Path | None = None) -> EvalResult:
    keys, docs = article_docs(nlp, gold)
    system = {key: list(doc._.statements or []) for key, doc in zip(keys, nlp.pipe(docs, batch_size=16))}
    _, base_docs = article_docs(baseline_nlp, gold)

    def topic_of(doc, statement):
        content = {"content_text": doc.text[statement["sentence_start"]:statement["sentence_end"]], **statement,
                   "content_start": statement["sentence_start"], "content_end": statement["sentence_end"]}
        return assigner.assign(doc, content, "")[0]

    baseline = dict(zip(keys, run_baseline(baseline_nlp, base_docs, topic_of)))
    result = EvalResult(gold.name, len(keys), score(system, gold.statements), score(baseline, gold.statements), gold.problems,
                        _shared_stance(system, baseline, gold))
    if second_annotator is not None:
        result.agreement = annotator_agreement(second_annotator, gold, system)
    return result


def _shared_stance(system: dict, baseline: dict, gold: GoldSet) -> tuple[int, float, float]:
    """Stance accuracy of both systems on the same statements (the ones both found), since the
    accuracies in the main table are over different matched sets."""
    right_system = right_baseline = shared = 0
    grouped = by_article(gold.statements)
    for key in system:
        golds = grouped.get(key, [])
        ours = {id(g): p for p, g in match(system[key], golds)}
        theirs = {id(g): p for p, g in match(baseline.get(key, []), golds)}
        for g in golds:
            if id(g) in ours and id(g) in theirs:
                shared += 1
                right_system += ours[id(g)].get("stance") == g.stance
                right_baseline += theirs[id(g)].get("stance") == g.stance
    if not shared:
        return 0, 0.0, 0.0
    return shared, right_system / shared, right_baseline / shared


def _baseline_assigner(seeds_dir: Path, topics_path: Path | None = None) -> TopicAssigner:
    return TopicAssigner(load_taxonomy(seeds_dir, topics_path), {"content": 2.0, "sentence": 1.0}, 0.5)


def evaluate(settings: Settings, real_data_dir: Path | None = None, sets: tuple[str, ...] = GOLD_SETS) -> list[EvalResult]:
    """Score the pipeline and the baseline on the named gold sets (sample corpus, real articles,
    the two Wikinews halves); the real articles are skipped when their data folder is absent."""
    gold_dir = settings.project_root / "tests" / "gold"
    baseline_nlp = spacy.load(settings.spacy_model)
    from ingest.extraction.extensions import register_extensions

    register_extensions()
    results: list[EvalResult] = []
    if "sample" in sets or "real" in sets:
        nlp = build_pipeline(settings.spacy_model, settings.seeds_dir)
        assigner = _baseline_assigner(settings.seeds_dir)
        gazetteer = load_gazetteer(settings.seeds_dir)
    if "sample" in sets:
        sample = load_sample_gold(gold_dir / "sample_corpus.jsonl", settings.sample_corpus)
        canonical_gold_ids(sample, gazetteer)
        results.append(evaluate_set(sample, nlp, baseline_nlp, assigner))
    data_dir = real_data_dir or settings.real_data_dir
    real = load_real_gold(gold_dir / "real_articles.jsonl", gold_dir / "real_articles_index.csv", data_dir) if "real" in sets else None
    if real is not None:
        canonical_gold_ids(real, gazetteer)
        results.append(evaluate_set(real, nlp, baseline_nlp, assigner, gold_dir / "real_second_annotator.jsonl"))
        results[-1].labelled = check_labelled(gold_dir / "real_dev_labels.jsonl", data_dir, nlp)
    if "wikinews" in sets:
        results += evaluate_wikinews(settings, baseline_nlp, gold_dir / "wikinews")
    return results


def evaluate_wikinews(settings: Settings, baseline_nlp, folder: Path) -> list[EvalResult]:
    """The Wikinews gold, dev and held-out halves apart, with the set's own taxonomy
    (`folder/topics.csv`, given as a user's `--topics` file) for the pipeline and the baseline's topics."""
    topics = folder / "topics.csv"
    nlp = build_pipeline(settings.spacy_model, settings.seeds_dir, topics_path=topics)
    assigner = _baseline_assigner(settings.seeds_dir, topics)
    gazetteer = load_gazetteer(settings.seeds_dir)
    results = []
    for split in WIKINEWS_SPLITS:
        gold = load_wikinews_gold(folder, split)
        canonical_gold_ids(gold, gazetteer)
        results.append(evaluate_set(gold, nlp, baseline_nlp, assigner))
    return results


def format_table(results: list[EvalResult]) -> str:
    lines = ["| gold set | system | statements (gold/pred/matched) | " + " | ".join(METRICS) + " |",
             "|---|---|---|" + "---|" * len(METRICS)]
    for result in results:
        for label, scores in (("pipeline", result.system), ("baseline", result.baseline)):
            row = scores.as_row()
            lines.append(f"| {result.name} ({result.articles} articles) | {label} | {scores.gold}/{scores.predicted}/{scores.matched} | "
                         + " | ".join(f"{row[m]:.3f}" for m in METRICS) + " |")
    lines += ["", "Stance accuracy on the gold statements both systems found:", "",
              "| gold set | statements | pipeline | baseline |", "|---|---|---|---|"]
    for result in results:
        count, ours, theirs = result.shared_stance
        lines.append(f"| {result.name} | {count} | {ours:.3f} | {theirs:.3f} |")
    for result in results:
        if result.agreement or result.labelled:
            lines.append(format_checks(result.labelled, result.agreement))
    return "\n".join(lines)

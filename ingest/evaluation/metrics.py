"""Matching predicted statements to gold ones and computing the figures `stance eval` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from scipy.stats import binomtest

from ingest.evaluation.gold import GoldStatement


def ratio(part: int, whole: int) -> float:
    """part / whole, and 0.0 for an empty whole."""
    return part / whole if whole else 0.0


def interval(part: int, whole: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of part / whole: where the true rate plausibly lies, given how many
    statements were scored (155 gold statements leave about ±0.06 around a stance accuracy of 0.8)."""
    if not whole:
        return 0.0, 0.0
    found = binomtest(part, whole).proportion_ci(confidence_level=confidence, method="wilson")
    return float(found.low), float(found.high)


@dataclass
class Scores:
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    actor_correct: int = 0
    actor_checked: int = 0
    represented_correct: int = 0
    represented_checked: int = 0
    stance_correct: int = 0
    date_correct: int = 0
    topic_correct: int = 0
    conditional_correct: int = 0
    # Matched statements whose gold topic is a real topic (not `unassigned`), and the stances right among them.
    topical_matched: int = 0
    topical_stance_correct: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def counts(self) -> dict[str, tuple[int, int]]:
        """(part, whole) behind each figure that is a proportion."""
        return {
            "speaker_precision": (self.matched, self.predicted),
            "speaker_recall": (self.matched, self.gold),
            "actor_accuracy": (self.actor_correct, self.actor_checked),
            "represented_accuracy": (self.represented_correct, self.represented_checked),
            "stance_accuracy": (self.stance_correct, self.matched),
            "stance_on_topic_accuracy": (self.topical_stance_correct, self.topical_matched),
            "conditional_accuracy": (self.conditional_correct, self.matched),
            "date_accuracy": (self.date_correct, self.matched),
            "topic_accuracy": (self.topic_correct, self.matched),
        }

    def as_row(self) -> dict[str, float]:
        row = {metric: ratio(*count) for metric, count in self.counts().items()}
        row["speaker_f1"] = self.f1
        return row


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _compatible(p: dict, g: GoldStatement) -> bool:
    return (_overlaps(p["speaker_start"], p["speaker_end"], g.speaker_start, g.speaker_end)
            and _overlaps(p["sentence_start"], p["sentence_end"], g.evidence_start, g.evidence_end))


def match(predicted: list[dict], gold: list[GoldStatement]) -> list[tuple[dict, GoldStatement]]:
    """Largest one-to-one matching (augmenting paths) of predictions to gold statements, where a pair
    is compatible when the speaker spans overlap and the predicted sentence holds the gold evidence.
    Among compatible predictions, the one whose cue is nearest the evidence is tried first."""
    options = []
    for g in gold:
        compatible = [i for i, p in enumerate(predicted) if _compatible(p, g)]
        compatible.sort(key=lambda i: abs(predicted[i]["cue_start"] - g.evidence_start))
        options.append(compatible)
    owner: dict[int, int] = {}

    def assign(gi: int, seen: set[int]) -> bool:
        for pi in options[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or assign(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        assign(gi, set())
    return [(predicted[pi], gold[gi]) for pi, gi in sorted(owner.items(), key=lambda item: item[1])]


def by_article(gold: list[GoldStatement]) -> dict[str, list[GoldStatement]]:
    """Gold statements grouped by their article key."""
    grouped: dict[str, list[GoldStatement]] = {}
    for g in gold:
        grouped.setdefault(g.article_key, []).append(g)
    return grouped


def score(predictions: dict[str, list[dict]], gold: list[GoldStatement], scores: Scores | None = None) -> Scores:
    scores = scores or Scores()
    grouped = by_article(gold)
    for key, predicted in predictions.items():
        golds = grouped.get(key, [])
        scores.predicted += len(predicted)
        scores.gold += len(golds)
        pairs = match(predicted, golds)
        scores.matched += len(pairs)
        for p, g in pairs:
            if p.get("actor_id") is not None or g.actor_id is not None:
                scores.actor_checked += 1
                scores.actor_correct += p.get("actor_id") == g.actor_id
            if p.get("represented_actor_id") is not None or g.represents is not None:
                scores.represented_checked += 1
                scores.represented_correct += p.get("represented_actor_id") == g.represents
            scores.stance_correct += p.get("stance") == g.stance
            if g.topic != "unassigned":
                scores.topical_matched += 1
                scores.topical_stance_correct += p.get("stance") == g.stance
            scores.conditional_correct += bool(p.get("is_conditional")) == g.is_conditional
            scores.date_correct += p.get("statement_date") == g.date
            scores.topic_correct += p.get("topic_id") == g.topic
    return scores

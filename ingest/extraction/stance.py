"""Component `stance_polarity`: support / oppose / neutral, a score in −1..1, conditions and hypotheticals.

The cue sets the starting polarity ("rejected" −0.9, "said" 0); polarity words in the content
decide where the cue is neutral; a negation flips; hedges ("is considering", "open to") soften.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions
from ingest.extraction.morphology import lemma_of
from ingest.extraction.lexicon import (
    CONDITION_MARKERS,
    HEDGES,
    HYPOTHETICAL_MARKERS,
    NEGATIONS,
    OPPOSE_WORDS,
    SUPPORT_WORDS,
)


class StanceScorer:
    def __init__(self, neutral_band: float, hedge_factor: float, content_weight: float, negated_content_score: float) -> None:
        self.neutral_band = neutral_band
        self.negated_content_score = negated_content_score
        self.first_weight = 0.7
        self.hedge_factor = hedge_factor
        self.content_weight = content_weight
        markers = sorted(CONDITION_MARKERS, key=len, reverse=True)
        self.hedge_re = re.compile(r"\b(" + "|".join(sorted(HEDGES)) + r")\b")
        self.leaning_re = re.compile(r"\b(consider|considering|weigh|weighing|open to|explore|exploring)\b")
        self.hypothetical_re = re.compile(r"\b(" + "|".join(re.escape(m) for m in sorted(HYPOTHETICAL_MARKERS)) + r")\b")
        self.condition_re = re.compile(r"\b(" + "|".join(re.escape(m) for m in markers) + r")\b", re.IGNORECASE)

    def _negated(self, doc: Doc, start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.lower_ in NEGATIONS or t.dep_ == "neg" for t in span)

    def content_polarity(self, doc: Doc, start: int, end: int) -> float:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return 0.0
        values: list[float] = []
        negate = False
        for token in span:
            lower = token.lower_
            lemma = lemma_of(token)
            if lower in NEGATIONS or token.dep_ == "neg":
                negate = not negate
                continue
            value = 0.0
            if lemma in SUPPORT_WORDS or lower in SUPPORT_WORDS:
                value = 1.0
            elif lemma in OPPOSE_WORDS or lower in OPPOSE_WORDS:
                value = -1.0
            if value:
                values.append(-value if negate else value)
                negate = False
            if token.is_punct and token.text in {",", ";", "."}:
                negate = False
        if not values:
            return 0.0
        # The first polar word carries the main proposition ("would not be part of any force sent to...").
        rest = sum(values[1:]) / len(values[1:]) if len(values) > 1 else values[0]
        score = self.first_weight * values[0] + (1 - self.first_weight) * rest
        return max(-1.0, min(1.0, score))

    def score(self, doc: Doc, statement: dict, text: str) -> dict:
        cue_polarity = float(statement["cue_polarity"])
        window = text[statement["cue_start"] - 25:statement["cue_start"]].lower()
        cue_negated = statement.get("cue_negated") or bool(re.search(r"\b(not|never|n't|no longer)\s+(\w+\s+)?$", window))
        content_end = statement["content_end"]
        marker = self.condition_re.search(statement["content_text"])
        if marker and marker.start() > 0:
            content_end = statement["content_start"] + marker.start()  # the condition is not the stance
        content_score = self.content_polarity(doc, statement["content_start"], content_end)
        if cue_polarity:
            score = cue_polarity
            # "rejected calls to end sanctions": content polarity against an oppose cue means support.
            if cue_polarity < 0 and content_score < -0.3:
                score = abs(cue_polarity) * 0.8
        elif statement.get("topic_id", "unassigned") == "unassigned":
            score = 0.0  # no topic in sight: a neutral cue reports, it does not take a side
        else:
            score = content_score * self.content_weight
            if score == 0 and self._negated(doc, statement["content_start"], content_end):
                score = -self.negated_content_score  # "would not be part of any force": against it
        if cue_negated:
            score = -score
        sentence = text[statement["sentence_start"]:statement["sentence_end"]].lower()
        content = statement["content_text"].lower()
        hedged = self.hedge_re.search(sentence) is not None
        if hedged and score == 0 and self.leaning_re.search(sentence):
            score = 0.6  # "is considering a role": leaning to support, softened below
        if hedged and score > 0:
            score *= self.hedge_factor
        score = round(max(-1.0, min(1.0, score)), 3)
        stance = "neutral" if abs(score) < self.neutral_band else ("support" if score > 0 else "oppose")
        condition = self.condition_re.search(content) or self.condition_re.search(sentence)
        condition_text = None
        if condition:
            source = content if self.condition_re.search(content) else sentence
            origin = statement["content_text"] if source is content else text[statement["sentence_start"]:statement["sentence_end"]]
            condition_text = origin[condition.start():].split("\n")[0].strip(" .,\"”")[:300]
        hypothetical = bool(statement.get("cue_modal")) or self.hypothetical_re.search(content) is not None
        return {
            "stance": stance,
            "stance_score": score,
            "is_conditional": condition is not None,
            "condition_text": condition_text,
            "is_hypothetical": hypothetical,
        }


@Language.factory(
    "stance_polarity",
    default_config={"neutral_band": 0.15, "hedge_factor": 0.5, "content_weight": 0.8, "negated_content_score": 0.5},
)
def make_polarity(nlp: Language, name: str, neutral_band: float, hedge_factor: float, content_weight: float,
                  negated_content_score: float):
    register_extensions()
    scorer = StanceScorer(neutral_band, hedge_factor, content_weight, negated_content_score)

    def polarity(doc: Doc) -> Doc:
        text = doc.text
        for statement in doc._.statements or []:
            statement.update(scorer.score(doc, statement, text))
        return doc

    return polarity

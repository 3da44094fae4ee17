"""The naive baseline the evaluation compares against: the subject of a speech verb, stance from the verb.

Runs the full English model (parser on every sentence) and nothing of this project's components
except the same topic taxonomy; dates are the publication date.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

BASELINE_VERBS = {
    "say": "neutral", "tell": "neutral", "state": "neutral", "announce": "neutral", "claim": "neutral",
    "add": "neutral", "warn": "oppose", "reject": "oppose", "oppose": "oppose", "deny": "oppose",
    "condemn": "oppose", "criticise": "oppose", "criticize": "oppose", "refuse": "oppose",
    "support": "support", "back": "support", "welcome": "support", "urge": "support", "praise": "support",
}


def baseline_statements(doc: Doc) -> list[dict]:
    found = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in BASELINE_VERBS:
            continue
        subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None:
            continue
        sent = token.sent
        found.append({
            "speaker_start": subject.left_edge.idx,
            "speaker_end": subject.right_edge.idx + len(subject.right_edge),
            "sentence_start": sent.start_char,
            "sentence_end": sent.end_char,
            "cue_start": token.idx,
            "actor_id": None,
            "stance": BASELINE_VERBS[token.lemma_.lower()],
            "is_conditional": False,
            "topic_id": "unassigned",
            "statement_date": doc._.published,
        })
    return found


def run_baseline(nlp: Language, docs: list[Doc], assign_topic) -> list[list[dict]]:
    results = []
    for doc in nlp.pipe(docs, batch_size=32):
        statements = baseline_statements(doc)
        for statement in statements:
            statement["topic_id"] = assign_topic(doc, statement)
        results.append(statements)
    return results

"""Component `stance_topics`: assign each statement to its best topic of the analyst-edited taxonomy.

Match terms from ``dbt_project/seeds/topics.csv`` are looked for in the content (strongest), the
sentence, the paragraph, the paragraph before ("Russia will respond to such hostile actions" takes its
topic from what came before) and the title (weakest); what other statements in the sentence say is left
out of this one's context. A topic's ``exclude_terms`` do not count for it, and a topic yields to the
topics in its ``yields_to`` when both are named. No match: topic ``unassigned`` with the statement's
key phrase kept so analysts can extend the taxonomy.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions
from ingest.extraction.morphology import coarse_pos
from ingest.domain.taxonomy import load_taxonomy
from ingest.gazetteer.lookup import Topic

UNASSIGNED = "unassigned"


def normal_term(term: str) -> str:
    """A match term or matched text with its words separated by single spaces ("price-cap" → "price cap")."""
    return " ".join(re.split(r"[\s\-]+", term.strip()))


def terms_pattern(terms: list[str]) -> re.Pattern | None:
    """One regex for a topic's match terms, longest first, on word boundaries (lower-case text); words
    may be joined by spaces, a line break or a hyphen ("price cap", "price-cap")."""
    ordered = sorted({normal_term(t) for t in terms if t.strip()}, key=len, reverse=True)
    alternatives = (r"[\s\-]+".join(re.escape(word) for word in t.split(" ")) for t in ordered)
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b") if ordered else None


def blank_out(pattern: re.Pattern | None, text: str) -> str:
    """`text` with the matches of `pattern` replaced by spaces (offsets unchanged)."""
    return text if pattern is None else pattern.sub(lambda m: " " * len(m.group()), text)


class TopicAssigner:
    def __init__(self, topics: list[Topic], weights: dict[str, float], min_score: float,
                 article_min_hits: float = 1e9, article_margin: float = 2.0) -> None:
        self.yields_to = {t.topic_id: t.yields_to for t in topics if t.yields_to}
        self.article_min_hits = article_min_hits
        self.article_margin = article_margin
        self.topics: list[tuple[str, re.Pattern | None]] = []
        self.excluded = {t.topic_id: terms_pattern(list(t.exclude_terms)) for t in topics if t.exclude_terms}
        self.term_weight: dict[tuple[str, str], float] = {}
        for topic in topics:
            ordered = sorted({normal_term(t) for t in topic.match_terms if t.strip()}, key=len, reverse=True)
            self.topics.append((topic.topic_id, terms_pattern(ordered)))
            # A matched term also counts the shorter terms inside it ("peacekeeping force" ⊃ "peacekeeping").
            for term in ordered:
                self.term_weight[(topic.topic_id, term)] = sum(
                    1 + len(inner) / 40 for inner in ordered if re.search(rf"\b{re.escape(inner)}\b", term)
                )
        self.order = {topic_id: i for i, (topic_id, _) in enumerate(self.topics)}
        self.patterns = dict(self.topics)
        self.weights = weights
        self.min_score = min_score

    def scores(self, texts: dict[str, str]) -> dict[str, float]:
        result: dict[str, float] = {}
        for topic_id, pattern in self.topics:
            if pattern is None:
                continue
            excluded = self.excluded.get(topic_id)
            total = 0.0
            for part, text in texts.items():
                weight = self.weights.get(part, 0.0)
                if not weight:
                    continue
                text = blank_out(excluded, text)  # "nuclear weapons" is no military aid
                hits = sum(self.term_weight[(topic_id, term)] for term in {normal_term(m) for m in pattern.findall(text)})
                total += weight * hits
            if total:
                result[topic_id] = total
        return result

    def assign(self, doc: Doc, statement: dict, title: str, text: str | None = None,
               article_topic: str | None = None, others: list[tuple[int, int]] = ()) -> tuple[str, str | None]:
        """`others`: content spans of the other statements in the sentence. Their words are what
        someone else said ("called for sanctions and said there would be no point to Davos"), so they
        are not this statement's context."""
        text = doc.text if text is None else text
        para_start = text.rfind("\n", 0, statement["sentence_start"]) + 1
        para_end = text.find("\n", statement["sentence_end"])
        para_end = para_end if para_end != -1 else len(text)
        own = (statement["content_start"], statement["content_end"])
        context = list(text[para_start:para_end].lower())
        for start, end in others:
            if end <= own[0] or start >= own[1]:  # disjoint from this content: blank it out
                for i in range(max(start, para_start), min(end, para_end)):
                    context[i - para_start] = " "
        paragraph = "".join(context)
        sentence_offset = statement["sentence_start"] - para_start
        texts = {
            "content": statement["content_text"].lower(),
            "sentence": paragraph[sentence_offset:sentence_offset + statement["sentence_end"] - statement["sentence_start"]],
            "paragraph": paragraph,
            "previous": _previous_paragraph(text, para_start).lower(),
            "title": title.lower(),
        }
        best = self.best(texts)
        if best is not None:
            return best, self._matched_term(best, texts)
        if article_topic is not None:
            return article_topic, None  # the article's dominant topic, when the statement names none
        return UNASSIGNED, key_phrase(doc, statement["content_start"], statement["content_end"])

    def best(self, texts: dict[str, str]) -> str | None:
        """The topic with the highest weighted score over the text parts, at least `min_score`; a topic
        yields to the topics in its `yields_to` when they are named too."""
        scores = self.scores(texts)
        for topic_id in [t for t in scores if any(w in scores for w in self.yields_to.get(t, ()))]:
            del scores[topic_id]
        if not scores:
            return None
        topic_id, score = max(scores.items(), key=lambda item: (item[1], -self.order[item[0]]))
        return topic_id if score >= self.min_score else None

    def article_topic(self, text: str, title: str) -> str | None:
        """The topic an article is clearly about: most term hits, at least `article_min_hits` and
        `article_margin` times the runner-up."""
        scores = self.scores({"content": text.lower(), "title": title.lower()})
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < self.article_min_hits:
            return None
        if len(ranked) > 1 and ranked[0][1] < self.article_margin * ranked[1][1]:
            return None
        return ranked[0][0]

    def _matched_term(self, topic_id: str, texts: dict[str, str]) -> str | None:
        pattern = self.patterns[topic_id]
        for part in ("content", "sentence", "paragraph", "previous", "title"):
            match = pattern.search(texts[part]) if pattern is not None else None
            if match:
                return match.group()
        return None


def _previous_paragraph(text: str, para_start: int) -> str:
    """The last non-blank paragraph before `para_start` ("" at the start of the text)."""
    end = len(text[:para_start].rstrip())
    return text[text.rfind("\n", 0, end) + 1:end]


def key_phrase(doc: Doc, start: int, end: int, max_words: int = 5) -> str | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    words: list[str] = []
    for token in span:
        if coarse_pos(token) in {"NOUN", "PROPN", "ADJ"} and not token.is_stop:
            words.append(token.text)
            if len(words) >= max_words:
                break
        elif words:
            break
    return " ".join(words) or None


@Language.factory(
    "stance_topics",
    default_config={
        "seeds_dir": "dbt_project/seeds",
        "topics_path": "",
        "weights": {"content": 2.0, "sentence": 1.0, "paragraph": 0.5, "previous": 0.4, "title": 0.3},
        "min_score": 0.5,
        "article_min_hits": 8.0,
        "article_margin": 2.0,
    },
)
def make_topics(nlp: Language, name: str, seeds_dir: str, topics_path: str, weights: dict[str, float], min_score: float,
                article_min_hits: float, article_margin: float):
    register_extensions()
    assigner = TopicAssigner(load_taxonomy(seeds_dir, topics_path), weights, min_score, article_min_hits, article_margin)

    def topics(doc: Doc) -> Doc:
        title = doc._.title or ""
        text = doc.text
        dominant = assigner.article_topic(text, title) if doc._.statements else None
        statements = doc._.statements or []
        for statement in statements:
            others = [(o["content_start"], o["content_end"]) for o in statements
                      if o is not statement and o["sentence_start"] == statement["sentence_start"]]
            topic_id, phrase = assigner.assign(doc, statement, title, text, dominant, others)
            statement["topic_id"] = topic_id
            statement["topic_key_phrase"] = phrase
        return doc

    return topics

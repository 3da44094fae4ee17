"""Component `stance_polarity`: support / oppose / neutral, a score in −1..1, conditions and hypotheticals.

The cue sets the starting polarity ("rejected" −0.9, "said" 0). A polar cue is combined with what
its content does to the topic term ("rejected calls to lift sanctions" → support sanctions). Where
the cue is neutral, the words on the dependency path from the statement's topic term up through the content decide
("would continue to react harshly to all sanctions" → oppose); without such a path, polarity words
of the content's main clauses, else anywhere in the content; a negation flips; hedges ("is
considering", "open to") soften. Verbs whose agent is another actor only report what that actor did
("Russians are attacking infrastructure to prevent deliveries of weapons") and take no side for the speaker;
nor do blame on the side the measures are aimed at, a warning that names no measure, or, with no topic,
a weak cue. A participation made conditional is conditional support.
"""

from __future__ import annotations

import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ingest.extraction.extensions import register_extensions
from ingest.extraction.morphology import coarse_pos, lemma_of
from ingest.extraction.lexicon import (
    ACCUSING_CUES,
    CONDITION_MARKERS,
    CONDITIONING_ADJECTIVES,
    CONDITIONING_VERBS,
    DEONTIC_MODALS,
    ESCALATION_PHRASES,
    HEDGES,
    HYPOTHETICAL_MARKERS,
    INTENT_CUES,
    NEGATIONS,
    OPPOSE_WORDS,
    PARTICIPATION_NOUNS,
    PREDICATE_PHRASES,
    PROVISION_CUES,
    QUESTION_OPENERS,
    REQUEST_CUES,
    SHARE_OBJECTS,
    SHARE_VERBS,
    SUPPORT_WORDS,
    TARGET_DISFAVOURING,
    TARGET_FAVOURING,
    TARGET_FAVOURING_VERBS,
    WARNING_CUES,
)
from ingest.extraction.topics import blank_out, terms_pattern
from ingest.domain.taxonomy import load_taxonomy


class StanceScorer:
    def __init__(self, neutral_band: float, hedge_factor: float, content_weight: float,
                 topic_terms: dict[str, list[str]] | None = None, target_weight: float = 0.8,
                 assertion_topics: tuple[str, ...] = (), exclude_terms: dict[str, list[str]] | None = None,
                 provision_score: float = 0.6, conditional_score: float = 0.4,
                 measure_targets: tuple[str, ...] = (), untopical_cue_min: float = 0.5) -> None:
        self.measure_targets = frozenset(measure_targets)
        self.untopical_cue_min = untopical_cue_min
        self.provision_score = provision_score
        self.conditional_score = conditional_score
        self.assertion_topics = frozenset(assertion_topics)
        self.excluded = {topic_id: terms_pattern(terms) for topic_id, terms in (exclude_terms or {}).items() if terms}
        self.target_weight = target_weight
        self.topic_patterns = {topic_id: terms_pattern(terms) for topic_id, terms in (topic_terms or {}).items()}
        self.neutral_band = neutral_band
        self.first_weight = 0.7
        self.hedge_factor = hedge_factor
        self.content_weight = content_weight
        markers = sorted(CONDITION_MARKERS, key=len, reverse=True)
        self.hedge_re = re.compile(r"\b(" + "|".join(sorted(HEDGES)) + r")\b")
        self.leaning_re = re.compile(r"\b(consider|considering|weigh|weighing|open to|explore|exploring)\b")
        self.escalation_re = re.compile(r"\b(" + "|".join(re.escape(p) for p in sorted(ESCALATION_PHRASES)) + r")\b")
        self.hypothetical_re = re.compile(r"\b(" + "|".join(re.escape(m) for m in sorted(HYPOTHETICAL_MARKERS)) + r")\b")
        self.condition_re = re.compile(r"\b(" + "|".join(re.escape(m) for m in markers) + r")\b", re.IGNORECASE)

    def term_spans(self, statement: dict, text: str) -> list[tuple[int, int]]:
        """Character spans of the statement's topic terms in its content, less the phrases the taxonomy
        excludes ("nuclear weapons" is no military aid): they name the topic, they take no side on it."""
        pattern = self.topic_patterns.get(statement.get("topic_id", ""))
        if pattern is None:
            return []
        start = statement["content_start"]
        content = blank_out(self.excluded.get(statement["topic_id"]), text[start:statement["content_end"]].lower())
        return [(start + m.start(), start + m.end()) for m in pattern.finditer(content)]

    def escalation(self, content: str) -> float:
        """−1 when the content frames a measure as making its providers combatants (`ESCALATION_PHRASES`:
        "Washington is directly involved in the conflict", "a legitimate target"), else 0."""
        return -1.0 if self.escalation_re.search(content.lower()) else 0.0

    def _accuses_measure_target(self, statement: dict, mentions: list[dict]) -> bool:
        """Whether the accused (the actor that opens the content: "Russia of using food as leverage") is one of
        `measure_targets`, the states the taxonomy's measures are aimed at."""
        start = statement["content_start"]
        accused = min((m for m in mentions if start <= m["start"] < start + 25), key=lambda m: m["start"], default=None)
        return accused is not None and (accused.get("represents") or accused.get("actor_id")) in self.measure_targets

    def target_polarity(self, statement: dict, terms: list[tuple[int, int]], children: dict[int, list[int]],
                        events: set[int] = frozenset()) -> float:
        """Polarity toward the topic term (`terms`: see `term_spans`) from the words on its dependency
        path to the content's root (`children`: see `_children`)."""
        parse = statement.get("content_parse") or []
        for term_start, term_end in terms if parse else []:
            inside = [n for n, tok in enumerate(parse) if tok[0] >= term_start and tok[1] <= term_end]
            # The walk starts at the term's own head word ("end" in "end the war"): the words of the
            # term name the topic, they do not take a side on it.
            roots = [n for n in inside if parse[n][5] not in inside]
            if roots:
                value = _path_polarity(parse, children, roots[0], statement["topic_id"] in self.assertion_topics, events)
                if value:
                    return value
        return 0.0

    def content_polarity(self, doc: Doc, start: int, end: int, parse: list[list] | None = None,
                         children: dict[int, list[int]] | None = None, events: set[int] = frozenset(),
                         skip: list[tuple[int, int]] = ()) -> float:
        """Polarity words of the content in text order, each flipped by a negation before it. With the
        content's parse, only the words of its main clauses count ("the countries that support Kyiv would
        never agree": "never agree", not "support"); without it, every word. `children`: see `_children`
        (built here when not given). `events`: reported verbs of
        another actor (see `_reported_events`); `skip`: character spans whose words do not count. Without the
        parse (the last resort) nouns and prepositions do not count: out of the main clauses they name
        things ("gas supplies", "the war against Ukraine", "the threat") rather than take a side."""
        if parse:
            children = _children(parse) if children is None else children
            # the last item: the polarity of a prepositional predicate ("was not on the table")
            words = [(parse[n][2], parse[n][3], parse[n][4],
                      _predicate_phrase(parse, children, n) or _share_phrase(parse, n) or _obligation(parse, children, n))
                     for n in _spine(parse, children, end, events)]
        else:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                return 0.0
            words = [(lemma_of(t), t.lower_, t.dep_, 0.0) for t in span
                     if not any(a <= t.idx and t.idx + len(t) <= b for a, b in skip)
                     and (coarse_pos(t) not in {"NOUN", "ADP"} or t.lower_ in NEGATIONS)]
        values: list[float] = []
        negate = False
        for lemma, lower, dep, phrase in words:
            if lower in NEGATIONS or dep == "neg":
                negate = not negate
                continue
            if lower in {",", ";", "."}:
                negate = False
                continue
            value = phrase
            if not value and (lemma in SUPPORT_WORDS or lower in SUPPORT_WORDS):
                value = 1.0
            elif not value and (lemma in OPPOSE_WORDS or lower in OPPOSE_WORDS):
                value = -1.0
            if value:
                values.append(-value if negate else value)
                negate = False
        if not values:
            return 0.0
        # The first polar word carries the main proposition ("would not be part of any force sent to...").
        rest = sum(values[1:]) / len(values[1:]) if len(values) > 1 else values[0]
        score = self.first_weight * values[0] + (1 - self.first_weight) * rest
        return max(-1.0, min(1.0, score))

    def score(self, doc: Doc, statement: dict, text: str, mentions: list[dict] | None = None) -> dict:
        """The stance fields of one statement. `mentions`: the document's actor mentions, to tell the
        speaker's own side from others whose actions the content only reports."""
        cue_polarity = float(statement["cue_polarity"])
        cue_lemma = statement.get("cue_lemma")
        topical = statement.get("topic_id", "unassigned") != "unassigned"
        warning = cue_lemma in WARNING_CUES
        # "warned (Helsinki) against joining NATO": the "against" is the warning's own, not a second turn
        warned_against = warning and re.match(r"(\S+\s+){0,3}against\b", statement["content_text"].lower()) is not None
        if not topical and abs(cue_polarity) < self.untopical_cue_min and not warned_against:
            # with no topic only a decided cue takes a side ("denied", "urged"); "hoped", "warned of …" report
            cue_polarity = 0.0
        opener = statement["content_text"].split(maxsplit=1)[:1]
        if topical and cue_lemma in REQUEST_CUES and opener and opener[0].lower() not in QUESTION_OPENERS:
            cue_polarity = REQUEST_CUES[cue_lemma]  # "asked Congress for more weapons": a request
        window = text[statement["cue_start"] - 25:statement["cue_start"]].lower()
        cue_negated = statement.get("cue_negated") or bool(re.search(r"\b(not|never|n't|no longer)\s+(\w+\s+)?$", window))
        content_end = statement["content_end"]
        marker = self.condition_re.search(statement["content_text"])
        if marker and marker.start() > 0:
            content_end = statement["content_start"] + marker.start()  # the condition is not the stance
        parse = statement.get("content_parse") or []
        children = _children(parse)
        terms: list[tuple[int, int]] = []
        events: set[int] = set()
        target = 0.0
        if topical:  # only a topic gives the content's words something to take a side on
            own = {statement.get("actor_id"), statement.get("represented_actor_id")} - {None}
            events = _reported_events(parse, children, _others(parse, mentions or [], own))
            terms = self.term_spans(statement, text)
            target = self.target_polarity(statement, terms, children, events)
            if warning and not terms and not warned_against:
                # "warned of difficult months ahead", "warned that supplies may be curtailed": a warning about
                # what may happen, with the measure only in the context, is no side on it
                cue_polarity = 0.0
        if cue_polarity:
            score = cue_polarity
            if target:
                # The cue acts on what the content does to the topic: "rejected calls to lift sanctions" →
                # support; "welcomed the easing of sanctions" → oppose. A threat announces an intent, so
                # "threatened to block the accession" takes the content's direction.
                sign = 1.0 if cue_lemma in INTENT_CUES or warned_against else (1.0 if cue_polarity > 0 else -1.0)
                score = abs(cue_polarity) * sign * target
            if statement.get("topic_id") in self.assertion_topics and cue_lemma in ACCUSING_CUES:
                score = abs(cue_polarity)  # accusing someone of war crimes alleges them: for accountability
            elif topical and cue_lemma in ACCUSING_CUES and self._accuses_measure_target(statement, mentions or []):
                # "accused Moscow of waging a gas war": blame on the side the measures are aimed at is no
                # stance against the measures themselves
                score = 0.0
        elif not topical:
            score = 0.0  # no topic in sight: a neutral cue reports, it does not take a side
        elif cue_lemma in PROVISION_CUES and terms:
            # announcing a measure named in the content is taking it ("announced an additional $1 billion
            # in weapons"), unless the content turns against it ("announced it was cutting deliveries")
            score = self.provision_score * (target or 1.0)
        elif _conditional_participation(parse, children):
            # "Ankara's participation would depend on a settlement": taking part, on a condition
            score = self.conditional_score
        elif target:
            score = target * self.target_weight
        else:
            # The main clauses first; where they carry no polarity word, any word of the content except
            # the topic term itself ("sanctions" names the topic, it does not back them) and reported events.
            score = (self.content_polarity(doc, statement["content_start"], content_end, parse, children, events)
                     or self.content_polarity(doc, statement["content_start"], content_end,
                                              skip=terms + [tuple(parse[n][:2]) for n in events])
                     or self.escalation(text[statement["content_start"]:content_end])
                     ) * self.content_weight
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
        # `marker` is the content's condition (the pattern ignores case); else the sentence's
        condition = marker or self.condition_re.search(sentence)
        condition_text = None
        if condition:
            origin = statement["content_text"] if marker else text[statement["sentence_start"]:statement["sentence_end"]]
            condition_text = origin[condition.start():].split("\n")[0].strip(" .,\"”")[:300]
        hypothetical = bool(statement.get("cue_modal")) or self.hypothetical_re.search(content) is not None
        return {
            "stance": stance,
            "stance_score": score,
            "is_conditional": condition is not None,
            "condition_text": condition_text,
            "is_hypothetical": hypothetical,
        }


def _children(parse: list[list]) -> dict[int, list[int]]:
    """Positions of each token's dependents in a content parse (see `attribution._content_parse`)."""
    children: dict[int, list[int]] = {}
    for n, token in enumerate(parse):
        if token[5] >= 0:
            children.setdefault(token[5], []).append(n)
    return children


def _no_determiners(parse: list[list], positions: list[int]) -> list[int]:
    """Those of `positions` that are the determiner "no" ("no troops", "no time")."""
    return [k for k in positions if parse[k][4] == "det" and parse[k][3] == "no"]


SPINE_DEPS = {"ROOT", "ccomp", "xcomp", "conj", "acomp", "attr", "oprd", "dobj", "neg", "aux", "auxpass", "prt", "advmod"}


def _spine(parse: list[list], children: dict[int, list[int]], end: int, events: set[int] = frozenset()) -> list[int]:
    """Positions of the words of the content's main clauses, in text order (less the reported `events`;
    `children`: see `_children`): its roots and what hangs on them as
    complement, object, conjunct, auxiliary or negation, an "as" phrase, a prepositional predicate ("on
    the table"), a purpose "to …", plus a "no"
    on their subject or object ("no American troops will be deployed"). Relative clauses, other
    adverbial clauses and other prepositional phrases are left out."""
    keep: set[int] = set()
    todo = [n for n, token in enumerate(parse) if token[5] < 0]
    while todo:
        node = todo.pop()
        if node in keep:
            continue
        keep.add(node)
        for kid in children.get(node, []):
            dep, lower = parse[kid][4], parse[kid][3]
            grandchildren = children.get(kid, [])
            if dep in SPINE_DEPS:
                todo.append(kid)
            elif _predicate_phrase(parse, children, kid):  # "was not on the table", "out of the question"
                keep.add(kid)
            elif dep == "prep" and lower == "as":  # "regard it as unacceptable", "seen as an escalation"
                keep.add(kid)
                todo.extend(k for k in grandchildren if parse[k][4] == "pobj")
            elif dep == "advcl" and any(parse[k][4] == "aux" and parse[k][3] == "to" for k in grandchildren):
                todo.append(kid)  # a purpose: "do the heavy lifting to guarantee a peace"
            if dep in {"nsubj", "nsubjpass", "dobj", "attr"}:
                keep.update(_no_determiners(parse, grandchildren))
    return [n for n in sorted(keep) if parse[n][1] <= end and n not in events]


def _others(parse: list[list], mentions: list[dict], own: set[str]) -> set[int]:
    """Positions of content tokens inside a mention of an actor other than the speaker and those it speaks for."""
    if not parse:
        return set()
    first, last = parse[0][0], parse[-1][1]
    spans = [(m["start"], m["end"]) for m in mentions if first <= m["start"] and m["end"] <= last
             and m.get("actor_id") not in own and m.get("represents") not in own]
    return {n for n, tok in enumerate(parse) if any(s <= tok[0] and tok[1] <= e for s, e in spans)}


def _reported_events(parse: list[list], children: dict[int, list[int]], others: set[int]) -> set[int]:
    """Verbs of the content that report what someone else did or does ("Russia is blocking grain
    exports", "infrastructure was hit by Russia to stop arms shipments"): their agent is another actor and
    no "should"/"must" makes them a demand. Their words say nothing of the speaker's own stance.
    `children`: see `_children`."""

    def third(k: int) -> bool:
        group = [k] + [c for c in children.get(k, []) if parse[c][4] in {"amod", "compound", "poss", "nmod"}]
        return any(g in others for g in group)

    events: set[int] = set()
    for n, token in enumerate(parse):
        if not token[6].startswith("VB"):
            continue
        cur, seen = n, set()
        while cur >= 0 and cur not in seen:
            seen.add(cur)
            kids = children.get(cur, [])
            subjects = [k for k in kids if parse[k][4] in {"nsubj", "nsubjpass"}]
            agents = [g for k in kids if parse[k][4] == "agent" for g in children.get(k, []) if parse[g][4] == "pobj"]
            if subjects or agents:
                modal = any(parse[k][6] == "MD" and parse[k][3] in DEONTIC_MODALS for k in kids)
                if not modal and any(third(k) for k in agents or subjects):
                    events.add(n)
                break
            cur = parse[cur][5]
    return events


def _share_phrase(parse: list[list], node: int) -> float:
    """+1 for the object of taking one's share ("will do its part", "would play a role", "take part"), else 0;
    a past "took part in the operation" reports what was done, it takes no side."""
    lemma, dep, head = parse[node][2], parse[node][4], parse[node][5]
    return 1.0 if (lemma in SHARE_OBJECTS and dep == "dobj" and head >= 0 and parse[head][2] in SHARE_VERBS
                   and parse[head][6] not in {"VBD", "VBN"}) else 0.0


def _obligation(parse: list[list], children: dict[int, list[int]], node: int) -> float:
    """+1 for a present or future "have to" ("we have to cut Russia off", "would have to come to the table"),
    read like "must"; else 0. A past "had to be halted" reports what happened."""
    if parse[node][2] != "have" or parse[node][6] in {"VBD", "VBN", "VBG"}:
        return 0.0
    return 1.0 if any(parse[k][4] == "xcomp" and any(parse[a][4] == "aux" and parse[a][3] == "to" for a in children.get(k, []))
                      for k in children.get(node, [])) else 0.0


def _conditional_participation(parse: list[list], children: dict[int, list[int]]) -> bool:
    """Whether the content makes a part in the measure conditional ("Ankara's participation would depend on a
    settlement", "its involvement would be conditional on a deal"): a participation noun is the subject of
    depending on, requiring or being conditional on something."""
    for token in parse:
        if token[2] not in PARTICIPATION_NOUNS or token[4] not in {"nsubj", "nsubjpass"} or token[5] < 0:
            continue
        head = token[5]
        if parse[head][2] in CONDITIONING_VERBS:
            return True
        if parse[head][2] == "be" and any(parse[k][4] == "acomp" and parse[k][2] in CONDITIONING_ADJECTIVES
                                          for k in children.get(head, [])):
            return True
    return False


def _predicate_phrase(parse: list[list], children: dict[int, list[int]], node: int) -> float:
    """The polarity of a prepositional predicate at `node` ("on the table" +1, "off the table" and
    "out of the question" −1; see `PREDICATE_PHRASES`), else 0."""
    if parse[node][4] not in {"prep", "advmod"}:
        return 0.0
    preposition, kids = parse[node][3], children.get(node, [])
    if preposition == "out":  # "out of the question"
        kids = [g for k in kids if parse[k][3] == "of" for g in children.get(k, [])]
    return next((PREDICATE_PHRASES[(preposition, parse[k][2])] for k in kids
                 if parse[k][4] == "pobj" and (preposition, parse[k][2]) in PREDICATE_PHRASES), 0.0)


def _path_polarity(parse: list[list], children: dict[int, list[int]], target: int, asserted: bool = False,
                   events: set[int] = frozenset()) -> float:
    """+1 / −1 from the words governing `target` up to the content's root (and their predicate
    complements: "would be a mistake"); 0 when none of them carries a polarity. `asserted`: naming
    the term is itself taking a side ("committed war crimes" alleges them: for accountability).
    `events`: verbs that report another actor's action (see `_reported_events`); they carry no polarity.
    `children`: see `_children`."""
    # A term that is itself an action ("send troops", "end the war") says the speaker wants it done,
    # unless a negation or a disfavouring word above it turns that round.
    sign, polar, node, seen = 1, asserted or (parse[target][6].startswith("VB") and target not in events), target, set()
    while node >= 0 and node not in seen:
        seen.add(node)
        _, _, lemma, lower, _, head = parse[node][:6]
        kids = [parse[k] for k in children.get(node, [])]
        if node != target and node not in events:
            # its predicate complements, unless the walk came up through one ("was a response to sanctions")
            complements = [parse[k] for k in children.get(node, []) if parse[k][4] in {"acomp", "attr", "oprd"} and k not in seen]
            phrases = [_predicate_phrase(parse, children, k) for k in children.get(node, []) if k not in seen]
            verb = parse[node][6].startswith("VB") and lemma in TARGET_FAVOURING_VERBS
            for word in [(lemma, lower)] + [(k[2], k[3]) for k in complements]:
                if verb or word[0] in TARGET_FAVOURING or word[1] in TARGET_FAVOURING:
                    polar = True
                elif word[0] in TARGET_DISFAVOURING or word[1] in TARGET_DISFAVOURING:
                    sign, polar = -sign, True
            for value in filter(None, phrases):  # "was not on the table", "is out of the question"
                sign, polar = (sign if value > 0 else -sign), True
        subjects = [k for k in children.get(node, []) if parse[k][4] in {"nsubj", "nsubjpass"} and k not in seen]
        if (any(k[4] == "neg" for k in kids) or _no_determiners(parse, children.get(node, []))
                or any(_no_determiners(parse, children.get(k, [])) for k in subjects)):  # "no American troops will be deployed"
            sign = -sign
        node = head
    return float(sign) if polar else 0.0


@Language.factory(
    "stance_polarity",
    default_config={"neutral_band": 0.15, "hedge_factor": 0.5, "content_weight": 0.8,
                    "target_weight": 0.8, "assertion_topics": ["war_crimes"], "provision_score": 0.6,
                    "conditional_score": 0.4, "measure_targets": ["state:RUS"], "untopical_cue_min": 0.5,
                    "seeds_dir": "dbt_project/seeds", "topics_path": ""},
)
def make_polarity(nlp: Language, name: str, neutral_band: float, hedge_factor: float, content_weight: float,
                  target_weight: float, assertion_topics: list[str], provision_score: float,
                  conditional_score: float, measure_targets: list[str], untopical_cue_min: float, seeds_dir: str,
                  topics_path: str):
    register_extensions()
    topics = load_taxonomy(seeds_dir, topics_path)
    scorer = StanceScorer(neutral_band, hedge_factor, content_weight,
                          {t.topic_id: list(t.match_terms) for t in topics}, target_weight, tuple(assertion_topics),
                          {t.topic_id: list(t.exclude_terms) for t in topics}, provision_score, conditional_score,
                          tuple(measure_targets), untopical_cue_min)

    def polarity(doc: Doc) -> Doc:
        text = doc.text
        for statement in doc._.statements or []:
            statement.update(scorer.score(doc, statement, text, doc._.actor_mentions or []))
            statement.pop("content_parse", None)  # only needed here
        return doc

    return polarity
